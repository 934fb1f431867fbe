from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.demo.dossier_seed import seed_dossiers
from motcua.demo.group_seed import seed_groups
from motcua.demo.interagency_seed import seed_interagency
from motcua.demo.reform_seed import seed_reform
from motcua.demo.seed import DEMO_PASSWORD, demo_logins, seed
from motcua.feedback.demo import seed_ratings, seed_survey
from motcua.payments.demo import seed_payments
from motcua.reports import facts


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (Hà Nội, xã Hồng Vân, tài khoản cho mọi vai trò, khoảng 300 hồ sơ với thanh toán, đánh giá, "
        "khảo sát và kế hoạch, kiểm tra cải cách hành chính) và in danh sách đăng nhập."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Chỉ nạp khi cơ sở dữ liệu chưa có tài khoản nào.")
        parser.add_argument("--url", default="", help="Địa chỉ của hệ thống, in kèm danh sách đăng nhập.")

    def handle(self, *args, if_empty=False, url="", **options):
        if settings.PRODUCTION:
            raise CommandError("Không nạp dữ liệu mẫu ở chế độ vận hành thật (MOTCUA_ENV=production).")
        if if_empty and User.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu: bỏ qua việc nạp dữ liệu mẫu.")
            logins = demo_logins()
        else:
            seed(progress=self.stdout.write)
            seed_dossiers(progress=self.stdout.write)
            # Payments, ratings, a survey and the reform records all describe the dossiers seeded above.
            seed_payments(self.stdout.write)
            seed_ratings(self.stdout.write)
            seed_survey(self.stdout.write)
            seed_reform(self.stdout.write)
            seed_groups(progress=self.stdout.write)  # after the seeds above, which pick among the dossiers
            seed_interagency(progress=self.stdout.write)  # inter-agency parts, and a submission to forward
            # What a running server's periodic job keeps ready (reports.store_recent_months): the facts of the
            # complete months, so the first dashboard or 766 index opened does not count them (docs/dashboards.md).
            facts.rebuild(facts.months_to_store(), progress=self.stdout.write)
            logins = demo_logins()
        self.stdout.write("")
        if url:
            self.stdout.write(self.style.SUCCESS(f"MotCua: {url}"))
        if logins:
            self.stdout.write(f"Tài khoản mẫu (mật khẩu chung / shared password: {DEMO_PASSWORD}):")
            width = max(len(login.username) for login in logins)
            for login in logins:
                self.stdout.write(f"  {login.username.ljust(width)}  {login.role_label} – {login.where}".rstrip(" –"))
