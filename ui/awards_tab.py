"""What was awarded: the real Dynamic Framework contracts on a map, lot by lot, with supply chains.

Display only: every figure comes from :mod:`lotdesign.awards.record`. The map colours each real lot by
its prime's sector, outlines lots whose prime is classified with low confidence with a dashed
line, and says where a contract covers only part of the lot it is drawn on.
"""

from __future__ import annotations

import altair as alt
import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from lotdesign.awards import record as aw
from lotdesign.core.compare import format_share
from lotdesign.core.params import CATEGORY_LABELS
from lotdesign.importing.providers import escape_text
from lotdesign.core.scoring import score_design
from ui import maps, state
from ui.downloads import csv_and_excel_buttons
from ui.format import plain

MAP_HEIGHT = 520
SERVICE_KEY = "awards_service"
PERIOD_KEY = "awards_period"
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


def periods(awards: aw.AwardsData) -> dict[str, tuple[str | None, str | None]]:
    """The choices of when, as (live_from on or after, on or before)."""
    later = f"Later re-lets and new lots (2022 to {awards.records_to[:4]})"
    return {
        "Day one (June 2021)": (aw.DAY_ONE_LIVE_FROM, aw.DAY_ONE_LIVE_FROM),
        later: ("2021-01-02", None),
        f"Every contract (2021 to {awards.records_to[:4]})": (None, None),
    }


@st.cache_data(show_spinner=False, max_entries=64)
def lot_shapes(pfa_code_sets: tuple[str, ...]) -> dict:
    """Display polygons (GeoJSON, EPSG:4326, 5 dp) of lots given by their ``;``-joined PFA codes."""
    frame = aw.awards_lots_geodataframe(pd.DataFrame({"lot_pfa_codes": list(pfa_code_sets)}), kind="display")
    return {codes: maps.rounded_geometry(geometry) for codes, geometry in zip(pfa_code_sets, frame.geometry)}


def lot_key(row) -> str:
    return f"{row['lot_design']}|{row['lot']}"


def lot_label(key: str, lots: pd.DataFrame) -> str:
    row = lots[lots["key"] == key].iloc[0]
    level = aw.LEVEL_LABELS.get(row["lot_level"], row["lot_level"])
    part = " — part of the area only" if row["finer_than_map"] else ""
    return f"{row['lot']} ({level.lower()}){part}"


def render(pset, params) -> None:
    awards = aw.load_awards()
    st.subheader("What was awarded: the real Dynamic Framework contracts")
    st.info(aw.CONTRACTS_NOT_QUALITY + " Names are shown as MoJ records them.", icon=":material/gavel:")

    choices = periods(awards)
    top = st.columns([1, 1.4])
    if SERVICE_KEY not in st.session_state:
        st.session_state[SERVICE_KEY] = params.service
    service = top[0].selectbox("Service", list(CATEGORY_LABELS), format_func=CATEGORY_LABELS.get, key=SERVICE_KEY)
    period = top[1].radio("Which contracts", list(choices), key=PERIOD_KEY, horizontal=True,
                          help="Dates are MoJ's live-from dates: 2021-01-01 marks the contracts that started in "
                               "June 2021; later dates are re-lets and new lots.")
    date_from, date_to = choices[period]
    contracts = aw.contracts_table(service, date_from=date_from, date_to=date_to, awards=awards)
    moj_names = "; ".join(aw.resolve_service(service))
    if contracts.empty:
        st.warning(f"No {CATEGORY_LABELS[service].lower()} contracts ({moj_names}) in this period.")
        return
    lots = aw.lot_awards(contracts, awards=awards)
    lots["key"] = [lot_key(row) for _, row in lots.iterrows()]

    st.markdown(plain(aw.level_sentence(contracts, awards=awards)))
    st.caption(
        f"{len(contracts)} contracts ({plain(moj_names)}) in {len(lots)} lots. "
        + plain(aw.low_confidence_note(contracts))
    )

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

    st.subheader("Voluntary-sector primes by lot level and service")
    everything = aw.contracts_table(date_from=date_from, date_to=date_to, awards=awards)
    level_chart(everything, awards)
    st.caption(plain(aw.low_confidence_note(everything)) + f" Period: {plain(period)}.")
    st.caption(plain(aw.members_low_confidence_note(contracts, awards=awards))
               + " Members' sectors drive the shares of voluntary-sector members shown for each lot.")

    model_section(pset, params, service)

    st.subheader("Download")
    export = aw.awards_export_table(lots.drop(columns="key"), awards)
    stem = f"awards_{service}_{'day_one' if date_from == date_to else 'all' if date_from is None else 'later'}"
    csv_and_excel_buttons(export, stem, csv_label="Per-lot awards (CSV)", excel_label="Per-lot awards (Excel)",
                          key="awards_download")
    st.download_button("Lots with boundaries (GeoPackage)", lambda: aw.awards_lots_bytes(export, "gpkg"),
                       f"{stem}.gpkg", "application/geopackage+sqlite3", key="awards_download_gpkg",
                       on_click="ignore")

    with st.expander("Sources and how the lots are placed", expanded=False):
        st.markdown(
            f"- {plain(awards.source_line)}\n"
            f"- {plain(awards.provenance.get('classification', ''))}.\n"
            "- Region lots are drawn as the 12 probation regions, PCC-area lots as the 42 PCC areas. Lots "
            "finer than a PCC area (London's north/south women's services, Greater Manchester's borough lots, "
            "some South West districts) are drawn at the area that contains them and marked *part of the area "
            "only*; their own boundaries are not published.\n"
            f"- {awards.provenance.get('n_not_placed', 0)} contracts could not be placed on a lot; any that "
            "cannot are listed in the downloads with the reason.\n"
            f"- Boundaries: {plain(maps.map_attribution())}."
        )


def awards_map(lots: pd.DataFrame, service: str, *, background: bool, asset_base: str) -> folium.Map:
    """Real lots coloured by the prime's sector; dashed outline where the classification is low confidence."""
    shapes = lot_shapes(tuple(sorted(set(lots["lot_pfa_codes"].dropna()) - {""})))
    # Region lots first, so PCC-area lots inside a region are drawn on top and stay clickable.
    ordered = lots.assign(_order=(lots["lot_level"] != "region").astype(int)).sort_values(["_order", "lot"])
    features = []
    for _, row in ordered.iterrows():
        shape = shapes.get(row["lot_pfa_codes"])
        if shape is None:
            continue
        low = row["prime_confidence"] == "low"
        style = {"fillColor": SECTOR_COLOURS[row["lot_prime_sector"]]}
        if low:
            style.update({"dashArray": "7 5", "weight": 3.5})
        notes = []
        if row["finer_than_map"]:
            notes.append("Part of the area only (finer than the map)")
        if row["n_withdrawn"]:
            notes.append(f"{row['n_withdrawn']} withdrawn")
        if low:
            notes.append("Sector classified with low confidence")
        tip = (
            f"<b>{escape_text(row['lot'])}</b><br>Prime: {escape_text(row['prime_names'])}"
            f"<br>{escape_text(SECTOR_WORDS[row['lot_prime_sector']])} · {row['n_contracts']} contract"
            f"{'s' if row['n_contracts'] != 1 else ''}"
            + "".join(f"<br><i>{escape_text(note)}</i>" for note in notes)
            + "<br><i>Click for the supply chain</i>"
        )
        features.append({
            "type": "Feature", "geometry": shape,
            "properties": {"kind": "awardlot", "key": row["key"], "lot": row["lot"], "style": style, "tip": tip},
        })
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
    st.markdown(f'<p class="lde-detail-title">{escape_text(row["lot"])}</p>', unsafe_allow_html=True)
    level = aw.LEVEL_LABELS.get(row["lot_level"], row["lot_level"])
    st.caption(f"{plain(level)} lot · {row['n_contracts']} contract{'s' if row['n_contracts'] != 1 else ''} · "
               f"members that are voluntary-sector {format_share(row['share_members_vcs'])}, women-centred "
               f"{format_share(row['share_members_women_centred'])}, BAME-led {format_share(row['share_members_bame_led'])}"
               + (f" ({row['n_members_low_confidence']} of {row['n_members']} classified with low confidence)"
                  if row["n_members_low_confidence"] else ""))
    chosen = contracts[contracts["contract_reference"].isin(row["contract_references"].split("; "))]
    for _, contract in chosen.iterrows():
        # Several contracts (Greater Manchester's borough lots) fold away; one or two stay open.
        with st.expander(plain(f"{contract['intervention_title']} ({contract['contract_reference']})"),
                         expanded=len(chosen) <= 2):
            contract_details(contract, awards)


def contract_details(contract, awards: aw.AwardsData) -> None:
    when = f"live from {contract['live_from']}" + (" (day one, June 2021)" if contract["day_one"] else "")
    if contract["withdrawn"]:
        when += f"; **withdrawn {contract['live_until']}**"
    st.markdown(
        f"Contract {plain(contract['contract_reference'])}: {when}  \n"
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


def level_chart(contracts: pd.DataFrame, awards: aw.AwardsData) -> None:
    table = aw.shares_by_level_and_service(contracts, awards=awards)
    if table.empty:
        st.info("No contracts in this period.")
        return
    table = table.assign(label=[f"{v} of {n}" for v, n in zip(table["n_contracts_vcs_prime"], table["n_contracts"])])
    base = alt.Chart(table).encode(
        y=alt.Y("service:N", title=None, sort=list(CATEGORY_LABELS.values()), axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("lot_level:N"),
        x=alt.X("share_contracts_vcs_prime:Q"),
    )
    # "n of N" beside each bar, so a 0% bar still says how many contracts it stands for.
    counts = base.mark_text(align="left", dx=4, fontSize=12, color="#111111").encode(text="label:N")
    chart = (
        base
        .mark_bar()
        .encode(
            y=alt.Y("service:N", title=None, sort=list(CATEGORY_LABELS.values()), axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("lot_level:N"),
            x=alt.X("share_contracts_vcs_prime:Q", title="Share of contracts with a voluntary-sector prime",
                    axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("lot_level:N", title="Lot level", legend=alt.Legend(orient="bottom"),
                            scale=alt.Scale(domain=list(aw.LEVEL_LABELS.values()), range=["#0072B2", "#E69F00"])),
            tooltip=[alt.Tooltip("service:N", title="Service"), alt.Tooltip("lot_level:N", title="Lot level"),
                     alt.Tooltip("label:N", title="Contracts with a VCS prime"),
                     alt.Tooltip("n_primes_low_confidence:Q", title="Primes classified with low confidence")],
        )
        .properties(height=max(220, 34 * len(table)))
    )
    st.altair_chart(chart + counts, width="stretch")


def model_section(pset, params, service: str) -> None:
    st.subheader("The model beside what was awarded")
    if service not in aw.MODEL_DESIGNS:
        st.info(f"{CATEGORY_LABELS[service]} was let at mixed levels (regions, PCC areas and single districts), so "
                "no one model design matches it. Choose accommodation, ETE, finance, personal wellbeing or "
                "women's services.")
        return
    from lotdesign.core.designs import get_design

    design = get_design(aw.MODEL_DESIGNS[service])
    with st.spinner(f"Scoring {design.label} for {CATEGORY_LABELS[service].lower()}…"):
        score = score_design(pset.providers, pset.reach, design, params.replace(service=service),
                             context=state.context_for(pset, design))
        result = aw.model_vs_awarded(service, score, provider_set=pset)
    st.markdown(f"**{plain(result.sentence)}**")
    if result.synthetic:
        st.caption("The model's side uses the synthetic demo organisations — not real organisations. Upload your "
                   "own list on the *Organisations* tab. The awarded side is the real record.")
    model_col, awarded_col = st.columns(2)
    model_col.metric(f"Model: lots locally contestable ({design.label})", format_share(result.model_share),
                     help="Lots where a voluntary organisation based in the lot could bid as prime (the model's "
                          "figure, with the sidebar's assumptions).")
    awarded_col.metric("Awarded: lots with a voluntary-sector prime (June 2021)", format_share(result.awarded_share),
                       help="Of the same lots: day-one contracts (live from 2021-01-01) won by a voluntary or "
                            "community organisation.")
    st.caption(f"{result.n_lots_compared} lots compared (lots with a day-one contract let for exactly that lot). "
               + plain(result.low_confidence))
    shown = result.lots.assign(
        model=result.lots["model_locally_contestable"].map({True: "Yes", False: "No"}),
        awarded=result.lots["awarded_vcs_prime"].map({True: "Yes", False: "No"}).fillna("No day-one contract"),
    )
    st.dataframe(
        pd.DataFrame({
            "Lot": shown["lot"],
            "Model: local VCS could bid as prime": shown["model"],
            "Awarded: VCS prime won": shown["awarded"],
            "Prime(s)": shown["prime_names"],
            "Sector(s)": shown["prime_sectors"].map(sector_words),
            "Confidence": shown["prime_confidence"],
        }),
        hide_index=True, width="stretch", height=300, key="awards_model_table",
    )
