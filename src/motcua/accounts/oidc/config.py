"""The OpenID Connect provider from the settings (MOTCUA_OIDC_*, docs/identity.md).

Endpoints given one by one win; the others come from the provider's discovery document
(<issuer>/.well-known/openid-configuration), fetched when first needed and cached for DISCOVERY_SECONDS. The document
must name the configured issuer (OpenID Connect Discovery 1.0, section 4.3), so a wrong address is refused.
"""

from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache

DISCOVERY_SECONDS = 3600
DISCOVERY_PATH = "/.well-known/openid-configuration"


class DiscoveryError(Exception):
    """The provider's discovery document could not be read or does not fit the configuration."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


def is_enabled() -> bool:
    """The login button and pages exist only when an issuer and a client are configured."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def _discover(issuer: str) -> dict:
    key = f"oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is not None:
        return document
    try:
        response = requests.get(issuer.rstrip("/") + DISCOVERY_PATH, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(f"Cannot read the discovery document of {issuer}: {error}") from error
    if document.get("issuer") != issuer:
        raise DiscoveryError(f"The discovery document names the issuer {document.get('issuer')!r}, not {issuer!r}.")
    cache.set(key, document, DISCOVERY_SECONDS)
    return document


def provider() -> Provider:
    issuer = settings.OIDC_ISSUER
    given = {
        "authorization_endpoint": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.OIDC_OP_USER_ENDPOINT,
        "jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT,
    }
    if not all(given.values()):
        document = _discover(issuer)
        given = {name: value or document.get(name, "") for name, value in given.items()}
    missing = [name for name in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not given[name]]
    if missing:
        raise DiscoveryError(f"The provider {issuer} has no {', '.join(missing)}.")
    return Provider(issuer=issuer, **given)
