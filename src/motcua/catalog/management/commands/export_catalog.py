from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.interchange.exporter import dumps, export_document
from motcua.catalog.interchange.flat import write_csv, write_xlsx
from motcua.catalog.models import ProcedureVersion


class Command(BaseCommand):
    help = (
        "Xuất danh mục thủ tục hành chính: JSON đầy đủ (định dạng motcua-catalog, xem docs/catalog-format.md) "
        "hoặc bảng CSV/XLSX các thông tin chính, mỗi dòng một phiên bản."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json", help="Mặc định: json.")
        parser.add_argument("--output", "-o", default="", help="Tệp kết quả; bỏ trống thì in ra màn hình (JSON, CSV).")
        parser.add_argument(
            "--status",
            choices=ProcedureVersion.Status.values,
            default=None,
            help="Chỉ xuất phiên bản có trạng thái này.",
        )

    def handle(self, *args, format="json", output="", status=None, **options):
        versions = ProcedureVersion.objects.all()
        if status:
            versions = versions.filter(status=status)
        if format == "xlsx" and not output:
            raise CommandError("Tệp XLSX cần --output TỆP.")
        try:
            if format == "xlsx":
                with open(output, "wb") as stream:
                    write_xlsx(stream, versions)
            elif output:
                # A BOM lets spreadsheet programs recognise UTF-8 CSV; JSON is written without one.
                with open(output, "w", encoding="utf-8-sig" if format == "csv" else "utf-8", newline="") as stream:
                    self._write_text(stream, format, versions)
            else:
                self._write_text(self.stdout, format, versions)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {output}: {error.strerror}.") from None
        if output:
            self.stdout.write(f"Đã xuất {versions.count()} phiên bản thủ tục ra {output}.")

    @staticmethod
    def _write_text(stream, format, versions) -> None:
        if format == "json":
            stream.write(dumps(export_document(versions)))
        else:
            write_csv(stream, versions)
