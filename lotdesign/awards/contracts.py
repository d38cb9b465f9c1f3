"""Contracts one per row: their dates, the record in force on a day, their primes and supply chains.

A contract is *in force* on day D when ``start_date`` ≤ D ≤ ``end_date`` (no ``end_date``: open;
2100-12-31 means open-ended), D ≤ ``referral_end_date`` where set, and D is before
``withdrawn_from`` (the day it left the referral catalogue) where set. ``--from``/``--to``
filters mean "started between" (on ``start_date``).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from lotdesign.awards.data import (
    AwardsData,
    load_awards,
    members,
    parse_date,
    resolve_service,
    service_key,
)
from lotdesign.errors import LotDesignError

CONTRACT_COLUMNS = (
    "contract_reference", "service", "service_key", "contract_type_id", "lot_level", "lot_design", "lot",
    "lot_code", "lot_pfa_codes", "extent", "area", "area_lad_codes", "finer_than_map", "placement_note",
    "intervention_title", "prime_provider_code", "prime_name", "prime_sector", "prime_women_centred",
    "prime_bame_led", "prime_confidence", "prime_source", "start_date", "end_date", "referral_end_date",
    "withdrawn_from", "last_day", "dates_kind", "terms_source", "day_one", "withdrawn", "n_subcontractors",
    "supply_chain_size", "n_members_vcs", "share_members_vcs", "share_members_women_centred",
    "n_members_bame_led", "n_members_bame_unknown", "n_members_low_confidence", "subcontractor_names",
)


def last_day(contracts: pd.DataFrame) -> pd.Series:
    """The last day each contract is in force (ISO; "" when open-ended), by the in-force rule."""
    ends = []
    for end, referral_end, withdrawn in zip(contracts["end_date"], contracts["referral_end_date"],
                                            contracts["withdrawn_from"]):
        candidates = [d for d in (end, referral_end) if d and d < "2100-01-01"]
        if withdrawn:
            candidates.append((pd.Timestamp(withdrawn) - pd.Timedelta(days=1)).date().isoformat())
        ends.append(min(candidates) if candidates else "")
    return pd.Series(ends, index=contracts.index, dtype=object)


def in_force(contracts: pd.DataFrame, day) -> pd.Series:
    """True for the contracts in force on ``day`` (a date or ISO string), by the rule above."""
    day = parse_date(day, "as_of")
    started = contracts["start_date"] <= day
    not_ended = (contracts["end_date"] == "") | (day <= contracts["end_date"])
    referrals_open = (contracts["referral_end_date"] == "") | (day <= contracts["referral_end_date"])
    not_withdrawn = (contracts["withdrawn_from"] == "") | (day < contracts["withdrawn_from"])
    return started & not_ended & referrals_open & not_withdrawn


def select_contracts(contracts: pd.DataFrame, service=None, *, as_of=None, date_from=None, date_to=None) -> pd.DataFrame:
    """The rows of a service in force on ``as_of`` and started between ``date_from`` and ``date_to``."""
    if service is not None:
        contracts = contracts[contracts["service"].isin(resolve_service(service))]
    start, end = parse_date(date_from, "date_from"), parse_date(date_to, "date_to")
    if start and end and start > end:
        raise LotDesignError(f"date_from {start} is after date_to {end}: swap them.")
    if start:
        contracts = contracts[contracts["start_date"] >= start]
    if end:
        contracts = contracts[contracts["start_date"] <= end]
    if as_of is not None:
        contracts = contracts[in_force(contracts, as_of)]
    return contracts.copy()


def _with_prime(contracts: pd.DataFrame, awards: AwardsData) -> pd.DataFrame:
    prime = awards.organisations.set_index("provider_code")
    for column, source in (("prime_name", "name"), ("prime_sector", "sector"), ("prime_women_centred", "women_centred"),
                           ("prime_bame_led", "bame_led"), ("prime_confidence", "confidence"), ("prime_source", "source")):
        contracts[column] = contracts["prime_provider_code"].map(prime[source])
    return contracts


def _chain_make_up(references, awards: AwardsData) -> pd.DataFrame:
    """Per contract: members (prime + subcontractors) and how many are VCS, women-centred, BAME-led."""
    chain = members(awards)
    chain = chain[chain["contract_reference"].isin(references)]
    grouped = chain.assign(
        is_vcs=chain["sector"] == "vcs",
        is_women=chain["women_centred"] == "yes",
        is_bame=chain["bame_led"] == "yes",
        bame_unknown=chain["bame_led"] == "unknown",
        low=chain["confidence"] == "low",
    ).groupby("contract_reference")
    make_up = pd.DataFrame({
        "supply_chain_size": grouped.size(),
        "n_members_vcs": grouped["is_vcs"].sum(),
        "share_members_vcs": grouped["is_vcs"].mean(),
        "share_members_women_centred": grouped["is_women"].mean(),
        "n_members_bame_led": grouped["is_bame"].sum(),
        "n_members_bame_unknown": grouped["bame_unknown"].sum(),
        "n_members_low_confidence": grouped["low"].sum(),
    })
    subs = chain[chain["role"] == "subcontractor"].sort_values("name").groupby("contract_reference")["name"]
    make_up["subcontractor_names"] = subs.agg("; ".join)
    return make_up


def contracts_table(service: str | None = None, *, as_of=None, date_from=None, date_to=None,
                    awards: AwardsData | None = None) -> pd.DataFrame:
    """One row per contract with its dates, extent, prime and supply-chain make-up.

    Parameters
    ----------
    service : str, optional
        A model key (``ete``, ``women`` ...) or a MoJ service name; all services when omitted.
    as_of : str or date, optional
        Keep the contracts in force on this day (see the module's rule); every contract when omitted.
    date_from, date_to : str or date, optional
        Keep contracts that started (``start_date``) on or after ``date_from`` and on or before
        ``date_to``. ``date_from=date_to="2021-06-26"`` gives the day-one contracts.
    awards : AwardsData, optional
        The tables (default :func:`load_awards`).

    Returns
    -------
    pandas.DataFrame
        Sorted by service, extent, area and reference, with :data:`CONTRACT_COLUMNS`. ``last_day``
        is the last day in force ("" when open-ended); ``n_members_bame_unknown`` counts members
        whose BAME leadership is not known (kept apart, never counted as "no").
    """
    awards = awards or load_awards()
    chosen = select_contracts(_every_contract(awards), service, as_of=as_of, date_from=date_from, date_to=date_to)
    return chosen.reset_index(drop=True)


@lru_cache(maxsize=4)
def _every_contract(awards: AwardsData) -> pd.DataFrame:
    """Every contract with its prime and supply-chain make-up, sorted (computed once per tables)."""
    contracts = awards.contracts.copy()
    contracts["service_key"] = contracts["contract_type_id"].map(service_key)
    contracts["last_day"] = last_day(contracts)
    contracts = _with_prime(contracts, awards)
    contracts = contracts.join(_chain_make_up(contracts["contract_reference"], awards), on="contract_reference")
    contracts["subcontractor_names"] = contracts["subcontractor_names"].fillna("")
    ordered = contracts.sort_values(["service", "lot_level", "area", "contract_reference"]).reset_index(drop=True)
    return ordered[list(CONTRACT_COLUMNS)]


def supply_chain_members(contract_references, awards: AwardsData | None = None) -> pd.DataFrame:
    """The members of one or more contracts' supply chains, prime first, with classification.

    Returns
    -------
    pandas.DataFrame
        ``contract_reference``, ``role``, ``provider_code``, ``name``, ``sector``,
        ``women_centred``, ``bame_led``, ``base_town``, ``registration``, ``confidence``,
        ``source``, ``note``.
    """
    awards = awards or load_awards()
    references = [contract_references] if isinstance(contract_references, str) else list(contract_references)
    chain = members(awards)
    chain = chain[chain["contract_reference"].isin(references)]
    chain = chain.assign(_order=(chain["role"] != "prime").astype(int))
    return (
        chain.sort_values(["contract_reference", "_order", "name"])
        .drop(columns="_order")
        .reset_index(drop=True)[
            ["contract_reference", "role", "provider_code", "name", "sector", "women_centred", "bame_led",
             "base_town", "registration", "confidence", "source", "note"]
        ]
    )


def low_confidence_note(contracts: pd.DataFrame) -> str:
    """A sentence saying how many primes behind these figures are classified with low confidence."""
    low = contracts[contracts["prime_confidence"] == "low"]
    if contracts.empty:
        return "No contracts, so no classification behind these figures."
    if low.empty:
        if len(contracts) == 1:
            return "The contract's prime is not classified with low confidence."
        return f"None of the {len(contracts)} contracts has a prime whose sector is classified with low confidence."
    names = ", ".join(sorted(low["prime_name"].unique()))
    verb = "has" if len(low) == 1 else "have"
    return (
        f"{len(low)} of {len(contracts)} contracts {verb} a prime whose sector is classified with low confidence "
        f"(from the name alone): {names}."
    )


def members_low_confidence_note(contracts: pd.DataFrame, awards: AwardsData | None = None) -> str:
    """A sentence saying how many supply-chain members behind these figures are low-confidence classifications.

    The members' sector drives the VCS-member shares and the prime-vs-subcontractor counts.
    """
    awards = awards or load_awards()
    chain = members(awards)
    chain = chain[chain["contract_reference"].isin(contracts["contract_reference"])].drop_duplicates("provider_code")
    low = chain[chain["confidence"] == "low"]
    if chain.empty:
        return "No supply-chain members, so no classification behind these figures."
    return (
        f"{len(low)} of the {len(chain)} organisations in these supply chains are classified with low "
        f"confidence (from the name alone){': ' + ', '.join(sorted(low['name'])) if len(low) else ''}."
    )


def bame_unknown_note(contracts: pd.DataFrame, awards: AwardsData | None = None) -> str:
    """How many organisations in these supply chains have no known BAME-led status (shown as unknown)."""
    awards = awards or load_awards()
    chain = members(awards)
    chain = chain[chain["contract_reference"].isin(contracts["contract_reference"])].drop_duplicates("provider_code")
    if chain.empty:
        return ""
    counts = chain["bame_led"].value_counts()
    return (
        f"BAME-led: {int(counts.get('yes', 0))} of the {len(chain)} organisations yes, {int(counts.get('no', 0))} no, "
        f"{int(counts.get('unknown', 0))} not known (no self-description found; not counted as no)."
    )
