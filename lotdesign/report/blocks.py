"""The building blocks of a report: plain text, tables and pictures, with no markup in them.

A report is assembled once as these blocks and then written out by each renderer (HTML, PDF,
Word). Every string in a block is plain text exactly as it should read — a renderer escapes it
for its own format — so a provider file or design name can never become markup or code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text.

    ``kind`` is ``"body"``, ``"lead"`` (a key sentence, shown prominently), ``"warning"``
    (shown boxed, e.g. the synthetic-data warning) or ``"note"`` (small print, e.g. sources).
    """

    text: str
    kind: str = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of already formatted cells (text), with a caption.

    ``numeric`` marks the columns to right-align (figures); ``widths`` are relative column
    widths (any positive numbers), or empty for equal widths.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[bool, ...] = ()
    widths: tuple[float, ...] = ()

    def __post_init__(self):
        for k, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"Table row {k} has {len(row)} cells but the table has {len(self.columns)} columns.")


@dataclass(frozen=True)
class Figure:
    """A picture (PNG bytes) with a caption and a text alternative."""

    png: bytes
    caption: str
    alt: str
    width_fraction: float = 1.0  # of the text width


@dataclass(frozen=True)
class Code:
    """Text shown verbatim in a fixed-width font (a command, a scenario file)."""

    text: str
    caption: str = ""


@dataclass
class Section:
    """A titled part of the report: a list of blocks in reading order."""

    title: str
    blocks: list = field(default_factory=list)
    key: str = ""  # a stable identifier (HTML anchor), letters, digits and hyphens only


@dataclass
class Report:
    """Everything a renderer needs: the title, the sections and what goes on every page.

    Attributes
    ----------
    title, subtitle : str
    generated : str
        Date the report was generated (ISO, ``YYYY-MM-DD``).
    page_warning : str
        Printed on every page (the synthetic-data warning); empty when the data are real.
    attribution : str
        The OGL / Ordnance Survey attribution, printed on every page and under every map.
    sections : list of Section
    attachments : dict
        File name → bytes to attach (the scenario file): embedded in the PDF, a download link
        in the HTML; their text is also printed in the "How to reproduce" section.
    """

    title: str
    subtitle: str
    generated: str
    page_warning: str
    attribution: str
    sections: list
    attachments: dict = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        return bool(self.page_warning)
