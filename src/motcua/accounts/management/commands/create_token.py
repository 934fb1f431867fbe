from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.accounts import tokens
from motcua.accounts.models import ApiToken, User


def staff_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có tài khoản «{username}».")
    return user


class Command(BaseCommand):
    help = (
        "Cấp một mã truy cập REST API (Authorization: Bearer …) cho một tài khoản cán bộ đang hoạt động. "
        "Mã chỉ được in ra một lần; MotCua chỉ lưu mã băm. Mã có phạm vi (--scope read: chỉ đọc; act: đọc và "
        "thao tác) và hết hạn sau --days ngày (tối đa MOTCUA_API_TOKEN_DAYS). Thu hồi: motcua revoke_token."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
        parser.add_argument(
            "--name", default=tokens.DEFAULT_NAME, help="Tên gợi nhớ, ví dụ tên phần mềm dùng mã (mặc định «api»)."
        )
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.ACT,
            help="read: chỉ đọc; act: đọc và thao tác như chủ tài khoản (mặc định «act», như các mã cấp trước đây).",
        )
        parser.add_argument(
            "--days",
            type=int,
            help="Số ngày hiệu lực, từ 1 đến MOTCUA_API_TOKEN_DAYS (mặc định: MOTCUA_API_TOKEN_DAYS).",
        )

    def handle(self, *args, username, name, scope, days=None, **options):
        user = staff_user(username)
        try:
            token, key = tokens.create(user, name, scope=scope, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        expires = timezone.localtime(token.expires_at).strftime("%d/%m/%Y %H:%M")
        self.stderr.write(
            f"Đã cấp mã truy cập API «{token.name}» (mc_{token.prefix}, phạm vi {token.scope}, hết hạn {expires}) "
            f"cho {user.username}. Hãy lưu lại ngay: mã không được hiển thị lần nữa."
        )
        self.stdout.write(key)
