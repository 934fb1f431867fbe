from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from motcua.accounts import tokens
from motcua.accounts.models import User


def staff_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có tài khoản «{username}».")
    return user


class Command(BaseCommand):
    help = (
        "Cấp một mã truy cập REST API (Authorization: Bearer …) cho một tài khoản cán bộ đang hoạt động. "
        "Mã chỉ được in ra một lần; MotCua chỉ lưu mã băm. Thu hồi: motcua revoke_token."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
        parser.add_argument(
            "--name", default=tokens.DEFAULT_NAME, help="Tên gợi nhớ, ví dụ tên phần mềm dùng mã (mặc định «api»)."
        )

    def handle(self, *args, username, name, **options):
        user = staff_user(username)
        try:
            token, key = tokens.create(user, name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Đã cấp mã truy cập API «{token.name}» (mc_{token.prefix}) cho {user.username}. "
            "Hãy lưu lại ngay: mã không được hiển thị lần nữa."
        )
        self.stdout.write(key)
