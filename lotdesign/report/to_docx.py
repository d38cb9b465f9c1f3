"""Write a report as a Word document (.docx) with python-docx (no Word, no network needed).

Every page carries the synthetic-data warning (when the data are synthetic) in its header and
the attribution in its footer. Text goes in as plain runs, never as fields or markup; characters
XML cannot hold (control characters) are replaced by "?".
"""

from __future__ import annotations

import io
import re

from lotdesign.io.export import app_version
from lotdesign.report.blocks import Bullets, Code, Figure, Paragraph, Report, Table

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _safe(text) -> str:
    return _NOT_XML.sub("?", "" if text is None else str(text))


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if block.caption:
        caption = document.add_paragraph(_safe(block.caption), style="Caption")
        caption.paragraph_format.keep_with_next = True
    n = len(block.columns)
    size = Pt(9 if n <= 4 else 8 if n <= 6 else 7)
    numeric = block.numeric or (False,) * n
    table = document.add_table(rows=1, cols=n)
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, block.columns):
        run = cell.paragraphs[0].add_run(_safe(column))
        run.bold, run.font.size = True, size
        _shade(cell, "EEF3F8")
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value, num in zip(cells, row, numeric):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(_safe(value)).font.size = size
            if num:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def render_docx(report: Report) -> bytes:
    """The report as .docx bytes (A4)."""
    from docx import Document
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10)
    properties = document.core_properties
    properties.title, properties.author = _safe(report.title), "Lot Design Explorer"
    properties.comments = _safe(report.page_warning)

    if report.page_warning:
        header = section.header.paragraphs[0]
        run = header.add_run(_safe(report.page_warning))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(8), RGBColor(0x8A, 0x1C, 0x00)
    footer = section.footer.paragraphs[0]
    footer.add_run(_safe(report.attribution)).font.size = Pt(7)

    document.add_heading(_safe(report.title), level=0)
    document.add_paragraph(_safe(report.subtitle), style="Subtitle")
    document.add_paragraph(_safe(f"Generated {report.generated} by Lot Design Explorer {app_version()}."))
    for number, part in enumerate(report.sections, start=1):
        document.add_heading(_safe(f"{number}. {part.title}"), level=1)
        for block in part.blocks:
            if isinstance(block, Paragraph):
                paragraph = document.add_paragraph()
                run = paragraph.add_run(_safe(block.text))
                if block.kind in ("lead", "warning"):
                    run.bold = True
                if block.kind == "warning":
                    run.font.color.rgb = RGBColor(0x8A, 0x1C, 0x00)
                if block.kind == "note":
                    run.font.size = Pt(8)
            elif isinstance(block, Bullets):
                for item in block.items:
                    document.add_paragraph(_safe(item), style="List Bullet")
            elif isinstance(block, Table):
                _table(document, block)
            elif isinstance(block, Figure):
                document.add_picture(io.BytesIO(block.png), width=Mm(174 * block.width_fraction))
                document.add_paragraph(_safe(block.caption), style="Caption")
            elif isinstance(block, Code):
                if block.caption:
                    document.add_paragraph(_safe(block.caption), style="Caption")
                paragraph = document.add_paragraph()
                run = paragraph.add_run(_safe(block.text))
                run.font.name, run.font.size = "Courier New", Pt(7.5)
            else:
                raise TypeError(f"Unknown report block {type(block).__name__}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
