from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from motcua.notify.models import Notification
from motcua.notify.tasks import retry_failed

Status = Notification.Status


class Command(BaseCommand):
    help = (
        "Xem hộp thư đi của thông báo: --failed liệt kê các thông báo gửi không thành công (kèm lỗi), "
        "--pending các thông báo đang chờ gửi; --retry gửi lại các thông báo lỗi (tất cả, hoặc theo số)."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--failed", action="store_true", help="Các thông báo gửi không thành công.")
        group.add_argument("--pending", action="store_true", help="Các thông báo đang chờ gửi.")
        group.add_argument(
            "--retry", nargs="*", type=int, metavar="SỐ", help="Gửi lại các thông báo lỗi (không ghi số: tất cả)."
        )
        parser.add_argument("--limit", type=int, default=100, help="Số dòng tối đa (mặc định 100).")

    def handle(self, *args, failed=False, pending=False, retry=None, limit=100, **options):
        if retry is not None:
            count = retry_failed(retry or None)
            self.stdout.write(f"Đã xếp lại {count} thông báo để gửi.")
            return
        counts = dict(Notification.objects.order_by().values_list("status").annotate(count=Count("pk")))
        if not (failed or pending):
            for status in Status:
                self.stdout.write(f"{status.label}: {counts.get(status.value, 0)}")
            return
        status = Status.FAILED if failed else Status.PENDING
        rows = Notification.objects.filter(status=status).select_related("dossier").order_by("-created_at", "-pk")
        shown = 0
        for notification in rows[:limit]:
            shown += 1
            when = timezone.localtime(notification.created_at).strftime("%d/%m/%Y %H:%M")
            dossier = notification.dossier.code if notification.dossier and notification.dossier.code else "—"
            self.stdout.write(
                f"#{notification.pk}  {when}  {notification.channel}  {notification.address}  hồ sơ {dossier}  "
                f"{notification.attempts} lần  {notification.subject}"
            )
            if notification.last_error:
                self.stdout.write(f"    lỗi: {notification.last_error.splitlines()[0]}")
        total = counts.get(status.value, 0)
        self.stdout.write(f"{total} thông báo «{status.label}»" + (f" (hiện {shown})" if shown < total else ""))
