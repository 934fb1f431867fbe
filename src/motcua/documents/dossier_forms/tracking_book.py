"""Mẫu 07 Sổ theo dõi hồ sơ of an agency over a period: one row per dossier it received or resolves.

One query reads the rows: the transfer and result dates come from the history through correlated subqueries, so
the cost does not grow with the number of events, and the rows are streamed in chunks. A document holds at most
MAX_ROWS dossiers; a longer period is printed in parts (`part`=2, 3, …), each saying which part it is. The limit is
set by the PDF: laying out a long table grows faster than its length (on the 2-core test machine 500 rows take
about 8 s, 1,000 rows about 38 s, past a web worker's timeout), while a 5,000-row DOCX takes about 12 s.
"""

import datetime

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from motcua.documents.dossier_forms.common import common_labels, letterhead
from motcua.documents.dossier_forms.formats import day, moment
from motcua.dossiers.models import Dossier, DossierEvent, Outcome, State
from motcua.orgs.models import Agency

MAX_ROWS = 500
Kind = DossierEvent.Kind


def _first_event_at(kind: str, *, last: bool = False) -> Subquery:
    events = DossierEvent.objects.filter(dossier=OuterRef("pk"), kind=kind)
    return Subquery(events.order_by("-at" if last else "at", "-pk" if last else "pk").values("at")[:1])


def _day_start(value: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def book_dossiers(agency: Agency, date_from: datetime.date, date_to: datetime.date):
    """The dossiers `agency` received, or resolves, that were accepted between the two local dates (inclusive)."""
    return (
        Dossier.objects.filter(
            Q(receiving_agency=agency) | Q(competent_agency=agency),
            received_at__gte=_day_start(date_from),
            received_at__lt=_day_start(date_to + datetime.timedelta(days=1)),
        )
        .select_related("version__procedure", "competent_agency")
        .annotate(
            transferred_at=_first_event_at(Kind.TRANSFERRED),
            result_received_at=_first_event_at(Kind.READY_FOR_RETURN, last=True),
        )
        .order_by("received_at", "pk")
    )


def _note(dossier: Dossier) -> str:
    notes = []
    if dossier.outcome and dossier.outcome != Outcome.GRANTED:
        notes.append(dossier.get_outcome_display())
    elif dossier.state not in (State.RETURNED, State.READY_FOR_RETURN, State.RESULT_ISSUED):
        notes.append(dossier.get_state_display())
    if dossier.extended_due_at:
        notes.append(gettext("Gia hạn đến %(due)s") % {"due": moment(dossier.extended_due_at)})
    done = dossier.resolved_at or dossier.returned_at
    if done and dossier.due_at and done > dossier.due_at:
        notes.append(gettext("Quá hạn"))
    return "; ".join(str(note) for note in notes)


def _row(number: int, dossier: Dossier) -> dict:
    contact = ", ".join(part for part in (dossier.applicant_address, dossier.applicant_phone) if part)
    return {
        "number": number,
        "code": dossier.code or "",
        "procedure": dossier.version.name,
        "copies": dossier.copies,
        "applicant": dossier.applicant_name,
        "contact": contact,
        "competent": dossier.competent_agency.name,
        "received_at": moment(dossier.received_at),
        "due_at": moment(dossier.due_at),
        "transferred_at": moment(dossier.transferred_at),
        "result_received_at": moment(dossier.result_received_at),
        "returned_at": moment(dossier.returned_at),
        "signature": "",
        "note": _note(dossier),
    }


def book_size(agency: Agency, date_from: datetime.date, date_to: datetime.date) -> int:
    """How many dossiers the period holds (for offering the parts: ceil(size / MAX_ROWS))."""
    return book_dossiers(agency, date_from, date_to).order_by().count()


def book_context(
    agency: Agency, date_from: datetime.date, date_to: datetime.date, *, part: int = 1, max_rows: int | None = None
) -> dict:
    if date_to < date_from:
        raise ValueError(gettext("Ngày kết thúc của kỳ phải sau ngày bắt đầu."))
    if part < 1:
        raise ValueError(gettext("Số phần của sổ phải từ 1 trở lên."))
    max_rows = max_rows or MAX_ROWS
    first = (part - 1) * max_rows
    rows = []
    more = False
    chunk = book_dossiers(agency, date_from, date_to)[first : first + max_rows + 1]
    for offset, dossier in enumerate(chunk.iterator(chunk_size=1000)):
        if offset == max_rows:
            more = True
            break
        rows.append(_row(first + offset + 1, dossier))
    labels = common_labels()
    labels.update(
        period=gettext("Từ ngày %(start)s đến ngày %(end)s") % {"start": day(date_from), "end": day(date_to)},
        empty=gettext("Không có hồ sơ nào được tiếp nhận trong kỳ."),
        col_number=gettext("TT"),
        col_code=gettext("Mã hồ sơ"),
        col_procedure=gettext("Tên thủ tục hành chính"),
        col_copies=gettext("Số lượng hồ sơ (bộ)"),
        col_applicant=gettext("Tên cá nhân, tổ chức"),
        col_contact=gettext("Địa chỉ, số điện thoại"),
        col_competent=gettext("Cơ quan chủ trì giải quyết"),
        col_received=gettext("Nhận hồ sơ"),
        col_due=gettext("Hẹn trả kết quả"),
        col_transferred=gettext("Chuyển hồ sơ đến cơ quan giải quyết"),
        col_result=gettext("Nhận kết quả từ cơ quan giải quyết"),
        col_returned=gettext("Trả kết quả cho cá nhân, tổ chức"),
        col_signature=gettext("Ký nhận"),
        col_note=gettext("Ghi chú"),
        col_dates=gettext("Ngày, tháng, năm"),
    )
    notice = ""
    if more or part > 1:
        notice = gettext(
            "Phần %(part)s của sổ: hồ sơ thứ %(first)s đến %(last)s; mỗi phần ghi tối đa %(limit)s hồ sơ."
        ) % {"part": part, "first": first + 1, "last": first + len(rows), "limit": f"{max_rows:,}".replace(",", ".")}
        if more:
            notice += " " + gettext("Các hồ sơ tiếp theo của kỳ ở phần %(next)s.") % {"next": part + 1}
    return {
        "form": "07",
        "title": gettext("SỔ THEO DÕI HỒ SƠ"),
        "head": letterhead(agency, timezone.now()),
        "agency": agency.name,
        "period": labels["period"],
        "rows": rows,
        "more": more,
        "notice": notice,
        "t": labels,
    }
