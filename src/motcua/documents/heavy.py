"""The documents too long to make while a page waits, made in the background (motcua.documents.background):

- the PDF posting sheet (bản niêm yết) of an agency: public, one file per content shared by every visitor;
- the tracking book (Mẫu 07 sổ theo dõi hồ sơ) of a period: personal data, for the staff member who asked for it
  while they may still see the agency's dossiers; a period of more than MAX_ROWS dossiers is made part by part (one
  step each) and delivered as a ZIP of the parts.
"""

import datetime
import io
import math
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from weasyprint import HTML

from motcua.accounts.decorators import is_staff_member
from motcua.accounts.scope import can_see_agency
from motcua.documents import background
from motcua.documents.dossier_forms import (
    CONTENT_TYPES,
    MAX_ROWS,
    book_size,
    render_tracking_book,
    tracking_book_filename,
)
from motcua.documents.pdf import StaticOnlyFetcher
from motcua.documents.posting import offering_agencies, pdf_filename, posting_sheet
from motcua.orgs.models import Agency

POSTING_SHEET = "posting_sheet"
TRACKING_BOOK = "tracking_book"
CODE_PLACEHOLDER = "__code__"
# A tracking book is sent at once up to these bounds, made in the background up to BOOK_MAX_DAYS (24 months).
BOOK_AT_ONCE_DAYS = 92
BOOK_AT_ONCE_ROWS = 100
BOOK_MAX_DAYS = 731
# A sheet of more procedures than this is made in the background (about 10 pages; a few seconds cold above it).
POSTING_AT_ONCE = 30


# -- the posting sheet -------------------------------------------------------------------------------------------


def posting_params(agency: Agency, page_url_pattern: str, site_url: str) -> dict:
    """`page_url_pattern`: the absolute address of a procedure's public page with CODE_PLACEHOLDER for its code."""
    return {"agency": agency.pk, "page_url": page_url_pattern, "site": site_url}


def _make_posting_sheet(params: dict, progress: background.Progress) -> background.Made:
    progress(0, gettext("Đang lấy danh sách thủ tục và tạo mã QR"))
    agency = offering_agencies().get(pk=params["agency"])
    sheet = posting_sheet(agency, lambda code: params["page_url"].replace(CODE_PLACEHOLDER, code))
    html = render_to_string("documents/posting_sheet.html", {"sheet": sheet})
    progress(1, gettext("Đang dàn trang (%(count)s thủ tục)") % {"count": len(sheet.entries)})
    document = HTML(string=html, base_url=params["site"], url_fetcher=StaticOnlyFetcher()).render()
    progress(2, gettext("Đang ghi tệp PDF (%(pages)s trang)") % {"pages": len(document.pages)})
    return background.Made(document.write_pdf(), pdf_filename(sheet), "application/pdf")


background.register(
    background.Producer(
        kind=POSTING_SHEET,
        steps=lambda params: 3,
        make=_make_posting_sheet,
        may_download=lambda user, params: True,  # the posting sheet is public
        personal=False,
        reuse_seconds=24 * 3600,  # requests share a file only for the same content
    )
)


# -- the tracking book -------------------------------------------------------------------------------------------


EARLIEST_BOOK_DAY = datetime.date(2000, 1, 1)


def book_period_errors(date_from: datetime.date | None, date_to: datetime.date | None) -> dict[str, str]:
    """The bounds of a tracking book's period, checked before anything is counted, wherever a book is asked for (the
    desk's page, the API): each day from 01/01/2000 to today, and at most BOOK_MAX_DAYS days (24 months). Field
    ("date_from", "date_to") → the message; a day missing is left to the caller's own check, as is the order."""
    errors = {}
    today = timezone.localdate()
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value is None:
            continue
        if value > today:
            errors[name] = gettext("Ngày này chưa đến (hôm nay là %(today)s).") % {"today": f"{today:%d/%m/%Y}"}
        elif value < EARLIEST_BOOK_DAY:
            errors[name] = gettext("Sổ chỉ có hồ sơ từ ngày 01/01/2000.")
    if date_from and date_to and date_from <= date_to and (date_to - date_from).days + 1 > BOOK_MAX_DAYS:
        errors.setdefault(
            "date_to",
            gettext("Mỗi lần lấy sổ được tối đa %(days)s ngày (24 tháng); hãy chia kỳ nhỏ hơn.")
            % {"days": BOOK_MAX_DAYS},
        )
    return errors


def book_params(agency: Agency, date_from: datetime.date, date_to: datetime.date, fmt: str) -> dict:
    return {"agency": agency.pk, "from": date_from.isoformat(), "to": date_to.isoformat(), "fmt": fmt}


def _book_args(params: dict):
    return (
        Agency.objects.get(pk=params["agency"]),
        datetime.date.fromisoformat(params["from"]),
        datetime.date.fromisoformat(params["to"]),
        params["fmt"],
    )


def book_part_count(agency: Agency, date_from: datetime.date, date_to: datetime.date) -> int:
    """How many parts of at most MAX_ROWS dossiers the book of the period has (one when it is empty)."""
    return max(1, math.ceil(book_size(agency, date_from, date_to) / MAX_ROWS))


def book_parts(params: dict) -> int:
    agency, date_from, date_to, _fmt = _book_args(params)
    return book_part_count(agency, date_from, date_to)


def _make_tracking_book(params: dict, progress: background.Progress) -> background.Made:
    agency, date_from, date_to, fmt = _book_args(params)
    parts = book_parts(params)
    files = []
    with translation.override(settings.LANGUAGE_CODE):
        for part in range(1, parts + 1):
            progress(part - 1, gettext("Đang tạo phần %(part)s/%(parts)s của sổ") % {"part": part, "parts": parts})
            content = render_tracking_book(agency, date_from, date_to, fmt, part=part)
            files.append((tracking_book_filename(agency, date_from, date_to, fmt, part), content))
    if len(files) == 1:
        return background.Made(files[0][1], files[0][0], CONTENT_TYPES[fmt])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    name = tracking_book_filename(agency, date_from, date_to, fmt).removesuffix(f".{fmt}") + ".zip"
    return background.Made(buffer.getvalue(), name, "application/zip")


def _may_download_book(user, params: dict) -> bool:
    if user is None or not is_staff_member(user):
        return False
    agency = Agency.objects.filter(pk=params["agency"]).first()
    return agency is not None and can_see_agency(user, agency)


background.register(
    background.Producer(
        kind=TRACKING_BOOK,
        steps=book_parts,
        make=_make_tracking_book,
        may_download=_may_download_book,
        personal=True,
    )
)
