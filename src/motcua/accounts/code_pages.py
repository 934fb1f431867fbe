"""What the pages that send a one-time code share: how the address is shown, the resend button, the messages."""

from django.contrib import messages
from django.utils.translation import gettext as _

from motcua.accounts import verification
from motcua.accounts.models import VerificationCode


def masked(address: str) -> str:
    """Enough of an address to recognise it on a shared screen: ng***@example.vn, 0912***678."""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:2]}***@{domain}"
    return f"{address[:4]}***{address[-3:]}"


def issue_error(error: Exception) -> str:
    if isinstance(error, verification.TooManyRequests):
        return _("Địa chỉ này đã được gửi quá nhiều mã trong một giờ. Hãy thử lại sau.")
    return _("Chưa gửi được mã xác minh tới địa chỉ này. Hãy kiểm tra lại địa chỉ và thử lại sau ít phút.")


def code_context(row: VerificationCode | None) -> dict:
    wait = verification.resend_wait(row) if row is not None else 0
    return {
        "address": masked(row.address) if row else "",
        "by_sms": row is not None and row.channel == VerificationCode.Channel.SMS,
        "resend_wait": wait,
        "minutes": verification.CODE_MINUTES,
    }


def resend_message(request, row: VerificationCode) -> None:
    """Send again when allowed, and say what happened."""
    wait = verification.resend_wait(row)
    if wait > 0:
        messages.info(request, _("Hãy đợi %(seconds)d giây nữa rồi bấm gửi lại mã.") % {"seconds": wait})
    elif wait < 0:
        messages.error(request, _("Đã gửi lại mã quá số lần cho phép. Hãy bắt đầu lại từ đầu."))
    else:
        try:
            verification.resend(row)
        except verification.DeliveryFailed as error:
            messages.error(request, issue_error(error))
        else:
            messages.success(request, _("Đã gửi mã xác minh mới. Mã cũ không còn dùng được."))
