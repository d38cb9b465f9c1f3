"""Who delivers where, per PDU unit: the named providers of a service in each probation delivery unit.

MoJ's catalogue lists where named providers deliver each commissioned rehabilitative service, by
probation delivery unit (PDU). This module gathers those rows per PDU *unit* (the district-level
units of :mod:`geo.pdus`, where PDUs that split one district are joined), for the map's
"who delivers where" layer: this is the real footprint of today's providers, beside the model's
reach.

The per-PDU rows come from :func:`lotdesign.awards.delivery.delivery_by_pdu` when that module is
present (names matched to the classified organisations with a confidence); otherwise from the
derived ``data/geography/pdu_delivery_locations.csv``, matched to the organisations only where the
names are the same once case, punctuation, "the" and "Ltd" are set aside.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from geo.datafiles import data_path
from geo.pdus import load_pdu_units, pdu_unit_of_pdu
from lotdesign.errors import LotDesignError

#: The model's service keys → the catalogue's service names.
CATALOGUE_SERVICES = {
    "accommodation": ("Accommodation services",),
    "women": ("Women's services",),
    "personal_wellbeing": ("Personal wellbeing services",),
    "finance_benefit_debt": ("Finance, benefit and debt services",),
    "dependency_recovery": ("Dependency and recovery services",),
    "ete": ("Greater Manchester - Education, training and employment (ETE)",),
}
#: Columns of :func:`delivery_rows`.
DELIVERY_ROW_COLUMNS = ("pdu_id", "unit_id", "provider_name", "intervention", "sector", "women_centred",
                        "match_confidence")


def _normalise(name: str) -> str:
    text = str(name).lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"[^a-z0-9']+", " ", text)
    return " ".join(w for w in text.split() if w not in {"the", "limited", "ltd"})


@lru_cache(maxsize=1)
def _derived_rows() -> pd.DataFrame:
    rows = pd.read_csv(data_path("geography", "pdu_delivery_locations.csv"), dtype=str, keep_default_na=False)
    organisations = pd.read_parquet(data_path("awards", "organisations.parquet"))
    keys = organisations.assign(key=organisations["name"].map(_normalise)).drop_duplicates("key", keep=False)
    classes = keys.set_index("key")
    key = rows["provider_name"].map(_normalise)
    rows["sector"] = key.map(classes["sector"]).fillna("")
    rows["women_centred"] = key.map(classes["women_centred"]).fillna("")
    rows["match_confidence"] = key.isin(classes.index).map({True: "high", False: "none"})
    return rows


def _catalogue_names(service: str) -> tuple[str, ...]:
    if service in CATALOGUE_SERVICES:
        return CATALOGUE_SERVICES[service]
    for names in CATALOGUE_SERVICES.values():
        if service.casefold() in (n.casefold() for n in names):
            return names
    raise LotDesignError(f"Unknown service '{service}' for delivery locations; use one of {', '.join(CATALOGUE_SERVICES)}.")


def delivery_rows(service: str | tuple | None = None) -> pd.DataFrame:
    """One row per (PDU, provider, service): who delivers ``service`` where, with the PDU unit.

    Parameters
    ----------
    service : str or tuple of str, optional
        A model service key (``women``, ``accommodation`` …) or a catalogue service name, or
        several (a bundle: rows of any of them); every service when omitted.

    Returns
    -------
    pandas.DataFrame
        :data:`DELIVERY_ROW_COLUMNS`: ``sector`` and ``women_centred`` are empty and
        ``match_confidence`` is ``none`` where the provider's name matches no classified organisation.
    """
    if isinstance(service, tuple):
        parts = [delivery_rows(one) for one in service]
        return pd.concat(parts, ignore_index=True) if parts else delivery_rows(None).iloc[:0]
    try:
        from lotdesign.awards.delivery import delivery_by_pdu
    except ImportError:
        rows = _derived_rows()
        if service is not None:
            rows = rows[rows["intervention"].isin(_catalogue_names(service))]
        return rows[list(DELIVERY_ROW_COLUMNS)].reset_index(drop=True)
    rows = delivery_by_pdu(service)
    rows = rows.assign(unit_id=rows["pdu_id"].map(pdu_unit_of_pdu()))
    return rows[list(DELIVERY_ROW_COLUMNS)].reset_index(drop=True)


def delivery_by_pdu_unit(rows: pd.DataFrame) -> pd.DataFrame:
    """The providers of :func:`delivery_rows` gathered per PDU unit (every unit listed, empty where none).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit_id``: ``unit_name``, ``n_providers`` (distinct names), ``providers``
        (list of dicts ``name``, ``sector``, ``women_centred``, ``match_confidence``, sorted by name)
        and ``n_women_centred``.
    """
    names = load_pdu_units().drop_duplicates("unit_id").set_index("unit_id")["unit_name"].sort_index()
    distinct = rows.drop_duplicates(["unit_id", "provider_name"]).sort_values(["unit_id", "provider_name"])
    providers = {
        unit: [{"name": r.provider_name, "sector": r.sector, "women_centred": r.women_centred,
                "match_confidence": r.match_confidence} for r in group.itertuples()]
        for unit, group in distinct.groupby("unit_id")
    }
    table = pd.DataFrame({"unit_name": names})
    table["providers"] = [providers.get(unit, []) for unit in table.index]
    table["n_providers"] = table["providers"].map(len)
    table["n_women_centred"] = table["providers"].map(lambda ps: sum(p["women_centred"] == "yes" for p in ps))
    table.index.name = "unit_id"
    return table
