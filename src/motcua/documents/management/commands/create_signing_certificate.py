"""`motcua create_signing_certificate`: a self-signed agency certificate (PKCS#12) for demonstrations and tests,
written where the settings look for it (the var/ folder by default, never committed). A real deployment
configures the certificate its certification authority issued instead (docs/signing.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.documents import signing
from motcua.orgs.models import Agency


class Command(BaseCommand):
    help = (
        "Tạo chứng thư số tự ký (PKCS#12) để ký thử bản điện tử kết quả, chỉ dùng chạy thử và kiểm thử. "
        "Mặc định ghi vào tệp chứng thư mặc định của cấu hình (MOTCUA_SIGNING_PKCS12, trong thư mục var/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", type=int, help="Mã số (id) cơ quan đứng tên chứng thư.")
        parser.add_argument("--name", default="", help="Tên đứng trên chứng thư khi không chọn cơ quan.")
        parser.add_argument("--output", default="", help="Đường dẫn tệp .p12 (mặc định: tệp chứng thư mặc định).")
        parser.add_argument("--force", action="store_true", help="Ghi đè tệp đã có.")

    def handle(self, *args, agency=None, name="", output="", force=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Chứng thư tự ký chỉ dùng để chạy thử; khi vận hành hãy dùng chứng thư do CA cấp.")
        if agency is not None:
            holder = Agency.objects.filter(pk=agency).first()
            if holder is None:
                raise CommandError(f"Không có cơ quan mã số {agency}.")
            common_name = holder.name
        else:
            common_name = name or "MotCua – chứng thư chạy thử"
        path = Path(output) if output else signing.default_certificate().pkcs12
        if path.exists() and not force:
            self.stdout.write(f"Đã có {path}; dùng --force để tạo lại.")
            return
        signing.create_demo_certificate(
            path,
            common_name=common_name,
            organisation=common_name,
            passphrase=signing.default_certificate().passphrase,
        )
        self.stdout.write(self.style.SUCCESS(f"Đã tạo chứng thư tự ký «{common_name}»: {path}"))
