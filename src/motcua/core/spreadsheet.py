"""Cells of exported spreadsheets that a spreadsheet program can never run (chống chèn công thức, CSV/formula
injection).

Text typed by the public (an applicant named `=HYPERLINK("http://x","y")`, a comment) ends up in exports opened in
Excel or LibreOffice, which run a cell starting with = + - @ (or a tab or carriage return before one) as a formula.
Every export writes its cells through this module:

- CSV has no types: `safe_csv` puts an apostrophe before such text, which spreadsheets read as "this is text" and
  do not show; `unescape_csv` takes it off again when MotCua reads its own CSV back (the catalog import).
- XLSX has types: `safe_cell` (for rows appended to a sheet) and `keep_text` (for a cell already written) keep the
  text exactly as it is but stored as a string with Excel's quote prefix, never as a formula.
"""

from openpyxl.cell import Cell, WriteOnlyCell

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def needs_escape(value) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS)


def safe_csv(value):
    """`value` for a CSV cell: text a spreadsheet would run gets a leading apostrophe; anything else is unchanged."""
    return f"'{value}" if needs_escape(value) else value


def unescape_csv(text: str) -> str:
    """The text `safe_csv` was given back (the apostrophe it added taken off)."""
    return text[1:] if text.startswith("'") and needs_escape(text[1:]) else text


def keep_text(cell: Cell) -> Cell:
    """Store the cell's text as text: openpyxl would otherwise write a string starting with = as a formula."""
    if needs_escape(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_cell(sheet, value):
    """`value` for `sheet.append()` (write-only or not): text a spreadsheet would run becomes a text cell."""
    return keep_text(WriteOnlyCell(sheet, value=value)) if needs_escape(value) else value
