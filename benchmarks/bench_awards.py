"""Awards benchmark: what one move of the awards tab's date control costs in the library (``awards_day_ms``).

    python benchmarks/bench_awards.py [--repeats 5]

For each of several days (day one to 3 December 2026) it times the library calls the tab makes
when the date moves: the contracts in force (every service and one service), the extent summary,
the per-area table, the withdrawn list, the service's timeline and the delivery table. The figure
is the median over days and repeats, printed beside a same-run reference, ``read_contracts_ms``
(reading ``data/awards/contracts.parquet`` with pandas), so a slow machine shows up as a slow
reference too. Wall-clock ``time.perf_counter``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAYS = ("2021-06-26", "2022-12-01", "2024-06-30", "2025-08-01", "2026-12-03")


def one_day(day: str, service: str = "women") -> None:
    """The library calls the awards tab makes for one day."""
    from lotdesign.awards import record as aw

    everything = aw.contracts_table(as_of=day)
    chosen = aw.contracts_table(service, as_of=day)
    aw.extent_summary(everything)
    aw.extent_sentence(everything)
    aw.lot_awards(chosen)
    aw.withdrawn_by(service, as_of=day)
    aw.timeline(service, as_of=day)
    aw.delivery_by_pcc_area(service)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    import pandas as pd

    from lotdesign.awards.data import load_awards

    load_awards()  # read once, as the app does
    one_day(DAYS[0])  # warm-up
    runs, reference = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        pd.read_parquet(ROOT / "data" / "awards" / "contracts.parquet")
        reference.append(time.perf_counter() - start)
        for day in DAYS:
            start = time.perf_counter()
            one_day(day)
            runs.append(time.perf_counter() - start)
    figures = {"awards_day_ms": 1000 * statistics.median(runs), "awards_day_max_ms": 1000 * max(runs),
               "read_contracts_ms": 1000 * statistics.median(reference)}
    print(f"awards_day_ms      {figures['awards_day_ms']:8.1f}  (median of {len(runs)}; max {figures['awards_day_max_ms']:.1f})")
    print(f"read_contracts_ms  {figures['read_contracts_ms']:8.1f}  (same-run reference: read contracts.parquet)")
    return figures


if __name__ == "__main__":
    main()
