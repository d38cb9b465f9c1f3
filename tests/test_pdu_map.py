"""PDU map layers: district-level lots drawn, PDU outlines and who delivers where (real catalogue data)."""

import json

from geo.pdus import load_pdu_units
from lotdesign.awards.delivery_units import delivery_by_pdu_unit, delivery_rows
from lotdesign.core.compare import compare_designs
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.importing.workspace import load_provider_set

WALES_AND_SOUTH_WEST = {"W15000001", "W15000002", "W15000003", "W15000004",  # Welsh PCC areas
                        "E23000036", "E23000035", "E23000039", "E23000037", "E23000038"}  # South West


def test_the_nelson_trust_delivers_womens_services_in_wales_and_the_south_west():
    units = delivery_by_pdu_unit(delivery_rows("women"))
    nelson = units[units["providers"].map(lambda ps: any(p["name"] == "The Nelson Trust" for p in ps))]
    # The catalogue lists 11 PDUs for it: the 6 Welsh PDUs and 5 of the South West's 9.
    assert len(nelson) == 11
    pcc_of_unit = load_pdu_units().drop_duplicates("unit_id").set_index("unit_id")["pcc_code"]
    assert set(pcc_of_unit[nelson.index]) <= WALES_AND_SOUTH_WEST
    assert {"dyfed-powys", "gwent", "north-wales", "gloucestershire", "somerset"} <= set(nelson.index)
    provider = next(p for p in nelson.iloc[0]["providers"] if p["name"] == "The Nelson Trust")
    assert provider["sector"] == "vcs" and provider["match_confidence"] == "high"
    # Every PDU unit is listed, with nobody where the catalogue names no provider.
    assert len(units) == 102 and (units["n_providers"] == 0).any()


def test_unmatched_provider_names_are_kept_and_marked():
    rows = delivery_rows()
    assert len(rows) == 446  # every row of the catalogue's delivery list
    unmatched = rows[rows["match_confidence"] == "none"]
    assert len(unmatched) and (unmatched["sector"] == "").all()


def test_map_draws_district_level_lots_and_offers_the_pdu_layers():
    from ui import map_tab, maps

    demo = load_provider_set()
    params = ScoringParams(service="women")
    score = compare_designs(demo.providers, demo.reach, [get_design("pdu_units")], params).scores[0]
    html = map_tab.build(demo, score, "prime_coverage", background=False, asset_base="/x").get_root().render()
    assert html.count('"kind": "lot"') == 102  # every PDU unit drawn as its own lot
    assert html.count('"kind": "pdu"') == 102  # the delivery layer: one feature per unit
    assert "PDU outlines (derived)" in html
    assert "Who delivers women\\u0027s services (real)" in html
    assert json.dumps("The Nelson Trust (voluntary sector")[1:-1] in html
    assert json.dumps(maps.DELIVERY_SOURCE)[1:-1] in html  # real data, and where from
    assert json.dumps(maps.map_attribution())[1:-1] in html  # OGL / OS attribution on the map


def test_a_bundle_gathers_the_providers_of_each_of_its_services():
    women, accommodation = delivery_rows("women"), delivery_rows("accommodation")
    both = delivery_rows(("women", "accommodation"))
    assert len(both) == len(women) + len(accommodation)
    units = delivery_by_pdu_unit(both)
    # A unit's providers under the bundle are those of either service, each named once.
    single = delivery_by_pdu_unit(women)["providers"].map(lambda ps: {p["name"] for p in ps})
    assert all(single[u] <= {p["name"] for p in units.loc[u, "providers"]} for u in units.index)
