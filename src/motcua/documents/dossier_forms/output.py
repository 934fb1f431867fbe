"""The two renderings of a form context: PDF through the HTML print template, DOCX through the Word template.

Both receive the same plain dict. The only thing each adds is the QR code of `tracking_url` when the context has
one: inline SVG in the HTML, a PNG picture in the DOCX.
"""

import io
import re
from pathlib import Path

import segno
from django.template.loader import render_to_string
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from motcua.documents.pdf import render_pdf
from motcua.documents.qr import qr_svg

DOCX_TEMPLATES = Path(__file__).resolve().parent.parent / "docx_templates"
# Characters XML 1.0 does not allow; a pasted reason containing one would make Word refuse the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
QR_WIDTH_MM = 25


def html_template(name: str) -> str:
    return f"documents/forms/{name}.html"


def docx_template(name: str) -> Path:
    return DOCX_TEMPLATES / f"{name}.docx"


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def to_pdf(name: str, context: dict, base_url: str) -> bytes:
    values = dict(context)
    if context.get("tracking_url"):
        values["qr"] = qr_svg(context["tracking_url"], context["t"]["qr_title"], scale=3)
    return render_pdf(render_to_string(html_template(name), values), base_url=base_url)


def _clean(value):
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def to_docx(name: str, context: dict) -> bytes:
    template = DocxTemplate(docx_template(name))
    values = _clean(context)
    if context.get("tracking_url"):
        values["qr"] = InlineImage(template, io.BytesIO(qr_png(context["tracking_url"])), width=Mm(QR_WIDTH_MM))
    template.render(values, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
