"""Word documents written directly with python-docx (docxtpl's own dependency): the Decree 30/2020 page (A4,
margins 20/15/20/30 mm, Times New Roman 13 pt), letterhead, bordered tables and the signature block.

The reform papers vary in length in every part (team, checklist, findings, recommendations), so they are written
row by row from the same plain context as their HTML print view, rather than from a Word template.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
PAGE_WIDTH_MM = 165


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Mm(20),
        Mm(20),
        Mm(30),
        Mm(15),
    )
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(3)
    return doc


def para(container, *runs, align=None, size: float | None = None, after: float | None = None, indent: bool = False):
    """A paragraph of runs; a run is text, or (text, "b"/"i"/"u" combined) for bold, italic, underline."""
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    for spec in runs:
        text, style = (spec, "") if isinstance(spec, str) else spec
        run = paragraph.add_run(text)
        run.bold = "b" in style or None
        run.italic = "i" in style or None
        run.underline = "u" in style or None
        if size is not None:
            run.font.size = Pt(size)
    return paragraph


def _in_cell(cell, *runs, **options):
    """Write into the paragraph a new cell already has instead of leaving it empty above ours."""
    cell._element.remove(cell.paragraphs[0]._element)
    return para(cell, *runs, **options)


def _rule(paragraph, indent_mm: float) -> None:
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _widths(table, millimetres: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, millimetres, strict=False):
            cell.width = Mm(width)


def letterhead(doc, head: dict, number: str, title: str, subtitle: str = "") -> None:
    """Issuing body left (its governing body above it), national motto right, number and date line below."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left = PAGE_WIDTH_MM * 0.42
    issuer, motto = table.rows[0].cells
    if head["parent"]:
        _in_cell(issuer, head["parent"], align=CENTER, size=12, after=0)
        para(issuer, (head["issuer"], "b"), align=CENTER, size=12, after=0)
    else:
        _in_cell(issuer, (head["issuer"], "b"), align=CENTER, size=12, after=0)
    _rule(para(issuer, "", align=CENTER, size=4, after=0), left / 3)
    _in_cell(motto, (head["motto"], "b"), align=CENTER, size=12, after=0)
    para(motto, (head["motto_sub"], "bu"), align=CENTER, after=0)
    number_cell, date_cell = table.rows[1].cells
    _in_cell(number_cell, number, align=CENTER)
    _in_cell(date_cell, (head["dateline"], "i"), align=CENTER)
    _widths(table, [left, PAGE_WIDTH_MM - left])
    para(doc, (title, "b"), align=CENTER, size=14, after=0 if subtitle else 6)
    if subtitle:
        para(doc, (subtitle, "b"), align=CENTER, after=6)


def grid(doc, header: list[str], rows: list[list[str]], widths_mm: list[float], *, empty: str = "") -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _in_cell(cell, (text, "b"), align=CENTER, size=12, after=0)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            lines = str(text).split("\n")
            _in_cell(cell, lines[0], size=12, after=0)
            for line in lines[1:]:
                para(cell, line, size=12, after=0)
    if not rows and empty:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _in_cell(merged, (empty, "i"), size=12, after=0)
    _widths(table, widths_mm)
    para(doc, "", after=2)


def signatures(doc, left: tuple[str, str, str], right: tuple[str, str, str]) -> None:
    """Two signature blocks: (role, hint, name) each."""
    table = doc.add_table(rows=1, cols=2)
    for cell, (role, hint, name) in zip(table.rows[0].cells, (left, right), strict=True):
        _in_cell(cell, (role, "b"), align=CENTER, after=0)
        para(cell, (hint, "i"), align=CENTER, after=60)
        para(cell, (name, "b"), align=CENTER)
    _widths(table, [PAGE_WIDTH_MM / 2, PAGE_WIDTH_MM / 2])


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
