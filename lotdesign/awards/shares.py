"""Figures that count what they say: per lot, per extent and per lot level, with their counts.

Every share comes with its count ("6 of 22 contracts") and the number of low-confidence
classifications behind it. Counts are of contracts — the record holds no contract values — so
no figure here is a market share.
"""

from __future__ import annotations

import pandas as pd

from lotdesign.awards.data import (
    EXTENTS,
    LEVEL_LABELS,
    AwardsData,
    connective,
    joined,
    load_awards,
    lowest_confidence,
    members,
    service_label,
)

LOT_AWARDS_COLUMNS = (
    "service_key", "service", "extent", "area", "area_lad_codes", "lot_level", "lot_design", "lot", "lot_code",
    "lot_pfa_codes", "n_contracts", "n_contracts_vcs_prime", "prime_names", "prime_sectors", "lot_prime_sector",
    "prime_confidence", "n_primes_low_confidence", "n_members", "share_members_vcs", "share_members_women_centred",
    "n_members_bame_led", "n_members_bame_unknown", "n_members_low_confidence", "finer_than_map", "n_day_one",
    "n_withdrawn", "first_start_date", "contract_references", "placement_notes",
)


def _lot_row(key: str, group: pd.DataFrame, chain: pd.DataFrame) -> dict:
    sectors = sorted(set(group["prime_sector"]))
    first = group.iloc[0]
    return {
        "service_key": key, "service": joined(group["service"]), "extent": first["extent"],
        "area": joined(group["area"]), "area_lad_codes": first["area_lad_codes"], "lot_level": first["lot_level"],
        "lot_design": first["lot_design"], "lot": first["lot"], "lot_code": first["lot_code"],
        "lot_pfa_codes": first["lot_pfa_codes"], "n_contracts": len(group),
        "n_contracts_vcs_prime": int((group["prime_sector"] == "vcs").sum()),
        "prime_names": joined(group["prime_name"]), "prime_sectors": joined(group["prime_sector"]),
        "lot_prime_sector": sectors[0] if len(sectors) == 1 else "mixed",
        "prime_confidence": lowest_confidence(group["prime_confidence"]),
        "n_primes_low_confidence": int((group["prime_confidence"] == "low").sum()),
        "n_members": len(chain),
        "share_members_vcs": float((chain["sector"] == "vcs").mean()),
        "share_members_women_centred": float((chain["women_centred"] == "yes").mean()),
        "n_members_bame_led": int((chain["bame_led"] == "yes").sum()),
        "n_members_bame_unknown": int((chain["bame_led"] == "unknown").sum()),
        "n_members_low_confidence": int((chain["confidence"] == "low").sum()),
        "finer_than_map": bool(group["finer_than_map"].any()), "n_day_one": int(group["day_one"].sum()),
        "n_withdrawn": int(group["withdrawn"].sum()), "first_start_date": group["start_date"].min(),
        "contract_references": joined(group["contract_reference"]),
        "placement_notes": joined(group["placement_note"]),
    }


def lot_awards(contracts: pd.DataFrame, awards: AwardsData | None = None) -> pd.DataFrame:
    """One row per service and area drawn: its contracts, primes and supply-chain make-up.

    Contracts of a service drawn on the same districts with the same extent share a row (London's
    north and south women's lots are one row at London, marked ``finer_than_map``); a local-authority
    lot is its own row on its districts.

    Parameters
    ----------
    contracts : pandas.DataFrame
        Rows of :func:`lotdesign.awards.contracts.contracts_table` (filter them first).

    Returns
    -------
    pandas.DataFrame
        :data:`LOT_AWARDS_COLUMNS`. ``n_members_bame_unknown`` members have no known BAME-led status.
    """
    awards = awards or load_awards()
    if contracts.empty:
        return pd.DataFrame(columns=LOT_AWARDS_COLUMNS)
    frame = contracts.assign(service_key=contracts["service_key"].fillna(""), area=contracts["area"].fillna(""))
    chain_all = members(awards)
    rows = []
    for (key, _, _), group in frame.groupby(["service_key", "extent", "area_lad_codes"], sort=True):
        chain = chain_all[chain_all["contract_reference"].isin(group["contract_reference"])].drop_duplicates("provider_code")
        rows.append(_lot_row(key, group, chain))
    table = pd.DataFrame(rows, columns=LOT_AWARDS_COLUMNS)
    order = {extent: i for i, extent in enumerate(EXTENTS)}
    return (table.assign(_order=table["extent"].map(order)).sort_values(["service_key", "_order", "area"])
            .drop(columns="_order").reset_index(drop=True))


EXTENT_SUMMARY_COLUMNS = (
    "extent", "n_contracts", "n_contracts_vcs_prime", "share_contracts_vcs_prime", "n_primes_low_confidence",
    "n_primes_bame_unknown", "n_distinct_primes", "largest_prime", "largest_prime_contracts",
)


def extent_summary(contracts: pd.DataFrame) -> pd.DataFrame:
    """Per extent (whole region, whole PCC area, smaller): contracts with a VCS prime, with counts.

    Returns
    -------
    pandas.DataFrame
        :data:`EXTENT_SUMMARY_COLUMNS`, in the order of :data:`~lotdesign.awards.data.EXTENTS`,
        only extents present. ``largest_prime_contracts`` is a count of contracts, not a share.
    """
    rows = []
    for extent in EXTENTS:
        group = contracts[contracts["extent"] == extent]
        if group.empty:
            continue
        counts = group["prime_name"].value_counts()
        n_vcs = int((group["prime_sector"] == "vcs").sum())
        rows.append({
            "extent": extent, "n_contracts": len(group), "n_contracts_vcs_prime": n_vcs,
            "share_contracts_vcs_prime": n_vcs / len(group),
            "n_primes_low_confidence": int((group["prime_confidence"] == "low").sum()),
            "n_primes_bame_unknown": int((group["prime_bame_led"] == "unknown").sum()),
            "n_distinct_primes": int(group["prime_provider_code"].nunique()),
            "largest_prime": counts.index[0], "largest_prime_contracts": int(counts.iloc[0]),
        })
    return pd.DataFrame(rows, columns=EXTENT_SUMMARY_COLUMNS)


def _count_phrase(row, words: str) -> str:
    return (f"{int(row['n_contracts_vcs_prime'])} of {int(row['n_contracts'])} contracts {words} "
            f"({100 * row['share_contracts_vcs_prime']:.0f}%)")


def extent_sentence(contracts: pd.DataFrame) -> str:
    """The finding in one sentence: VCS primes in whole-PCC-area vs whole-region contracts (computed).

    The connective is chosen from the figures: "but" when the shares differ, "and" when equal.
    """
    summary = extent_summary(contracts).set_index("extent")
    pcc = summary.loc["whole PCC area"] if "whole PCC area" in summary.index else None
    region = summary.loc["whole region"] if "whole region" in summary.index else None
    lead = "A voluntary or community organisation was the prime in "
    if pcc is not None and region is not None:
        word = connective(pcc["share_contracts_vcs_prime"], region["share_contracts_vcs_prime"])
        text = (lead + _count_phrase(pcc, "let for a whole PCC area") + f" {word} in "
                + _count_phrase(region, "let for a whole region") + ".")
    elif pcc is not None or region is not None:
        row, words = (pcc, "let for a whole PCC area") if pcc is not None else (region, "let for a whole region")
        text = lead + _count_phrase(row, words) + "."
    else:
        return "No contract in this selection was let for a whole region or a whole PCC area."
    smaller = summary.drop(index=[e for e in ("whole PCC area", "whole region") if e in summary.index])
    if not smaller.empty:
        text += " Smaller or mixed lots: " + "; ".join(
            f"{extent} {int(r['n_contracts_vcs_prime'])} of {int(r['n_contracts'])}" for extent, r in smaller.iterrows()
        ) + "."
    return text


LEVEL_SUMMARY_COLUMNS = (
    "n_contracts", "n_contracts_vcs_prime", "share_contracts_vcs_prime", "n_primes_low_confidence",
    "n_distinct_primes", "largest_prime", "largest_prime_contracts", "n_vcs_organisations", "n_vcs_prime",
    "n_vcs_subcontractor_only", "n_vcs_organisations_low_confidence",
)


def _level_row(group: pd.DataFrame, chain: pd.DataFrame) -> dict:
    counts = group["prime_name"].value_counts()
    vcs = chain[chain["sector"] == "vcs"]
    vcs_primes = set(vcs.loc[vcs["role"] == "prime", "provider_code"])
    vcs_all = set(vcs["provider_code"])
    return {
        "n_contracts": len(group),
        "n_contracts_vcs_prime": int((group["prime_sector"] == "vcs").sum()),
        "share_contracts_vcs_prime": float((group["prime_sector"] == "vcs").mean()),
        "n_primes_low_confidence": int((group["prime_confidence"] == "low").sum()),
        "n_distinct_primes": int(group["prime_provider_code"].nunique()),
        "largest_prime": counts.index[0], "largest_prime_contracts": int(counts.iloc[0]),
        "n_vcs_organisations": len(vcs_all), "n_vcs_prime": len(vcs_primes),
        "n_vcs_subcontractor_only": len(vcs_all - vcs_primes),
        "n_vcs_organisations_low_confidence": len(set(vcs.loc[vcs["confidence"] == "low", "provider_code"])),
    }


def level_summary(contracts: pd.DataFrame, *, by: str = "lot_level", by_service: bool = False,
                  awards: AwardsData | None = None) -> pd.DataFrame:
    """Who won the contracts, and where voluntary organisations sat, per ``lot_level`` or ``extent``.

    Parameters
    ----------
    contracts : pandas.DataFrame
        Rows of :func:`lotdesign.awards.contracts.contracts_table`.
    by : str
        ``lot_level`` (MoJ's label: ``region`` or ``pcc_area``) or ``extent`` (lot size in words).
    by_service : bool
        Also split by service key (``service_key``; "" for Greater Manchester's mentoring).

    Returns
    -------
    pandas.DataFrame
        One row per group with :data:`LEVEL_SUMMARY_COLUMNS` (counts of contracts and organisations).
    """
    awards = awards or load_awards()
    chain_all = members(awards)
    keys = [by, "service_key"] if by_service else [by]
    frame = contracts.assign(service_key=contracts["service_key"].fillna(""))
    rows = []
    for key, group in frame.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        chain = chain_all[chain_all["contract_reference"].isin(group["contract_reference"])]
        rows.append({**dict(zip(keys, key)), **_level_row(group, chain)})
    return pd.DataFrame(rows, columns=[*keys, *LEVEL_SUMMARY_COLUMNS])


def level_sentence(contracts: pd.DataFrame, awards: AwardsData | None = None) -> str:
    """VCS primes by MoJ's lot-level label (region vs PCC area), the connective chosen from the figures."""
    summary = level_summary(contracts, awards=awards).set_index("lot_level")
    parts = []
    for level, words in (("pcc_area", "recorded at PCC-area level"), ("region", "recorded at region level")):
        if level in summary.index:
            parts.append((summary.loc[level], words))
    if not parts:
        return "No contracts match."
    text = "A voluntary or community organisation was the prime in " + _count_phrase(*parts[0])
    if len(parts) == 2:
        word = connective(parts[0][0]["share_contracts_vcs_prime"], parts[1][0]["share_contracts_vcs_prime"])
        text += f" {word} in " + _count_phrase(*parts[1])
    return text + "."


def shares_by_extent_and_service(contracts: pd.DataFrame) -> pd.DataFrame:
    """Share of contracts with a VCS prime per service and extent (long form, for a chart).

    Returns
    -------
    pandas.DataFrame
        ``service`` (label), ``extent``, ``share_contracts_vcs_prime``, ``n_contracts``,
        ``n_contracts_vcs_prime``, ``n_primes_low_confidence``.
    """
    columns = ["service", "extent", "share_contracts_vcs_prime", "n_contracts", "n_contracts_vcs_prime",
               "n_primes_low_confidence"]
    if contracts.empty:
        return pd.DataFrame(columns=columns)
    frame = contracts.assign(service_key=contracts["service_key"].fillna(""))
    rows = []
    for (key, extent), group in frame.groupby(["service_key", "extent"], sort=True):
        n_vcs = int((group["prime_sector"] == "vcs").sum())
        rows.append({"service": service_label(key) if key else "Mentoring/peer support (GM)", "extent": extent,
                     "share_contracts_vcs_prime": n_vcs / len(group), "n_contracts": len(group),
                     "n_contracts_vcs_prime": n_vcs,
                     "n_primes_low_confidence": int((group["prime_confidence"] == "low").sum())})
    return pd.DataFrame(rows, columns=columns)


def level_label(level: str) -> str:
    """MoJ's lot level in words."""
    return LEVEL_LABELS.get(level, level)
