"""Levers and robustness: consortium bids, a grant pot, specialist lots, and the robustness check.

Every figure comes from the library (:mod:`lotdesign.levers.consortia`, :mod:`lotdesign.levers.grants`,
:mod:`lotdesign.levers.specialist_lots`, :mod:`lotdesign.levers.robustness`); this module only draws widgets
and remembers results for the session.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from lotdesign.levers import consortia
from lotdesign.levers import grants
from lotdesign.levers import robustness
from lotdesign.levers import specialist_lots
from lotdesign.errors import ValidationError
from lotdesign.levers.lot_cover import LotCoverIndex
from ui import state
from ui.downloads import csv_and_excel_buttons
from ui.format import format_gbp, format_share, plain

#: Widget keys of this tab.
DESIGN = "levers_design"
SIZE = "levers_consortium_size"
LEAD_PCT = "levers_lead_pct"
MEMBERS_FROM = "levers_members_from"
WITHOUT_SOLO = "levers_without_solo_primes"
GRANT_PCT = "levers_grant_pct"
MAX_GRANT = "levers_max_grant"
MIN_INCOME = "levers_min_income"
ALLOCATION = "levers_allocation"
SPECIALISM = "levers_specialism"
SPECIALIST_PCT = "levers_specialist_pct"
SPECIALIST_DESIGN = "levers_specialist_design"
DESIGN_A = "robust_design_a"
DESIGN_B = "robust_design_b"
METRIC = "robust_metric"
RANGE_KEYS = {name: f"robust_range_{name}" for name in robustness.ASSUMPTIONS}

CONTESTABLE_LABEL = "Lots some voluntary organisation could bid for as prime"
LOCAL_LABEL = "Lots with a prime bid led from the lot"
MEMBERS_FROM_LABELS = {"anywhere": "Anywhere", "lot_and_neighbours": "Only the lot and the lots bordering it"}
ALLOCATION_LABELS = {"widest_reach": "Widest reach first (best case)", "smallest_first": "Smallest organisations first"}
SPECIALISM_LABELS = {"none": "None", "women": "Women's lots", "bame": "BAME-specialist lots"}


def _cover_index(context) -> LotCoverIndex:
    """The lot cover index of ``context`` (one design at a time is plenty)."""
    key = state.content_key(state.provider_set(), context.design)
    return state.session_memo("lever_cover_index", key, lambda: LotCoverIndex(context))


def render(pset, params) -> None:
    available = state.designs()
    chosen = state.compared_designs()
    service = params.service_label.lower()
    st.subheader("Policy levers and robustness")
    st.caption(
        f"Service: {service} (change it in the sidebar), with the sidebar's assumptions. "
        + ("Organisations: **synthetic demo data**, not real organisations." if pset.synthetic
           else f"Organisations: {plain(pset.load.source_name)}.")
    )
    ids = list(available)
    default_design = chosen[1].id if len(chosen) > 1 else chosen[0].id
    st.session_state.setdefault(DESIGN, default_design)
    design = available[st.selectbox("Lot design for the levers", ids, key=DESIGN,
                                    format_func=lambda d: available[d].label)]
    context = state.context_for(pset, design)

    consortium_section(context, design, params)
    st.divider()
    grant_section(context, design, params)
    st.divider()
    specialist_section(pset, context, design, params, available)
    st.divider()
    robustness_section(pset, params, available, chosen)


def consortium_section(context, design, params) -> None:
    st.markdown("### Consortium bids")
    st.caption(
        "Up to N voluntary organisations bid together as prime: their incomes add up for the turnover test, their "
        "service areas join for the reach test, and the lead must hold a share of the turnover requirement. "
        f"{consortia.SOURCES['combined_turnover']}. Group size and lead share: assumptions."
    )
    left, middle, right = st.columns(3)
    size = left.slider("Most organisations in a consortium", 1, 4, consortia.ConsortiumParams().max_members, key=SIZE)
    lead = middle.slider("Lead must hold at least this share of the turnover requirement (%)", 0, 100,
                         round(100 * consortia.ConsortiumParams().lead_share), step=5, key=LEAD_PCT,
                         help=consortia.SOURCES["lead_share"])
    members_from = right.radio("Members based", list(MEMBERS_FROM_LABELS), format_func=MEMBERS_FROM_LABELS.get,
                               key=MEMBERS_FROM, help=consortia.SOURCES["members_from"])
    without_solo = st.checkbox("Only organisations that could not bid as prime alone (no large charity joining)",
                               key=WITHOUT_SOLO, help=consortia.SOURCES["without_solo_primes"])
    rule = consortia.ConsortiumParams(size, lead / 100, members_from, without_solo)
    result = state.session_memo("levers_consortia", state.content_key(state.provider_set(), design, params, rule),
                                lambda: consortia.consortium_bids(context, params, rule, cover_index=_cover_index(context)))
    summary = result.summary
    a, b = st.columns(2)
    before, after = summary.loc["without consortia"], summary.loc["with consortia"]
    gained = int(after["n_lots_contestable"] - before["n_lots_contestable"])
    gained_local = int(after["n_lots_locally_contestable"] - before["n_lots_locally_contestable"])
    a.metric(CONTESTABLE_LABEL, f"{int(after['n_lots_contestable'])} of {int(after['n_lots'])}",
             delta=f"{gained} through consortia", delta_color="normal" if gained else "off",
             delta_arrow="auto" if gained else "off", help="Without consortia: single organisations only.")
    b.metric(LOCAL_LABEL, f"{int(after['n_lots_locally_contestable'])} of {int(after['n_lots'])}",
             delta=f"{gained_local} through consortia", delta_color="normal" if gained_local else "off",
             delta_arrow="auto" if gained_local else "off",
             help="A consortium whose lead is based in the lot, or a single organisation based there.")
    st.markdown(plain(result.sentence))
    searched = result.lots[result.lots["method"] != "not needed"]
    if len(searched):
        shown = pd.DataFrame({
            "Lot": searched.index,
            "Turnover needed": searched["turnover_needed_gbp"].map(format_gbp),
            "Opened by a consortium": searched["only_through_consortia"] | searched["locally_only_through_consortia"],
            "Members": searched["n_members"],
            "Search": searched["method"],
            "Why": searched["why"],
        })
        st.dataframe(shown, hide_index=True, width="stretch")
        st.caption("Search: *exact* checked every group; *shortlist + greedy* checked every group of a shortlist and "
                   "built groups greedily (a qualifying group could still exist when none is found).")
    else:
        st.info("Every lot already has an organisation based in it that could bid as prime alone.")
    csv_and_excel_buttons(result.lots.reset_index(), f"consortia_{design.id}_{params.service}", key="dl_consortia")


def grant_section(context, design, params) -> None:
    st.markdown("### Ring-fenced grant pot")
    st.caption(
        "A share of the service budget is given as grants to voluntary organisations based in each lot, with no "
        "turnover test; the rest is let as the lots, which shrink accordingly. "
        f"{grants.SOURCES['share']}. Grant size and who is funded: assumptions."
    )
    defaults = grants.GrantParams()
    cols = st.columns(4)
    share = cols[0].slider("Share of the budget as grants (%)", 0, 50, round(100 * defaults.share), key=GRANT_PCT)
    largest = cols[1].number_input("Largest grant (£)", 500, 500_000, int(defaults.max_grant_gbp), step=500, key=MAX_GRANT,
                                   help=grants.SOURCES["max_grant_gbp"])
    least = cols[2].number_input("Least income to receive one (£)", 0, 10_000_000, int(defaults.min_income_gbp), step=1000,
                                 key=MIN_INCOME, help=grants.SOURCES["min_income_gbp"])
    allocation = cols[3].radio("When the pot is short", list(ALLOCATION_LABELS), format_func=ALLOCATION_LABELS.get,
                               key=ALLOCATION, help=grants.SOURCES["allocation"])
    if share == 0:
        st.info("No grant pot (0%).")
        return
    pot = grants.GrantParams(share / 100, float(largest), float(least), allocation)
    result = state.session_memo("levers_grants", state.content_key(state.provider_set(), design, params, pot),
                                lambda: grants.grant_pots(context, params, pot, cover_index=_cover_index(context)))
    s = result.summary
    a, b, c = st.columns(3)
    a.metric("Grants", f"{s['n_grants']:,}", help=f"{s['n_eligible']:,} organisations eligible")
    b.metric("Residents reached by funded organisations", format_share(s["population_reached_share"]))
    c.metric("Women / minority-ethnic residents reached",
             f"{format_share(s['females_reached_share'])} / {format_share(s['minority_ethnic_reached_share'])}")
    st.markdown(plain(result.sentence))
    lots = result.lots
    st.dataframe(pd.DataFrame({
        "Lot": lots.index,
        "Pot": lots["pot_gbp"].map(format_gbp),
        "Lot value left": lots["value_after_gbp"].map(format_gbp),
        "Eligible": lots["n_eligible"],
        "Grants": lots["n_grants"],
        "Residents reached": lots["population_reached_share"].map(format_share),
        "Women reached": lots["females_reached_share"].map(format_share),
        "Minority-ethnic reached": lots["minority_ethnic_reached_share"].map(format_share),
    }), hide_index=True, width="stretch")
    csv_and_excel_buttons(lots.reset_index(), f"grants_{design.id}_{params.service}", key="dl_grants")


def specialist_section(pset, context, design, params, available) -> None:
    st.markdown("### Specialist lots")
    st.caption(f"{specialist_lots.SOURCES['specialism']}. Open only to voluntary organisations with the specialism; "
               f"{specialist_lots.SOURCES['value_weighting'].lower()}.")
    cols = st.columns(3)
    specialism = cols[0].radio("Dedicated lots", list(SPECIALISM_LABELS), format_func=SPECIALISM_LABELS.get, key=SPECIALISM)
    share = cols[1].slider("Share of the budget in them (%)", 1, 50, round(100 * specialist_lots.SpecialistLotParams().share),
                           key=SPECIALIST_PCT, help=specialist_lots.SOURCES["share"])
    ids = list(available)
    st.session_state.setdefault(SPECIALIST_DESIGN, design.id)
    geography = available[cols[2].selectbox("On the geography of", ids, key=SPECIALIST_DESIGN,
                                            format_func=lambda d: available[d].label)]
    if specialism == "none":
        st.info("Choose women's or BAME-specialist lots to see who could prime them.")
        return
    rule = specialist_lots.SpecialistLotParams(specialism, share / 100)
    geography_context = state.context_for(pset, geography)
    result = state.session_memo("levers_specialist", state.content_key(pset, design, geography, params, rule),
                                lambda: specialist_lots.specialist_lots(context, params, rule, geography=geography_context))
    st.markdown(plain(result.sentence))
    lots = result.lots
    st.dataframe(pd.DataFrame({
        "Lot": lots.index,
        "Value": lots["value_gbp"].map(format_gbp),
        "Turnover needed": lots["turnover_needed_gbp"].map(format_gbp),
        "Specialists reaching it": lots["n_specialists_reaching"],
        "Could prime": lots["n_specialists_prime_eligible"],
        "Who": lots["could_prime"],
    }), hide_index=True, width="stretch")
    csv_and_excel_buttons(lots.reset_index(), f"specialist_lots_{specialism}_{geography.id}", key="dl_specialist")


def _parse_range(name: str, text: str):
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if name == "value_weighting":
        return tuple(parts)
    values = []
    for part in parts:
        number = float(part.rstrip("%×x ")) / (100 if part.endswith("%") else 1)
        values.append(number)
    return tuple(values)


def _range_text(name: str, values) -> str:
    if name == "value_weighting":
        return ", ".join(values)
    if name == "turnover_multiple":
        return ", ".join(f"{v:g}" for v in values)
    return ", ".join(f"{100 * v:g}%" for v in values)


def robustness_section(pset, params, available, chosen) -> None:
    st.markdown("### Does the answer survive the assumptions?")
    st.caption("Two designs compared over every combination of the assumptions below, with the eligibility tests "
               "only (coverage figures are left out of the grid). Ranges are editable; each has its source.")
    ids = list(available)
    st.session_state.setdefault(DESIGN_A, chosen[0].id)
    st.session_state.setdefault(DESIGN_B, chosen[1].id if len(chosen) > 1 else next(d for d in ids if d != chosen[0].id))
    cols = st.columns(3)
    a_id = cols[0].selectbox("Design A", ids, key=DESIGN_A, format_func=lambda d: available[d].label)
    b_id = cols[1].selectbox("Design B", ids, key=DESIGN_B, format_func=lambda d: available[d].label)
    metric = cols[2].selectbox("Lead figure", list(robustness.ROBUST_METRICS), key=METRIC,
                               format_func=robustness.ROBUST_LABELS.get)
    with st.expander("Assumption ranges (edit to taste)"):
        grid, problems = {}, []
        for name in robustness.ASSUMPTIONS:
            st.session_state.setdefault(RANGE_KEYS[name], _range_text(name, robustness.DEFAULT_GRID[name]))
            text = st.text_input(robustness.ASSUMPTION_LABELS[name], key=RANGE_KEYS[name], help=robustness.SOURCES[name])
            try:
                grid[name] = _parse_range(name, text)
            except ValueError:
                problems.append(f"{robustness.ASSUMPTION_LABELS[name]}: “{text}” is not a list of numbers.")
        st.caption("Sources: " + " · ".join(f"**{robustness.ASSUMPTION_LABELS[n]}**: {robustness.SOURCES[n]}"
                                             for n in robustness.ASSUMPTIONS))
    if a_id == b_id:
        st.info("Choose two different designs.")
        return
    if problems:
        st.error("\n".join(f"- {plain(p)}" for p in problems))
        return
    context_a, context_b = state.context_for(pset, available[a_id]), state.context_for(pset, available[b_id])
    # A new provider set needs its own reach per radius factor.
    cache = state.session_memo("robustness_cache", state.content_key(pset), robustness.RobustnessCache)
    key = state.content_key(pset, available[a_id], available[b_id], params, metric, sorted(grid.items()))
    try:
        result = state.session_memo("robustness", key,
                                    lambda: _robustness_with_progress(context_a, context_b, params, grid, metric, cache))
    except ValidationError as error:
        st.error(plain(error.summary) + "\n\n" + "\n".join(f"- {plain(p)}" for p in error.problems))
        return
    st.success(plain(result.sentence))
    tornado_chart(result)
    shares = result.win_shares
    st.markdown("**Share of the combinations in which each design is ahead**")
    st.dataframe(pd.DataFrame({
        "Figure": shares["label"],
        plain(result.label_a): shares["share_a_wins"].map(format_share),
        "Level": shares["share_ties"].map(format_share),
        plain(result.label_b): shares["share_b_wins"].map(format_share),
    }), hide_index=True, width="stretch")
    st.markdown("**Where the conclusion changes** (one assumption at a time, the others as in the sidebar)")
    st.dataframe(result.break_even[["label", "direction", "in_force", "flips_at_text", "searched"]].rename(columns={
        "label": "Assumption", "direction": "Direction", "in_force": "In force", "flips_at_text": "First changes at",
        "searched": "Searched"}), hide_index=True, width="stretch")
    csv_and_excel_buttons(result.grid, f"robustness_{result.design_a}_{result.design_b}_{params.service}", key="dl_robust")


def _robustness_with_progress(context_a, context_b, params, grid, metric, cache):
    """Run the robustness check with a progress bar (removed when done, or when the check fails)."""
    bar = st.progress(0.0, text="Checking the comparison over the assumption grid…")
    try:
        return robustness.robustness(context_a, context_b, params, grid=grid, metric=metric, cache=cache,
                                     progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0),
                                                                                     text=message))
    finally:
        bar.empty()


def tornado_chart(result) -> None:
    """Bars from the smallest to the largest gap A − B each assumption gives alone (widest first)."""
    frame = result.tornado.assign(
        gap_low_pp=lambda t: 100 * t["gap_low"], gap_high_pp=lambda t: 100 * t["gap_high"],
        text_low=lambda t: t["low"].where(t["swing"] > 0, ""),
        text_high=lambda t: t["high"].where(t["swing"] > 0, "no change over " + t["range"]),
    )
    ends = [*frame["gap_low_pp"], *frame["gap_high_pp"], 0.0]
    pad = 0.15 * ((max(ends) - min(ends)) or 1.0)
    domain = [min(ends) - pad, max(ends) + pad]
    order = list(frame["label"])
    base = alt.Chart(frame).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320, labelFontSize=14)))
    bars = base.mark_bar(color="#0072B2", height=22).encode(
        x=alt.X("gap_low_pp:Q", scale=alt.Scale(domain=domain, nice=False),
                title=f"{robustness.ROBUST_LABELS[result.metric]}: {result.label_a} minus "
                f"{result.label_b} (percentage points)"),
        x2="gap_high_pp:Q",
        tooltip=[alt.Tooltip("label:N", title="Assumption"), alt.Tooltip("range:N", title="Range"),
                 alt.Tooltip("text_low:N", title="Smallest gap at"), alt.Tooltip("gap_low_pp:Q", format=".1f"),
                 alt.Tooltip("text_high:N", title="Largest gap at"), alt.Tooltip("gap_high_pp:Q", format=".1f")],
    )
    low = base.mark_text(align="right", dx=-6, fontSize=13).encode(x="gap_low_pp:Q", text="text_low:N")
    high = base.mark_text(align="left", dx=6, fontSize=13).encode(x="gap_high_pp:Q", text="text_high:N")
    in_force = alt.Chart(pd.DataFrame({"gap": [100 * float(frame["gap_in_force"].iloc[0])]})).mark_rule(
        color="#D55E00", strokeDash=[4, 3], size=2).encode(x="gap:Q")
    zero = alt.Chart(pd.DataFrame({"gap": [0.0]})).mark_rule(color="#444444").encode(x="gap:Q")
    chart = alt.layer(bars, low, high, zero, in_force).properties(height=46 * len(frame), width="container",
                                                                   title="Which assumption moves the gap most")
    st.altair_chart(chart, width="stretch", theme=None)
    st.caption("Each bar: the gap when that assumption alone runs over its range (the others as in the sidebar); "
               "the dashed line is the gap under the assumptions in force; the labels are the values at each end.")
