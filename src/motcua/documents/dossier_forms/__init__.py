"""The seven official forms of Circular 03/2025/TT-VPCP, Annex I, for a dossier, as PDF and as editable DOCX.

    render_form("01", dossier, fmt="pdf")              # the receipt, from the dossier's acceptance event
    render_form("02", dossier, event=event, fmt="docx")  # a given supplement request
    render_form("06", dossier)                          # the process control slip (a view over the history)
    render_tracking_book(agency, date(2026, 1, 1), date(2026, 1, 31), "pdf")   # Mẫu 07

Forms 01–05 print what the event that produced them recorded (`form_event` finds the latest one), so a form
printed again later reads as it did on the day. The forms are official papers in Vietnamese: they are rendered
in the site's language (settings.LANGUAGE_CODE) unless `language` asks for another (an English reference copy).
docs/forms.md describes each form and where its layout comes from.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from motcua.documents.dossier_forms import contexts
from motcua.documents.dossier_forms.control_slip import slip_context
from motcua.documents.dossier_forms.output import to_docx, to_pdf
from motcua.documents.dossier_forms.tracking_book import MAX_ROWS, book_context, book_size
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.orgs.models import Agency

__all__ = [
    "CONTENT_TYPES",
    "FORMS",
    "MAX_ROWS",
    "FormNotAvailable",
    "book_size",
    "filename",
    "form_event",
    "render_form",
    "render_tracking_book",
    "tracking_book_filename",
    "tracking_url",
]

FORMS = {
    "01": gettext_lazy("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "02": gettext_lazy("Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "03": gettext_lazy("Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "04": gettext_lazy("Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
    "05": gettext_lazy("Mẫu 05 – Thông báo dừng giải quyết hồ sơ"),
    "06": gettext_lazy("Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    "07": gettext_lazy("Mẫu 07 – Sổ theo dõi hồ sơ"),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TRACKING_PATH = "/cong-dan/tra-cuu/"


class FormNotAvailable(LookupError):
    """The dossier has no event that produced this form (e.g. Mẫu 04 of a dossier never extended): HTTP 404."""

    code = "form_not_available"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _form_key(form) -> str:
    key = f"{int(form):02d}" if str(form).isdigit() else str(form)
    if key not in FORMS:
        raise ValueError(gettext("Không có biểu mẫu %(form)s.") % {"form": form})
    return key


def _check_fmt(fmt: str) -> None:
    if fmt not in CONTENT_TYPES:
        raise ValueError(gettext("Định dạng %(fmt)s không được hỗ trợ (pdf hoặc docx).") % {"fmt": fmt})


def tracking_url(code: str, site_url: str | None = None) -> str:
    """The public tracking page of a dossier: the site's address (settings.SITE_URL, i.e. MOTCUA_SITE_URL, unless
    the caller gives one) + /cong-dan/tra-cuu/?ma=<code>."""
    base = site_url or settings.SITE_URL
    return f"{base.rstrip('/')}{TRACKING_PATH}?{urlencode({'ma': code})}"


def form_event(dossier: Dossier, form: str) -> DossierEvent:
    """The latest event of the dossier that produced `form` ("01"–"05")."""
    key = _form_key(form)
    if key not in contexts.EVENT_KINDS:
        raise ValueError(gettext("%(form)s không do một sự kiện của hồ sơ tạo ra.") % {"form": FORMS[key]})
    event = (
        dossier.events.filter(form=key, kind__in=contexts.EVENT_KINDS[key])
        .select_related("actor", "actor_agency__unit", "actor_agency__parent")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        raise FormNotAvailable(
            gettext("Hồ sơ %(dossier)s chưa có %(form)s.") % {"dossier": dossier, "form": FORMS[key]}
        )
    return event


def _context(key: str, dossier: Dossier, event: DossierEvent | None, site_url: str | None) -> dict:
    if key == "06":
        if dossier.received_at is None:
            raise FormNotAvailable(
                gettext("Hồ sơ %(dossier)s chưa được tiếp nhận nên chưa có %(form)s.")
                % {"dossier": dossier, "form": FORMS[key]}
            )
        return slip_context(dossier)
    if event is None:
        event = form_event(dossier, key)
    elif event.dossier_id != dossier.pk or event.kind not in contexts.EVENT_KINDS[key]:
        raise ValueError(
            gettext("Sự kiện %(event)s không tạo ra %(form)s của hồ sơ này.") % {"event": event, "form": FORMS[key]}
        )
    if key == "01":
        return contexts.receipt(dossier, event, tracking_url(dossier.code or "", site_url))
    return contexts.BUILDERS[key](dossier, event)


def render_form(
    form: str,
    dossier: Dossier,
    *,
    event: DossierEvent | None = None,
    fmt: str = "pdf",
    site_url: str | None = None,
    language: str | None = None,
) -> bytes:
    """Form "01"–"06" of the dossier as PDF or DOCX bytes.

    `event`: for 01–05, the event that produced the form (default: the latest one, see form_event; raises
    FormNotAvailable when there is none). `site_url`: the site's address for the receipt's tracking QR code
    (default settings.SITE_URL). Mẫu 07 is per agency and period: see render_tracking_book.
    """
    key = _form_key(form)
    if key == "07":
        raise ValueError(gettext("Sổ theo dõi hồ sơ lập theo cơ quan và kỳ: dùng render_tracking_book."))
    _check_fmt(fmt)
    dossier = (
        Dossier.objects.select_related(
            "version__procedure",
            "method",
            "receiving_agency__unit",
            "receiving_agency__parent",
            "competent_agency__unit",
            "competent_agency__parent",
            "received_by",
        ).get(pk=dossier.pk)
        if dossier.pk
        else dossier
    )
    with translation.override(language or settings.LANGUAGE_CODE):
        context = _context(key, dossier, event, site_url)
        name = f"mau_{key}"
        if fmt == "docx":
            return to_docx(name, context)
        return to_pdf(name, context, base_url=site_url or settings.SITE_URL)


def render_tracking_book(
    agency: Agency,
    date_from: datetime.date,
    date_to: datetime.date,
    fmt: str = "pdf",
    *,
    part: int = 1,
    language: str | None = None,
) -> bytes:
    """Mẫu 07 of `agency` for the dossiers accepted from `date_from` to `date_to` (local dates, inclusive).

    At most MAX_ROWS (500) dossiers per document; `part` 2, 3, … gives the following ones, and the document says
    which part it is (book_size counts the period's dossiers).
    """
    _check_fmt(fmt)
    with translation.override(language or settings.LANGUAGE_CODE):
        context = book_context(agency, date_from, date_to, part=part)
        if fmt == "docx":
            return to_docx("mau_07", context)
        return to_pdf("mau_07", context, base_url=settings.SITE_URL)


def filename(form: str, dossier: Dossier, fmt: str) -> str:
    """`mau-01-000.00.87.H26-260212-0001.pdf`."""
    return f"mau-{_form_key(form)}-{dossier.code or dossier.pk}.{fmt}"


def tracking_book_filename(agency: Agency, date_from: datetime.date, date_to: datetime.date, fmt: str, part=1):
    suffix = f"-phan-{part}" if part > 1 else ""
    return f"so-theo-doi-{agency.pk}-{date_from:%Y%m%d}-{date_to:%Y%m%d}{suffix}.{fmt}"
