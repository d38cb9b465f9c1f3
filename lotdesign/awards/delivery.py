"""Who delivers where: named providers by probation delivery unit (PDU), joined to the classifications.

MoJ's catalogue lists where 49 named providers deliver each service, by PDU; each PDU sits in one
PCC area (``pdu_pcc.csv``). Provider names there are spelt as the catalogue spells them, not as the
award record does, so they are matched to the classified organisations by name, each match with
its confidence:

- ``high`` — the same name once case, punctuation, "the", "limited/ltd" and "&" are set aside;
- ``medium`` — the same name once bracketed words are also set aside ("Stepping Stone" →
  "Stepping Stone (Bury)"), or one name is the other with words added at the end ("Big Life" →
  "Big Life Group"),
  or the pair is in :data:`NAME_ALIASES` (reviewed by hand; the reason is given);
- ``none`` — no match: the row is kept, with no sector, and listed by :func:`unmatched_names`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from lotdesign.awards.data import AwardsData, load_awards
from lotdesign.core.params import CATEGORY_LABELS
from lotdesign.errors import LotDesignError

#: The catalogue's service names → the model's service keys (None: no model category).
DELIVERY_SERVICE_KEYS = {
    "Accommodation services": "accommodation",
    "Women's services": "women",
    "Personal wellbeing services": "personal_wellbeing",
    "Finance, benefit and debt services": "finance_benefit_debt",
    "Dependency and recovery services": "dependency_recovery",
    "Greater Manchester - Education, training and employment (ETE)": "ete",
    "Community Led Initiatives (CLI) - peer support": None,
}
#: Catalogue name → organisation name, where the names differ in more than words added at the end.
NAME_ALIASES = {
    "Gtr Manchester Mental Health NHS Foundation Trust - Achieve Recovery Services": (
        "Greater Manchester Mental Health NHS Foundation Trust - Achieve Recovery Services",
        "'Gtr' is the catalogue's abbreviation of 'Greater'"),
    "Women's Community Matter": ("Women's Community Matters", "the catalogue drops the final 's'"),
    "Well Women": ("Women for Well Women", "the catalogue's short form of the charity's name"),
}
DELIVERY_COLUMNS = ("pdu_id", "pdu_name", "pcc_region_code", "pcc_code", "pcc_name", "provider_name", "service_key",
                    "intervention", "provider_code", "matched_organisation", "sector", "women_centred",
                    "classification_confidence", "match_confidence", "match_rule")


def _normalise(name: str, *, brackets: bool = True) -> str:
    """Lower case, "'" for "’", "and" for "&", no "the"/"limited"/"ltd", bracketed words set aside unless ``brackets``."""
    text = str(name).lower().replace("’", "'").replace("&", " and ")
    if not brackets:
        text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^a-z0-9']+", " ", text)
    words = [w for w in text.split() if w not in {"the", "limited", "ltd"}]
    return " ".join(words)


def _match_one(name: str, organisations: pd.DataFrame, keys: pd.Series, exact_keys: pd.Series) -> dict:
    none = {"provider_code": "", "matched_organisation": "", "match_confidence": "none",
            "match_rule": "no organisation of the award record has this name"}
    if name in NAME_ALIASES:
        target, reason = NAME_ALIASES[name]
        hit = organisations[organisations["name"] == target]
        if len(hit) == 1:
            return {"provider_code": hit["provider_code"].iloc[0], "matched_organisation": target,
                    "match_confidence": "medium", "match_rule": f"reviewed alias: {reason}"}
    exact = organisations[exact_keys == _normalise(name)]
    if len(exact) == 1:
        return {"provider_code": exact["provider_code"].iloc[0], "matched_organisation": exact["name"].iloc[0],
                "match_confidence": "high", "match_rule": "same name (case, punctuation, 'the', 'Ltd' aside)"}
    key = _normalise(name, brackets=False)
    exact = organisations[keys == key]
    if len(exact) == 1:
        return {"provider_code": exact["provider_code"].iloc[0], "matched_organisation": exact["name"].iloc[0],
                "match_confidence": "medium", "match_rule": "same name once bracketed words are set aside"}
    longer = organisations[[k.startswith(key + " ") or key.startswith(k + " ") for k in keys]] if key else exact.iloc[:0]
    if len(longer) == 1:
        return {"provider_code": longer["provider_code"].iloc[0], "matched_organisation": longer["name"].iloc[0],
                "match_confidence": "medium", "match_rule": "one name is the other with words added at the end"}
    if len(longer) > 1:
        return {**none, "match_rule": f"several organisations start with this name: {'; '.join(longer['name'])}"}
    return none


def name_matches(awards: AwardsData | None = None) -> pd.DataFrame:
    """Every provider name of the delivery list with the organisation it matches and the confidence.

    Returns
    -------
    pandas.DataFrame
        ``provider_name``, ``provider_code`` ("" when none), ``matched_organisation``,
        ``match_confidence`` (``high``/``medium``/``none``), ``match_rule``.
    """
    return _name_matches(awards or load_awards()).copy()


@lru_cache(maxsize=4)
def _name_matches(awards: AwardsData) -> pd.DataFrame:
    organisations = awards.organisations
    keys = organisations["name"].map(lambda n: _normalise(n, brackets=False))
    exact_keys = organisations["name"].map(_normalise)
    names = sorted(awards.delivery["provider_name"].unique()) if not awards.delivery.empty else []
    return pd.DataFrame([{"provider_name": n, **_match_one(n, organisations, keys, exact_keys)} for n in names],
                        columns=["provider_name", "provider_code", "matched_organisation", "match_confidence", "match_rule"])


def delivery_service_names(service: str) -> list[str]:
    """The catalogue's service names meant by a model key or a catalogue name."""
    text = str(service).strip()
    if text in CATEGORY_LABELS:
        return [name for name, key in DELIVERY_SERVICE_KEYS.items() if key == text]
    for name in DELIVERY_SERVICE_KEYS:
        if name.casefold() == text.casefold():
            return [name]
    raise LotDesignError(f"Unknown service '{service}' for delivery locations. Use a model key "
                         f"({', '.join(CATEGORY_LABELS)}) or one of: {'; '.join(DELIVERY_SERVICE_KEYS)}.")


def delivery_by_pdu(service: str | None = None, awards: AwardsData | None = None) -> pd.DataFrame:
    """Per PDU: the named providers delivering a service there, with their matched classification.

    Parameters
    ----------
    service : str, optional
        A model key (``women``) or a catalogue service name; every service when omitted.

    Returns
    -------
    pandas.DataFrame
        :data:`DELIVERY_COLUMNS`, one row per (PDU, provider, service): ``pdu_id``, ``pdu_name``,
        the PCC area (``pcc_region_code`` MoJ slug, ``pcc_code``, ``pcc_name``), ``provider_name``
        (as the catalogue spells it), ``service_key``, ``intervention``, the matched organisation
        (``provider_code``, ``matched_organisation``, ``sector``, ``women_centred``,
        ``classification_confidence``; empty when unmatched), ``match_confidence``, ``match_rule``.
        Unmatched names are kept.
    """
    awards = awards or load_awards()
    rows = awards.delivery
    if rows.empty:
        return pd.DataFrame(columns=DELIVERY_COLUMNS)
    if service is not None:
        rows = rows[rows["intervention"].isin(delivery_service_names(service))]
    table = rows.merge(name_matches(awards), on="provider_name", how="left", validate="m:1")
    classes = awards.organisations.set_index("provider_code")
    table["sector"] = table["provider_code"].map(classes["sector"]).fillna("")
    table["women_centred"] = table["provider_code"].map(classes["women_centred"]).fillna("")
    table["classification_confidence"] = table["provider_code"].map(classes["confidence"]).fillna("")
    table["service_key"] = table["intervention"].map(DELIVERY_SERVICE_KEYS)
    return table.sort_values(["pcc_name", "pdu_name", "provider_name"]).reset_index(drop=True)[list(DELIVERY_COLUMNS)]


def delivery_by_pcc_area(service: str | None = None, awards: AwardsData | None = None) -> pd.DataFrame:
    """Per PCC area: who delivers the service there and in how many of its PDUs.

    Returns
    -------
    pandas.DataFrame
        ``pcc_name``, ``provider_name``, ``matched_organisation``, ``sector``, ``women_centred``,
        ``match_confidence``, ``n_pdus``, ``pdu_names``.
    """
    rows = delivery_by_pdu(service, awards)
    keys = ["pcc_name", "provider_name", "matched_organisation", "sector", "women_centred", "match_confidence"]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "n_pdus", "pdu_names"])
    grouped = rows.groupby(keys, sort=True, dropna=False)
    return pd.DataFrame({"n_pdus": grouped["pdu_id"].nunique(),
                         "pdu_names": grouped["pdu_name"].agg(lambda s: "; ".join(sorted(set(s))))}).reset_index()


def unmatched_names(awards: AwardsData | None = None) -> list[str]:
    """Provider names of the delivery list that match no classified organisation (listed, not dropped)."""
    matches = name_matches(awards)
    return matches.loc[matches["match_confidence"] == "none", "provider_name"].tolist()
