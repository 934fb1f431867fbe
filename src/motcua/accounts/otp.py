"""Two-step verification (xác thực hai bước) for staff with a TOTP authenticator app.

A device is created unconfirmed when enrolment starts and becomes active only after the first right code.
Enabling and disabling are written to the audit log; the secret key never is.
"""

import math
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.core.audit import record
from motcua.core.models import AuditEntry

DEVICE_NAME = "Ứng dụng xác thực"


@dataclass(frozen=True)
class CodeCheck:
    accepted: bool
    wait_seconds: int = 0  # above zero when too many wrong codes were given and the device is throttled


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user) -> bool:
    return confirmed_device(user) is not None


def fresh_enrolment_device(user) -> TOTPDevice:
    """A new unconfirmed device with a new secret; unfinished set-ups of the user (and their secrets) are dropped."""
    TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def check_code(device: TOTPDevice, code: str) -> CodeCheck:
    """Verify a code; wrong codes make the next try wait longer (1, 2, 4… seconds, django-otp throttling)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, info = device.verify_is_allowed()
        if not allowed:
            locked_until = (info or {}).get("locked_until")
            wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
            return CodeCheck(False, wait_seconds=max(1, math.ceil(wait)))
        return CodeCheck(device.verify_token(code))


def confirm(device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Older unfinished set-ups would otherwise linger with secrets that were shown on screen.
    TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
    record(AuditEntry.Action.CREATE, device, object_label=gettext("Bật xác thực hai bước: %s") % device.user)


def disable(user) -> None:
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=None):
        if device.confirmed:
            record(AuditEntry.Action.DELETE, device, object_label=gettext("Tắt xác thực hai bước: %s") % user)
        device.delete()


def manual_entry_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan the QR code."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG QR code (no image request, nothing from outside)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=gettext("Mã QR để thêm tài khoản vào ứng dụng xác thực"), svgclass="otp-qr"
    )
    # segno builds the SVG from the address and our title only; it escapes the title.
    return mark_safe(svg)
