"""Django settings for MotCua, read from MOTCUA_* environment variables only.

Every variable is documented in docs/configuration.md. Production is the default mode: a deployment that forgets
MOTCUA_ENV gets production's safe settings (no debug pages, no payment sandbox, HTTPS-only cookies) and refuses to
start without an explicit secret key and allowed hosts. Development (MOTCUA_ENV=development: `make run`, the tests)
keeps an embedded SQLite database and a generated secret key under the var/ folder (docs/security.md, "Defaults").
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from motcua.core import formats

PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


MOTCUA_ENV = env_str("MOTCUA_ENV", "production")
if MOTCUA_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"MOTCUA_ENV must be 'development' or 'production', not {MOTCUA_ENV!r}.")
PRODUCTION = MOTCUA_ENV == "production"

# In a source checkout var/ sits beside pyproject.toml whatever the current directory; an installed package
# keeps it in the directory it is started from.
CHECKOUT_DIR = PACKAGE_DIR.parent.parent
DEFAULT_VAR_DIR = CHECKOUT_DIR / "var" if (CHECKOUT_DIR / "pyproject.toml").exists() else Path.cwd() / "var"
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(DEFAULT_VAR_DIR))).resolve()


def development_secret_key() -> str:
    """A random key made on first run and kept in var/ so sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env_str("MOTCUA_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "MOTCUA_SECRET_KEY is required when MOTCUA_ENV=production. "
            "MOTCUA_ENV is production unless set: on a developer's machine set MOTCUA_ENV=development."
        )
    SECRET_KEY = development_secret_key()

DEBUG = env_bool("MOTCUA_DEBUG", not PRODUCTION)

ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "MOTCUA_ALLOWED_HOSTS is required when MOTCUA_ENV=production. "
        "MOTCUA_ENV is production unless set: on a developer's machine set MOTCUA_ENV=development."
    )
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "motcua.core",
    "motcua.orgs",
    "motcua.accounts",
    "motcua.desk",
    "motcua.portal",
    "motcua.workcal",
    "motcua.catalog",
    "motcua.documents",
    "motcua.dossiers",
    "motcua.notify",
    "motcua.payments",
    "motcua.feedback",
    "motcua.reports",
    "motcua.reform",
    "motcua.groups",
    "motcua.demo",
    "motcua.ops",
    # Django's admin with MotCua's site: system administrators only, login with the second step.
    "motcua.accounts.admin_config.MotCuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (motcua.core.request_id).
    "motcua.core.request_id.RequestIdMiddleware",
    # /healthz, /readyz and /metrics, answered before the host check and the HTTPS redirect (motcua.ops.probes).
    "motcua.ops.probes.ProbeMiddleware",
    "motcua.ops.metrics.RequestMetricsMiddleware",
    "motcua.core.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.core.middleware.AuditContextMiddleware",
    "motcua.core.middleware.NoStoreMiddleware",
    # Read-your-writes with a read replica: a browser that wrote reads its next reports from the primary.
    "motcua.core.replica.RecentWriteMiddleware",
    # Last, so that a lockout response is built after authentication has run.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"
ASGI_APPLICATION = "motcua.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Last, so it overrides Django's csrf processor while a public page is rendered for the cache.
                "motcua.core.page_cache.csrf_placeholder",
            ],
        },
    },
]

# Django's widget templates, but an <input> written in Python (three templates each: a tenth of a queue page).
FORM_RENDERER = "motcua.core.form_renderer.InputInPythonRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("MOTCUA_DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"),
        conn_max_age=env_int("MOTCUA_DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spent 1–6 s compiling report aggregates over a province's dossiers that run in well
    # under a second without it (benchmarks/bench_reports.py); short OLTP queries never gain from it either.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")


# A read replica (a PostgreSQL streaming standby): the report, dashboard, public statistics and export views read
# from it, everything else and every browser that wrote within the last seconds from the primary
# (motcua.core.replica, docs/operations.md "Read replica"). Tests treat it as a mirror of the primary.
DATABASE_REPLICA_URL = env_str("MOTCUA_DATABASE_REPLICA_URL")
DATABASE_REPLICA_AFTER_WRITE_SECONDS = max(env_int("MOTCUA_DATABASE_REPLICA_AFTER_WRITE_SECONDS", 15), 1)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    # The same session settings as the primary (jit off for the report aggregates on PostgreSQL).
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        **DATABASES["replica"].get("OPTIONS", {}),
    }
# Without the replica alias the router sends everything to the primary.
DATABASE_ROUTERS = ["motcua.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2 first: new and re-hashed passwords use it; the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Ours words the error in Vietnamese; Django's Vietnamese catalogue lacks the current message.
    {"NAME": "motcua.accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "motcua.accounts.backends.EmailOrPhoneBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock an account name + address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("MOTCUA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("MOTCUA_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# One account is one, whether typed as user name, e-mail or phone number.
AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.lockout_username"

# Password spraying (one password tried on many accounts): failed logins on this many different accounts within
# the window block further logins from that address, or with that password, until the window ends
# (motcua.accounts.spraying; the password is counted only as an HMAC keyed by SECRET_KEY).
LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS = env_int("MOTCUA_LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS", 10)
LOGIN_SPRAY_ACCOUNTS_PER_PASSWORD = env_int("MOTCUA_LOGIN_SPRAY_ACCOUNTS_PER_PASSWORD", 5)
LOGIN_SPRAY_WINDOW_MINUTES = env_int("MOTCUA_LOGIN_SPRAY_WINDOW_MINUTES", 60)

# Roles whose holders must log in with the second factor (xác thực hai bước): role names of
# motcua.accounts.models.Role, comma-separated. Production: administrators and the leaders who sign; development:
# nobody unless set, so the demo logins of `make run` need only the password.
TWO_FACTOR_ROLES = env_list("MOTCUA_TWO_FACTOR_ROLES", "system_admin,agency_admin,leader" if PRODUCTION else "")
# Days a personal API key stays valid after it is made (and the longest validity its owner may choose).
API_TOKEN_DAYS = max(env_int("MOTCUA_API_TOKEN_DAYS", 90), 1)

OTP_TOTP_ISSUER = env_str("MOTCUA_OTP_ISSUER", "MotCua")

SESSION_COOKIE_AGE = env_int("MOTCUA_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("MOTCUA_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("MOTCUA_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# Preload is on by default in production so that `check --deploy` is clean; turn it off while trying HTTPS out.
SECURE_HSTS_PRELOAD = env_bool("MOTCUA_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("MOTCUA_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every script, style and image is served from our own origin (no CDN).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are typed dd/mm/yyyy in every language (motcua.core.widgets): Django's default and English input formats
# read 11/05/2026 month first.
FORMAT_MODULE_PATH = ["motcua.core.formats"]
DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS = formats.DATE_INPUT_FORMATS, formats.DATETIME_INPUT_FORMATS

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("MOTCUA_STATIC_ROOT", str(VAR_DIR / "static")))
if not PRODUCTION:
    # WhiteNoise serves from the finders in development but still expects the folder to exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MOTCUA_MEDIA_ROOT", str(VAR_DIR / "media")))


def file_storage() -> dict:
    """Where uploaded files go (docs/operations.md, "Storage"): a local folder, which is a shared mount when several
    servers run, or an S3-compatible object store with a private bucket. Either way a file written by a transaction
    that is rolled back is deleted again (motcua.core.files), and files reach browsers only through the
    permission-checked views that stream them."""
    kind = env_str("MOTCUA_FILE_STORAGE", "local")
    if kind == "local":
        return {"BACKEND": "motcua.core.files.TransactionalFileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MOTCUA_FILE_STORAGE must be 'local' or 's3', not {kind!r}.")
    bucket = env_str("MOTCUA_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("MOTCUA_S3_BUCKET is required when MOTCUA_FILE_STORAGE=s3.")
    endpoint = env_str("MOTCUA_S3_ENDPOINT_URL")
    options = {
        "bucket_name": bucket,
        "location": env_str("MOTCUA_S3_PREFIX"),
        "endpoint_url": endpoint or None,
        "region_name": env_str("MOTCUA_S3_REGION") or None,
        # Empty: boto3's own chain (AWS_* variables, the machine's role) finds the credentials.
        "access_key": env_str("MOTCUA_S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("MOTCUA_S3_SECRET_ACCESS_KEY") or None,
        # No ACL is sent: objects stay private to the bucket's owner (and buckets that refuse ACLs accept the write).
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": max(env_int("MOTCUA_S3_SIGNED_URL_SECONDS", 300), 1),
        # Two uploads named alike must never replace each other, as on the local disk.
        "file_overwrite": False,
        "signature_version": "s3v4",
        # On-premises servers (MinIO, Ceph RGW) are reached by path: no DNS name per bucket is needed.
        "addressing_style": "path" if endpoint else None,
    }
    return {"BACKEND": "motcua.core.object_storage.TransactionalS3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

if PRODUCTION or env_str("MOTCUA_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("MOTCUA_EMAIL_HOST", "localhost"),
                "port": env_int("MOTCUA_EMAIL_PORT", 587),
                "username": env_str("MOTCUA_EMAIL_USER"),
                "password": env_str("MOTCUA_EMAIL_PASSWORD"),
                "use_tls": env_bool("MOTCUA_EMAIL_USE_TLS", True),
            },
        }
    }
else:
    # Development: e-mails (password reset, codes) are printed on the console.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("MOTCUA_DEFAULT_FROM_EMAIL", "MotCua <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The cache holds only results recomputed when they expire (rendered posting sheets, public statistics, the 766
# index, an identity provider's discovery document); nothing is ever deleted from it to keep another server right, and
# what must be shared and atomic lives elsewhere (rate limits below, sessions and login throttles in the database).
# So by default each server keeps its own file cache, shared by its worker processes, with no service or table to set
# up (`make run`); MOTCUA_CACHE_URL, or else MOTCUA_REDIS_URL, puts one Redis cache behind every server instead
# (docs/operations.md, "Cache").
REDIS_URL = env_str("MOTCUA_REDIS_URL")
CACHE_URL = env_str("MOTCUA_CACHE_URL", REDIS_URL)
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # The URL itself is not repeated: it may hold the password.
    raise ImproperlyConfigured("MOTCUA_CACHE_URL must be a Redis URL: redis://, rediss:// or unix://.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("MOTCUA_CACHE_DIR", str(VAR_DIR / "cache")),
        }
    )
}

# Rate-limit counters (motcua.core.rate_limit) need an atomic increment: by default a table of the database; with
# MOTCUA_REDIS_URL (redis://host:6379/0, needs the `redis` package) Django's RedisCache.
if REDIS_URL:
    CACHES["ratelimit"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
RATE_LIMIT_CACHE = "ratelimit" if REDIS_URL else ""

# How long an API write's answer is kept for retries sent with the same Idempotency-Key (motcua.core.idempotency);
# the periodic job purge_idempotency_keys deletes the older ones.
IDEMPOTENCY_KEY_HOURS = env_int("MOTCUA_IDEMPOTENCY_KEY_HOURS", 24)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task still marked running this long after it started was left by a worker that died; the periodic job
# requeue_stalled_tasks hands it back to the queue (motcua.core.stalled_tasks). Far above any task's run time.
TASK_STALLED_MINUTES = max(env_int("MOTCUA_TASK_STALLED_MINUTES", 30), 0)

# Working days after a publication decision takes effect within which every agency handling the procedure
# must post it (niêm yết); later postings are flagged on the control dashboard.
POSTING_GRACE_WORKING_DAYS = env_int("MOTCUA_POSTING_GRACE_WORKING_DAYS", 5)

# Hours a document made in the background (a posting sheet PDF, a tracking book) is kept for download before a
# periodic job deletes it (docs/forms.md).
BACKGROUND_DOCUMENT_HOURS = env_int("MOTCUA_BACKGROUND_DOCUMENT_HOURS", 24)

# Dossier files (thành phần hồ sơ): the largest accepted file; the type is checked by content.
UPLOAD_MAX_MB = env_int("MOTCUA_UPLOAD_MAX_MB", 20)

# Digital signature of electronic results (docs/signing.md): the default agency certificate (PKCS#12) and its
# passphrase; or, when a PKCS#11 module (the .so of a USB token or an HSM) is set, the default key on a token by
# the labels of the token and of the key and its certificate, and the token's user PIN. Agencies with their own key
# as "electronic_id=location" pairs: a file, each passphrase in MOTCUA_SIGNING_PASSPHRASE_<electronic id, dots as
# underscores>; or "pkcs11:token=<label>;object=<label>" (RFC 7512) on a token of that module, each PIN in
# MOTCUA_SIGNING_PKCS11_PIN_<electronic id, dots as underscores>.
SIGNING_PKCS12 = env_str("MOTCUA_SIGNING_PKCS12", str(VAR_DIR / "signing" / "agency.p12"))
SIGNING_PASSPHRASE = env_str("MOTCUA_SIGNING_PASSPHRASE")
SIGNING_PKCS11_MODULE = env_str("MOTCUA_SIGNING_PKCS11_MODULE")
SIGNING_PKCS11_TOKEN = env_str("MOTCUA_SIGNING_PKCS11_TOKEN")
SIGNING_PKCS11_KEY = env_str("MOTCUA_SIGNING_PKCS11_KEY")
SIGNING_PKCS11_PIN = env_str("MOTCUA_SIGNING_PKCS11_PIN")
# Django's error page and reports hide settings by their names; "PIN" is not among its words (motcua.core.debug_filter).
DEFAULT_EXCEPTION_REPORTER_FILTER = "motcua.core.debug_filter.SettingsFilter"


def signing_agency(code: str, location: str) -> dict:
    """One agency's entry of MOTCUA_SIGNING_AGENCIES: a key on a token and its PIN, or a file and its passphrase."""
    suffix = code.replace(".", "_")
    if location.startswith("pkcs11:"):
        return {"pkcs11": location, "pin": env_str(f"MOTCUA_SIGNING_PKCS11_PIN_{suffix}")}
    return {"pkcs12": location, "passphrase": env_str(f"MOTCUA_SIGNING_PASSPHRASE_{suffix}")}


SIGNING_AGENCIES = {
    code.strip(): signing_agency(code.strip(), location.strip())
    for code, _sep, location in (item.partition("=") for item in env_list("MOTCUA_SIGNING_AGENCIES"))
}
# Working hours before a step or a dossier falls due when its handler is warned (0 turns warnings off).
DUE_WARNING_WORKING_HOURS = env_int("MOTCUA_DUE_WARNING_WORKING_HOURS", 8)
# Working hours before the 8-working-hour check of an online submission runs out (Decree 118 Art. 17.2) when the
# receiving desk is warned (0 turns the warning off).
INTAKE_WARNING_WORKING_HOURS = env_int("MOTCUA_INTAKE_WARNING_WORKING_HOURS", 2)
# Notifications (docs/notifications.md): the channel classes by name (the SMS gateway is a plugin; the development
# one only writes to the motcua.sms log, one-time codes masked, and is refused in production: motcua.notify.apps),
# the gateway's address, the retry policy, and the address of the site that links in e-mails and SMS lead to.
NOTIFY_CHANNELS = {
    "email": "motcua.notify.channels.EmailChannel",
    "sms": env_str("MOTCUA_SMS_BACKEND", "motcua.notify.channels.LoggingSMS"),
}
SMS_URL = env_str("MOTCUA_SMS_URL")
NOTIFY_MAX_ATTEMPTS = max(env_int("MOTCUA_NOTIFY_MAX_ATTEMPTS", 6), 1)
NOTIFY_RETRY_SECONDS = env_int("MOTCUA_NOTIFY_RETRY_SECONDS", 60)
SITE_URL = env_str(
    "MOTCUA_SITE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")

# Log lines (docs/observability.md): JSON in production (one object a line, for a log shipper), text in development;
# both carry the time in UTC, the level, the logger and the request id (motcua.core.request_id).
LOG_FORMAT = env_str("MOTCUA_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"MOTCUA_LOG_FORMAT must be 'json' or 'text', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Second line of defence: a one-time code, key or password that reaches a log line is blanked out, on the
    # console and in the development server's request lines (a password-reset link's path holds its token).
    "filters": {
        "redact_secrets": {"()": "motcua.core.log_redaction.RedactSecrets"},
        "request_id": {"()": "motcua.core.request_id.RequestIdFilter"},
    },
    "formatters": {
        "line": {
            "()": "motcua.core.log_format.JsonFormatter"
            if LOG_FORMAT == "json"
            else "motcua.core.log_format.TextFormatter"
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["redact_secrets", "request_id"]},
    },
    "root": {"handlers": ["console"], "level": env_str("MOTCUA_LOG_LEVEL", "INFO")},
    "loggers": {
        # The development server's request lines, through the same filters and format.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Operations: health, metrics, error reporting (docs/observability.md) ---
# The checks of /readyz whose failure answers 503 (the load balancer stops sending requests to this node); the
# others (replica, worker) are shown only, since they are shared by every node (motcua.ops.checks).
READY_REQUIRED_CHECKS = env_list("MOTCUA_READY_REQUIRED_CHECKS", "database,cache,storage")
READY_REPLICA_MAX_LAG_SECONDS = env_int("MOTCUA_READY_REPLICA_MAX_LAG_SECONDS", 30)
# The worker_heartbeat job runs every 15 minutes (the cron of run_periodic): a little more than that.
READY_WORKER_MAX_AGE_MINUTES = env_int("MOTCUA_READY_WORKER_MAX_AGE_MINUTES", 20)
# The bearer token Prometheus sends to /metrics; unset, /metrics does not exist (404).
METRICS_TOKEN = env_str("MOTCUA_METRICS_TOKEN")
# Error reports to a Sentry server (sentry-sdk, the `sentry` extra) when set; no personal data is sent
# (motcua.core.error_reporting).
SENTRY_DSN = env_str("MOTCUA_SENTRY_DSN")
if SENTRY_DSN:
    from motcua.core import error_reporting

    error_reporting.start(SENTRY_DSN, environment=env_str("MOTCUA_SENTRY_ENVIRONMENT", MOTCUA_ENV))

# --- Personal data (docs/security.md, "Personal data") ---
# Minutes during which a record's masked identity and phone numbers stay shown in full after "Hiện thông tin".
PERSONAL_DATA_REVEAL_MINUTES = max(env_int("MOTCUA_PERSONAL_DATA_REVEAL_MINUTES", 15), 1)
# The sections of a citizen's copy of their data made by apps above accounts, by name and function path.
PERSONAL_DATA_EXPORT_SECTIONS = {"dossiers": "motcua.dossiers.personal_export.applicant_dossiers"}
# Days each kind of record with personal data is kept before the daily purge deletes it (motcua.core.retention).
# Dossiers and their history follow the archive rules and are purged only by the owner (docs/security.md).
RETENTION_OUTBOX_DAYS = max(env_int("MOTCUA_RETENTION_OUTBOX_DAYS", 365), 1)
RETENTION_VERIFICATION_CODE_DAYS = max(env_int("MOTCUA_RETENTION_VERIFICATION_CODE_DAYS", 30), 1)
RETENTION_DRAFT_DAYS = max(env_int("MOTCUA_RETENTION_DRAFT_DAYS", 180), 1)

# --- Feedback ---
# Days after the result is returned during which the applicant may rate the handling of a dossier (docs/feedback.md).
RATING_WINDOW_DAYS = max(env_int("MOTCUA_RATING_WINDOW_DAYS", 14), 1)

# --- Payments ---
# Fees and charges (docs/payments.md): the active payment gateway (a class implementing
# motcua.payments.gateways.PaymentGateway), its merchant terminal code and secret, how long a started online
# payment stays payable, the bank account for transfers, and the local sandbox gateway at /sandbox-thanh-toan/
# (development and demos only). A real secret is only ever read from the environment.
PAYMENT_SANDBOX = env_bool("MOTCUA_PAYMENT_SANDBOX", DEBUG and not PRODUCTION)
PAYMENT_GATEWAY = env_str("MOTCUA_PAYMENT_GATEWAY", "motcua.payments.gateways.vnpay.VnpayGateway")
# VNPAY's payment page (e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html); left empty with the sandbox
# on, the citizen is sent to this site's own sandbox page.
PAYMENT_VNPAY_URL = env_str("MOTCUA_VNPAY_URL")
PAYMENT_VNPAY_TMN_CODE = env_str("MOTCUA_VNPAY_TMN_CODE", "MOTCUA01" if PAYMENT_SANDBOX else "")
PAYMENT_VNPAY_HASH_SECRET = env_str(
    "MOTCUA_VNPAY_HASH_SECRET", "sandbox-secret-for-development-only" if PAYMENT_SANDBOX else ""
)
if PRODUCTION and PAYMENT_SANDBOX:
    raise ImproperlyConfigured("MOTCUA_PAYMENT_SANDBOX must be off when MOTCUA_ENV=production.")
PAYMENT_EXPIRE_MINUTES = env_int("MOTCUA_PAYMENT_EXPIRE_MINUTES", 15)
PAYMENT_BANK_NAME = env_str("MOTCUA_PAYMENT_BANK_NAME", "Kho bạc Nhà nước (tài khoản thử nghiệm)" if DEBUG else "")
PAYMENT_BANK_ACCOUNT = env_str("MOTCUA_PAYMENT_BANK_ACCOUNT", "0000000000" if DEBUG else "")
PAYMENT_BANK_ACCOUNT_NAME = env_str("MOTCUA_PAYMENT_BANK_ACCOUNT_NAME", "MOTCUA DEMO" if DEBUG else "")

# --- Identity (citizen accounts, OIDC) ---
# One-time codes of sign-up and phone password reset go out through the notification channels (notify sits above
# accounts, so accounts names the sender by path).
ACCOUNT_CODE_SENDER = "motcua.notify.codes.send_code"
# Login through an OpenID Connect provider, VNeID in real deployments (docs/identity.md). Off unless the issuer and
# the client id are set; endpoints left empty are read from the issuer's discovery document.
OIDC_ISSUER = env_str("MOTCUA_OIDC_ISSUER")
OIDC_RP_CLIENT_ID = env_str("MOTCUA_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("MOTCUA_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("MOTCUA_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("MOTCUA_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("MOTCUA_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("MOTCUA_OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("MOTCUA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("MOTCUA_OIDC_SCOPES", "openid profile email phone")
OIDC_CLAIM_ID_NUMBER = env_str("MOTCUA_OIDC_CLAIM_ID_NUMBER", "citizen_id")
OIDC_TOKEN_USE_BASIC_AUTH = env_str("MOTCUA_OIDC_CLIENT_AUTH", "client_secret_basic") == "client_secret_basic"
OIDC_USE_PKCE = env_bool("MOTCUA_OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env_int("MOTCUA_OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "motcua.accounts.oidc.backend.OIDCBackend"]
