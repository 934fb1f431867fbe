import datetime
import json
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.orgs.models import AdministrativeUnit
from motcua.workcal.calendars import engine_calendar
from motcua.workcal.durations import Duration, DurationParseError
from motcua.workcal.engine import CalendarRangeError
from motcua.workcal.explain import as_json, explain


class Command(BaseCommand):
    help = (
        "Tính hạn giải quyết theo lịch làm việc và giải thích các ngày không tính. "
        "Ví dụ: motcua deadline --start 2025-01-24T10:00 --duration '5 working_days'"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--start", required=True, help="Thời điểm tiếp nhận, ISO 8601 (không ghi múi giờ = giờ VN)."
        )
        parser.add_argument(
            "--duration",
            required=True,
            help="«N working_days», «N working_hours», «N days» hoặc «same_day_cutoff HH:MM».",
        )
        parser.add_argument("--calendar", type=int, metavar="MÃ_TỈNH", help="Lịch của tỉnh, thành phố (ví dụ 1).")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, start, duration, calendar=None, json=False, **options):
        try:
            started = datetime.datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(f"Thời điểm không hợp lệ: {start!r}. Hãy viết dạng 2025-01-24T10:00.") from None
        if started.tzinfo is None:
            started = started.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        try:
            limit = Duration.parse(duration)
        except DurationParseError as error:
            raise CommandError(str(error)) from None
        province = None
        if calendar is not None:
            province = AdministrativeUnit.objects.filter(
                scheme=AdministrativeUnit.Scheme.CURRENT,
                level=AdministrativeUnit.Level.PROVINCE,
                code=str(calendar).zfill(2),
            ).first()
            if province is None:
                raise CommandError(f"Chưa có tỉnh, thành phố mã {calendar} (hãy chạy motcua load_units).")
        try:
            deadline = engine_calendar(province=province).add(started, limit)
        except CalendarRangeError as error:
            raise CommandError(str(error)) from None
        if json:
            self.stdout.write(_dumps(as_json(deadline)))
        else:
            self.stdout.write(explain(deadline))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
