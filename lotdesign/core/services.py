"""Which service categories each organisation delivers itself: the provider list's services column.

A bundled lot (:attr:`lotdesign.core.params.ScoringParams.services`) has one lead bidder
responsible for every bundled service. Where a provider list says what each organisation
delivers, a lead that does not deliver a bundled service itself has a *gap* (a service it would
have to buy in from its supply chain), and the gap is named. Where the list is silent (no
services column, or a blank cell), only the money and reach tests can be applied, and the
figures say so.

The column holds category keys or everyday words for them, separated by semicolons or commas:
``accommodation; ETE; debt advice``. :func:`read_services` maps each word to a key.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lotdesign.core.params import CATEGORY_LABELS, CATEGORY_SHARES

#: Everyday words for each category (compared lower-case, every run of non-letters one space).
SERVICE_WORDS = {
    "accommodation": ("accommodation", "housing", "homelessness", "housing support", "tenancy support"),
    "ete": ("ete", "education training and employment", "education", "training", "employment", "jobs",
            "employment training and education"),
    "finance_benefit_debt": ("finance benefit and debt", "finance benefits and debt", "finance", "benefits",
                             "debt", "debt advice", "money", "money advice", "finance benefit debt", "fbd"),
    "dependency_recovery": ("dependency and recovery", "dependency recovery", "recovery", "drugs", "alcohol",
                            "gambling", "substance misuse", "drugs and alcohol", "addiction"),
    "personal_wellbeing": ("personal wellbeing", "wellbeing", "family lifestyle and wellbeing",
                           "relationships", "social networks", "community activities", "emotional wellbeing",
                           "lifestyle", "family"),
    "women": ("women", "womens services", "women s services", "women only services"),
}
_WORD_TO_KEY = {" ".join(re.sub(r"[^a-z0-9]+", " ", w).split()): k for k, words in SERVICE_WORDS.items() for w in words}
_WORD_TO_KEY.update({key: key for key in CATEGORY_SHARES})
_WORD_TO_KEY.update({re.sub(r"[^a-z0-9]+", " ", label.lower()).strip(): key for key, label in CATEGORY_LABELS.items()})

#: How figures describe a provider list that says nothing about services.
SILENT_NOTE = ("The provider list does not say which services each organisation delivers, so only the money "
               "(turnover) and reach tests were applied.")


def read_services(text: str) -> tuple[list[str], list[str]]:
    """Category keys named in one cell, and the words that name none.

    Parameters
    ----------
    text : str
        Words separated by semicolons, commas or ``|``: ``"housing; ETE"``.

    Returns
    -------
    (list of str, list of str)
        The keys (in :data:`CATEGORY_SHARES` order, no repeats) and the unrecognised words.
    """
    keys, unknown = set(), []
    text = str(text or "")
    for key, label in CATEGORY_LABELS.items():  # a label may hold commas: "Finance, benefit and debt"
        text = re.sub(re.escape(label), key, text, flags=re.IGNORECASE)
    for token in re.split(r"[;,|/]+", text):
        word = " ".join(re.sub(r"[^a-z0-9]+", " ", token.lower().replace("'", "")).split())
        if not word:
            continue
        if word in _WORD_TO_KEY:
            keys.add(_WORD_TO_KEY[word])
        else:
            unknown.append(token.strip())
    return [key for key in CATEGORY_SHARES if key in keys], unknown


def services_stated(providers: pd.DataFrame) -> np.ndarray:
    """(providers,) bool: the list says which services this organisation delivers."""
    if "services" not in providers.columns:
        return np.zeros(len(providers), bool)
    return (providers["services"].fillna("").astype(str).str.strip() != "").to_numpy()


def delivers_all(providers: pd.DataFrame, categories) -> np.ndarray:
    """(providers,) bool: the organisation says it delivers every one of ``categories`` itself.

    Silent rows are False here; combine with :func:`services_stated` to tell "has a gap" from
    "not stated".
    """
    stated = services_stated(providers)
    if not stated.any():
        return stated
    cells = providers["services"].fillna("").astype(str)
    needed = set(categories)
    # Few distinct cells in a list of thousands: test each once.
    verdict = {cell: needed <= set(cell.split(";")) for cell in cells.unique()}
    return stated & cells.map(verdict).to_numpy(bool)


def missing_services(cell: str, categories) -> list[str]:
    """The bundled categories (labels) a stated services cell lacks; empty when it has them all."""
    have = set(str(cell or "").split(";"))
    return [CATEGORY_LABELS.get(key, key) for key in categories if key not in have]


def services_test_note(providers: pd.DataFrame) -> str:
    """One sentence: whether the service test could be applied to this list (all, some or none)."""
    stated = services_stated(providers)
    if not stated.any():
        return SILENT_NOTE
    if stated.all():
        return ("Every organisation's services are stated: a lead must deliver every bundled service itself "
                "or its gap is named.")
    return (f"Services are stated for {int(stated.sum()):,} of {len(stated):,} organisations: those must deliver every "
            "bundled service themselves or their gap is named; for the rest only the money and reach tests were applied.")
