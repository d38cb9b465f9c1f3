"""What keying the app's per-session memos on content costs, beside the work they save.

    python benchmarks/bench_memo_keys.py [--providers N]

The app remembers results per session under a fingerprint of their inputs
(``ui.state.content_key``: provider sets, designs and tables by content, never ``id()``). This
prints, in one run on the same machine:

- ``provider_fingerprint_ms`` — fingerprint of an organisation list (done once per list), beside
  ``build_provider_set_ms``, the reach work done once per list anyway;
- ``content_key_ms`` — the key of a comparison of 3 designs (done on every rerun, the list's
  fingerprint already known), beside ``compare_3_designs_ms``, the work a remembered
  comparison saves (contexts prepared, so only scoring is timed).

Figures are medians of repeated runs (``time.perf_counter``); no target, no assertion.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lotdesign.core.compare import compare_designs  # noqa: E402
from lotdesign.core.designs import get_design  # noqa: E402
from lotdesign.core.params import ScoringParams  # noqa: E402
from lotdesign.importing.workspace import build_provider_set, frame_fingerprint  # noqa: E402
from lotdesign.importing.demo import write_demo_providers  # noqa: E402
from lotdesign.importing.providers import load_providers  # noqa: E402
from ui import state  # noqa: E402


def _median_ms(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def run(n_providers: int) -> dict:
    """Time the keys and their same-run references on ``n_providers`` synthetic organisations."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_demo_providers(Path(folder) / "providers.csv", n=n_providers)
        load = load_providers(path)
    started = time.perf_counter()
    pset = build_provider_set(load)
    build_ms = 1000 * (time.perf_counter() - started)
    designs = [get_design(d) for d in ("pcc42", "regions12", "cpa21")]
    params = ScoringParams(service="women")
    contexts = {d.id: pset.context(d) for d in designs}
    state.provider_fingerprint(pset)  # known from here on, as in a session after its first rerun
    return {
        "providers": len(pset.providers),
        "provider_fingerprint_ms": _median_ms(lambda: frame_fingerprint(pset.providers), 5),
        "build_provider_set_ms": build_ms,
        "content_key_ms": _median_ms(lambda: state.content_key(pset, designs, params), 50),
        "compare_3_designs_ms": _median_ms(
            lambda: compare_designs(pset.providers, pset.reach, designs, params, contexts=contexts), 5),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--providers", type=int, default=13_500)
    figures = run(parser.parse_args(argv).providers)
    for name, value in figures.items():
        print(f"{name}={value:.3f}" if isinstance(value, float) else f"{name}={value}")


if __name__ == "__main__":
    main()
