"""The apology letter and new appointment (văn bản xin lỗi và hẹn lại ngày trả kết quả, Mẫu 04): when it is on
time, and how a dossier stands with it — the one rule the lifecycle, the desk, the reports and the inspection
evidence share.

Decree 118/2025 Art. 19.6: "Đối với hồ sơ dự kiến quá hạn giải quyết, trong thời hạn chậm nhất 01 ngày trước ngày hết
hạn, cơ quan … phải thông báo bằng văn bản cho Bộ phận Một cửa và gửi văn bản xin lỗi tổ chức, cá nhân … Việc hẹn lại
ngày trả kết quả được thực hiện không quá một lần."

- "01 ngày" is a calendar day: the decree writes "ngày làm việc" wherever it means working days (Art. 19.5 "03 ngày
  làm việc", Art. 20.1 "01 ngày làm việc"), and not here. So the letter is on time when it is issued on a calendar
  day before the due date (local time, Asia/Ho_Chi_Minh); issued on the due date or after, it is late. The text is
  not ambiguous, so this is not a setting.
- An agency that missed that day still owes the citizen the apology and a new appointment: the letter is accepted
  and recorded as late (details `late`, `days_late`, `overdue`). "Không quá một lần" holds either way: one letter
  per dossier.
"""

import datetime
from enum import StrEnum

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierEvent

# The furthest a new appointment may be set from the moment of the letter: a date beyond it is a typing error.
MAX_NEW_APPOINTMENT = datetime.timedelta(days=365)


class ApologyStanding(StrEnum):
    """How an overdue (or late-decided) dossier stands with Art. 19.6."""

    MISSING = "missing"
    LATE = "late"
    ON_TIME = "on_time"

    @property
    def label(self) -> str:
        return str(STANDING_LABELS[self])


STANDING_LABELS = {
    ApologyStanding.MISSING: _("Quá hạn, chưa có văn bản xin lỗi"),
    ApologyStanding.LATE: _("Xin lỗi muộn (sau thời hạn của Điều 19.6)"),
    ApologyStanding.ON_TIME: _("Xin lỗi đúng hạn (chậm nhất 01 ngày trước hạn)"),
}


def last_on_time_day(due_at: datetime.datetime) -> datetime.date:
    """The last local calendar day on which the letter is on time: the day before the due date."""
    return timezone.localdate(due_at) - datetime.timedelta(days=1)


def is_late(due_at: datetime.datetime, at: datetime.datetime) -> bool:
    """Whether a letter issued at `at` misses Art. 19.6 for a dossier due at `due_at` (calendar days, local time)."""
    return timezone.localdate(at) > last_on_time_day(due_at)


def lateness(due_at: datetime.datetime, at: datetime.datetime) -> dict:
    """What the history event records about the letter's timing (JSON-ready)."""
    last_day = last_on_time_day(due_at)
    late = timezone.localdate(at) > last_day
    return {
        "late": late,
        "last_on_time_day": last_day.isoformat(),
        # calendar days after the last day allowed: 1 on the due date itself
        "days_late": max(0, (timezone.localdate(at) - last_day).days),
        # issued once the due instant had passed (the dossier was already overdue)
        "overdue": at > due_at,
    }


def standing(apology_at: datetime.datetime | None, apology_late: bool) -> ApologyStanding:
    """The standing of one dossier from its annotations (see `annotate`)."""
    if apology_at is None:
        return ApologyStanding.MISSING
    return ApologyStanding.LATE if apology_late else ApologyStanding.ON_TIME


def _letters():
    return DossierEvent.objects.filter(dossier=OuterRef("pk"), kind=DossierEvent.Kind.EXTENDED)


def annotate(dossiers: QuerySet) -> QuerySet:
    """Each dossier with `apology_at` (when its Mẫu 04 was issued, or None) and `apology_late` (issued late).
    Letters recorded before lateness was stored carry no `late` key: they could only be issued on time."""
    return dossiers.annotate(
        apology_at=Subquery(_letters().order_by("at").values("at")[:1]),
        apology_late=Exists(_letters().filter(details__late=True)),
    )


def split(dossiers: QuerySet) -> dict[ApologyStanding, list[int]]:
    """The dossiers' ids by standing (each list in id order)."""
    groups = {key: [] for key in ApologyStanding}
    for pk, at, late in annotate(dossiers).order_by("pk").values_list("pk", "apology_at", "apology_late"):
        groups[standing(at, late)].append(pk)
    return groups
