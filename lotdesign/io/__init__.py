"""Every file the explorer reads or writes for a user: tables in, tables and geo files out.

- :mod:`.tables` — read a user's table (CSV, Excel, GeoJSON, GeoPackage) safely, judged by content;
- :mod:`.export` — score tables, lots as geo files, standalone HTML maps, briefing files.
"""

from lotdesign.io.export import map_html, table_bytes, write_lots, write_table
from lotdesign.io.tables import read_table

__all__ = ["map_html", "read_table", "table_bytes", "write_lots", "write_table"]
