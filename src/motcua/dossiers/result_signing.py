"""The e-signature plugin of the lifecycle (ký số kết quả; architecture principle 6): at the leader's signature the
lifecycle asks the registered signer to sign the dossier's unsigned result PDFs with the competent agency's
certificate and store the signed copies. The signing code lives in a higher layer (motcua.documents.signing), so it
registers itself here from DocumentsConfig.ready() instead of being imported.
"""

from collections.abc import Callable

from django.utils.translation import gettext

from motcua.dossiers.errors import SigningUnavailable

# (dossier) -> the names of the files it signed
_signer: Callable | None = None


def register(signer: Callable) -> None:
    global _signer
    _signer = signer


def signer() -> Callable:
    if _signer is None:
        raise SigningUnavailable(gettext("Hệ thống chưa có chức năng ký số kết quả."))
    return _signer
