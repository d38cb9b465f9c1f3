"""The toy geography of ``test_scoring_toy.py``, for hand-checked tests of the policy levers.

Geography (metres, EPSG:27700), all on the x axis:

    unit U1 (lot A): a1 at x=0      pop 100, females 50,  minority 10
                     a2 at x=1000   pop 100, females 60,  minority 30
    unit U2 (lot A): a3 at x=10000  pop 200, females 100, minority 20
    unit U3 (lot B): a4 at x=50000  pop 300, females 150, minority 90
                     a5 at x=52000  pop 100, females 40,  minority 10

Mid-2023 unit populations: U1 250 (females 120, minority 30), U2 150 (80, 20), U3 600 (300,
100) → 1,000. National budget £1,000,000 × accommodation 9% = £90,000: lot A is worth
£36,000 (turnover needed £72,000 at 2×), lot B £54,000 (£108,000).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.reach import build_small_area_index, compute_reach
from lotdesign.core.designs import LotDesign
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import prepare_design

X = {"U1": 0.0, "U2": 10000.0, "U3": 50000.0}


def toy_index():
    small = pd.DataFrame(
        {
            "lad_code": ["U1", "U1", "U2", "U3", "U3"],
            "x": [0.0, 1000.0, 10000.0, 50000.0, 52000.0],
            "y": [0.0] * 5,
            "population": [100, 100, 200, 300, 100],
            "females": [50, 60, 100, 150, 40],
            "minority_ethnic": [10, 30, 20, 90, 10],
        }
    )
    units = pd.DataFrame(
        {"population": [250, 150, 600], "females": [120, 80, 300], "minority_ethnic": [30, 20, 100],
         "country": ["England"] * 3},
        index=pd.Index(["U1", "U2", "U3"], name="lad_code"),
    )
    return build_small_area_index(small, units)


def toy_providers(rows: list[dict]) -> pd.DataFrame:
    """Providers from short dicts: id, income, base (unit), and listed units or radius_km (+ x)."""
    records = []
    for row in rows:
        listed = row.get("listed", [])
        records.append({
            "provider_id": row["id"],
            "name": row.get("name", f"Org {row['id']}"),
            "sector": row.get("sector", "vcs"),
            "income_gbp": float(row["income"]),
            "women": row.get("women", False),
            "bame": row.get("bame", False),
            "base_lad": row["base"],
            "base_x": row.get("x", X[row["base"]]),
            "base_y": 0.0,
            "radius_km": np.nan if listed else row.get("radius_km", np.nan),
            "national": False,
            "listed": listed,
            "service_area_kind": "listed" if listed else row.get("kind", "radius"),
        })
    return pd.DataFrame(records)


def toy_case(providers: pd.DataFrame):
    """Reach, the two-lot design and the parameters for providers on the toy geography.

    Parameters
    ----------
    providers : pandas.DataFrame
        Providers with ``provider_id``, ``base_x``, ``base_y``, ``radius_km``, ``national`` and
        ``listed`` columns (as :func:`toy_providers` builds them).

    Returns
    -------
    tuple
        ``(providers, reach, design, params)``: the design puts U1 and U2 in lot A and U3 in
        lot B; the parameters are a £1,000,000 national budget for accommodation.
    """
    reach = compute_reach(
        providers["provider_id"], providers["base_x"], providers["base_y"], providers["radius_km"],
        national=providers["national"], listed_units=providers["listed"], index=toy_index(),
    )
    design = LotDesign(id="toy", name="Toy", unit_to_lot=pd.Series({"U1": "A", "U2": "A", "U3": "B"}))
    params = ScoringParams(national_budget_gbp=1_000_000, service="accommodation")
    return providers, reach, design, params


def toy_setup(rows: list[dict]):
    """(providers, reach, two-lot design, params) for providers given as short dicts."""
    return toy_case(toy_providers(rows))


def toy_context(rows: list[dict]):
    """(prepared two-lot design, params) for providers given as short dicts."""
    providers, reach, design, params = toy_setup(rows)
    return context_for(providers, reach, design), params


def context_for(providers, reach, design):
    return prepare_design(providers, reach, design)


ONE_LOT = LotDesign(id="one", name="One lot", unit_to_lot=pd.Series({"U1": "All", "U2": "All", "U3": "All"}))
