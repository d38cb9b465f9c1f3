"""Evidence pack: a report a consultation response or an equality impact assessment can cite.

Assembled once (:func:`build_report` → :class:`Report`, plain blocks of text, tables and
pictures) and written out as a single offline HTML file, a PDF or a Word document::

    from lotdesign.report import build_report, render_report
    report = build_report(comparison, provider_set.load)
    pdf_bytes = render_report(report, "pdf")

Maps and charts are drawn with matplotlib, the PDF with fpdf2 and the Word file with
python-docx: none needs a browser or the network.
"""

from __future__ import annotations

from pathlib import Path

from lotdesign.report.blocks import Bullets, Code, Figure, Paragraph, Report, Section, Table
from lotdesign.report.content import (
    SCENARIO_FILE_NAME,
    SYNTHETIC_WARNING,
    awards_section,
    build_report,
    reproduce_command,
    robustness_section,
)

#: Report formats: file extension → MIME type.
FORMATS = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

__all__ = ["FORMATS", "SCENARIO_FILE_NAME", "SYNTHETIC_WARNING", "Bullets", "Code", "Figure", "Paragraph", "Report",
           "Section", "Table", "awards_section", "build_report", "render_report", "reproduce_command",
           "robustness_section", "write_report"]


def render_report(report: Report, fmt: str) -> bytes:
    """The report as bytes in ``fmt`` (``html``, ``pdf`` or ``docx``)."""
    if fmt == "html":
        from lotdesign.report.to_html import render_html

        return render_html(report)
    if fmt == "pdf":
        from lotdesign.report.to_pdf import render_pdf

        return render_pdf(report)
    if fmt == "docx":
        from lotdesign.report.to_docx import render_docx

        return render_docx(report)
    from lotdesign.io.writers import wrong_format_error

    raise wrong_format_error(f"a '{fmt}' file", FORMATS)


def report_format(path) -> str:
    """The report format a file name asks for, from its extension."""
    from lotdesign.io.writers import file_format

    return file_format(path, FORMATS)


def write_report(report: Report, path) -> Path:
    """Write the report to ``path`` in the format its extension names (.html, .pdf, .docx)."""
    path = Path(path)
    path.write_bytes(render_report(report, report_format(path)))
    return path
