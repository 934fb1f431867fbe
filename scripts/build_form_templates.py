#!/usr/bin/env python3
"""Build the Word templates of the official forms (src/motcua/documents/docx_templates/mau_01.docx … mau_07.docx).

The templates hold no wording of their own: every label comes from the form's context (translated in Python), so
the DOCX and the PDF of a form always say the same thing. Only the layout lives here: Decree 30/2020 letterhead
(issuing body on the left, national motto on the right, place and date line), Times New Roman 13 pt, A4 with
20/15/20/30 mm margins (Mẫu 07 landscape). The Jinja tags are docxtpl's: `{%p … %}` repeats or drops a paragraph,
`{%tr … %}` a table row. Run after changing a layout, then check the forms' tests:

    .venv/bin/python scripts/build_form_templates.py
    .venv/bin/pytest tests/test_dossier_forms.py -q

Needs python-docx only (a dependency of docxtpl). docs/forms.md explains how to edit a template by hand instead.
"""

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "src" / "motcua" / "documents" / "docx_templates"
FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


# -- page and text --------------------------------------------------------------------------------------------------


def new_document(*, landscape: bool = False, size: float = 13) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
            Mm(15),
            Mm(15),
            Mm(20),
            Mm(12),
        )
    else:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
            Mm(20),
            Mm(20),
            Mm(30),
            Mm(15),
        )
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.1
    return doc


def para(container, *runs, align=None, indent_first: float | None = None, size: float | None = None, after=None):
    """A paragraph of runs; a run is text, or (text, "b"/"i"/"u"/"bi" …) for bold, italic, underline."""
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent_first is not None:
        paragraph.paragraph_format.first_line_indent = Mm(indent_first)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    for run_spec in runs:
        text, style = (run_spec, "") if isinstance(run_spec, str) else run_spec
        run = paragraph.add_run(text)
        run.bold = "b" in style or None
        run.italic = "i" in style or None
        run.underline = "u" in style or None
        if size is not None:
            run.font.size = Pt(size)
    return paragraph


def tag(container, text: str):
    """A paragraph holding only a docxtpl paragraph/row tag (it disappears when rendered)."""
    return container.add_paragraph(text)


def first_paragraph(cell, *runs, **options):
    """Write into the paragraph a new cell already has, instead of leaving it empty above ours."""
    paragraph = cell.paragraphs[0]
    cell._element.remove(paragraph._element)
    return para(cell, *runs, **options)


def bottom_rule(paragraph, indent_mm: float) -> None:
    """A short line under the issuing body's name: a bottom border with both sides indented."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def repeat_header(row) -> None:
    row_properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def widths(table, millimetres: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, millimetres, strict=False):
            cell.width = Mm(width)


# -- shared blocks --------------------------------------------------------------------------------------------------


def letterhead(doc, number: str, page_width: float = 165) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left_width = page_width * 0.42
    widths(table, [left_width, page_width - left_width])
    issuer, motto = table.rows[0].cells
    first_paragraph(issuer, "{%p if head.parent %}", align=CENTER, after=0)
    para(issuer, "{{ head.parent }}", align=CENTER, size=12, after=0)
    tag(issuer, "{%p endif %}")
    name = para(issuer, ("{{ head.issuer }}", "b"), align=CENTER, size=12, after=0)
    del name
    bottom_rule(para(issuer, "", align=CENTER, size=4, after=0), left_width / 3)
    first_paragraph(motto, ("{{ head.motto }}", "b"), align=CENTER, size=12, after=0)
    para(motto, ("{{ head.motto_sub }}", "bu"), align=CENTER, after=0)
    number_cell, date_cell = table.rows[1].cells
    first_paragraph(number_cell, number, align=CENTER)
    first_paragraph(date_cell, ("{{ head.dateline }}", "i"), align=CENTER)
    para(doc, ("{{ title }}", "b"), align=CENTER, size=14, after=6)


def applicant_lines(doc) -> None:
    tag(doc, "{%p if desk %}")
    para(doc, "{{ t.desk }} {{ desk }}", after=1)
    tag(doc, "{%p endif %}")
    para(doc, "{{ t.applicant }} ", ("{{ applicant.name }}", "b"), after=1)
    tag(doc, "{%p if applicant.submitter %}")
    para(doc, "{{ t.submitter }} {{ applicant.submitter }}", after=1)
    tag(doc, "{%p endif %}")
    para(doc, "{{ t.address }} {{ applicant.address }}", after=1)
    para(doc, "{{ t.phone }} {{ applicant.phone }}\t{{ t.email }} {{ applicant.email }}", after=1)
    para(doc, "{{ t.procedure }} {{ procedure.name }} ({{ procedure.code }})", after=1)
    para(doc, "{{ t.request }} {{ request }}", after=1)


def signatures(doc, *, recipients: bool = True, hint: str = "{{ t.seal_hint }}") -> None:
    table = doc.add_table(rows=1, cols=2)
    widths(table, [80, 85])
    left, right = table.rows[0].cells
    if recipients:
        first_paragraph(left, "{%p if recipients %}", after=0)
        para(left, ("{{ t.recipients }}", "bi"), size=12, after=0)
        tag(left, "{%p for line in recipients %}")
        para(left, "- {{ line }}", size=11, after=0)
        tag(left, "{%p endfor %}")
        tag(left, "{%p endif %}")
    first_paragraph(right, ("{{ t.signer_role }}", "b"), align=CENTER, after=0)
    para(right, (hint, "i"), align=CENTER, after=60)
    para(right, ("{{ signer_name }}", "b"), align=CENTER)


def grid(doc, header: list[str], cells: list[str], loop: str, column_widths: list[float], *, empty: str = ""):
    """A bordered table: a header row, then one row per item of `loop` ("row in rows"), then `empty` if none."""
    table = doc.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    head = table.add_row()
    repeat_header(head)
    for cell, text in zip(head.cells, header, strict=True):
        first_paragraph(cell, (text, "b"), align=CENTER, after=0)
    first_paragraph(table.add_row().cells[0], f"{{%tr for {loop} %}}")
    for cell, text in zip(table.add_row().cells, cells, strict=True):
        first_paragraph(cell, text, after=0)
    first_paragraph(table.add_row().cells[0], "{%tr endfor %}")
    if empty:
        first_paragraph(table.add_row().cells[0], f"{{%tr if not {loop.split(' in ')[1]} %}}")
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        first_paragraph(merged, empty, after=0)
        first_paragraph(table.add_row().cells[0], "{%tr endif %}")
    widths(table, column_widths)
    return table


# -- the forms ------------------------------------------------------------------------------------------------------


def mau_01() -> Document:
    doc = new_document()
    letterhead(doc, "{{ t.number }}\n{{ t.code }} {{ code }}")
    applicant_lines(doc)
    para(doc, ("{{ t.documents }}", "b"), after=1)
    grid(
        doc,
        ["{{ t.doc_number }}", "{{ t.doc_name }}", "{{ t.doc_originals }}", "{{ t.doc_copies }}"],
        ["{{ doc.number }}", "{{ doc.name }}", "{{ doc.originals }}", "{{ doc.copies }}"],
        "doc in documents",
        [12, 113, 20, 20],
        empty="{{ t.no_documents }}",
    )
    para(doc, "{{ t.copies }} {{ copies }} {{ t.copies_unit }}", after=1)
    para(doc, "{{ t.legal_time }} {{ legal_time }}", after=1)
    para(doc, "{{ t.received_at }} {{ received_at }}", after=1)
    para(doc, "{{ t.due_at }} ", ("{{ due_at }}", "b"), after=1)
    para(doc, "{{ t.return_place }} {{ return_place }}", after=1)
    para(doc, "{{ t.fees }}{% if not fees %} {{ t.no_fees }}{% endif %}", after=1)
    tag(doc, "{%p for fee in fees %}")
    para(doc, "- {{ fee.name }}: {{ fee.amount }}", after=1)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if fees %}")
    para(doc, "{{ t.fees_total }} {{ fees_total }}", after=1)
    tag(doc, "{%p endif %}")
    para(doc, "{{ t.book }}", after=1)
    tracking = doc.add_table(rows=1, cols=2)
    widths(tracking, [133, 32])
    url, qr = tracking.rows[0].cells
    first_paragraph(url, "{{ t.tracking }}", size=11, after=0)
    para(url, "{{ tracking_url }}", size=11)
    first_paragraph(qr, "{{ qr }}", align=CENTER)
    table = doc.add_table(rows=1, cols=2)
    widths(table, [82, 83])
    for cell, role, signer in zip(
        table.rows[0].cells,
        ("{{ t.submitter_role }}", "{{ t.officer_role }}"),
        ("{{ submitter_sign }}", "{{ officer_sign }}"),
        strict=True,
    ):
        first_paragraph(cell, (role, "b"), align=CENTER, after=0)
        para(cell, ("{{ t.sign_hint }}", "i"), align=CENTER, after=60)
        para(cell, (signer, "b"), align=CENTER)
    para(doc, ("{{ t.notes }}", "i"), size=11, after=0)
    para(doc, ("- {{ t.copies_note }}", "i"), size=11, after=0)
    para(doc, ("- {{ t.return_note }}", "i"), size=11)
    return doc


def mau_02() -> Document:
    doc = new_document()
    letterhead(doc, "{% if code %}{{ t.code }} {{ code }}{% endif %}")
    applicant_lines(doc)
    para(doc, "{{ t.intro }}", align=JUSTIFY)
    tag(doc, "{%p for item in items %}")
    para(doc, "{{ item.number }}. {{ item.text }}", after=1)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if reason %}")
    para(doc, "{{ t.reason }} {{ reason }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if supplement_due %}")
    para(doc, "{{ t.supplement_due }} ", ("{{ supplement_due }}", "b"))
    tag(doc, "{%p endif %}")
    para(doc, "{{ t.contact }}", align=JUSTIFY, indent_first=10)
    para(doc, ("{{ t.note }}", "i"), size=11, align=JUSTIFY)
    signatures(doc, recipients=False, hint="{{ t.sign_hint }}")
    return doc


def mau_03() -> Document:
    doc = new_document()
    letterhead(doc, "{% if code %}{{ t.code }} {{ code }}{% endif %}")
    applicant_lines(doc)
    para(doc, "{{ t.intro }}", align=JUSTIFY, indent_first=10)
    para(doc, ("{{ reason }}", "b"), align=JUSTIFY, indent_first=10)
    para(doc, "{{ t.closing }}", align=JUSTIFY, indent_first=10)
    signatures(doc, recipients=False, hint="{{ t.signer_hint }}")
    return doc


def _letter_top(doc) -> None:
    letterhead(doc, "{{ t.number }}")
    para(doc, "{{ t.dear }} ", ("{{ applicant.name }}", "b"), align=CENTER, after=6)
    para(doc, "{{ t.intro }}", align=JUSTIFY, indent_first=10)
    para(doc, "{{ t.received_at }} {{ received_at }}", after=1)
    para(doc, "{{ t.code }} ", ("{{ code }}", "b"), after=1)
    para(doc, "{{ t.procedure }} {{ procedure.name }} ({{ procedure.code }})", after=1)
    para(doc, "{{ t.request }} {{ request }}", after=1)


def mau_04() -> Document:
    doc = new_document()
    _letter_top(doc)
    para(doc, "{{ t.previous_due }} {{ previous_due }}")
    para(doc, "{{ t.late }}", align=JUSTIFY, indent_first=10)
    para(doc, "{{ t.reason }} {{ reason }}", align=JUSTIFY, indent_first=10)
    para(doc, "{{ t.apology }}", align=JUSTIFY, indent_first=10)
    para(doc, "{{ t.new_due }} ", ("{{ new_due }}", "b"), indent_first=10)
    para(doc, "{{ t.thanks }}", align=JUSTIFY, indent_first=10)
    signatures(doc)
    return doc


def mau_05() -> Document:
    doc = new_document()
    _letter_top(doc)
    para(doc, "{{ t.stop_request }} {{ stop_request }}", after=1)
    para(doc, "{{ t.stage }} {{ stage }}", after=1)
    para(doc, "{{ t.decision }} {{ decision }}", after=1)
    para(doc, "{{ t.refund }} {{ refund }}")
    signatures(doc)
    return doc


def mau_06() -> Document:
    doc = new_document()
    letterhead(doc, "{{ t.code }} {{ code }}")
    para(doc, ("{{ t.attached }}", "i"), align=CENTER)
    para(doc, "{{ t.applicant }} ", ("{{ applicant.name }}", "b"), after=1)
    para(doc, "{{ t.procedure }} {{ procedure.name }} ({{ procedure.code }})", after=1)
    for key in ("competent", "partners", "received_at", "due_at"):
        para(doc, f"{{{{ t.{key} }}}} {{{{ {key} }}}}", after=1)
    grid(
        doc,
        ["{{ t.col_agency }}", "{{ t.col_time }}", "{{ t.col_result }}\n{{ t.col_result_hint }}", "{{ t.col_note }}"],
        [
            "{{ row.number }}. {{ t.give }} {{ row.from_place }}\n{{ t.take }} {{ row.to_place or t.blank }}",
            "{{ t.give }} {{ row.given_at or t.blank }}\n{{ t.take }} {{ row.taken_at or t.blank }}\n"
            "{{ t.giver }} {{ row.giver or t.blank }}\n{{ t.receiver }} {{ row.receiver or t.blank }}",
            "{{ row.result }}",
            "{{ row.note }}",
        ],
        "row in rows",
        [46, 52, 30, 37],
    )
    para(doc, ("{{ t.postal_note }}", "i"), size=11)
    return doc


def mau_07() -> Document:
    doc = new_document(landscape=True, size=12)
    letterhead(doc, "", page_width=265)
    para(doc, ("{{ period }}", "i"), align=CENTER)
    tag(doc, "{%p if notice %}")
    para(doc, ("{{ notice }}", "i"), align=LEFT)
    tag(doc, "{%p endif %}")
    columns = [
        ("col_number", "number", 8),
        ("col_code", "code", 26),
        ("col_procedure", "procedure", 30),
        ("col_copies", "copies", 11),
        ("col_applicant", "applicant", 20),
        ("col_contact", "contact", 22),
        ("col_competent", "competent", 20),
        ("col_received", "received_at", 18),
        ("col_due", "due_at", 18),
        ("col_transferred", "transferred_at", 18),
        ("col_result", "result_received_at", 18),
        ("col_returned", "returned_at", 18),
        ("col_signature", "signature", 14),
        ("col_note", "note", 24),
    ]
    table = grid(
        doc,
        [f"{{{{ t.{label} }}}}" for label, _, _ in columns],
        [f"{{{{ row.{key} }}}}" for _, key, _ in columns],
        "row in rows",
        [width for _, _, width in columns],
        empty="{{ t.empty }}",
    )
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9.5)
    return doc


FORMS = {"mau_01": mau_01, "mau_02": mau_02, "mau_03": mau_03, "mau_04": mau_04, "mau_05": mau_05}
FORMS |= {"mau_06": mau_06, "mau_07": mau_07}


def reproducible(document: Document) -> bytes:
    """The .docx with fixed zip timestamps, so building again without changes leaves the files identical."""
    built = io.BytesIO()
    document.save(built)
    out = io.BytesIO()
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item))
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in FORMS.items():
        path = OUT / f"{name}.docx"
        path.write_bytes(reproducible(build()))
        print(f"{path.relative_to(OUT.parents[3])}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
