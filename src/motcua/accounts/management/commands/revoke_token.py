from django.core.management.base import BaseCommand

from motcua.accounts import tokens
from motcua.accounts.management.commands.create_token import staff_user
from motcua.accounts.models import ApiToken


class Command(BaseCommand):
    help = (
        "Thu hồi mã truy cập API của một tài khoản: theo tên gợi nhớ (--name), theo tiền tố (--prefix, "
        "ví dụ mc_1a2b3c4d5e), hoặc mọi mã còn hiệu lực khi không ghi gì thêm."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
        parser.add_argument("--name", help="Chỉ thu hồi các mã có tên gợi nhớ này.")
        parser.add_argument("--prefix", help="Chỉ thu hồi mã có tiền tố này (mc_… như khi cấp).")

    def handle(self, *args, username, name=None, prefix=None, **options):
        user = staff_user(username)
        chosen = ApiToken.objects.filter(user=user)
        if name is not None:
            chosen = chosen.filter(name=name)
        if prefix is not None:
            chosen = chosen.filter(prefix=prefix.removeprefix(f"{tokens.SCHEME}_"))
        revoked = tokens.revoke(chosen)
        for token in revoked:
            self.stdout.write(f"Đã thu hồi mã «{token.name}» (mc_{token.prefix}).")
        if not revoked:
            self.stdout.write(f"Không có mã truy cập API nào còn hiệu lực phù hợp của {user.username}.")
