"""Steadfast settings: one file, driven by environment variables (see .env.example).

Development defaults just work: SQLite under var/, secrets generated into var/. With DEBUG off,
start-up stops with a message naming any missing secret.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("STEADFAST_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def dev_secret(name: str, make: str) -> str:
    """Read a secret from the environment; in development generate it once into var/."""
    if value := os.environ.get(name, "").strip():
        return value
    if not DEBUG:
        raise ImproperlyConfigured(
            f"{name} is not set. It is required when DEBUG is off; see .env.example."
        )
    path = VAR_DIR / "secrets" / name.lower()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        value = Fernet.generate_key().decode() if make == "fernet" else secrets.token_urlsafe(50)
        path.write_text(value)
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", True)
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

SECRET_KEY = dev_secret("SECRET_KEY", "token")
# Fernet keys, newest first: new data is encrypted with the first; all decrypt (rotation).
STEADFAST_ENCRYPTION_KEYS = dev_secret("STEADFAST_ENCRYPTION_KEYS", "fernet").split(",")
# HMAC key for blind indexes (lookups on encrypted columns). Changing it needs a reindex.
STEADFAST_BLIND_INDEX_KEY = dev_secret("STEADFAST_BLIND_INDEX_KEY", "token")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set. It is required when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "steadfast.core",
    "steadfast.accounts",
    "steadfast.organisations",
    "steadfast.training",
    "steadfast.assessments",
    "steadfast.programs",
    "steadfast.reframing",
    "steadfast.practice",
    "steadfast.journal",
    "steadfast.safety",
    "steadfast.insights",
    "steadfast.cohorts",
    "steadfast.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "steadfast.core.middleware.AuditContextMiddleware",
    "steadfast.accounts.middleware.PersonZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "steadfast.core.middleware.AddressTextMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "steadfast.core.middleware.NoStoreMiddleware",
    "steadfast.accounts.middleware.SignInPolicyMiddleware",
    # Last: a form sent twice is acted on once (core.idempotency, decision 0016).
    "steadfast.core.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            # {% idempotency_key %} beside every {% csrf_token %}, with no {% load %}.
            "builtins": ["steadfast.core.templatetags.idempotency"],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'steadfast.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL for readers beside one writer; FULL so a commit survives power loss; IMMEDIATE so a
    # read never has to upgrade to a write lock (SQLITE_BUSY_SNAPSHOT). Connections persist
    # per thread: each gunicorn worker opens its own after the fork (never use --preload).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared cache (rate limits and lockouts must survive restarts and be shared by workers).
if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "steadfast_cache",
        }
    }

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "email"],
    }
}

AUTH_USER_MODEL = "accounts.User"
# One backend only: each backend would verify (hash) the password again.
AUTHENTICATION_BACKENDS = ["steadfast.accounts.backends.PersonBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email sign-in, sign-up only through an invitation, MFA.
ACCOUNT_ADAPTER = "steadfast.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # an accepted invitation proves the address
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    # Counted before any password is hashed: per address and per IP.
    "login_failed": "10/m/ip,5/5m/key",
    # Successful sign-ins per IP address: raise it only where many people share one address
    # (a test server signing in demo users repeatedly, a clinic behind one NAT).
    "login": os.environ.get("STEADFAST_LOGIN_RATE", "15/m/ip"),
    "reset_password": "10/m/ip,3/m/key",
    # Joining an open program creates an account (allauth's own sign-up stays closed).
    "signup": "10/h/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Steadfast"
# Facilitators, organisation leads and administrators must set up MFA (on unless DEBUG).
STEADFAST_REQUIRE_STAFF_MFA = envbool("STEADFAST_REQUIRE_STAFF_MFA", not DEBUG)

# Sessions: an hour of inactivity signs you out; at most 12 hours in all.
# Activity extends the session at most once a minute (SESSION_TOUCH_SECONDS), not on every
# request: a write per page view would queue every signed-in request behind one writer.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
STEADFAST_SESSION_MAX_SECONDS = envint("SESSION_MAX_SECONDS", 12 * 60 * 60)
STEADFAST_SESSION_TOUCH_SECONDS = 60
# Messages ("Welcome to …", "Successfully signed in as …") wait in the session, on the server:
# Django's default keeps them in a cookie, where a name would travel in every request.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Email through Django 6.1 mailers: the console in development, SMTP in production.
MAIL_OPTIONS: dict[str, object] = {
    key.removeprefix("EMAIL_").lower(): value
    for key, value in os.environ.items()
    if key in {"EMAIL_HOST", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"}
}
if os.environ.get("EMAIL_PORT"):
    MAIL_OPTIONS["port"] = envint("EMAIL_PORT", 587)
if envbool("EMAIL_USE_TLS", False):
    MAIL_OPTIONS["use_tls"] = True
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": MAIL_OPTIONS,
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Steadfast <noreply@steadfast.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if envbool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Steadfast API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Logs never carry personal or health data: messages name ids and actions, never content.
# Secret tokens in addresses (invitation, calendar-feed and password-reset links) are shown as
# [hidden]: the filter sits on every logger that writes request paths, so each handler (and
# each test) gets the masked record, and on the console as a catch-all (core.logfilters).
# Gunicorn's own access and error logs get it in config/wsgi.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"hide_secret_urls": {"()": "steadfast.core.logfilters.HideSecretURLs"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # Django's own format for the development server's access log.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["hide_secret_urls"],
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver's access log: one line per request, with its path.
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["hide_secret_urls"],
        },
        # "Not Found: /path" and the like for every 4xx and 5xx, and CSRF refusals.
        "django.request": {"filters": ["hide_secret_urls"]},
        "django.security.csrf": {"filters": ["hide_secret_urls"]},
    },
}

STEADFAST_BENCH_VIEWS = envbool("STEADFAST_BENCH_VIEWS", False)
STEADFAST_INVITATION_DAYS = envint("STEADFAST_INVITATION_DAYS", 14)
STEADFAST_TASK_MAX_ATTEMPTS = envint("STEADFAST_TASK_MAX_ATTEMPTS", 5)
