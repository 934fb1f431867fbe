"""motcua orphan_files: list the files on storage that no row names and the rows whose file is missing (tệp mồ côi).
Lists only; nothing is deleted (motcua.core.orphan_files)."""

from django.core.management.base import BaseCommand

from motcua.core import orphan_files


class Command(BaseCommand):
    help = "List files on storage without a row and rows without their file; deletes nothing."

    def handle(self, *args, **options):
        report = orphan_files.find()
        for name in report.files_without_row:
            self.stdout.write(f"file without row\t{name}")
        for label, pk, name in report.rows_without_file:
            self.stdout.write(f"row without file\t{label}\t{pk}\t{name}")
        self.stdout.write(
            f"{len(report.files_without_row)} file(s) without a row, {len(report.rows_without_file)} row(s) without "
            f"their file."
        )
