"""The knowledge base as a spreadsheet: export to CSV or Excel, check an upload, import it.

Staff export, edit in Excel or LibreOffice and upload the file back. An upload is checked in
full before anything changes (`parse_upload` lists every problem of every row, in Vietnamese,
with the row number the staff member sees), and `apply_import` changes entries only through
`knowledge.store`, so each change is versioned and goes live through the revision counter.

Columns, in this order in both formats (see COLUMNS):
    id, category, category_title, title, questions, answer, steps, rules, links, no_link, source,
    last_reviewed, tags, status
`questions`, `steps`, `rules` and `links` hold one value per line inside the cell (a link as
"Tiêu đề | https://…", a rule as "Nội dung | từ ngày | đến ngày"); steps, rules and no_link may be
missing from an older file, and then stay as they are,
`tags` are comma-separated, `status` is draft or published.

Cells that Excel would run as a formula (starting with = + - @ tab or CR) are exported with one
leading apostrophe, which the import takes off again (see `escape_cell` / `unescape_cell`).

The modules: `columns` (the columns, their cells, what a check gives), `export` (writing a sheet),
`reading` and `rows` (reading and checking an upload, each row by knowledge.rules) and `importing`
(applying a checked upload to the store).
"""

from knowledge.spreadsheet.columns import (
    COLUMNS,
    CSV_MEDIA_TYPE,
    MAX_ROWS,
    XLSX_MEDIA_TYPE,
    ImportPlan,
    RowError,
    escape_cell,
    unescape_cell,
)
from knowledge.spreadsheet.export import export_csv, export_xlsx
from knowledge.spreadsheet.importing import apply_import
from knowledge.spreadsheet.reading import parse_upload

__all__ = [
    "COLUMNS",
    "CSV_MEDIA_TYPE",
    "MAX_ROWS",
    "XLSX_MEDIA_TYPE",
    "ImportPlan",
    "RowError",
    "apply_import",
    "escape_cell",
    "export_csv",
    "export_xlsx",
    "parse_upload",
    "unescape_cell",
]
