"""The standalone HTML map for a briefing: a title, the headline figures, and lots that open a
popup with their figures when clicked (or focused and opened with Enter).

Builds on the Map tab's folium map (:func:`ui.map_tab.build`), then inlines every script with
:func:`lotdesign.io.export.map_html`, so the file opens in any browser with no internet. Every text
is HTML-escaped; values written into scripts go through :func:`ui.maps.script_json`.
"""

from __future__ import annotations

import datetime as dt

from branca.element import Element, MacroElement

from lotdesign.core.compare import METRIC_LABELS, format_gbp, format_share
from lotdesign.io.export import map_html
from lotdesign.importing.providers import escape_text
from ui import map_tab, maps
from ui.first_screen import FIRST_SCREEN_METRICS
from ui.format import LOT_METRIC_LABELS, format_metric

#: The figures in a lot's popup: (label, column, format).
POPUP_FIGURES = (
    ("Population", "population", lambda v: f"{int(v):,}"),
    ("Annual lot value", "value_gbp", format_gbp),
    ("Income needed to bid as prime", "turnover_needed_gbp", format_gbp),
    ("Voluntary organisations that could bid as prime", "n_vcs_prime_eligible", lambda v: f"{int(v):,}"),
    ("… of them based in the lot", "n_vcs_local_prime_eligible", lambda v: f"{int(v):,}"),
    ("Women reached by a prime-eligible women's specialist", "specialist_prime_coverage_women", format_share),
    ("Minority-ethnic residents reached by a prime-eligible BAME specialist", "specialist_prime_coverage_bame",
     format_share),
)

BRIEF_CSS = """
<style>
body { margin: 0; font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; color: #111; }
.lde-brief { padding: 8px 14px 6px 14px; border-bottom: 1px solid #999; }
.lde-brief h1 { font-size: 22px; margin: 0 0 2px 0; }
.lde-brief p { margin: 0 0 4px 0; font-size: 14px; }
.lde-brief table { border-collapse: collapse; font-size: 14px; }
.lde-brief th, .lde-brief td { border: 1px solid #bbb; padding: 2px 8px; text-align: left; }
.lde-brief .synthetic { font-weight: 700; color: #7a2e00; }
.folium-map { height: calc(100vh - 230px) !important; min-height: 360px; }
.lde-popup table { border-collapse: collapse; font-size: 13px; }
.lde-popup td { padding: 1px 6px; border-bottom: 1px solid #ddd; }
</style>
"""


class LotPopups(MacroElement):
    """Binds a popup of figures to every lot of a lots layer; Enter or Space on a focused lot opens it."""

    _template = maps.Template(
        """
        {% macro script(this, kwargs) %}
        (function (popups) {
            {{ this.layer.get_name() }}.eachLayer(function (layer) {
                var lot = layer.feature && layer.feature.properties.lot;
                if (!lot || !popups[lot]) { return; }
                layer.bindPopup(popups[lot], {maxWidth: 360, className: "lde-popup"});
                var node = layer.getElement && layer.getElement();
                if (node) {
                    node.setAttribute("tabindex", "0");
                    node.setAttribute("role", "button");
                    node.setAttribute("aria-label", lot + ": press Enter for its figures");
                    node.addEventListener("keydown", function (e) {
                        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); layer.openPopup(); }
                    });
                }
            });
        })({{ this.popups|script_json }});
        {% endmacro %}
        """
    )

    def __init__(self, layer, popups: dict):
        super().__init__()
        self._name = "LotPopups"
        self.layer = layer
        self.popups = popups


def popup_html(score, lot: str) -> str:
    """A lot's popup: its name, design and figures (escaped HTML)."""
    row = score.lots.loc[lot]
    cells = "".join(f"<tr><td>{escape_text(label)}</td><td><b>{escape_text(form(row[column]))}</b></td></tr>"
                    for label, column, form in POPUP_FIGURES)
    return (f'<div class="lde-popup"><b>{escape_text(lot)}</b><br><i>{escape_text(score.design.label)}</i>'
            f"<table>{cells}</table></div>")


def header_html(result, params, metric: str, *, synthetic: bool, generated_at: dt.datetime) -> str:
    """Title, headline figures of the compared designs and what the colours show (escaped HTML)."""
    scores = result.scores
    names = [score.design.label for score in scores]
    title = f"{params.service_label}: " + " vs ".join(names)
    head = "".join(f"<th scope=\"col\">{escape_text(name)}</th>" for name in names)
    rows = "".join(
        f"<tr><th scope=\"row\">{escape_text(METRIC_LABELS[m])}</th>"
        + "".join(f"<td>{escape_text(format_metric(m, result.table.at[s.design.id, m]))}</td>" for s in scores)
        + "</tr>"
        for m in FIRST_SCREEN_METRICS
    )
    note = ('<p class="synthetic">Synthetic demo data — not real organisations.</p>' if synthetic else "")
    return (
        f'{BRIEF_CSS}<header class="lde-brief"><h1>{escape_text(title)}</h1>{note}'
        f"<p>Map: {escape_text(scores[0].design.label)}, lots coloured by "
        f"{escape_text(LOT_METRIC_LABELS[metric].lower())}. Click a lot (or Tab to it and press Enter) for its figures. "
        f"Made {generated_at:%Y-%m-%d %H:%M} UTC with Lot Design Explorer.</p>"
        f'<table><tr><th scope="col">Figure</th>{head}</tr>{rows}</table></header>'
    )


def briefing_map(pset, result, params, metric: str, *, background: bool, generated_at: dt.datetime | None = None):
    """The folium map of the main design with the briefing header and lot popups (not yet rendered)."""
    score = result.scores[0]
    fmap = map_tab.build(pset, score, metric, background=background, asset_base=maps.asset_base_url(""))
    when = generated_at or dt.datetime.now(dt.timezone.utc)
    fmap.get_root().html.add_child(Element(header_html(result, params, metric, synthetic=pset.synthetic,
                                                       generated_at=when)), name="lde_brief")
    lots_layer = next(child for child in fmap._children.values()
                      if isinstance(child, maps.GeoJsonLayer) and child.class_name == "lde-lot")
    LotPopups(lots_layer, {str(lot): popup_html(score, lot) for lot in score.lots.index}).add_to(fmap)
    return fmap


def briefing_map_html(pset, result, params, metric: str, *, background: bool) -> str:
    """The standalone HTML page (every script inlined, no network needed)."""
    return map_html(briefing_map(pset, result, params, metric, background=background))
