"""Place names: common, Welsh and former names, city regions, and ranked suggestions for misspellings."""

from __future__ import annotations

import difflib

import pytest

from geo.names import lad_name, resolve_lad
from geo.places import (
    COMBINED_AUTHORITIES,
    COMMON_NAMES,
    FORMER_DISTRICTS,
    WELSH_NAMES,
    place_key,
    resolve_place_alias,
    suggest_places,
)

#: Realistic misspellings (typed quickly, or half-remembered) and the district meant.
MISSPELLINGS = {
    "Manchster": "Manchester", "Birmingam": "Birmingham", "Leicstershire": "Leicestershire",
    "Middlesborough": "Middlesbrough", "Westminister": "Westminster", "Sheffeild": "Sheffield",
    "Notingham": "Nottingham", "Peterboro": "Peterborough", "Glouster": "Gloucester",
    "Scarbrough": "Scarborough", "Tower Hamlet": "Tower Hamlets", "Kingston upon Hul": "Kingston upon Hull, City of",
    "Cardif": "Cardiff", "Wolverhamton": "Wolverhampton", "Newcastle-upon-Tyne": "Newcastle upon Tyne",
    "Stoke on Trent": "Stoke-on-Trent", "Hammersmith & Fullham": "Hammersmith and Fulham",
    "Rhonda Cynon Taff": "Rhondda Cynon Taf", "Merthyr": "Merthyr Tydfil", "Blackburn": "Blackburn with Darwen",
    "Brighton & Hove": "Brighton and Hove", "Southhampton": "Southampton", "Portsmouth City": "Portsmouth",
    "Bournmouth": "Bournemouth", "Isle of Wight Council": "Isle of Wight",
    "Doncster": "Doncaster", "Wakefeild": "Wakefield", "Sunderlnd": "Sunderland", "Liverpol": "Liverpool",
    "Bradfrd": "Bradford", "Coventy": "Coventry", "Northumberlnd": "Northumberland",
    # Council-style names, as member lists often write areas.
    "Leeds City Council": "Leeds", "Kent County Council": "Kent", "London Borough of Camden": "Camden",
    "Royal Borough of Greenwich": "Greenwich", "Manchester City Council": "Manchester", "Cornwall Council": "Cornwall",
    "Bristol City Council": "Bristol, City of", "Durham County Council": "County Durham",
    "Sheffield City Council": "Sheffield", "Wirral Borough": "Wirral", "Calderdale MBC": "Calderdale",
    "Swansea Council": "Swansea", "Gwynedd Council": "Gwynedd", "Lancashire CC": "Lancashire",
    "Nottinghamshire County": "Nottinghamshire", "Norfolk & Suffolk": "Norfolk",
}


def difflib_top(text: str) -> str | None:
    """The previous ranking: difflib's close matches over the same names."""
    from geo.places import _suggestion_choices

    shown, keys = _suggestion_choices()
    match = difflib.get_close_matches(place_key(text), keys, n=1, cutoff=0.5)
    return shown[keys.index(match[0])] if match else None


def hits(rank) -> int:
    return sum(rank(wrong) == right for wrong, right in MISSPELLINGS.items())


def test_rapidfuzz_ranks_misspellings_better_than_difflib():
    rapid = hits(lambda text: (suggest_places(text, 1) or [None])[0])
    plain = hits(difflib_top)
    # Measured: rapidfuzz 47 of 48, difflib 42 of 48 (difflib misses the council-style names).
    assert rapid > plain
    assert rapid >= len(MISSPELLINGS) - 1


@pytest.mark.parametrize("text, code", [
    ("Hull", "E06000010"), ("Bristol", "E06000023"), ("Brighton", "E06000043"), ("Caerdydd", "W06000015"),
    ("Abertawe", "W06000011"), ("Casnewydd", "W06000022"), ("Ynys Môn", "W06000001"), ("Wrecsam", "W06000006"),
])
def test_common_and_welsh_names(text, code):
    found = resolve_lad(text) or resolve_place_alias(text)[1][0]
    assert found == code


def test_hull_is_not_suggested_as_solihull():
    assert resolve_place_alias("Hull")[2] == "Kingston upon Hull, City of"


def test_every_table_entry_resolves_to_a_current_district():
    for official in [*COMMON_NAMES.values(), *WELSH_NAMES.values(), *FORMER_DISTRICTS.values()]:
        assert resolve_lad(official) is not None, official
    for name, (_, members) in COMBINED_AUTHORITIES.items():
        codes = resolve_place_alias(name)[1]
        assert sorted(lad_name(c) for c in codes) == sorted(lad_name(resolve_lad(m)) for m in members)


@pytest.mark.parametrize("name, n_districts", [
    ("Liverpool City Region", 6), ("Greater Manchester CA", 10), ("West Midlands CA", 7), ("West Yorkshire CA", 5),
    ("South Yorkshire Mayoral Combined Authority", 4), ("North East Combined Authority", 7), ("Tees Valley", 5),
    ("West of England", 3), ("Cambridgeshire & Peterborough CA", 6), ("Cardiff Capital Region", 10),
    ("Swansea Bay City Region", 4), ("North Wales", 6),
])
def test_city_regions_have_their_member_count(name, n_districts):
    kind, codes, _ = resolve_place_alias(name)
    assert kind == "combined" and len(codes) == n_districts
