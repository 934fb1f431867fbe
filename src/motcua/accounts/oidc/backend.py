"""The authorization-code flow's server side: code for tokens, the ID token checked, the claims to an account.

mozilla-django-oidc does the exchange, the signature (the provider's JWKS, the configured algorithm only, never
"none") and the nonce. Added here, per OpenID Connect Core 1.0 section 3.1.3.7: the issuer, the audience (and
`azp` when there are several), the presence of `exp` and `iat`; and the userinfo answer must be about the same
`sub` as the ID token (section 5.3.2). The provider and its endpoints come from motcua.accounts.oidc.config.
"""

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from motcua.accounts.oidc import config, linking


class OIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The parent reads every endpoint from the settings here; ours may need discovery, so it waits for a login.
        self.UserModel = get_user_model()

    def get_user(self, user_id):
        # The parent's version would keep a deactivated account logged in.
        return ModelBackend.get_user(self, user_id)

    def _configure(self) -> None:
        self.provider = config.provider()
        self.OIDC_OP_TOKEN_ENDPOINT = self.provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Password logins pass through every backend too; only the callback (nonce, no password) is ours.
        if request is None or "nonce" not in kwargs or "password" in kwargs or not config.is_enabled():
            return None
        self._configure()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.PyJWTError as error:  # expired, not yet valid, malformed: refused like a bad signature
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        if "nonce" in kwargs:  # the ID token (a signed userinfo answer has no nonce)
            self._check_id_token(payload)
        return payload

    def _check_id_token(self, payload: dict) -> None:
        if payload.get("iss") != self.provider.issuer:
            raise SuspiciousOperation("ID token from another issuer.")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client.")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token with several audiences and another authorized party.")
        if "exp" not in payload or "iat" not in payload or not payload.get("sub"):
            raise SuspiciousOperation("ID token without exp, iat or sub.")

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload) if self.OIDC_OP_USER_ENDPOINT else {}
        if userinfo and userinfo.get("sub") != payload["sub"]:
            raise SuspiciousOperation("The userinfo answer is about another subject.")
        # The signed ID token wins over the userinfo answer where both speak.
        return linking.account_for(self.provider.issuer, {**userinfo, **payload})
