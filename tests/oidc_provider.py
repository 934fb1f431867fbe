"""A small OpenID Connect provider for the tests, speaking the real protocol over HTTP on 127.0.0.1.

Discovery document, authorization endpoint (the person is already "logged in" as `provider.person`, so it redirects
straight back with a code and the state), token endpoint (client secret by HTTP Basic or in the form, PKCE S256,
one-time codes bound to the client and the redirect address) issuing an RS256-signed ID token, JWKS and userinfo.
`provider.tamper` makes it misbehave the way an attacker or a broken provider would, so the tests can see the
client refuse it.
"""

import base64
import json
import secrets
import threading
import time
from hashlib import sha256
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


def b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class OIDCProvider:
    def __init__(self, client_id: str = "motcua", client_secret: str = "bi-mat-cua-motcua"):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.person: dict = {}
        self.redirect_uris: set[str] = set()
        self.discovery_issuer = ""  # set to publish a discovery document naming another issuer
        # "signature": flip the signature; "nonce": another nonce; "audience": for another client; "issuer": from
        # another issuer; "expired": exp in the past; "other_key": signed by a key not in the JWKS; "userinfo_sub":
        # userinfo about somebody else.
        self.tamper: str = ""
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}/vneid"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # Documents ------------------------------------------------------------------------------------------------
    def discovery(self) -> dict:
        return {
            "issuer": self.discovery_issuer or self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email", "phone"],
        }

    def jwks(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        jwk = {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid}
        return {"keys": [{**jwk, "n": b64url_uint(numbers.n), "e": b64url_uint(numbers.e)}]}

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": self.person["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "name": self.person.get("name", ""),
        }
        key, kid = self.key, self.kid
        if self.tamper == "nonce":
            claims["nonce"] = "a-nonce-of-another-login"
        elif self.tamper == "audience":
            claims["aud"] = "another-client"
        elif self.tamper == "issuer":
            claims["iss"] = "http://127.0.0.1:1/not-vneid"
        elif self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 900, now - 600
        elif self.tamper == "other_key":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})
        if self.tamper == "signature":
            header, _payload, signature = token.split(".")
            claims["sub"] = "somebody-else"
            forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
            token = f"{header}.{forged}.{signature}"
        return token

    # HTTP -----------------------------------------------------------------------------------------------------
    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict | None = None, headers: dict | None = None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                path = url.path.removeprefix("/vneid")
                provider.requests.append(("GET", path))
                if path == "/.well-known/openid-configuration":
                    return self._send(200, provider.discovery())
                if path == "/jwks":
                    return self._send(200, provider.jwks())
                if path == "/authorize":
                    return self._authorize(query)
                if path == "/userinfo":
                    return self._userinfo()
                return self._send(404, {"error": "not_found"})

            def do_POST(self):
                path = urlsplit(self.path).path.removeprefix("/vneid")
                provider.requests.append(("POST", path))
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if path == "/token":
                    return self._token(form)
                return self._send(404, {"error": "not_found"})

            def _authorize(self, query):
                redirect_uri = query.get("redirect_uri", "")
                if query.get("client_id") != provider.client_id or redirect_uri not in provider.redirect_uris:
                    return self._send(400, {"error": "invalid_request"})  # never redirect to an unknown address
                if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
                    return self._redirect(redirect_uri, {"error": "invalid_request", "state": query.get("state", "")})
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {
                    "redirect_uri": redirect_uri,
                    "nonce": query.get("nonce"),
                    "challenge": query.get("code_challenge"),
                }
                return self._redirect(redirect_uri, {"code": code, "state": query.get("state", "")})

            def _redirect(self, uri, params):
                self._send(302, headers={"Location": f"{uri}?{urlencode(params)}"})

            def _client_ok(self, form) -> bool:
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                else:
                    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
                return client_id == provider.client_id and secrets.compare_digest(secret, provider.client_secret)

            def _token(self, form):
                if not self._client_ok(form):
                    return self._send(401, {"error": "invalid_client"})
                grant = provider.codes.pop(form.get("code", ""), None)  # a code works once
                if grant is None or form.get("grant_type") != "authorization_code":
                    return self._send(400, {"error": "invalid_grant"})
                if form.get("redirect_uri") != grant["redirect_uri"]:
                    return self._send(400, {"error": "invalid_grant"})
                if grant["challenge"]:
                    verifier = form.get("code_verifier", "")
                    digest = base64.urlsafe_b64encode(sha256(verifier.encode()).digest()).rstrip(b"=").decode()
                    if digest != grant["challenge"]:
                        return self._send(400, {"error": "invalid_grant"})
                access = secrets.token_urlsafe(24)
                provider.tokens[access] = dict(provider.person)
                if provider.tamper == "userinfo_sub":
                    provider.tokens[access]["sub"] = "somebody-else"
                body = {
                    "access_token": access,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(grant),
                }
                return self._send(200, body, {"Cache-Control": "no-store"})

            def _userinfo(self):
                auth = self.headers.get("Authorization", "")
                claims = provider.tokens.get(auth.removeprefix("Bearer "))
                if not auth.startswith("Bearer ") or claims is None:
                    return self._send(401, {"error": "invalid_token"})
                return self._send(200, claims)

        return Handler
