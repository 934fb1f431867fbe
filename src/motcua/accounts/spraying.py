"""Password spraying (dò một mật khẩu trên nhiều tài khoản): limits on failed logins across accounts.

django-axes locks one account from one address after a few wrong passwords; a sprayer instead tries one common
password once on each of many accounts, which never trips that lock. So failed logins are also counted per
different account (one account counts once, however often it fails):

- from one client address: LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS accounts within LOGIN_SPRAY_WINDOW_MINUTES pause every
  password login from that address;
- with one password, from any address: LOGIN_SPRAY_ACCOUNTS_PER_PASSWORD accounts pause every login with that
  password, even on an account where it is right.

The pause lasts one window and is checked before the password is. Counting is atomic (motcua.core.rate_limit). The
password is only ever handled as an HMAC keyed by SECRET_KEY — never stored, nor its unsalted hash — and so are the
address and the account name.
"""

import datetime
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, ngettext

from motcua.accounts.lockout import account_name
from motcua.accounts.models import LoginBlock
from motcua.core import rate_limit
from motcua.core.audit import record
from motcua.core.models import AuditEntry


def _keyed(kind: str, value: str) -> str:
    return salted_hmac(f"motcua.accounts.spraying.{kind}", value, algorithm="sha256").hexdigest()


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR") or ""


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_SPRAY_WINDOW_MINUTES)


def refusal(request, password: str) -> str | None:
    """The Vietnamese message when password logins from this address, or with this password, are paused."""
    now = timezone.now()
    block = (
        LoginBlock.objects.filter(
            Q(kind=LoginBlock.Kind.ADDRESS, key_hash=_keyed("address", _address(request)))
            | Q(kind=LoginBlock.Kind.PASSWORD, key_hash=_keyed("password", password)),
            until__gt=now,
        )
        .order_by("-until")
        .first()
    )
    if block is None:
        return None
    minutes = max(1, math.ceil((block.until - now).total_seconds() / 60))
    if block.kind == LoginBlock.Kind.ADDRESS:
        text = ngettext(
            "Có quá nhiều lần đăng nhập sai vào nhiều tài khoản khác nhau từ địa chỉ mạng của bạn, nên việc đăng "
            "nhập từ đây tạm dừng. Hãy thử lại sau %(minutes)d phút.",
            "Có quá nhiều lần đăng nhập sai vào nhiều tài khoản khác nhau từ địa chỉ mạng của bạn, nên việc đăng "
            "nhập từ đây tạm dừng. Hãy thử lại sau %(minutes)d phút.",
            minutes,
        )
    else:
        text = ngettext(
            "Mật khẩu này vừa bị thử trên nhiều tài khoản khác nhau nên tạm thời không được chấp nhận. Hãy thử "
            "lại sau %(minutes)d phút; nếu đó đúng là mật khẩu của bạn, hãy đổi sang một mật khẩu khó đoán hơn.",
            "Mật khẩu này vừa bị thử trên nhiều tài khoản khác nhau nên tạm thời không được chấp nhận. Hãy thử "
            "lại sau %(minutes)d phút; nếu đó đúng là mật khẩu của bạn, hãy đổi sang một mật khẩu khó đoán hơn.",
            minutes,
        )
    return text % {"minutes": minutes}


def record_failure(request, typed_username: str, password: str) -> None:
    """Count a wrong password; pause the address or the password once it has failed on too many accounts."""
    account = _keyed("account", account_name(typed_username))
    counted = (
        (LoginBlock.Kind.ADDRESS, _keyed("address", _address(request)), settings.LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS),
        (LoginBlock.Kind.PASSWORD, _keyed("password", password), settings.LOGIN_SPRAY_ACCOUNTS_PER_PASSWORD),
    )
    for kind, key, limit in counted:
        # The first failure of this account in the window is the only one that counts towards the spray.
        if rate_limit.count(f"login-spray-{kind}-account", f"{key}\n{account}", window=_window()) != 1:
            continue
        if rate_limit.count(f"login-spray-{kind}", key, window=_window()) >= limit:
            _block(kind, key)


def _block(kind: str, key: str) -> None:
    now = timezone.now()
    until = now + _window()
    # Ended pauses are useless; clearing them here keeps the table as small as the attacks of one window.
    LoginBlock.objects.filter(until__lte=now).delete()
    try:
        with transaction.atomic():
            block, _created = LoginBlock.objects.update_or_create(kind=kind, key_hash=key, defaults={"until": until})
    except IntegrityError:  # made by a parallel request a moment ago: that pause stands
        return
    record(
        AuditEntry.Action.LOGIN_FAILED,
        object_type="accounts.LoginBlock",
        object_label=gettext("Tạm dừng đăng nhập vì dò mật khẩu: %(kind)s") % {"kind": block.get_kind_display()},
        changes={"step": "spraying", "kind": kind, "until": until.isoformat()},
    )
