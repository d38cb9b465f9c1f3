"""The record as the ``lotdesign awards`` command prints it, and as a JSON-ready report.

Every output names the day of the record, its sources, the app version, that the figures count
contracts (no contract values are published) and not quality, and lists contracts withdrawn by
that day apart from those in force.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lotdesign.awards.contracts import (
    bame_unknown_note,
    contracts_table,
    low_confidence_note,
    members_low_confidence_note,
    select_contracts,
)
from lotdesign.awards.data import (
    ASSOCIATION_NOTE,
    CONTRACTS_NOT_QUALITY,
    NO_CONTRACT_VALUES,
    PART_LOT_NOTE,
    AwardsData,
    load_awards,
    long_date,
    parse_date,
    service_label,
)
from lotdesign.awards.shares import (
    extent_sentence,
    extent_summary,
    level_sentence,
    level_summary,
    lot_awards,
)


def json_ready(frame: pd.DataFrame) -> list[dict]:
    """Rows of ``frame`` as plain dicts (numpy scalars as Python, missing as ``None``)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in clean.to_dict(orient="records")
    ]


def withdrawn_by(service=None, *, as_of, date_from=None, date_to=None, awards: AwardsData | None = None) -> pd.DataFrame:
    """Contracts (of a service, started between the dates) withdrawn from the catalogue on or before ``as_of``."""
    awards = awards or load_awards()
    day = parse_date(as_of, "as_of")
    if day is None:
        return pd.DataFrame(columns=["contract_reference", "area", "prime_provider_code", "start_date", "withdrawn_from"])
    chosen = select_contracts(awards.contracts, service, date_from=date_from, date_to=date_to)
    gone = chosen[(chosen["withdrawn_from"] != "") & (chosen["withdrawn_from"] <= day)]
    names = awards.organisations.set_index("provider_code")["name"]
    return gone.assign(prime_name=gone["prime_provider_code"].map(names))[
        ["contract_reference", "service", "area", "prime_name", "start_date", "withdrawn_from"]
    ].sort_values(["withdrawn_from", "contract_reference"]).reset_index(drop=True)


def awards_report(service: str | None = None, *, as_of=None, date_from=None, date_to=None,
                  awards: AwardsData | None = None) -> dict:
    """Everything the ``lotdesign awards`` command prints, as a JSON-ready dict.

    Keys: ``app_version``, ``source``, ``filters`` (``as_of``: in force that day; ``started_*``),
    ``note``, ``no_contract_values``, ``part_lot_note``, ``association_note``, ``n_contracts``,
    ``finding`` (by extent), ``finding_by_recorded_level``, ``low_confidence``,
    ``low_confidence_members``, ``bame_unknown``, ``contracts``, ``lots``, ``extents``, ``levels``,
    ``withdrawn`` (withdrawn on or before ``as_of``, listed apart).
    """
    from lotdesign.io.export import app_version

    awards = awards or load_awards()
    contracts = contracts_table(service, as_of=as_of, date_from=date_from, date_to=date_to, awards=awards)
    return {
        "app_version": app_version(),
        "source": {
            "source": awards.source, "snapshot_commit": awards.snapshot_commit,
            "terms_source": awards.provenance.get("terms_source", ""),
            "records_from": awards.records_from, "records_to": awards.records_to,
            "classification": awards.provenance.get("classification", ""),
        },
        "filters": {"service": service, "as_of": parse_date(as_of, "as_of"),
                    "started_on_or_after": parse_date(date_from, "date_from"),
                    "started_on_or_before": parse_date(date_to, "date_to")},
        "note": CONTRACTS_NOT_QUALITY,
        "no_contract_values": NO_CONTRACT_VALUES,
        "part_lot_note": PART_LOT_NOTE if contracts["finer_than_map"].any() else "",
        "association_note": ASSOCIATION_NOTE,
        "n_contracts": len(contracts),
        "finding": extent_sentence(contracts),
        "finding_by_recorded_level": level_sentence(contracts, awards=awards),
        "low_confidence": low_confidence_note(contracts),
        "low_confidence_members": members_low_confidence_note(contracts, awards=awards),
        "bame_unknown": bame_unknown_note(contracts, awards=awards),
        "contracts": json_ready(contracts),
        "lots": json_ready(lot_awards(contracts, awards=awards)),
        "extents": json_ready(extent_summary(contracts)),
        "levels": json_ready(level_summary(contracts, awards=awards)),
        "withdrawn": json_ready(withdrawn_by(service, as_of=as_of, date_from=date_from, date_to=date_to, awards=awards)),
    }


def _heading(report: dict, service) -> str:
    filters = report["filters"]
    parts = []
    if filters["as_of"]:
        parts.append(f"in force on {long_date(filters['as_of'])}")
    if filters["started_on_or_after"] or filters["started_on_or_before"]:
        parts.append(f"started between {filters['started_on_or_after'] or 'the start'} and "
                     f"{filters['started_on_or_before'] or 'the end of the record'}")
    n = report["n_contracts"]
    return (f"{n} contract{'' if n == 1 else 's'}" + (f" for {service_label(service)}" if service else "")
            + (" " + " and ".join(parts) if parts else "") + ".")


def _contracts_text(contracts: pd.DataFrame) -> str:
    shown = pd.DataFrame({
        "reference": contracts["contract_reference"],
        "extent": contracts["extent"],
        "area": contracts["area"] + np.where(contracts["finer_than_map"], " (part; drawn at the containing area)", ""),
        "prime": contracts["prime_name"],
        "sector": contracts["prime_sector"],
        "confidence": contracts["prime_confidence"],
        "start": contracts["start_date"],
        "last day": contracts["last_day"].replace("", "open"),
    })
    with pd.option_context("display.width", 240, "display.max_rows", 300, "display.max_colwidth", 48):
        return shown.to_string(index=False)


def _extents_text(contracts: pd.DataFrame) -> str:
    summary = extent_summary(contracts)
    table = pd.DataFrame({
        "contracts": summary["n_contracts"].to_numpy(),
        "with a VCS prime": [f"{v} of {n} ({100 * v / n:.0f}%)" for v, n in
                             zip(summary["n_contracts_vcs_prime"], summary["n_contracts"])],
        "low-confidence primes": summary["n_primes_low_confidence"].to_numpy(),
        "primes BAME-led not known": summary["n_primes_bame_unknown"].to_numpy(),
        "most contracts held by": [f"{name} ({n} contracts)" for name, n in
                                   zip(summary["largest_prime"], summary["largest_prime_contracts"])],
    }, index=summary["extent"].to_numpy())
    with pd.option_context("display.width", 240, "display.max_colwidth", 60):
        return table.to_string()


def print_awards(service: str | None = None, *, as_of=None, date_from=None, date_to=None, as_json: bool = False,
                 out=None, print_json=None) -> int:
    """The ``lotdesign awards`` command: print (or write) the contracts, extents and notes.

    Returns the exit code (0). ``print_json`` is the CLI's JSON printer.
    """
    awards = load_awards()
    report = awards_report(service, as_of=as_of, date_from=date_from, date_to=date_to, awards=awards)
    if as_json:
        print_json(report)
        return 0
    contracts = contracts_table(service, as_of=as_of, date_from=date_from, date_to=date_to, awards=awards)
    if out:
        return _write_out(contracts, out, awards, report["filters"]["as_of"])
    print(_heading(report, service))
    if contracts.empty:
        print(f"No contract matches; the records run from {awards.records_from} to {awards.records_to}.")
    else:
        print(_contracts_text(contracts))
        print()
        print(_extents_text(contracts))
        print()
        for key in ("finding", "association_note", "low_confidence", "low_confidence_members", "bame_unknown",
                    "part_lot_note"):
            if report[key]:
                print(report[key])
    if report["withdrawn"]:
        print()
        print("Withdrawn from the referral catalogue by then (listed apart, not counted above):")
        for row in report["withdrawn"]:
            print(f"  {row['contract_reference']}  {row['area']}  {row['prime_name']}  withdrawn {row['withdrawn_from']}")
    print(NO_CONTRACT_VALUES)
    print(CONTRACTS_NOT_QUALITY)
    print(awards.source_line)
    print(f"Lot Design Explorer {report['app_version']}.")
    return 0


def _write_out(contracts: pd.DataFrame, out, awards: AwardsData, as_of) -> int:
    from pathlib import Path

    from lotdesign.awards.shapes import awards_export_table, write_awards_lots
    from lotdesign.io.export import write_table

    table = awards_export_table(lot_awards(contracts, awards=awards), awards, as_of=as_of)
    if Path(out).suffix.lower() in (".gpkg", ".geojson", ".json"):
        print(f"Wrote {write_awards_lots(table, out)}")
    else:
        print(f"Wrote {write_table(table, out)}")
    return 0


def print_delivery(service: str | None = None, *, as_json: bool = False, print_json=None) -> int:
    """``lotdesign awards --delivery``: who delivers the service in each PCC area (by PDU), with the name matches."""
    from lotdesign.awards.delivery import (
        delivery_by_pcc_area,
        delivery_by_pdu,
        name_matches,
        unmatched_names,
    )
    from lotdesign.io.export import app_version

    awards = load_awards()
    rows = delivery_by_pdu(service, awards)
    if as_json:
        print_json({"app_version": app_version(), "service": service,
                    "source": awards.provenance.get("delivery_source", ""), "n_rows": len(rows),
                    "pdus": json_ready(rows), "name_matches": json_ready(name_matches(awards)),
                    "unmatched_names": unmatched_names(awards), "note": CONTRACTS_NOT_QUALITY})
        return 0
    by_area = delivery_by_pcc_area(service, awards)
    print(f"{len(rows)} delivery rows (provider × PDU)" + (f" for {service_label(service)}" if service else "")
          + f" in {rows['pcc_name'].nunique()} PCC areas.")
    shown = by_area.assign(sector=by_area["sector"].replace("", "not matched"))[
        ["pcc_name", "provider_name", "sector", "women_centred", "match_confidence", "n_pdus", "pdu_names"]]
    with pd.option_context("display.width", 240, "display.max_rows", 500, "display.max_colwidth", 70):
        print(shown.to_string(index=False))
    print()
    print("Names matched to the classified organisations: high = same name; medium = words added or a reviewed "
          "alias; none = listed, not classified.")
    missing = unmatched_names(awards)
    print("Not matched: " + ("; ".join(missing) if missing else "none") + ".")
    print(f"Source: {awards.provenance.get('delivery_source', '')}. Lot Design Explorer {app_version()}.")
    return 0


def print_timeline(service: str, *, as_of=None, as_json: bool = False, print_json=None) -> int:
    """``lotdesign awards --timeline``: every contract of a service, when it ran and how it ended."""
    from lotdesign.awards.timeline import timeline
    from lotdesign.io.export import app_version

    table = timeline(service, as_of=as_of)
    if as_json:
        print_json({"app_version": app_version(), "service": service, "as_of": parse_date(as_of, "as_of"),
                    "contracts": json_ready(table)})
        return 0
    shown = table.assign(last_day=table["last_day"].replace("", "open"))[
        ["area", "extent", "prime_name", "prime_sector", "start_date", "last_day", "how_it_ended"]]
    with pd.option_context("display.width", 240, "display.max_rows", 500, "display.max_colwidth", 48):
        print(shown.to_string(index=False))
    print(CONTRACTS_NOT_QUALITY)
    print(f"Lot Design Explorer {app_version()}.")
    return 0
