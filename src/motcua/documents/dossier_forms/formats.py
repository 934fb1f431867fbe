"""How the forms write times, dates, places and money: Vietnamese local time, Decree 30/2020 date lines."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext

from motcua.orgs.models import Agency

# The words that open the name of an administrative unit; the place in a date line is the name without them
# ("Xã Hồng Vân" → "Hồng Vân", "Thành phố Hà Nội" → "Hà Nội"), as Decree 30/2020 App. I writes it.
_UNIT_PREFIX = re.compile(r"^(thành phố|thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|phường|xã)\s+", re.IGNORECASE)


def moment(value: datetime.datetime | None) -> str:
    """`08 giờ 30 phút, ngày 12/02/2026` in Vietnamese local time; empty when there is no value."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return gettext("%(hour)s giờ %(minute)s phút, ngày %(date)s") % {
        "hour": f"{local:%H}",
        "minute": f"{local:%M}",
        "date": f"{local:%d/%m/%Y}",
    }


def day(value: datetime.datetime | datetime.date | None) -> str:
    """`12/02/2026`: the local date of an instant, or a date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return f"{value:%d/%m/%Y}"


def place_name(agency: Agency) -> str:
    return _UNIT_PREFIX.sub("", agency.unit.name).strip() or agency.unit.name


def dateline(agency: Agency, value: datetime.datetime | datetime.date) -> str:
    """`Hồng Vân, ngày 05 tháng 02 năm 2026`: days below 10 and months 1–2 take a leading zero (Decree 30/2020)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return gettext("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place_name(agency),
        "day": f"{value.day:02d}",
        "month": f"{value.month:02d}" if value.month <= 2 else str(value.month),
        "year": value.year,
    }


def vnd(amount: int | None) -> str:
    """Whole đồng with dots between thousands: 1250000 → `1.250.000 đồng`."""
    if amount is None:
        return ""
    return gettext("%(amount)s đồng") % {"amount": f"{amount:,}".replace(",", ".")}


def parse_instant(value) -> datetime.datetime | None:
    """An instant stored in an event's details as ISO 8601 text (or already a datetime)."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value
    parsed = datetime.datetime.fromisoformat(value)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
