"""Who held each lot when: one bar per contract, and how each one ended.

A contract's *successor* is a later contract of the same service whose districts overlap its own
and which started within a year of its last day. How a contract ended is read from that:
``in force`` (on the day asked), ``re-let`` (a successor of the same extent), ``split into
smaller lots`` (successors on fewer districts), ``taken in-house`` (a public-sector successor:
the Probation Service itself), ``ended, no successor in the record``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lotdesign.awards.contracts import contracts_table
from lotdesign.awards.data import AwardsData, load_awards, parse_date, today

TIMELINE_COLUMNS = ("service", "service_key", "area", "extent", "contract_reference", "prime_name", "prime_sector",
                    "start_date", "last_day", "how_it_ended", "successors")
#: A successor starts no more than this long after the contract's last day.
SUCCESSOR_WINDOW = dt.timedelta(days=366)


def _successors(row: dict, contracts: list[dict]) -> list[dict]:
    """Later contracts of the same service on overlapping districts, started within the window."""
    districts = set(row["area_lad_codes"].split(";"))
    latest = (dt.date.fromisoformat(row["last_day"]) + SUCCESSOR_WINDOW).isoformat()
    return [c for c in contracts
            if (c["service_key"] or "") == (row["service_key"] or "") and row["start_date"] < c["start_date"] <= latest
            and districts & set(c["area_lad_codes"].split(";"))]


def _how_it_ended(row: dict, contracts: list[dict], day: str) -> tuple[str, str]:
    if not row["last_day"] or row["last_day"] >= day:
        return "in force", ""
    following = _successors(row, contracts)
    if not following:
        return "ended, no successor in the record", ""
    names = "; ".join(f"{c['contract_reference']} ({c['prime_name']})" for c in following)
    if any(c["prime_sector"] == "public" for c in following) and row["prime_sector"] != "public":
        return "taken in-house", names
    own = len(row["area_lad_codes"].split(";"))
    if all(len(c["area_lad_codes"].split(";")) < own for c in following):
        return "split into smaller lots", names
    return "re-let", names


def timeline(service: str, *, as_of=None, awards: AwardsData | None = None) -> pd.DataFrame:
    """Every contract of a service with its start, its last day and how it ended (as of a day).

    Parameters
    ----------
    service : str
        A model key or MoJ service name.
    as_of : str or date, optional
        The day "in force" is judged on (default today).

    Returns
    -------
    pandas.DataFrame
        :data:`TIMELINE_COLUMNS`, sorted by area and start. ``last_day`` is "" when open-ended.
    """
    awards = awards or load_awards()
    day = parse_date(as_of, "as_of") or today()
    contracts = contracts_table(service, awards=awards)
    contracts = contracts[contracts["start_date"] <= day]
    records = contracts.to_dict(orient="records")
    ended = [_how_it_ended(row, records, day) for row in records]
    table = contracts.assign(how_it_ended=[e[0] for e in ended], successors=[e[1] for e in ended])
    return table.sort_values(["area", "start_date", "contract_reference"]).reset_index(drop=True)[list(TIMELINE_COLUMNS)]
