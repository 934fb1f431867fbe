"""`motcua run_periodic`: enqueue the periodic background work that the apps declared (motcua.core.periodic);
cron runs it every 15 minutes on any number of nodes (docs/notifications.md), `motcua db_worker` does the work."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.core import periodic, rate_limit


class Command(BaseCommand):
    help = (
        "Xếp các việc định kỳ vào hàng đợi cho tiến trình nền (motcua db_worker): đóng hồ sơ quá hạn bổ sung, "
        "báo hồ sơ quá hạn, nhắc việc sắp đến hạn, gửi lại thông báo bị treo, tính sẵn số liệu các tháng gần đây. "
        "Chạy 15 phút một lần bằng cron trên mọi máy chủ: mỗi việc chỉ được xếp một lần trong mỗi kỳ. "
        "--now chạy ngay trong lệnh này thay vì xếp hàng đợi (bỏ qua việc giành lượt)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Chạy ngay (không qua hàng đợi).")

    def handle(self, *args, now=False, **options):
        at = timezone.now()
        for job in periodic.jobs():
            if now:
                self.stdout.write(f"{job.name}: {job.task.call()}")
            elif periodic.claim(job, at):
                result = job.task.enqueue()
                if options["verbosity"] > 1:
                    self.stdout.write(f"{job.name}: {result.id}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{job.name}: đã được máy khác xếp trong kỳ này")
        periodic.forget_old_claims(at)
        rate_limit.forget_expired(at)
