"""Personal API keys (mã truy cập API): made for staff accounts, shown once, stored as a SHA-256 hash, revocable.

A key reads `mc_<prefix>_<secret>`: the prefix (10 hex digits, stored in clear) finds the row, the hash of the whole
key is compared in constant time. A key of an inactive account, a revoked key or an expired key authenticates
nobody. A key expires at most API_TOKEN_DAYS (MOTCUA_API_TOKEN_DAYS) after it is made and carries a scope: "read"
keys may only read, "act" keys may also act (motcua.api.auth refuses a read key every write).
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts.models import ApiToken, User
from motcua.core.audit import record
from motcua.core.models import AuditEntry

SCHEME = "mc"
DEFAULT_NAME = "api"
# last_used_at is written at most this often per key, so a busy client does not write on every call.
TOUCH_EVERY = datetime.timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def check_owner(user: User) -> None:
    """Only active staff accounts get keys: applicants use the portal, locked accounts use nothing."""
    if not user.is_active:
        raise ValidationError(
            gettext("Tài khoản «%(username)s» đã bị khóa; không cấp mã truy cập API.") % {"username": user.username}
        )
    if user.account_type != User.AccountType.STAFF:
        raise ValidationError(
            gettext("Chỉ tài khoản cán bộ mới được cấp mã truy cập API; «%(username)s» không phải cán bộ.")
            % {"username": user.username}
        )


def validity_days(days: int | None) -> int:
    """The days a new key is valid: as asked, within 1 … API_TOKEN_DAYS; the longest when not asked."""
    longest = settings.API_TOKEN_DAYS
    if days is None:
        return longest
    if not 1 <= days <= longest:
        raise ValidationError(
            gettext("Thời hạn của mã truy cập API phải từ 1 đến %(days)d ngày.") % {"days": longest}, code="days"
        )
    return days


def create(
    user: User,
    name: str = DEFAULT_NAME,
    *,
    scope: str = ApiToken.Scope.ACT,
    days: int | None = None,
    actor=None,
) -> tuple[ApiToken, str]:
    """A new key for `user`; returns the row and the key itself, which is never stored and cannot be shown again."""
    check_owner(user)
    if scope not in ApiToken.Scope.values:
        raise ValidationError(gettext("Phạm vi của mã truy cập API phải là «read» hoặc «act»."), code="scope")
    expires_at = timezone.now() + datetime.timedelta(days=validity_days(days))
    name = (name or "").strip() or DEFAULT_NAME
    prefix = secrets.token_hex(5)
    key = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=prefix, key_hash=_hash(key), scope=scope, expires_at=expires_at
        )
        record(
            AuditEntry.Action.CREATE,
            token,
            changes={
                "user": [None, user.username],
                "name": [None, token.name],
                "prefix": [None, prefix],
                "scope": [None, scope],
                "expires_at": [None, expires_at.isoformat()],
            },
            actor=actor,
        )
    return token, key


def revoke(tokens, *, actor=None) -> list[ApiToken]:
    """Revoke the given keys that are still active; each revocation is written to the audit log."""
    now = timezone.now()
    revoked = []
    with transaction.atomic():
        for token in tokens.select_for_update(of=("self",)).filter(revoked_at__isnull=True).select_related("user"):
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            record(AuditEntry.Action.UPDATE, token, changes={"revoked_at": [None, now.isoformat()]}, actor=actor)
            revoked.append(token)
    return revoked


def authenticate(key: str) -> ApiToken | None:
    """The key's row (with its active owner), or None: unknown, malformed, revoked, expired, or the owner locked."""
    scheme, _, rest = (key or "").strip().partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != SCHEME or not prefix or not secret:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key.strip())):
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def owned_by(user: User):
    """The user's keys for their own page: newest first, the secret never (only its hash is stored anyway)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
