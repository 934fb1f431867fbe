import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.catalog.interchange.flat_import import read_table, records_from_table
from motcua.catalog.interchange.importer import REJECTED, CatalogFileError, import_records, read_file, read_records
from motcua.catalog.models import ProcedureVersion


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise CommandError(f"Ngày «{text}» không hợp lệ (định dạng YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục hành chính từ tệp JSON (định dạng motcua-catalog hoặc mẫu Cổng Dịch vụ công quốc gia), "
        "hoặc bảng CSV/XLSX các thông tin chính (như lệnh export_catalog xuất ra). "
        "Có bản ghi bị từ chối thì không ghi gì, trừ khi dùng --partial."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp JSON, CSV hoặc XLSX.")
        parser.add_argument(
            "--partial", action="store_true", help="Ghi các bản ghi hợp lệ dù có bản ghi bị từ chối (liệt kê lý do)."
        )
        parser.add_argument("--user", default="", help="Tên đăng nhập của người chịu trách nhiệm nhập (ghi nhật ký).")
        parser.add_argument(
            "--status",
            choices=ProcedureVersion.Status.values,
            default=ProcedureVersion.Status.DRAFT,
            help="Trạng thái cho bản ghi theo mẫu Cổng (không tự ghi trạng thái). Mặc định: draft.",
        )
        parser.add_argument("--valid-from", default=None, help="Ngày hiệu lực cho bản ghi theo mẫu Cổng (YYYY-MM-DD).")

    def handle(self, *args, file, partial=False, user="", status="draft", valid_from=None, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản «{user}».")
        try:
            if file.lower().endswith((".csv", ".xlsx")):
                with open(file, "rb") as handle:
                    records = records_from_table(read_table(handle.read(), file))
            else:
                records = read_records(
                    read_file(file), status=status, valid_from=_date(valid_from) if valid_from else None
                )
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {file}: {error.strerror}.") from None
        except CatalogFileError as error:
            raise CommandError(str(error)) from None
        began = time.perf_counter()
        try:
            report = import_records(
                records,
                partial=partial,
                actor=actor,
                source=str(file),
                progress=self.stdout.write,
            )
        except CatalogFileError as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - began
        for outcome in report.outcomes:
            if outcome.status == REJECTED:
                label = outcome.code or "(không có mã)"
                self.stderr.write(f"  Bản ghi {outcome.position} ({label}) bị từ chối: {'; '.join(outcome.reasons)}")
            elif outcome.detail and options.get("verbosity", 1) >= 1:
                self.stdout.write(f"  {outcome.code} phiên bản {outcome.version}: {outcome.detail}")
        self.stdout.write(f"{report.summary()} ({elapsed:.1f} giây)")
        if not report.written:
            raise CommandError("Có bản ghi bị từ chối nên không ghi gì vào danh mục. Sửa tệp, hoặc dùng --partial.")
        self.stdout.write(self.style.SUCCESS("Đã ghi vào danh mục."))
