"""Figures that count what they say: per lot, per extent and per lot level, with their counts.

Every share comes with its count ("6 of 22 contracts") and the number of low-confidence
classifications behind it. Counts are of contracts — the record holds no contract values — so
no figure here is a market share.
"""

from __future__ import annotations

from collections import Counter

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


def _share(values: list, wanted: str) -> float:
    return sum(v == wanted for v in values) / len(values) if values else float("nan")


def _lot_row(key: str, group: list[dict], chain: list[dict]) -> dict:
    """One row of :func:`lot_awards` from its contracts and its distinct supply-chain members (plain records)."""
    sectors = sorted({c["prime_sector"] for c in group})
    first = group[0]
    return {
        "service_key": key, "service": joined(c["service"] for c in group), "extent": first["extent"],
        "area": joined(c["area"] for c in group), "area_lad_codes": first["area_lad_codes"],
        "lot_level": first["lot_level"], "lot_design": first["lot_design"], "lot": first["lot"],
        "lot_code": first["lot_code"], "lot_pfa_codes": first["lot_pfa_codes"], "n_contracts": len(group),
        "n_contracts_vcs_prime": sum(c["prime_sector"] == "vcs" for c in group),
        "prime_names": joined(c["prime_name"] for c in group), "prime_sectors": joined(c["prime_sector"] for c in group),
        "lot_prime_sector": sectors[0] if len(sectors) == 1 else "mixed",
        "prime_confidence": lowest_confidence([c["prime_confidence"] for c in group]),
        "n_primes_low_confidence": sum(c["prime_confidence"] == "low" for c in group),
        "n_members": len(chain),
        "share_members_vcs": _share([m["sector"] for m in chain], "vcs"),
        "share_members_women_centred": _share([m["women_centred"] for m in chain], "yes"),
        "n_members_bame_led": sum(m["bame_led"] == "yes" for m in chain),
        "n_members_bame_unknown": sum(m["bame_led"] == "unknown" for m in chain),
        "n_members_low_confidence": sum(m["confidence"] == "low" for m in chain),
        "finer_than_map": any(bool(c["finer_than_map"]) for c in group),
        "n_day_one": sum(bool(c["day_one"]) for c in group), "n_withdrawn": sum(bool(c["withdrawn"]) for c in group),
        "first_start_date": min(c["start_date"] for c in group),
        "contract_references": joined(c["contract_reference"] for c in group),
        "placement_notes": joined(c["placement_note"] for c in group),
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
    # Plain records: a few hundred rows, where per-group pandas calls would cost more than the work.
    records = contracts.assign(service_key=contracts["service_key"].fillna(""), area=contracts["area"].fillna(""))
    groups: dict[tuple, list[dict]] = {}
    for row in records.to_dict(orient="records"):
        groups.setdefault((row["service_key"], row["extent"], row["area_lad_codes"]), []).append(row)
    chain_all = members(awards)
    chain_all = chain_all[chain_all["contract_reference"].isin(contracts["contract_reference"])]
    by_contract: dict[str, list[dict]] = {}
    for member in chain_all.to_dict(orient="records"):
        by_contract.setdefault(member["contract_reference"], []).append(member)
    rows = []
    for (key, _, _), group in groups.items():
        distinct = {m["provider_code"]: m for c in group for m in by_contract.get(c["contract_reference"], [])}
        rows.append(_lot_row(key, group, list(distinct.values())))
    table = pd.DataFrame(rows, columns=LOT_AWARDS_COLUMNS)
    order = table["extent"].map({extent: i for i, extent in enumerate(EXTENTS)})
    return (table.assign(_order=order).sort_values(["service_key", "_order", "area"])
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
    by_extent: dict[str, list[dict]] = {}
    columns = ["extent", "prime_name", "prime_sector", "prime_confidence", "prime_bame_led", "prime_provider_code"]
    for row in contracts[columns].to_dict(orient="records"):
        by_extent.setdefault(row["extent"], []).append(row)
    rows = []
    for extent in [e for e in EXTENTS if e in by_extent]:
        group = by_extent[extent]
        (largest, n_largest), = Counter(c["prime_name"] for c in group).most_common(1)
        n_vcs = sum(c["prime_sector"] == "vcs" for c in group)
        rows.append({
            "extent": extent, "n_contracts": len(group), "n_contracts_vcs_prime": n_vcs,
            "share_contracts_vcs_prime": n_vcs / len(group),
            "n_primes_low_confidence": sum(c["prime_confidence"] == "low" for c in group),
            "n_primes_bame_unknown": sum(c["prime_bame_led"] == "unknown" for c in group),
            "n_distinct_primes": len({c["prime_provider_code"] for c in group}),
            "largest_prime": largest, "largest_prime_contracts": n_largest,
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
