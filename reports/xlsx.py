"""The XLSX table writer now lives in `mentoring.xlsx` (the base app uses it
too); this module re-exports it so existing imports keep working."""

from mentoring.xlsx import (  # noqa: F401
    DATE_FORMAT,
    DATETIME_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    WRAP,
    add_table_sheet,
    safe_cell,
    set_cell,
    table_xlsx,
    tables_xlsx,
)
