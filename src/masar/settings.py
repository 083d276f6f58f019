"""Settings for Masar, read from environment variables (documented in `.env.example`)."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def envbool(name: str, default: str) -> bool:
    """Read a yes/no variable; anything but an explicit true value counts as false."""
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated variable, dropping empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def envdays(name: str, default: str) -> tuple[int, int]:
    """Read a window of days, "earliest,latest" (e.g. "7,14")."""
    earliest, latest = (int(part) for part in envlist(name, default))
    return earliest, latest


DATA_DIR = Path(os.environ.get("MASAR_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
DEBUG = envbool("DEBUG", "false")


def read_or_create_secret_key(path: Path) -> str:
    """Keep a generated key in the data folder so a fresh instance is safe without set-up."""
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create_secret_key(DATA_DIR / "secret_key")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'masar.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during an import; a busy timeout avoids "database is locked"
    # when the task worker and the web server write at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The change history of personal records (django-auditlog) keeps values as text, the form its
# data-protection page and the retention command read.
AUDITLOG_STORE_JSON_CHANGES = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "masar.core",
    "masar.web",
    "masar.accounts",
    "masar.geo",
    "masar.tracking",
    "masar.indices",
    "masar.cases",
    "masar.referrals",
    "masar.feedback",
    "masar.dedup",
    "masar.demo",
    "masar.api",
    "masar.privacy",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "masar.collect",
    "masar.products",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every answer Django renders carries the Content-Security-Policy (static files need none).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "masar.web.middleware.RefuseNulCharactersMiddleware",  # NUL in a path or field: 400
    "django_otp.middleware.OTPMiddleware",
    "masar.accounts.middleware.TwoFactorRequiredMiddleware",
    "masar.web.middleware.IdleSessionTimeoutMiddleware",  # idle signed-in users: signed out
    "masar.web.middleware.NoStoreWhenSignedInMiddleware",  # signed-in answers: never cached
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: turns a lockout raised while signing in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "masar.urls"
WSGI_APPLICATION = "masar.wsgi.application"

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
                "django.template.context_processors.i18n",
                "masar.web.context_processors.navigation",
            ],
            "builtins": ["masar.core.templatetags.masar_format"],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# Grouping and separators per language (masar/formats): Django's Arabic ones read backwards.
FORMAT_MODULE_PATH = ["masar.formats"]
LANGUAGES = [("en", _("English")), ("ar", _("Arabic")), ("ckb", _("Kurdish (Sorani)"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Baghdad")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Pages are served straight from the package during development and tests; `collectstatic`
# is only needed behind a production web server.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "masar.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "masar.api.pagination.LimitOffsetPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "masar.api.throttling.UserRateThrottle",
        "masar.api.throttling.AnonRateThrottle",
    ],
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Masar API",
    "DESCRIPTION": "Displacement tracking and durable-solutions case management.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set shared by several fields (the identity documents), and distinct
    # names for two choice sets behind fields both called `channel`.
    "ENUM_NAME_OVERRIDES": {
        "DocumentStatusEnum": "masar.cases.choices.DocumentStatus",
        "PaymentChannelEnum": "masar.cases.choices.PaymentChannel",
        "FeedbackChannelEnum": "masar.feedback.choices.Channel",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "masar.api.schema.add_error_responses",
    ],
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Request logs carry URLs only; personal data never goes into URLs (public UUIDs do).
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

MASAR: dict[str, Any] = {
    # Cells with fewer households than this are suppressed in published aggregates.
    "SUPPRESSION_THRESHOLD": envint("MASAR_SUPPRESSION_THRESHOLD", 5),
    # Releases of published rounds (`masar release_round`): where their folders are written,
    # their licence (an HDX licence id), who publishes them, and whether location-level
    # tables are included.
    "RELEASES_DIR": Path(os.environ.get("MASAR_RELEASES_DIR") or DATA_DIR / "releases"),
    "RELEASE_LICENSE": os.environ.get("MASAR_RELEASE_LICENSE", "cc-by-igo"),
    "RELEASE_PUBLISHER": os.environ.get("MASAR_RELEASE_PUBLISHER", "IOM Iraq DTM"),
    "RELEASE_LOCATIONS": envbool("MASAR_RELEASE_LOCATIONS", "true"),
    "DEMO_PASSWORD": os.environ.get("MASAR_DEMO_PASSWORD", "masar-demo-2026"),
    # Consent older than this must be renewed before a departure is scheduled.
    "CONSENT_VALID_DAYS": envint("MASAR_CONSENT_VALID_DAYS", 180),
    # A destination assessment older than this no longer supports scheduling a departure.
    "DESTINATION_ASSESSMENT_VALID_MONTHS": envint("MASAR_DESTINATION_ASSESSMENT_MONTHS", 12),
    # Separation of duties: whoever approved a grant may not also mark it paid.
    "GRANT_APPROVER_MAY_PAY": os.environ.get("MASAR_GRANT_APPROVER_MAY_PAY", "") == "1",
    "DEPARTURE_GRANT_IQD": envint("MASAR_DEPARTURE_GRANT_IQD", 400_000),
    "REINSTALLATION_GRANT_IQD": envint("MASAR_REINSTALLATION_GRANT_IQD", 1_500_000),
    # Follow-up windows in days after arrival: (earliest, latest).
    "CHECK_IN_WINDOW_DAYS": (7, 14),
    "PRM_WINDOW_DAYS": (90, 180),
    # The same after a local integration starts (no arrival: the household stays where it is).
    "INTEGRATION_CHECK_IN_WINDOW_DAYS": envdays("MASAR_INTEGRATION_CHECK_IN_DAYS", "7,14"),
    "INTEGRATION_MONITORING_WINDOW_DAYS": envdays("MASAR_INTEGRATION_MONITORING_DAYS", "90,180"),
    # Complaints and feedback: hours to the response, per ticket type; sensitive tickets must
    # see a first action within CFM_SENSITIVE_FIRST_ACTION_HOURS.
    "CFM_RESPONSE_HOURS": {
        "information": envint("MASAR_CFM_INFORMATION_HOURS", 72),
        "assistance": envint("MASAR_CFM_ASSISTANCE_HOURS", 168),
        "service_complaint": envint("MASAR_CFM_COMPLAINT_HOURS", 168),
        "staff_complaint": envint("MASAR_CFM_COMPLAINT_HOURS", 168),
        "positive": envint("MASAR_CFM_FEEDBACK_HOURS", 336),
        "suggestion": envint("MASAR_CFM_FEEDBACK_HOURS", 336),
    },
    # Ticket types that arrive sensitive (PSEA focal points only), whoever records them.
    "CFM_SENSITIVE_TYPES": tuple(
        os.environ.get("MASAR_CFM_SENSITIVE_TYPES", "staff_complaint").split(",")
    ),
    "CFM_SENSITIVE_FIRST_ACTION_HOURS": envint("MASAR_CFM_SENSITIVE_HOURS", 24),
    # The public form accepts this many submissions per client address per window.
    "CFM_PUBLIC_LIMIT": envint("MASAR_CFM_PUBLIC_LIMIT", 5),
    "CFM_PUBLIC_WINDOW_MINUTES": envint("MASAR_CFM_PUBLIC_WINDOW_MINUTES", 10),
    "CFM_LOOKUP_LIMIT": envint("MASAR_CFM_LOOKUP_LIMIT", 20),
    # Reverse proxies (addresses or networks) whose X-Forwarded-For names the real client;
    # see masar.lib.clients. Empty: REMOTE_ADDR is the client.
    "TRUSTED_PROXIES": tuple(envlist("MASAR_TRUSTED_PROXIES", "")),
    # Retention (masar apply_retention): days after which personal data is anonymised.
    "RETENTION_CLOSED_CASE_DAYS": envint("MASAR_RETENTION_CLOSED_CASE_DAYS", 1825),
    "RETENTION_TICKET_DAYS": envint("MASAR_RETENTION_TICKET_DAYS", 730),
    "RETENTION_UPLOAD_DAYS": envint("MASAR_RETENTION_UPLOAD_DAYS", 365),
}

# --- API tokens and limits ---
# API tokens (django-rest-knox): only a SHA-512 digest is stored, the token is shown once, and
# every token expires after MASAR_API_TOKEN_DAYS. Clients keep the `Authorization: Token …` header.
MASAR["API_TOKEN_DAYS"] = envint("MASAR_API_TOKEN_DAYS", 90)
KNOX_TOKEN_MODEL = "api.ApiToken"
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=MASAR["API_TOKEN_DAYS"]),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
# knox's own migrations create its default token table, which Masar swaps for api.ApiToken; left
# unmigrated, the unused table (and its foreign key to users) is never created.
MIGRATION_MODULES = {"knox": None}
# Requests per user (token or session) and per anonymous client address; over the rate the API
# answers 429 with Retry-After.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "user": os.environ.get("MASAR_API_RATE_USER", "3000/hour"),
    "anon": os.environ.get("MASAR_API_RATE_ANON", "100/hour"),
}
# The largest page an API list answers, whatever `?limit=` asks for.
MASAR["API_MAX_PAGE_SIZE"] = envint("MASAR_API_MAX_PAGE_SIZE", 500)
# The throttles count requests in the cache, which must be shared by every worker process or each
# worker would allow the full rate. Files under MASAR_DATA_DIR are shared by the processes of the
# one machine Masar runs on, need no other service (unlike Redis or Memcached) and, unlike the
# database cache, no extra table and no write to the (possibly SQLite) database on every request.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}

# --- Sign-in security ---
# Repeated failed sign-ins lock the account (from every address) and the client address (for
# every account) for a while, so that passwords cannot be tried at speed. django-axes checks
# before the password backend does, so once locked even the right password is refused until
# the cool-off ends or an administrator unlocks (admin site "Access attempts", or
# `masar axes_reset_username USERNAME`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("MASAR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("MASAR_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
# The same client address as every other limit, behind MASAR_TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "masar.lib.clients.request_client_address"
AXES_RESET_ON_SUCCESS = True
# A page in the site's layout saying when to try again (429), without the typed username.
AXES_LOCKOUT_CALLABLE = "masar.accounts.views.locked_out"
# Two-factor authentication (TOTP): anyone may enrol from the Account page; a user holding one
# of these roles (comma-separated codes, e.g. admin,psea_focal_point) must, before any page.
TWO_FACTOR_REQUIRED_ROLES = tuple(envlist("MASAR_2FA_REQUIRED_ROLES", ""))
OTP_TOTP_ISSUER = "Masar"
# Set-password links (`masar reset_password`, the admin site's action) expire after this long.
PASSWORD_RESET_TIMEOUT = envint("MASAR_PASSWORD_RESET_HOURS", 72) * 3600

# --- Field collection (ODK Collect / OpenRosa) ---
# The largest submission body (XML and attachments together) the OpenRosa endpoint accepts;
# ODK Collect reads it from X-OpenRosa-Accept-Content-Length and splits larger ones.
COLLECT_MAX_SUBMISSION_BYTES = envint("MASAR_COLLECT_MAX_SUBMISSION_BYTES", 50 * 1024 * 1024)
# The largest single attachment (a photo, a signature) kept with a submission.
COLLECT_MAX_ATTACHMENT_BYTES = envint("MASAR_COLLECT_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)

# --- Browser security ---
# Minutes without a request after which a signed-in user is signed out (web/middleware.py).
MASAR_SESSION_IDLE_MINUTES = envint("MASAR_SESSION_IDLE_MINUTES", 30)

# Only this origin's own files run, style and load: no inline script, handler or style
# attribute anywhere, so markup slipped into a page (a name from an imported file) cannot act.
# Leaflet setting `element.style` from its script file is allowed; `data:` images are its icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
    }
}
CSRF_FAILURE_VIEW = "masar.web.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- HTTPS ---
# Off by default so that `make demo` and a developer's machine work over plain http. In
# production MASAR_HTTPS=true redirects http to https, keeps the session and CSRF cookies off
# plain http and tells browsers, through HSTS, to use https only for MASAR_HSTS_SECONDS.
MASAR_HTTPS = envbool("MASAR_HTTPS", "false")
SECURE_SSL_REDIRECT = MASAR_HTTPS
# SESSION_COOKIE_SECURE alone is the older switch, kept so that deployments setting it still do.
SESSION_COOKIE_SECURE = MASAR_HTTPS or envbool("SESSION_COOKIE_SECURE", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("MASAR_HSTS_SECONDS", 31_536_000) if MASAR_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("MASAR_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("MASAR_HSTS_PRELOAD", "false")
# Behind the reverse proxies of MASAR_TRUSTED_PROXIES, TLS ends at the proxy: its
# X-Forwarded-Proto says whether the client used https (the proxy must set it on every request).
if MASAR["TRUSTED_PROXIES"]:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
