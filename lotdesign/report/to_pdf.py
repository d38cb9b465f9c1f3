"""Write a report as PDF with fpdf2 (pure Python; no browser, no network).

Fonts are the DejaVu TrueType files that matplotlib ships (so £, –, ≥ and × print, and no
system font is needed); fpdf2 embeds the subset used. Every page carries the synthetic-data
warning (when the data are synthetic) in its header and the attribution in its footer; the
scenario file is embedded as a PDF attachment. Text is never read as markup (fpdf2's markdown
is off), and characters the font lacks are shown as "?" rather than dropped.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from lotdesign.io.export import app_version
from lotdesign.report.blocks import Bullets, Code, Figure, Paragraph, Report, Table

MARGIN_MM = 15
HEADER_WARNING_MM = 12


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@lru_cache(maxsize=2)
def _glyphs(filename: str) -> frozenset:
    from fontTools.ttLib import TTFont

    with TTFont(_font_dir() / filename, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _safe(text: str, font_file: str = "DejaVuSans.ttf") -> str:
    """``text`` with characters the font cannot draw (and control characters) replaced by '?'."""
    glyphs = _glyphs(font_file)
    return "".join(c if c == "\n" or (ord(c) >= 32 and ord(c) in glyphs) else "?" for c in str(text))


def _pdf_class():
    from fpdf import FPDF

    class ReportPDF(FPDF):
        """An A4 page with the warning in its header and the attribution in its footer."""

        def __init__(self, report: Report):
            super().__init__(orientation="portrait", unit="mm", format="A4")
            self.report = report
            folder = _font_dir()
            self.add_font("DejaVu", "", folder / "DejaVuSans.ttf")
            self.add_font("DejaVu", "B", folder / "DejaVuSans-Bold.ttf")
            self.add_font("DejaVuMono", "", folder / "DejaVuSansMono.ttf")
            self.set_margins(MARGIN_MM, MARGIN_MM + (HEADER_WARNING_MM if report.page_warning else 0), MARGIN_MM)
            self.set_auto_page_break(True, margin=20)
            self.set_title(_safe(report.title))
            self.set_creator("Lot Design Explorer")
            self.set_lang("en-GB")

        def header(self):
            if not self.report.page_warning:
                return
            self.set_xy(MARGIN_MM, 6)
            self.set_font("DejaVu", "B", 8)
            self.set_fill_color(255, 241, 230)
            self.set_draw_color(179, 60, 0)
            self.set_text_color(107, 34, 0)
            self.multi_cell(self.epw, 4.2, _safe(self.report.page_warning), border=1, fill=True, align="L",
                            padding=(1, 2))
            self.set_text_color(17, 17, 17)
            self.set_draw_color(0, 0, 0)
            self.set_y(MARGIN_MM + HEADER_WARNING_MM)

        def footer(self):
            self.set_y(-16)
            self.set_font("DejaVu", "", 6.5)
            self.set_text_color(68, 68, 68)
            self.multi_cell(self.epw - 18, 3, _safe(self.report.attribution), align="L", new_x="RIGHT", new_y="TOP")
            self.set_xy(self.w - MARGIN_MM - 18, -16)
            self.cell(18, 3, f"page {self.page_no()}", align="R")
            self.set_text_color(17, 17, 17)

    return ReportPDF


def _paragraph(pdf, block: Paragraph) -> None:
    if block.kind == "warning":
        pdf.set_font("DejaVu", "B", 9)
        pdf.set_fill_color(255, 241, 230)
        pdf.multi_cell(pdf.epw, 5, _safe(block.text), border=1, fill=True, align="L", padding=2, new_x="LMARGIN", new_y="NEXT")
    elif block.kind == "lead":
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.multi_cell(pdf.epw, 5, _safe(block.text), align="L", new_x="LMARGIN", new_y="NEXT")
    elif block.kind == "note":
        pdf.set_font("DejaVu", "", 7.5)
        pdf.set_text_color(68, 68, 68)
        pdf.multi_cell(pdf.epw, 3.8, _safe(block.text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(17, 17, 17)
    else:
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(pdf.epw, 4.8, _safe(block.text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(pdf, block: Table) -> None:
    from fpdf.fonts import FontFace

    if block.caption:
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.multi_cell(pdf.epw, 4.5, _safe(block.caption), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    n = len(block.columns)
    size = 8 if n <= 4 else 7 if n <= 6 else 6.3
    pdf.set_font("DejaVu", "", size)
    numeric = block.numeric or (False,) * n
    widths = block.widths or (1,) * n
    heading = FontFace(emphasis="BOLD", fill_color=(238, 243, 248))
    with pdf.table(col_widths=widths, text_align=tuple("RIGHT" if x else "LEFT" for x in numeric), headings_style=heading,
                   line_height=size * 0.5, padding=0.8, first_row_as_headings=True, width=pdf.epw) as table:
        header = table.row()
        for column in block.columns:
            header.cell(_safe(column), align="LEFT")
        for row in block.rows:
            cells = table.row()
            for value in row:
                cells.cell(_safe(value))
    pdf.ln(3)


def _figure(pdf, block: Figure) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(block.png)) as image:
        width_px, height_px = image.size
    width = pdf.epw * block.width_fraction
    height = width * height_px / width_px
    if pdf.get_y() + height + 10 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(io.BytesIO(block.png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height, alt_text=_safe(block.alt))
    pdf.set_font("DejaVu", "", 7.5)
    pdf.set_text_color(68, 68, 68)
    pdf.multi_cell(pdf.epw, 3.8, _safe(block.caption), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(17, 17, 17)
    pdf.ln(3)


def _code(pdf, block: Code) -> None:
    if block.caption:
        pdf.set_font("DejaVu", "B", 8)
        pdf.multi_cell(pdf.epw, 4.2, _safe(block.caption), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVuMono", "", 7)
    pdf.set_fill_color(245, 245, 245)
    pdf.multi_cell(pdf.epw, 3.4, _safe(block.text, "DejaVuSansMono.ttf"), border=1, fill=True, align="L", padding=1.5,
                   wrapmode="CHAR", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes (A4), with the scenario file attached."""
    pdf = _pdf_class()(report)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(pdf.epw, 8, _safe(report.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(pdf.epw, 6, _safe(report.subtitle), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(pdf.epw, 5, _safe(f"Generated {report.generated} by Lot Design Explorer {app_version()}."), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for number, section in enumerate(report.sections, start=1):
        if section.key in ("maps", "lots", "methods") and pdf.get_y() > 60:
            pdf.add_page()
        pdf.start_section(_safe(section.title))
        pdf.set_font("DejaVu", "B", 13)
        pdf.set_text_color(0, 76, 122)
        pdf.multi_cell(pdf.epw, 7, _safe(f"{number}. {section.title}"), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(17, 17, 17)
        pdf.ln(1.5)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _paragraph(pdf, block)
            elif isinstance(block, Bullets):
                pdf.set_font("DejaVu", "", 9)
                for item in block.items:
                    pdf.multi_cell(pdf.epw, 4.8, _safe("•  " + item), align="L", padding=(0, 0, 0, 3), new_x="LMARGIN", new_y="NEXT")
                    pdf.ln(1)
                pdf.ln(1)
            elif isinstance(block, Table):
                _table(pdf, block)
            elif isinstance(block, Figure):
                _figure(pdf, block)
            elif isinstance(block, Code):
                _code(pdf, block)
            else:
                raise TypeError(f"Unknown report block {type(block).__name__}")
    for name, data in report.attachments.items():
        pdf.embed_file(bytes=data, basename=name, mime_type="application/json")
    return bytes(pdf.output())
