"""`motcua run_periodic`: enqueue the periodic background work; cron runs it every 15 minutes
(docs/notifications.md), the `motcua db_worker` process does the work."""

from django.core.management.base import BaseCommand

from motcua.dossiers.tasks import close_unsupplemented, notify_overdue, warn_due_soon
from motcua.notify.tasks import requeue_stalled_notifications
from motcua.reports.tasks import store_recent_months

PERIODIC = [
    ("close_unsupplemented", close_unsupplemented),
    ("notify_overdue", notify_overdue),
    ("warn_due_soon", warn_due_soon),
    ("requeue_stalled_notifications", requeue_stalled_notifications),
    ("store_recent_months", store_recent_months),
]


class Command(BaseCommand):
    help = (
        "Xếp các việc định kỳ vào hàng đợi cho tiến trình nền (motcua db_worker): đóng hồ sơ quá hạn bổ sung, "
        "báo hồ sơ quá hạn, nhắc việc sắp đến hạn, gửi lại thông báo bị treo, tính sẵn số liệu các tháng gần đây. "
        "Chạy 15 phút một lần bằng cron; --now chạy ngay trong lệnh này thay vì xếp hàng đợi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Chạy ngay (không qua hàng đợi).")

    def handle(self, *args, now=False, **options):
        for name, periodic in PERIODIC:
            if now:
                self.stdout.write(f"{name}: {periodic.call()}")
            else:
                result = periodic.enqueue()
                if options["verbosity"] > 1:
                    self.stdout.write(f"{name}: {result.id}")
