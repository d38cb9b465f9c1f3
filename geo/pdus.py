"""Probation delivery units (PDUs) at district level: which PDU unit each of the 318 districts is in.

The PDU → district table is **derived from PDU names** by ``scripts/build_data.py`` (no lookup
is published): districts matched by name within each PDU's PCC area, a reviewed table for the
rest, and PDUs that split one district (Manchester North and South …) joined into one unit
named so. Each row says how it was matched and with what confidence.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geo.datafiles import data_path


@lru_cache(maxsize=1)
def _pdu_units() -> pd.DataFrame:
    return pd.read_csv(data_path("geography", "pdu_units.csv"), dtype=str, keep_default_na=False).set_index("lad_code")


@lru_cache(maxsize=1)
def _pdu_districts() -> pd.DataFrame:
    return pd.read_csv(data_path("geography", "pdu_districts.csv"), dtype=str, keep_default_na=False)


def load_pdu_units() -> pd.DataFrame:
    """Each district's PDU unit.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lad_code`` (318 rows): ``lad_name``, ``pcc_code``, ``unit_id``, ``unit_name``
        (e.g. ``Manchester (North and South PDUs)``), ``pdu_ids`` (``;``-separated PDU ids of the
        source list) and ``matched_by`` (how the district was placed).
    """
    return _pdu_units().copy()


def load_pdu_districts() -> pd.DataFrame:
    """The derived PDU → district table: one row per (PDU, district).

    Returns
    -------
    pandas.DataFrame
        ``pdu_id``, ``pdu_name``, ``listed_pcc_code`` (the PCC area the source gives),
        ``lad_code``, ``lad_name``, ``pcc_code`` (the district's), ``unit_id``, ``unit_name``,
        ``matched_by``, ``basis`` (for reviewed-table rows) and ``confidence``.
    """
    return _pdu_districts().copy()


def pdu_unit_of_pdu() -> pd.Series:
    """PDU id (as ``awards/delivery_locations.csv`` uses it) → PDU unit id."""
    table = _pdu_districts().drop_duplicates("pdu_id")
    return table.set_index("pdu_id")["unit_id"]


def pdu_unit_names() -> pd.Series:
    """PDU unit id → unit name."""
    return _pdu_units().drop_duplicates("unit_id").set_index("unit_id")["unit_name"].sort_index()
