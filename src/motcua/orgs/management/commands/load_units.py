from django.core.management.base import BaseCommand, CommandError
from vietnam_provinces import Province

from motcua.orgs.loader import load_units


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính (hai cấp từ 01/7/2025 và ba cấp cũ) cùng bảng chuyển đổi cũ → mới "
        "từ gói vietnam-provinces. Không có --province thì nạp toàn quốc. / Load administrative units."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            type=int,
            metavar="MÃ",
            help="Mã tỉnh, thành phố hiện hành (ví dụ 1 = Hà Nội); lặp lại để nạp nhiều tỉnh.",
        )

    def handle(self, *args, province=None, **options):
        codes = None
        if province:
            known = {int(p.code) for p in Province.iter_all()}
            unknown = sorted(set(province) - known)
            if unknown:
                raise CommandError(
                    f"Mã tỉnh không tồn tại: {', '.join(map(str, unknown))}. "
                    f"Các mã hợp lệ: {', '.join(str(c) for c in sorted(known))}."
                )
            codes = set(province)
        result = load_units(codes, progress=lambda message: self.stdout.write(message))
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong: {result.created} đơn vị mới, {result.updated} đơn vị cập nhật, "
                f"{result.successions} dòng chuyển đổi mới ({len(result.provinces)} tỉnh, thành phố hiện hành)."
            )
        )
