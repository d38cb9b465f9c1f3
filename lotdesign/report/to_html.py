"""Write a report as one self-contained HTML file: no scripts, no external requests.

Pictures are PNG data URIs, the style sheet is inline and the scenario file is a data-URI
download link, so the file works offline and can be emailed as it is. Every piece of text is
HTML-escaped, and a Content-Security-Policy forbids scripts, frames, forms and any request
outside the page itself — a second guard should an escape ever be missed.
"""

from __future__ import annotations

import base64
import html

from lotdesign.io.export import app_version
from lotdesign.report.blocks import Bullets, Code, Figure, Paragraph, Report, Table

#: Nothing may load or run but the page's own inline style and data-URI images.
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                           "form-action 'none'; base-uri 'none'; frame-ancestors 'none'")

STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #111; max-width: 60rem; margin: 0 auto;
       padding: 0 1.2rem 3rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 1.2rem 0 0.2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; }
.subtitle { font-size: 1.1rem; margin: 0; color: #333; }
.meta, .note, figcaption, caption { color: #444; font-size: 0.85rem; }
.warning { background: #fff1e6; border: 2px solid #b33c00; color: #6b2200; padding: 0.5rem 0.8rem; font-weight: bold; }
.page-warning { position: sticky; top: 0; z-index: 2; margin: 0 -1.2rem; }
.lead { font-size: 1.05rem; font-weight: 600; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; font-size: 0.85rem; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; vertical-align: top; text-align: left; }
th { background: #eef3f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
pre { background: #f5f5f5; border: 1px solid #ddd; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap;
      word-break: break-all; font-size: 0.8rem; }
footer { margin-top: 2rem; font-size: 0.8rem; color: #444; border-top: 1px solid #bbb; padding-top: 0.5rem; }
nav ol { columns: 2; font-size: 0.9rem; }
@media print { .page-warning { position: fixed; top: 0; left: 0; right: 0; margin: 0; }
               body { padding-top: 3.5rem; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
"""


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _block(block) -> str:
    if isinstance(block, Paragraph):
        kind = {"lead": "lead", "warning": "warning", "note": "note"}.get(block.kind, "")
        return f'<p class="{kind}">{_e(block.text)}</p>' if kind else f"<p>{_e(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        numeric = block.numeric or (False,) * len(block.columns)
        head = "".join(f'<th scope="col">{_e(c)}</th>' for c in block.columns)
        body = "".join(
            "<tr>" + "".join(f'<td class="num">{_e(v)}</td>' if num else f"<td>{_e(v)}</td>" for v, num in zip(row, numeric))
            + "</tr>"
            for row in block.rows
        )
        caption = f"<caption>{_e(block.caption)}</caption>" if block.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(block, Figure):
        data = base64.b64encode(block.png).decode("ascii")
        width = round(100 * block.width_fraction)
        return (f'<figure><img src="data:image/png;base64,{data}" alt="{_e(block.alt)}" style="width:{width}%">'
                f"<figcaption>{_e(block.caption)}</figcaption></figure>")
    if isinstance(block, Code):
        caption = f'<p class="note">{_e(block.caption)}</p>' if block.caption else ""
        return f"{caption}<pre>{_e(block.text)}</pre>"
    raise TypeError(f"Unknown report block {type(block).__name__}")


def render_html(report: Report) -> bytes:
    """The report as a single HTML file (UTF-8 bytes) that needs no network and runs no code."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CONTENT_SECURITY_POLICY)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title><style>{STYLE}</style></head><body>",
    ]
    if report.page_warning:
        parts.append(f'<div class="warning page-warning" role="alert">{_e(report.page_warning)}</div>')
    parts.append(f"<header><h1>{_e(report.title)}</h1><p class=\"subtitle\">{_e(report.subtitle)}</p>"
                 f'<p class="meta">Generated {_e(report.generated)} by Lot Design Explorer {_e(app_version())}.</p></header>')
    parts.append("<nav><ol>" + "".join(f'<li><a href="#{_e(s.key)}">{_e(s.title)}</a></li>' for s in report.sections)
                 + "</ol></nav>")
    for section in report.sections:
        parts.append(f'<section id="{_e(section.key)}"><h2>{_e(section.title)}</h2>')
        parts.extend(_block(block) for block in section.blocks)
        if section.key == "reproduce":
            for name, data in report.attachments.items():
                encoded = base64.b64encode(data).decode("ascii")
                parts.append(f'<p><a download="{_e(name)}" href="data:application/json;base64,{encoded}">'
                             f"Download {_e(name)}</a></p>")
        parts.append("</section>")
    parts.append(f"<footer><p>{_e(report.attribution)}</p>"
                 + (f'<p class="warning">{_e(report.page_warning)}</p>' if report.page_warning else "")
                 + "</footer></body></html>")
    return "\n".join(parts).encode("utf-8")
