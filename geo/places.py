"""Place names people write that are not an ONS district or police-area name, and fuzzy suggestions.

:mod:`geo.names` resolves official names and codes. Real member lists also use:

- **common names** of districts ("Hull" for Kingston upon Hull, City of; "Brighton" for
  Brighton and Hove; "Stoke" for Stoke-on-Trent);
- **Welsh names** of Welsh principal areas ("Caerdydd", "Abertawe", "Casnewydd", "Ynys Môn");
- **former districts** abolished in the 2019–2023 reorganisations ("Harrogate", "Carlisle",
  "Taunton Deane"), read as the unitary authority that replaced them;
- **combined authorities and city regions** ("Liverpool City Region", "West Midlands CA",
  "Cardiff Capital Region"), read as their member districts;
- **county names** ("Devon", "West Sussex"), read as the county council's districts, and
  historic groupings ("Avon", "Berkshire", "the Black Country"), read as their districts.

Sources: English combined authorities from the ONS *Local Authority District to Combined
Authority (May 2024) Lookup in England* (OGL v3; members as in the lookup, constituent members
only); Welsh regions from *The South East Wales / South West Wales / North Wales / Mid Wales
Corporate Joint Committees Regulations 2021* (SI 2021/343, 2021/352, 2021/339, 2021/342),
whose areas are those of the Cardiff Capital Region, Swansea Bay City Region, North Wales and
Mid Wales growth deals; former districts from the structural-change orders that abolished
them (SI 2019/957 Buckinghamshire, 2020/156 Northamptonshire, 2022/331 Cumbria, 2022/328
North Yorkshire, 2022/329 Somerset). Welsh names are the Welsh-language names of the
principal areas in the Local Government (Wales) Act 1994, Schedule 1. Every name resolves to
current (2024) LAD codes through :func:`geo.names.resolve_lad`; the tests check that each does.

Suggestions for unknown names are ranked with rapidfuzz (a maintained string-similarity
library): on 48 realistic misspellings and council-style names it puts the intended area first
for 47, difflib for 42 (see ``tests/test_places.py``; ``benchmarks/bench_load.py`` prints both).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from geo.names import lad_name, normalise_name, resolve_lad

#: Common names of districts → the ONS name (May 2024).
COMMON_NAMES = {
    "Hull": "Kingston upon Hull, City of",
    "Hull City": "Kingston upon Hull, City of",
    "Brighton": "Brighton and Hove",
    "Hove": "Brighton and Hove",
    "Brighton & Hove City": "Brighton and Hove",
    "Stoke": "Stoke-on-Trent",
    "Southend": "Southend-on-Sea",
    "Durham": "County Durham",
    "Telford": "Telford and Wrekin",
    "Windsor": "Windsor and Maidenhead",
    "Maidenhead": "Windsor and Maidenhead",
    "Hammersmith": "Hammersmith and Fulham",
    "Fulham": "Hammersmith and Fulham",
    "Kensington": "Kensington and Chelsea",
    "Chelsea": "Kensington and Chelsea",
    "Barking": "Barking and Dagenham",
    "Dagenham": "Barking and Dagenham",
    "Bournemouth": "Bournemouth, Christchurch and Poole",
    "Poole": "Bournemouth, Christchurch and Poole",
    "BCP": "Bournemouth, Christchurch and Poole",
    "Redcar": "Redcar and Cleveland",
    "Stockton": "Stockton-on-Tees",
    "Bath": "Bath and North East Somerset",
    "BANES": "Bath and North East Somerset",
    "B&NES": "Bath and North East Somerset",
    "Rhondda": "Rhondda Cynon Taf",
    "RCT": "Rhondda Cynon Taf",
    "Anglesey": "Isle of Anglesey",
    "Newcastle upon Tyne City": "Newcastle upon Tyne",
    "St Helens": "St. Helens",
    "Kings Lynn": "King's Lynn and West Norfolk",
    "King's Lynn": "King's Lynn and West Norfolk",
    "East Riding": "East Riding of Yorkshire",
    "East Yorkshire": "East Riding of Yorkshire",
    "Medway Towns": "Medway",
}
#: Welsh names of the 22 principal areas (where they differ from the English name) → ONS name.
WELSH_NAMES = {
    "Caerdydd": "Cardiff",
    "Abertawe": "Swansea",
    "Casnewydd": "Newport",
    "Bro Morgannwg": "Vale of Glamorgan",
    "Ynys Môn": "Isle of Anglesey",
    "Sir Gaerfyrddin": "Carmarthenshire",
    "Sir Gâr": "Carmarthenshire",
    "Sir Benfro": "Pembrokeshire",
    "Sir Ddinbych": "Denbighshire",
    "Sir y Fflint": "Flintshire",
    "Wrecsam": "Wrexham",
    "Castell-nedd Port Talbot": "Neath Port Talbot",
    "Pen-y-bont ar Ogwr": "Bridgend",
    "Merthyr Tudful": "Merthyr Tydfil",
    "Caerffili": "Caerphilly",
    "Sir Fynwy": "Monmouthshire",
    "Rhondda Cynon Taf": "Rhondda Cynon Taf",
}
#: Districts abolished since 2019 → the unitary authority that replaced them.
FORMER_DISTRICTS = {
    "Aylesbury Vale": "Buckinghamshire", "Chiltern": "Buckinghamshire", "South Bucks": "Buckinghamshire",
    "Wycombe": "Buckinghamshire",
    "Corby": "North Northamptonshire", "East Northamptonshire": "North Northamptonshire",
    "Kettering": "North Northamptonshire", "Wellingborough": "North Northamptonshire",
    "Daventry": "West Northamptonshire", "Northampton": "West Northamptonshire",
    "South Northamptonshire": "West Northamptonshire",
    "Allerdale": "Cumberland", "Carlisle": "Cumberland", "Copeland": "Cumberland",
    "Barrow-in-Furness": "Westmorland and Furness", "Barrow": "Westmorland and Furness",
    "Eden": "Westmorland and Furness", "South Lakeland": "Westmorland and Furness",
    "Craven": "North Yorkshire", "Hambleton": "North Yorkshire", "Harrogate": "North Yorkshire",
    "Richmondshire": "North Yorkshire", "Ryedale": "North Yorkshire", "Scarborough": "North Yorkshire",
    "Selby": "North Yorkshire",
    "Mendip": "Somerset", "Sedgemoor": "Somerset", "South Somerset": "Somerset",
    "Somerset West and Taunton": "Somerset", "Taunton Deane": "Somerset", "Taunton": "Somerset",
}
#: Combined authorities and city regions → (other names, ONS names of the member districts).
COMBINED_AUTHORITIES = {
    "Greater Manchester Combined Authority": (
        ["Greater Manchester CA", "GMCA", "Greater Manchester City Region"],
        ["Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside", "Trafford", "Wigan"],
    ),
    "Liverpool City Region": (
        ["Liverpool City Region Combined Authority", "Liverpool City Region CA", "LCR", "LCRCA"],
        ["Halton", "Knowsley", "Liverpool", "St. Helens", "Sefton", "Wirral"],
    ),
    "West Midlands Combined Authority": (
        ["West Midlands CA", "WMCA"],
        ["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton"],
    ),
    "West Yorkshire Combined Authority": (
        ["West Yorkshire CA", "WYCA", "Leeds City Region"],
        ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"],
    ),
    "South Yorkshire Mayoral Combined Authority": (
        ["South Yorkshire Combined Authority", "South Yorkshire CA", "SYMCA", "Sheffield City Region"],
        ["Barnsley", "Doncaster", "Rotherham", "Sheffield"],
    ),
    "North East Combined Authority": (
        ["North East CA", "North East Mayoral Combined Authority", "NECA"],
        ["County Durham", "Gateshead", "Newcastle upon Tyne", "North Tyneside", "Northumberland",
         "South Tyneside", "Sunderland"],
    ),
    "Tyne and Wear": (
        ["Tyneside"],
        ["Gateshead", "Newcastle upon Tyne", "North Tyneside", "South Tyneside", "Sunderland"],
    ),
    "Tees Valley Combined Authority": (
        ["Tees Valley", "Tees Valley CA", "Teesside"],
        ["Darlington", "Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees"],
    ),
    "West of England Combined Authority": (
        ["West of England", "West of England CA", "WECA"],
        ["Bath and North East Somerset", "Bristol, City of", "South Gloucestershire"],
    ),
    "Cambridgeshire and Peterborough Combined Authority": (
        ["Cambridgeshire and Peterborough", "Cambridgeshire & Peterborough CA", "CPCA"],
        ["Cambridge", "East Cambridgeshire", "Fenland", "Huntingdonshire", "South Cambridgeshire", "Peterborough"],
    ),
    "East Midlands Combined County Authority": (
        ["East Midlands CCA", "EMCCA", "D2N2"],
        ["Derby", "Amber Valley", "Bolsover", "Chesterfield", "Derbyshire Dales", "Erewash", "High Peak",
         "North East Derbyshire", "South Derbyshire", "Nottingham", "Ashfield", "Bassetlaw", "Broxtowe",
         "Gedling", "Mansfield", "Newark and Sherwood", "Rushcliffe"],
    ),
    "York and North Yorkshire Combined Authority": (
        ["York and North Yorkshire", "York & North Yorkshire CA"],
        ["York", "North Yorkshire"],
    ),
    "Cardiff Capital Region": (
        ["South East Wales", "South East Wales CJC", "Cardiff City Region", "Prifddinas-Ranbarth Caerdydd"],
        ["Blaenau Gwent", "Bridgend", "Caerphilly", "Cardiff", "Merthyr Tydfil", "Monmouthshire", "Newport",
         "Rhondda Cynon Taf", "Torfaen", "Vale of Glamorgan"],
    ),
    "Swansea Bay City Region": (
        ["South West Wales", "South West Wales CJC", "Swansea Bay", "Dinas-Ranbarth Bae Abertawe"],
        ["Carmarthenshire", "Neath Port Talbot", "Pembrokeshire", "Swansea"],
    ),
    "North Wales": (
        ["North Wales CJC", "Gogledd Cymru", "North Wales Growth Deal"],
        ["Isle of Anglesey", "Conwy", "Denbighshire", "Flintshire", "Gwynedd", "Wrexham"],
    ),
    "Mid Wales": (
        ["Mid Wales CJC", "Canolbarth Cymru", "Growing Mid Wales"],
        ["Ceredigion", "Powys"],
    ),
}
#: Historic and ceremonial groupings still written in member lists, whose districts are all unitary
#: authorities (so no county council area or police force area carries the name) → member districts.
#: Avon and Berkshire as the county councils abolished in 1996 and 1998 (Avon (Structural Change)
#: Order 1995; Berkshire (Structural Change) Order 1996); Bedfordshire as the county council
#: abolished in 2009 (SI 2008/907); the Black Country as its four metropolitan boroughs.
GROUPED_NAMES = {
    "Avon": ["Bath and North East Somerset", "Bristol, City of", "North Somerset", "South Gloucestershire"],
    "Berkshire": ["Bracknell Forest", "Reading", "Slough", "West Berkshire", "Windsor and Maidenhead", "Wokingham"],
    "Royal County of Berkshire": ["Bracknell Forest", "Reading", "Slough", "West Berkshire", "Windsor and Maidenhead",
                                  "Wokingham"],
    "Bedfordshire": ["Bedford", "Central Bedfordshire", "Luton"],
    "Black Country": ["Dudley", "Sandwell", "Walsall", "Wolverhampton"],
}

#: The 21 English county councils (non-metropolitan counties with two-tier districts, April 2024)
#: → the police force area holding all of their districts. Each county's districts are the
#: shire districts (E07 codes) of that force area in the ONS *LAD to Community Safety Partnership
#: to PFA (December 2024) Lookup* — a shire district always lies in its county's force area,
#: and no force area holds the districts of two counties except Sussex, split below.
COUNTY_FORCE_AREAS = {
    "Cambridgeshire": "Cambridgeshire", "Derbyshire": "Derbyshire", "Devon": "Devon & Cornwall",
    "Essex": "Essex", "Gloucestershire": "Gloucestershire", "Hampshire": "Hampshire",
    "Hertfordshire": "Hertfordshire", "Kent": "Kent", "Lancashire": "Lancashire",
    "Leicestershire": "Leicestershire", "Lincolnshire": "Lincolnshire", "Norfolk": "Norfolk",
    "Nottinghamshire": "Nottinghamshire", "Oxfordshire": "Thames Valley", "Staffordshire": "Staffordshire",
    "Suffolk": "Suffolk", "Surrey": "Surrey", "Warwickshire": "Warwickshire", "Worcestershire": "West Mercia",
}
#: Sussex police force area holds two counties; their districts as in the Local Government Act 1972
#: (Schedule 1) as amended, unchanged since.
SUSSEX_COUNTIES = {
    "East Sussex": ["Eastbourne", "Hastings", "Lewes", "Rother", "Wealden"],
    "West Sussex": ["Adur", "Arun", "Chichester", "Crawley", "Horsham", "Mid Sussex", "Worthing"],
}


def place_key(text: object) -> str:
    """A place name's comparison key: accents folded, then :func:`geo.names.normalise_name`.

    >>> place_key("Ynys Môn")
    'ynys mon'
    """
    folded = unicodedata.normalize("NFKD", str(text))
    return normalise_name("".join(c for c in folded if not unicodedata.combining(c)))


def _must_resolve(name: str) -> str:
    code = resolve_lad(name)
    if code is None:
        raise KeyError(f"place table names '{name}', which is not a 2024 LAD name")
    return code


@lru_cache(maxsize=1)
def county_districts() -> dict[str, tuple[str, ...]]:
    """The English county councils' districts: county name → LAD codes (2024, shire districts).

    Derived from the ONS LAD → police force area lookup (see :data:`COUNTY_FORCE_AREAS`); the
    two Sussex counties from :data:`SUSSEX_COUNTIES`. Every one of the 164 shire districts
    belongs to exactly one county (``tests/test_places.py`` checks it).
    """
    from geo.units import load_units

    units = load_units()
    shire = units[units.index.str.startswith("E07")]
    out = {county: tuple(sorted(shire.index[shire["pfa_name"] == force]))
           for county, force in COUNTY_FORCE_AREAS.items()}
    for county, members in SUSSEX_COUNTIES.items():
        out[county] = tuple(sorted(_must_resolve(m) for m in members))
    return out


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, tuple[str, tuple[str, ...], str]]:
    """key → (kind, LAD codes, the official name(s) it is read as)."""
    table: dict[str, tuple[str, tuple[str, ...], str]] = {}
    for kind, source in (("common", COMMON_NAMES), ("welsh", WELSH_NAMES), ("former", FORMER_DISTRICTS)):
        for alias, official in source.items():
            table.setdefault(place_key(alias), (kind, (_must_resolve(official),), official))
    for name, (aliases, members) in COMBINED_AUTHORITIES.items():
        codes = tuple(sorted(_must_resolve(m) for m in members))
        for alias in (name, *aliases):
            table.setdefault(place_key(alias), ("combined", codes, name))
    for name, members in GROUPED_NAMES.items():
        table.setdefault(place_key(name), ("grouped", tuple(sorted(_must_resolve(m) for m in members)), name))
    for county, codes in county_districts().items():
        for alias in (county, f"{county} County", f"{county} County Council", f"County of {county}"):
            table.setdefault(place_key(alias), ("county", codes, county))
    return table


def resolve_place_alias(text: object) -> tuple[str, tuple[str, ...], str] | None:
    """Resolve a common, Welsh or former district name, or a combined authority / city region.

    Parameters
    ----------
    text : str
        A place name as written.

    Returns
    -------
    tuple or None
        ``(kind, lad_codes, read_as)``: ``kind`` is ``common``, ``welsh``, ``former``,
        ``combined``, ``grouped`` (Avon, Berkshire, the Black Country…) or ``county`` (an
        English county council area, read as its districts); ``lad_codes`` the 2024 LAD codes it means; ``read_as`` the official name
        used. None when the name is none of these.
    """
    return _alias_table().get(place_key(text))


@lru_cache(maxsize=1)
def _suggestion_choices() -> tuple[list[str], list[str]]:
    from geo.names import _gazetteer

    _, _, lad_display, pfa_display = _gazetteer()
    names = list(lad_display.values()) + list(pfa_display.values())
    names += list(COMMON_NAMES) + list(WELSH_NAMES) + list(FORMER_DISTRICTS) + list(COMBINED_AUTHORITIES)
    names += list(GROUPED_NAMES) + list(COUNTY_FORCE_AREAS) + list(SUSSEX_COUNTIES)
    shown = list(dict.fromkeys(names))
    return shown, [place_key(n) for n in shown]


def suggest_places(text: object, n: int = 3, *, min_score: float = 70.0) -> list[str]:
    """Known area names closest to ``text``, best first.

    Ranked by rapidfuzz's ``token_set_ratio`` (so "Leeds City Council" or "London Borough of
    Camden" find Leeds and Camden, which difflib misses), ties broken by the plain ratio (so
    "Hull" ranks "Hull City" above "Solihull").
    """
    from rapidfuzz import fuzz, process

    shown, keys = _suggestion_choices()
    query = place_key(text)
    if not query:
        return []
    matches = process.extract(query, keys, scorer=fuzz.token_set_ratio, limit=n * 4, score_cutoff=min_score)
    matches.sort(key=lambda m: (-m[1], -fuzz.ratio(query, m[0])))
    out: list[str] = []
    for _, _, index in matches:
        if shown[index] not in out:
            out.append(shown[index])
    return out[:n]


def official_lad_names(codes) -> list[str]:
    """ONS names of LAD codes, in order."""
    return [lad_name(code) for code in codes]
