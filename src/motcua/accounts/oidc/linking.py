"""From an OpenID Connect login's claims to a citizen account (liên kết định danh điện tử).

1. A known (issuer, sub) logs into its linked account.
2. Otherwise the claims' *verified* identifiers are looked for: the e-mail address when `email_verified` is true, the
   phone number when `phone_number_verified` is true (each only on an account that proved that address itself, by a
   code), and the personal ID number (settings.OIDC_CLAIM_ID_NUMBER; the national identity provider vouches for it).
   Exactly one applicant account found: it is linked and logged into.
3. Nothing found: a new citizen account is made from the claims.

Refused, with a message and never silently: any match on a staff account (staff log in with password and second
factor); matches on two different accounts; a match on an address or ID number that the account never proved
(someone may have typed another person's details — the desk sorts it out).
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext

from motcua.accounts.contacts import validate_mobile
from motcua.accounts.decorators import is_staff_member
from motcua.accounts.identity_numbers import validate_cccd
from motcua.accounts.models import ApplicantProfile, ExternalIdentity, User
from motcua.core.audit import record
from motcua.core.models import AuditEntry

logger = logging.getLogger(__name__)


class LinkRefused(Exception):
    """The login is refused; str() is the Vietnamese message for the person."""


def _staff_refusal() -> LinkRefused:
    return LinkRefused(
        gettext(
            "Thông tin định danh này trùng với một tài khoản cán bộ. Tài khoản cán bộ chỉ đăng nhập bằng mật khẩu "
            "và xác thực hai bước."
        )
    )


def verified_identifiers(claims: dict) -> dict:
    """The identifiers the provider vouches for, in MotCua's spelling; unusable values are left out."""
    found = {}
    if claims.get("email_verified") is True and claims.get("email"):
        found["email"] = str(claims["email"]).strip()
    if claims.get("phone_number_verified") is True and claims.get("phone_number"):
        try:
            found["phone"] = validate_mobile(str(claims["phone_number"]))
        except ValidationError:
            logger.info("OIDC phone number %r is not a Vietnamese mobile number; ignored.", claims["phone_number"])
    id_number = str(claims.get(settings.OIDC_CLAIM_ID_NUMBER) or "").strip()
    if id_number:
        try:
            validate_cccd(id_number)
            found["id_number"] = id_number
        except ValidationError:
            logger.info("OIDC ID number claim is not a valid CCCD; ignored.")
    return found


def _matches(found: dict) -> tuple[set, set]:
    """(accounts that proved a matching identifier, every account holding one, proved or not)."""
    proven, holding = set(), set()
    if "email" in found:
        for user in User.objects.filter(email__iexact=found["email"]):
            holding.add(user)
            if user.email_verified_at:
                proven.add(user)
    if "phone" in found:
        for user in User.objects.filter(phone=found["phone"]):
            holding.add(user)
            if user.phone_verified_at:
                proven.add(user)
    if "id_number" in found:
        holding.update(User.objects.filter(applicant_profile__personal_id=found["id_number"]))
    return proven, holding


def _fill_from_claims(user: User, claims: dict, found: dict) -> None:
    """Complete what the account lacks from the verified claims; never overwrite what the person entered."""
    now = timezone.now()
    changed = []
    if not user.full_name and claims.get("name"):
        user.full_name = str(claims["name"])[:150]
        changed.append("full_name")
    if "email" in found and not user.email and not User.objects.filter(email__iexact=found["email"]).exists():
        user.email, user.email_verified_at = found["email"], now
        changed += ["email", "email_verified_at"]
    if "phone" in found and not user.phone and not User.objects.filter(phone=found["phone"]).exists():
        user.phone, user.phone_verified_at = found["phone"], now
        changed += ["phone", "phone_verified_at"]
    if changed:
        user.save(update_fields=changed)
    # A personal profile for a person's account only; an organisation's profile is its tax code.
    citizen = user.account_type == User.AccountType.CITIZEN
    id_free = "id_number" in found and not ApplicantProfile.objects.filter(personal_id=found["id_number"]).exists()
    if id_free and citizen and not hasattr(user, "applicant_profile"):
        address = claims.get("address")
        ApplicantProfile.objects.create(
            user=user,
            kind=ApplicantProfile.Kind.PERSON,
            personal_id=found["id_number"],
            date_of_birth=parse_date(str(claims.get("birthdate") or "")),
            address=(address.get("formatted", "") if isinstance(address, dict) else str(address or ""))[:255],
        )


def _new_citizen(issuer: str, claims: dict) -> User:
    digest = hashlib.sha256(f"{issuer}|{claims['sub']}".encode()).hexdigest()[:24]
    user = User(username=f"oidc-{digest}", account_type=User.AccountType.CITIZEN)
    user.set_unusable_password()
    user.save()
    return user


def _link(user: User, issuer: str, subject: str) -> ExternalIdentity:
    identity = ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject, last_login_at=timezone.now())
    record(
        AuditEntry.Action.CREATE,
        identity,
        object_label=gettext("Liên kết đăng nhập định danh điện tử: %s") % user.get_username(),
        changes={"issuer": issuer},
    )
    return identity


@transaction.atomic
def account_for(issuer: str, claims: dict) -> User:
    """The account this login opens (linking or making it when needed), or LinkRefused."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise LinkRefused(gettext("Nhà cung cấp định danh không gửi mã định danh người dùng (sub)."))
    found = verified_identifiers(claims)
    identity = ExternalIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if identity is not None:
        if is_staff_member(identity.user):
            raise _staff_refusal()
        identity.last_login_at = timezone.now()
        identity.save(update_fields=["last_login_at"])
        _fill_from_claims(identity.user, claims, found)
        return identity.user
    proven, holding = _matches(found)
    if any(is_staff_member(user) for user in holding):
        raise _staff_refusal()
    if holding - proven or len(proven) > 1:
        # An account holds these details without having proved them, or two accounts do: not ours to decide.
        raise LinkRefused(
            gettext(
                "Thông tin định danh này (thư điện tử, số điện thoại hoặc số định danh cá nhân) trùng với tài khoản "
                "khác mà hệ thống không tự liên kết được. Hãy đăng nhập bằng mật khẩu, hoặc liên hệ bộ phận một cửa "
                "để được hỗ trợ."
            )
        )
    user = next(iter(proven)) if proven else _new_citizen(issuer, claims)
    _link(user, issuer, subject)
    _fill_from_claims(user, claims, found)
    return user
