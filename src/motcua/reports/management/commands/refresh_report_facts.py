"""`motcua refresh_report_facts`: compute the stored monthly facts of the dashboards again (docs/dashboards.md,
"Stored monthly facts"), after a bulk import or a change made outside the services, which marks no month stale."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from motcua.reports import facts


def _month(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"Tháng không hợp lệ: {text!r} (cần dạng YYYY-MM, ví dụ 2026-03).") from None


class Command(BaseCommand):
    help = (
        "Tính lại số liệu tháng đã chốt của bảng điều hành, Bộ chỉ số 766 và thống kê công khai (sau khi nhập dữ "
        "liệu hàng loạt): mặc định các tháng đã lưu; --from YYYY-MM mọi tháng đã hết từ tháng đó; --all mọi tháng "
        "đã hết kể từ hồ sơ đầu tiên."
    )

    def add_arguments(self, parser):
        chosen = parser.add_mutually_exclusive_group()
        chosen.add_argument("--from", dest="since", type=_month, metavar="YYYY-MM", help="Từ tháng này trở đi.")
        chosen.add_argument("--all", action="store_true", help="Mọi tháng đã hết kể từ hồ sơ đầu tiên.")

    def handle(self, *args, since=None, **options):
        # Without a choice, the months already stored (None).
        months = facts.months_to_store(since) if since is not None or options["all"] else None
        done = facts.rebuild(months, progress=self.stdout.write)
        self.stdout.write(f"Đã tính lại {done} tháng.")
