"""Every file the explorer reads or writes for a user: tables in, tables and geo files out.

- :mod:`.tables` — the one reader of a user's table (CSV, Excel, GeoJSON, GeoPackage), judged by content;
- :mod:`.writers` — the one writer for tables (CSV, Excel) and the one for geo files (GeoJSON, GeoPackage);
- :mod:`.formulas` — the one rule for spreadsheet formulas in user text, used by every writer;
- :mod:`.export` — what is written: score tables, lots as geo files, standalone HTML maps, briefing files.

A file name the writers cannot handle raises :class:`lotdesign.errors.InputFileError`
("Cannot write lots.txt: use a .csv or .xlsx file name.").
"""

from lotdesign.io.export import map_html, write_lots
from lotdesign.io.formulas import cell_is_formula, neutralise_formulas
from lotdesign.io.tables import read_table
from lotdesign.io.writers import geo_bytes, table_bytes, write_geo, write_table

__all__ = ["cell_is_formula", "geo_bytes", "map_html", "neutralise_formulas", "read_table", "table_bytes",
           "write_geo", "write_lots", "write_table"]
