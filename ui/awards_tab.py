"""What was awarded: the real Dynamic Framework contracts in force on a chosen day, on a map and in tables.

Display only: every figure comes from :mod:`lotdesign.awards` (gathered in :mod:`lotdesign.awards.record`).
A date control (June 2021 to today) drives the map, the tables and the shares. The map colours each
area a contract was let for by its prime's sector, draws local-authority lots on their districts,
outlines low-confidence classifications with a dashed line and marks the London part-lots drawn
at the area that contains them.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from lotdesign.awards import record as aw
from lotdesign.core.compare import format_share
from lotdesign.core.params import CATEGORY_LABELS
from lotdesign.core.scoring import score_design
from lotdesign.importing.providers import escape_text
from lotdesign.io.export import app_version
from ui import maps, state
from ui.downloads import csv_and_excel_buttons
from ui.format import plain

MAP_HEIGHT = 520
SERVICE_KEY = "awards_service"
AS_OF_KEY = "awards_as_of"
LOT_KEY = "awards_lot"
#: Okabe–Ito colours (colour-blind safe) for the prime's sector.
SECTOR_COLOURS = {
    "vcs": "#009E73",
    "private": "#E69F00",
    "public": "#0072B2",
    "housing_association": "#CC79A7",
    "mixed": "#999999",
}
SECTOR_WORDS = {**aw.SECTOR_LABELS, "mixed": "Mixed (several contracts, different sectors)"}
RETURNED = ["last_active_drawing"]
YES_NO = {"yes": "Yes", "no": "No", "unknown": "Not known"}
FIRST_DAY = dt.date.fromisoformat(aw.DAY_ONE)


@st.cache_data(show_spinner=False, max_entries=128)
def area_shapes(code_sets: tuple[str, ...]) -> dict:
    """Display polygons (GeoJSON, EPSG:4326, 5 dp) of areas given by their ``;``-joined district codes."""
    frame = aw.awards_lots_geodataframe(pd.DataFrame({"area_lad_codes": list(code_sets)}), kind="display")
    return {codes: maps.rounded_geometry(geometry) for codes, geometry in zip(code_sets, frame.geometry)}


def lot_key(row) -> str:
    return f"{row['extent']}|{row['area']}"


def lot_label(key: str, lots: pd.DataFrame) -> str:
    row = lots[lots["key"] == key].iloc[0]
    part = " — part of the area, no published boundary" if row["finer_than_map"] else ""
    return f"{row['area']} ({row['extent']}){part}"


def chosen_day() -> dt.date:
    """The day of the record chosen on the date control (default today; never before day one)."""
    today = dt.date.today()
    if AS_OF_KEY not in st.session_state:
        st.session_state[AS_OF_KEY] = today
    return st.date_input("Record on", min_value=FIRST_DAY, max_value=today, key=AS_OF_KEY, format="YYYY-MM-DD",
                         help="The contracts in force that day: started, not ended, referrals open, not withdrawn. "
                              "Day one is 2021-06-26.") or today


def render(pset, params) -> None:
    awards = aw.load_awards()
    st.subheader("What was awarded: the real Dynamic Framework contracts")
    st.info(aw.CONTRACTS_NOT_QUALITY + " " + aw.NO_CONTRACT_VALUES + " Names are shown as MoJ records them.",
            icon=":material/gavel:")
    top = st.columns([1, 1])
    if SERVICE_KEY not in st.session_state:
        st.session_state[SERVICE_KEY] = params.service
    service = top[0].selectbox("Service", list(CATEGORY_LABELS), format_func=CATEGORY_LABELS.get, key=SERVICE_KEY)
    with top[1]:
        day = chosen_day().isoformat()
    contracts = aw.contracts_table(service, as_of=day, awards=awards)
    everything = aw.contracts_table(as_of=day, awards=awards)
    headline(everything, contracts, service, day)
    if contracts.empty:
        st.warning(f"No {CATEGORY_LABELS[service].lower()} contracts ({plain('; '.join(aw.resolve_service(service)))}) "
                   f"were in force on {aw.long_date(day)}.")
    else:
        map_and_details(contracts, service, awards)
    st.subheader("Voluntary-sector primes by lot size and service")
    extent_chart(everything)
    st.caption(plain(aw.ASSOCIATION_NOTE) + " " + plain(aw.low_confidence_note(everything)))
    withdrawn_section(service, day, awards)
    timeline_section(service, day)
    delivery_section(service, awards)
    model_section(pset, params, service, day)
    downloads(contracts, service, day, awards)
    sources(awards)


def headline(everything: pd.DataFrame, contracts: pd.DataFrame, service: str, day: str) -> None:
    """The counts on the chosen day: every service, then the chosen one, each share with its count."""
    when = aw.long_date(day)
    st.markdown(f"**{len(everything)} contracts in force on {when}** (every service). "
                + plain(aw.extent_sentence(everything)))
    counts = st.columns(3)
    counts[0].metric("Contracts in force (every service)", len(everything))
    counts[1].metric(f"{CATEGORY_LABELS[service]} contracts in force", len(contracts))
    counts[2].metric("Of which with a voluntary-sector prime", int((contracts["prime_sector"] == "vcs").sum()),
                     help="A count of contracts, not a market share: the record holds no contract values.")
    if not contracts.empty:
        summary = aw.extent_summary(contracts)
        st.caption(
            f"{CATEGORY_LABELS[service]} on {when}: "
            + "; ".join(f"{r.extent}: {r.n_contracts_vcs_prime} of {r.n_contracts} contracts with a voluntary-sector "
                        f"prime ({r.n_primes_low_confidence} low-confidence)" for r in summary.itertuples())
            + ". " + plain(aw.low_confidence_note(contracts)) + " " + plain(aw.bame_unknown_note(contracts))
        )


def map_and_details(contracts: pd.DataFrame, service: str, awards: aw.AwardsData) -> None:
    lots = aw.lot_awards(contracts, awards=awards)
    lots["key"] = [lot_key(row) for _, row in lots.iterrows()]
    if lots["finer_than_map"].any():
        st.caption(plain(aw.PART_LOT_NOTE))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        fmap = awards_map(lots, service, background=st.session_state.get(state.BACKGROUND, False),
                          asset_base=maps.asset_base_url(st.get_option("server.baseUrlPath") or ""))
        clicked = st_folium(fmap, key="awards_map", height=MAP_HEIGHT, use_container_width=True,
                            returned_objects=RETURNED)
    remember_click(clicked, lots)
    with right:
        keys = lots["key"].tolist()
        if st.session_state.get(LOT_KEY) not in keys:
            st.session_state[LOT_KEY] = None
        chosen = st.selectbox("Lot", keys, index=None, key=LOT_KEY, placeholder="Click a lot on the map, or choose",
                              format_func=lambda k: lot_label(k, lots))
        if chosen:
            lot_details(lots[lots["key"] == chosen].iloc[0], contracts, awards)
        else:
            st.markdown("Click a lot on the map (or choose one above) to see its prime, its subcontractors, "
                        "their sectors and specialisms, and where each classification comes from.")


def _feature(row, shape) -> dict:
    low = row["prime_confidence"] == "low"
    style = {"fillColor": SECTOR_COLOURS[row["lot_prime_sector"]]}
    if low:
        style.update({"dashArray": "7 5", "weight": 3.5})
    if row["finer_than_map"]:
        style.update({"fillOpacity": 0.45, "dashArray": "2 4"})
    notes = []
    if row["finer_than_map"]:
        notes.append("Part of the area only: no published boundary, drawn at the area that contains it")
    if low:
        notes.append("Sector classified with low confidence")
    tip = (
        f"<b>{escape_text(row['area'])}</b> ({escape_text(row['extent'])})<br>Prime: {escape_text(row['prime_names'])}"
        f"<br>{escape_text(SECTOR_WORDS[row['lot_prime_sector']])} · {row['n_contracts']} contract"
        f"{'s' if row['n_contracts'] != 1 else ''}"
        + "".join(f"<br><i>{escape_text(note)}</i>" for note in notes)
        + "<br><i>Click for the supply chain</i>"
    )
    return {"type": "Feature", "geometry": shape,
            "properties": {"kind": "awardlot", "key": row["key"], "lot": row["area"], "style": style, "tip": tip}}


def awards_map(lots: pd.DataFrame, service: str, *, background: bool, asset_base: str) -> folium.Map:
    """Areas coloured by the prime's sector; dashed outline where the classification is low confidence."""
    shapes = area_shapes(tuple(sorted(set(lots["area_lad_codes"].dropna()) - {""})))
    # Larger areas first, so smaller lots inside them are drawn on top and stay clickable.
    ordered = lots.assign(_size=lots["area_lad_codes"].str.count(";")).sort_values(["_size", "area"], ascending=[False, True])
    features = [_feature(row, shapes[row["area_lad_codes"]]) for _, row in ordered.iterrows()
                if shapes.get(row["area_lad_codes"]) is not None]
    assets = maps.map_assets(asset_base)
    fmap = folium.Map(location=[52.6, -1.9], zoom_start=6, tiles=maps.OSM_TILES if background else None,
                      attr=maps.OSM_ATTRIBUTION if background else None, height=MAP_HEIGHT, control_scale=False,
                      zoom_control="bottomright", zoom_snap=0.25)
    fmap.options.update(min_zoom=5, max_zoom=12)
    fmap.default_js = list(assets["map_js"])
    fmap.default_css = list(assets["map_css"])
    fmap.get_root().header.add_child(folium.Element(maps.MAP_CSS), name="lde_map_css")
    fmap.fit_bounds(maps.EW_BOUNDS, padding_top_left=(235, 10), padding_bottom_right=(10, 10))
    maps.GeoJsonLayer({"type": "FeatureCollection", "features": features},
                      name=f"{CATEGORY_LABELS[service]} lots, by the prime's sector",
                      base_style={"color": "#222222", "weight": 1.2, "fillOpacity": 0.75, "opacity": 1},
                      class_name="lde-award-lot").add_to(fmap)
    maps.MapLegend(legend_html(lots, service)).add_to(fmap)
    maps.MapAttribution(maps.map_attribution()).add_to(fmap)
    folium.LayerControl(collapsed=False, position="topleft").add_to(fmap)
    return fmap


def legend_html(lots: pd.DataFrame, service: str) -> str:
    parts = [f"<h4>{escape_text(CATEGORY_LABELS[service])}: the prime's sector</h4>"]
    for sector in [s for s in SECTOR_COLOURS if s in set(lots["lot_prime_sector"])]:
        parts.append(f'<div><span class="sw" style="background:{SECTOR_COLOURS[sector]}"></span>'
                     f"{escape_text(SECTOR_WORDS[sector])}</div>")
    if (lots["prime_confidence"] == "low").any():
        parts.append('<div><span class="sw" style="background:#fff;border:2px dashed #222"></span>'
                     "Sector classified with low confidence</div>")
    if lots["finer_than_map"].any():
        parts.append('<div><span class="sw" style="background:#ddd;border:2px dotted #222"></span>'
                     "Part of the area only (no published boundary)</div>")
    parts.append('<div class="note" style="color:#222;font-weight:400">Real contracts (MoJ records)</div>')
    return "".join(parts)


def remember_click(clicked, lots: pd.DataFrame) -> None:
    """A clicked lot becomes the lot chosen in the select box (set before the box is drawn)."""
    properties = ((clicked or {}).get("last_active_drawing") or {}).get("properties") or {}
    key = properties.get("key")
    if properties.get("kind") != "awardlot" or not key or key == st.session_state.get("_awards_last_click"):
        return
    st.session_state["_awards_last_click"] = key
    if key in set(lots["key"]):
        st.session_state[LOT_KEY] = key


def lot_details(row, contracts: pd.DataFrame, awards: aw.AwardsData) -> None:
    st.markdown(f'<p class="lde-detail-title">{escape_text(row["area"])}</p>', unsafe_allow_html=True)
    bame = (f"BAME-led {row['n_members_bame_led']} of {row['n_members']}"
            + (f" ({row['n_members_bame_unknown']} not known)" if row["n_members_bame_unknown"] else ""))
    st.caption(f"{plain(row['extent']).capitalize()} · {row['n_contracts']} contract{'s' if row['n_contracts'] != 1 else ''} · "
               f"members that are voluntary-sector {format_share(row['share_members_vcs'])}, women-centred "
               f"{format_share(row['share_members_women_centred'])}, {bame}"
               + (f" ({row['n_members_low_confidence']} of {row['n_members']} classified with low confidence)"
                  if row["n_members_low_confidence"] else ""))
    chosen = contracts[contracts["contract_reference"].isin(row["contract_references"].split("; "))]
    for _, contract in chosen.iterrows():
        with st.expander(plain(f"{contract['intervention_title']} ({contract['contract_reference']})"),
                         expanded=len(chosen) <= 2):
            contract_details(contract, awards)


def contract_details(contract, awards: aw.AwardsData) -> None:
    when = f"started {contract['start_date']}" + (" (day one)" if contract["day_one"] else "")
    when += f"; in force to {contract['last_day']}" if contract["last_day"] else "; open-ended"
    if contract["withdrawn_from"]:
        when += f"; **withdrawn {contract['withdrawn_from']}**"
    st.markdown(
        f"Contract {plain(contract['contract_reference'])}: {when} ({plain(contract['dates_kind'])})  \n"
        f"Prime: **{plain(contract['prime_name'])}**, {plain(aw.SECTOR_LABELS[contract['prime_sector']].lower())} "
        f"(classification confidence: {plain(contract['prime_confidence'])})"
    )
    if contract["placement_note"]:
        st.caption(plain(contract["placement_note"]))
    members = aw.supply_chain_members(contract["contract_reference"], awards=awards)
    st.dataframe(
        pd.DataFrame({
            "Role": members["role"].str.capitalize(),
            "Organisation": members["name"],
            "Sector": members["sector"].map(aw.SECTOR_LABELS),
            "Women-centred": members["women_centred"].map(YES_NO),
            "BAME-led": members["bame_led"].map(YES_NO),
            "Confidence": members["confidence"],
            "Source": members["source"],
        }),
        hide_index=True, width="stretch", key=f"awards_chain_{contract['contract_reference']}",
    )


def sector_words(codes: str) -> str:
    """``vcs; private`` as people read it."""
    return "; ".join(aw.SECTOR_LABELS.get(code, code) for code in codes.split("; ") if code)


def extent_chart(contracts: pd.DataFrame) -> None:
    table = aw.shares_by_extent_and_service(contracts)
    if table.empty:
        st.info("No contracts in force that day.")
        return
    table = table.assign(label=[f"{v} of {n} contracts" for v, n in
                                zip(table["n_contracts_vcs_prime"], table["n_contracts"])])
    y = alt.Y("service:N", title=None, sort=list(CATEGORY_LABELS.values()), axis=alt.Axis(labelLimit=320))
    base = alt.Chart(table).encode(y=y, yOffset=alt.YOffset("extent:N", sort=list(aw.EXTENTS)),
                                   x=alt.X("share_contracts_vcs_prime:Q"))
    # "n of N contracts" beside each bar, so a 0% bar still says how many contracts it stands for.
    counts = base.mark_text(align="left", dx=4, fontSize=12, color="#111111").encode(text="label:N")
    chart = base.mark_bar().encode(
        x=alt.X("share_contracts_vcs_prime:Q", title="Share of contracts (not of money) with a voluntary-sector prime",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1.25])),
        color=alt.Color("extent:N", title="Let for", legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=list(aw.EXTENTS),
                                        range=["#0072B2", "#E69F00", "#56B4E9", "#009E73", "#CC79A7"])),
        tooltip=[alt.Tooltip("service:N", title="Service"), alt.Tooltip("extent:N", title="Let for"),
                 alt.Tooltip("label:N", title="With a VCS prime"),
                 alt.Tooltip("n_primes_low_confidence:Q", title="Primes classified with low confidence")],
    ).properties(height=max(220, 30 * len(table)))
    st.altair_chart(chart + counts, width="stretch")


def withdrawn_section(service: str, day: str, awards: aw.AwardsData) -> None:
    gone = aw.withdrawn_by(service, as_of=day, awards=awards)
    with st.expander(f"Withdrawn by {aw.long_date(day)}: {len(gone)} {CATEGORY_LABELS[service].lower()} contracts "
                     "(listed apart, not counted above)", expanded=False):
        if gone.empty:
            st.markdown("None.")
        else:
            st.dataframe(gone.rename(columns=str.capitalize), hide_index=True, width="stretch", key="awards_withdrawn")


def timeline_section(service: str, day: str) -> None:
    """Who held each lot when: a bar per contract, coloured by the prime's sector."""
    st.subheader("Who held each lot when")
    table = aw.timeline(service, as_of=day)
    if table.empty:
        st.info("No contracts of this service had started by then.")
        return
    end = table["last_day"].replace("", day).where(table["last_day"].replace("", day) < day, day)
    bars = table.assign(end=end, sector=table["prime_sector"].map(aw.SECTOR_LABELS),
                        lot=table["area"] + " (" + table["extent"] + ")")
    chart = alt.Chart(bars).mark_bar(height=12).encode(
        x=alt.X("start_date:T", title=None), x2="end:T",
        y=alt.Y("lot:N", title=None, sort=sorted(bars["lot"].unique()), axis=alt.Axis(labelLimit=320)),
        color=alt.Color("sector:N", title="Prime's sector", legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=[aw.SECTOR_LABELS[k] for k in SECTOR_COLOURS if k in aw.SECTOR_LABELS],
                                        range=[SECTOR_COLOURS[k] for k in SECTOR_COLOURS if k in aw.SECTOR_LABELS])),
        tooltip=[alt.Tooltip("lot:N", title="Lot"), alt.Tooltip("prime_name:N", title="Prime"),
                 alt.Tooltip("start_date:N", title="Started"), alt.Tooltip("last_day:N", title="Last day"),
                 alt.Tooltip("how_it_ended:N", title="How it ended")],
    ).properties(height=max(160, 18 * bars["lot"].nunique()))
    st.altair_chart(chart, width="stretch")
    ended = table[table["how_it_ended"] != "in force"]
    st.caption(f"Up to {aw.long_date(day)}: " + (", ".join(
        f"{n} {how}" for how, n in ended["how_it_ended"].value_counts().items()) or "none ended") + ".")
    with st.expander("Every contract of this service, with how it ended", expanded=False):
        st.dataframe(table.drop(columns=["service_key"]), hide_index=True, width="stretch", key="awards_timeline")


def delivery_section(service: str, awards: aw.AwardsData) -> None:
    """Who delivers the service where today, by PCC area (from the PDUs providers name)."""
    st.subheader("Who delivers where today")
    rows = aw.delivery_by_pdu(service, awards)
    if rows.empty:
        st.info(f"MoJ's delivery list names no providers for {CATEGORY_LABELS[service].lower()}.")
        return
    by_area = aw.delivery_by_pcc_area(service, awards)
    st.caption(f"{rows['provider_name'].nunique()} named providers deliver {CATEGORY_LABELS[service].lower()} in "
               f"{rows['pdu_id'].nunique()} probation delivery units of {rows['pcc_name'].nunique()} PCC areas "
               "(MoJ's delivery list, May 2025). Sectors come from matching names to the classified organisations.")
    st.dataframe(pd.DataFrame({
        "PCC area": by_area["pcc_name"], "Provider (as MoJ's list spells it)": by_area["provider_name"],
        "Sector": by_area["sector"].map(aw.SECTOR_LABELS).fillna("Not matched"),
        "Women-centred": by_area["women_centred"].map(YES_NO).fillna("Not matched"),
        "Name match": by_area["match_confidence"], "PDUs": by_area["n_pdus"], "Which PDUs": by_area["pdu_names"],
    }), hide_index=True, width="stretch", height=320, key="awards_delivery")
    missing = aw.unmatched_names(awards)
    st.caption("Names not matched to a classified organisation (kept, without a sector): "
               + (plain("; ".join(missing)) if missing else "none") + ".")
    with st.expander("By probation delivery unit", expanded=False):
        st.dataframe(pd.DataFrame({
            "PDU": rows["pdu_name"], "PCC area": rows["pcc_name"], "Provider": rows["provider_name"],
            "Matched organisation": rows["matched_organisation"], "Sector": rows["sector"].map(aw.SECTOR_LABELS),
            "Women-centred": rows["women_centred"].map(YES_NO), "Name match": rows["match_confidence"],
        }), hide_index=True, width="stretch", key="awards_delivery_pdus")
    with st.expander("How the names were matched", expanded=False):
        st.dataframe(aw.name_matches(awards), hide_index=True, width="stretch", key="awards_name_matches")


def model_section(pset, params, service: str, day: str) -> None:
    st.subheader("The model beside what was awarded")
    if service not in aw.MODEL_DESIGNS:
        st.info(f"{CATEGORY_LABELS[service]} was let at mixed levels (regions, PCC areas and local authorities), so "
                "no one model design matches it. Choose accommodation, ETE, finance, personal wellbeing or "
                "women's services.")
        return
    from lotdesign.core.designs import get_design

    design = get_design(aw.MODEL_DESIGNS[service])
    with st.spinner(f"Scoring {design.label} for {CATEGORY_LABELS[service].lower()}…"):
        score = score_design(pset.providers, pset.reach, design, params.replace(service=service),
                             context=state.context_for(pset, design))
        result = aw.model_vs_awarded(service, score, provider_set=pset, as_of=day)
    st.markdown(f"**{plain(result.sentence)}**")
    if result.synthetic:
        st.caption("The model's side uses the synthetic demo organisations — not real organisations. Upload your "
                   "own list on the *Organisations* tab. The awarded side is the real record.")
    model_col, awarded_col = st.columns(2)
    model_col.metric(f"Model: lots where a local VCS could bid as prime ({design.label})", format_share(result.model_share),
                     help="Could bid as prime, not expected to win: a voluntary organisation based in the lot is "
                          "able to bid (the model's figure, with the sidebar's assumptions).")
    awarded_col.metric(f"Record: lots with a voluntary-sector prime ({aw.long_date(day)})",
                       format_share(result.awarded_share),
                       help="Of the same lots: contracts in force that day, let for exactly that lot, held by a "
                            "voluntary or community organisation.")
    st.caption(f"{result.n_lots_compared} lots compared (only lots with a contract in force let for exactly that "
               "lot; borough and part-area lots are not compared with whole areas). " + plain(result.low_confidence)
               + " " + plain(aw.ASSOCIATION_NOTE))
    shown = result.lots.assign(
        model=result.lots["model_locally_contestable"].map({True: "Yes", False: "No"}),
        awarded=result.lots["awarded_vcs_prime"].map({True: "Yes", False: "No"}).fillna("No contract let whole"),
    )
    st.dataframe(pd.DataFrame({
        "Lot": shown["lot"], "Model: local VCS could bid as prime": shown["model"],
        "Record: VCS prime held it": shown["awarded"], "Prime(s)": shown["prime_names"],
        "Sector(s)": shown["prime_sectors"].map(sector_words), "Confidence": shown["prime_confidence"],
    }), hide_index=True, width="stretch", height=300, key="awards_model_table")


def downloads(contracts: pd.DataFrame, service: str, day: str, awards: aw.AwardsData) -> None:
    st.subheader("Download")
    if contracts.empty:
        st.caption("Nothing in force that day to download.")
        return
    lots = aw.lot_awards(contracts, awards=awards)
    export = aw.awards_export_table(lots, awards, as_of=day)
    stem = f"awards_{service}_{day}"
    csv_and_excel_buttons(export, stem, csv_label="Per-lot awards (CSV)", excel_label="Per-lot awards (Excel)",
                          key="awards_download")
    st.download_button("Lots with boundaries (GeoPackage)", lambda: aw.awards_lots_bytes(export, "gpkg"),
                       f"{stem}.gpkg", "application/geopackage+sqlite3", key="awards_download_gpkg",
                       on_click="ignore")
    st.caption(f"Every file names the day ({day}), the sources and the app version ({app_version()}).")


def sources(awards: aw.AwardsData) -> None:
    with st.expander("Sources and how the lots are drawn", expanded=False):
        st.markdown(
            f"- {plain(awards.source_line)}\n"
            f"- {plain(awards.provenance.get('in_force_rule', ''))}\n"
            f"- {plain(awards.provenance.get('classification', ''))}.\n"
            "- Each contract is drawn on the ground it was let for: a whole region or PCC area on its boundary; "
            "local-authority lots (Greater Manchester's boroughs, the 2025 South West lots) on their real district "
            "boundaries, through a name → district code table checked when the data are built; contracts let for "
            "two PCC areas on both.\n"
            f"- {plain(aw.PART_LOT_NOTE)}\n"
            f"- Delivery locations: {plain(awards.provenance.get('delivery_source', ''))}.\n"
            f"- Boundaries: {plain(maps.map_attribution())}."
        )
