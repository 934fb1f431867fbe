"""Signing keys held on a USB token or a hardware security module (thiết bị lưu khóa bí mật, Decree 23/2025 on
electronic signatures): pyHanko signs through the device's PKCS#11 module, so the private key never leaves it.

A key is named by the token's label and the label of the key and its certificate (one label on both objects, as
certification authorities and `pkcs11-tool` write them): for the default key by settings, for an agency by an
RFC 7512 URI, `pkcs11:token=<label>;object=<label>` (docs/signing.md, "PKCS#11"). The PIN comes from the environment
only. python-pkcs11 is the optional extra `motcua[pkcs11]`: without it only this signer is unavailable.
"""

import asyncio
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.utils.translation import gettext
from pyhanko.sign import signers

from motcua.dossiers.errors import SigningUnavailable

try:
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
except ImportError:  # motcua[pkcs11] not installed: said when a token is asked to sign (open_signer)
    pkcs11 = None

logger = logging.getLogger(__name__)

URI_SCHEME = "pkcs11:"

# The login state of a token belongs to the process, not to the session: two threads of one worker signing at once
# would log each other out. One signing at a time per process; a signature takes milliseconds.
_one_signing_at_a_time = threading.Lock()


@dataclass(frozen=True)
class TokenKey:
    """A signing key and its certificate on a token reached through a PKCS#11 module (the .so of the device's
    vendor); `pin` is the token's user PIN, kept out of repr so that no log line showing the object carries it."""

    module: str
    token: str
    key: str
    pin: str = field(default="", repr=False)


def from_uri(uri: str, *, module: str, pin: str) -> TokenKey:
    """The key an RFC 7512 URI names by its `token` and `object` attributes (percent-decoded: a label with a comma
    is written `%2C`). Other attributes and the query (such as pin-value) are not read."""
    path = uri.removeprefix(URI_SCHEME).partition("?")[0]
    attributes = {
        name.strip(): unquote(value) for name, _sep, value in (part.partition("=") for part in path.split(";"))
    }
    return TokenKey(module, attributes.get("token", ""), attributes.get("object", ""), pin)


@contextmanager
def open_signer(key: TokenKey) -> Iterator[signers.Signer]:
    """A pyHanko signer for the key, in a session opened for this signing and closed after it. A session kept open
    by a long-lived worker would stay logged in on the token for the worker's life and go stale when the device is
    unplugged, the network HSM restarts or the token is replaced on renewal; opening one costs little beside a
    signature, and results are signed a few at a time."""
    if not (key.module and key.token and key.key and key.pin):
        raise SigningUnavailable(
            gettext(
                "Chưa cấu hình đủ thiết bị lưu khóa bí mật (PKCS#11) để ký số: cần thư viện PKCS#11, nhãn token, "
                "nhãn khóa và mã PIN."
            )
        )
    if pkcs11 is None:
        raise SigningUnavailable(
            gettext("Máy chủ chưa cài gói python-pkcs11 (motcua[pkcs11]) để ký số bằng thiết bị lưu khóa bí mật.")
        )
    with _one_signing_at_a_time:
        session = _open_session(key)
        try:
            signer = _signer(session, key)
            yield signer
        except pkcs11.PKCS11Error as error:
            logger.warning("PKCS#11 token %r failed while signing: %s", key.token, type(error).__name__)
            raise SigningUnavailable(
                gettext("Thiết bị lưu khóa bí mật «%(token)s» báo lỗi khi ký số; hãy thử lại hoặc báo quản trị.")
                % {"token": key.token}
            ) from error
        finally:
            _close(session)


def _open_session(key: TokenKey):
    try:
        # Loaded and initialised once per process (python-pkcs11 keeps the library); sessions are what we close.
        pkcs11.lib(key.module)
    except pkcs11.PKCS11Error as error:
        raise SigningUnavailable(
            gettext("Không nạp được thư viện PKCS#11 «%(name)s» để ký số.") % {"name": Path(key.module).name}
        ) from error
    token = {"token": key.token}
    # When the login fails python-pkcs11 does not close the session it opened: a wrong PIN is a setting to fix,
    # and each try also counts towards the token locking its PIN.
    try:
        return open_pkcs11_session(key.module, token_criteria=TokenCriteria(label=key.token), user_pin=key.pin)
    except (pkcs11.PinIncorrect, pkcs11.PinInvalid, pkcs11.PinLenRange) as error:
        raise SigningUnavailable(
            gettext("Không đăng nhập được thiết bị lưu khóa bí mật «%(token)s»: sai mã PIN.") % token
        ) from error
    except pkcs11.PinLocked as error:
        raise SigningUnavailable(
            gettext(
                "Mã PIN của thiết bị lưu khóa bí mật «%(token)s» đã bị khóa; hãy liên hệ người quản trị chứng thư số."
            )
            % token
        ) from error
    except pkcs11.PKCS11Error as error:
        # pyHanko raises the base class when no slot holds a token with that label; the others are the device's.
        logger.warning("PKCS#11 token %r not opened: %s", key.token, type(error).__name__)
        raise SigningUnavailable(
            gettext("Không thấy hoặc không kết nối được thiết bị lưu khóa bí mật «%(token)s».") % token
        ) from error


def _signer(session, key: TokenKey) -> signers.Signer:
    signer = PKCS11Signer(session, cert_label=key.key, key_label=key.key)
    try:
        # The key and the certificate are looked up now rather than halfway through the signature, so that a
        # missing one is said as such.
        asyncio.run(signer.ensure_objects_loaded())
    except pkcs11.PKCS11Error as error:
        raise SigningUnavailable(
            gettext("Không thấy khóa ký số «%(key)s» và chứng thư số của nó trên thiết bị lưu khóa bí mật «%(token)s».")
            % {"key": key.key, "token": key.token}
        ) from error
    return signer


def _close(session) -> None:
    try:
        session.close()
    except pkcs11.PKCS11Error as error:  # the device went away: nothing is left open on it
        logger.warning("PKCS#11 session not closed: %s", type(error).__name__)
