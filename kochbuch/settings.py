"""Settings for Kochbuch: one file, configured by environment variables.

Defaults are safe for a laptop: SQLite file, local-memory cache, console e-mail and DEBUG off.
Every variable is documented in README.md ("Konfiguration"). The test suite's additions
(fast hasher, plain static files) live in tests/settings.py, never behind a switch here.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY fehlt. Setzen Sie SECRET_KEY oder DEBUG=1 für die Entwicklung."
        )
    # Only ever used with DEBUG on, where nothing is worth protecting.
    SECRET_KEY = "django-insecure-nur-fuer-die-entwicklung"  # noqa: S105 (bandit: dev only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "kommunen",
    "accounts",
    "recipes",
    "comments",
    "practice",
    "editions",
    "proposals",
    "search",
    "authorship",
    "reviews",
    "inbox",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kochbuch.middleware.SecurityHeadersMiddleware",
    "kochbuch.middleware.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireSecondFactorForRolesMiddleware",
    "api.middleware.ReadOnlyCorsMiddleware",
]

ROOT_URLCONF = "kochbuch.urls"

TEMPLATES = [
    {
        "BACKEND": "kochbuch.template_backend.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kochbuch.context_processors.site",
                "kochbuch.context_processors.shared_page",
            ],
            # Constant {% translate %}, {% static %} and {% url %} rendered once per node
            # (kochbuch/constant_tags/).
            "libraries": {"fragments": "kochbuch.fragment_tags", "i18n": "kochbuch.constant_tags.i18n",
                          "static": "kochbuch.constant_tags.static"},
            "builtins": ["kochbuch.constant_tags.url"],
        },
    },
]

# Forms rendered by an engine that leaves out unused tag libraries (kochbuch/template_backend.py).
FORM_RENDERER = "kochbuch.template_backend.FormRenderer"

WSGI_APPLICATION = "kochbuch.wsgi.application"

# --- Database: SQLite file by default, DATABASE_URL for PostgreSQL -------------------------
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "kochbuch.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer must not hold a worker until gunicorn kills it.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    # libpq first tries a Kerberos-encrypted connection (gssencmode=prefer): every new
    # connection sets up the GSSAPI libraries for nothing, 1.3 MB more in every worker (issue
    # 13). A Kerberos deployment says so in its DATABASE_URL (?gssencmode=prefer or require).
    DATABASES["default"]["OPTIONS"].setdefault("gssencmode", "disable")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers continue while a writer commits; IMMEDIATE avoids lock upgrades
    # failing half-way through a service's transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, REDIS_URL for a shared cache --------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that answers "not cached" while Redis is down (kochbuch/cache.py).
            "BACKEND": "kochbuch.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kochbuch"),
            "TIMEOUT": None,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("CACHE_SOCKET_TIMEOUT", "1")),
                "retry_seconds": float(os.environ.get("CACHE_RETRY_SECONDS", "5")),
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kochbuch",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Anonymous pages and feeds: how long a reverse proxy may answer from its own copy (seconds;
# kochbuch/pagecache.py, docs/deployment.md). Browsers always ask again (ETag → 304).
PAGE_PROXY_SECONDS = int(os.environ.get("PAGE_PROXY_SECONDS", "5"))

# --- Users and accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.CachedPermissionsBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "book"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # fills in the model's unique username
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_REDIRECT_URL = "book"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kochbuch] "
ACCOUNT_RATE_LIMITS = {
    # Failed passwords: accounts.signin's back-off instead (allauth's locks even the owner out).
    "login_failed": False,
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "20/m/ip"),
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Sign-in back-off (accounts.signin): free failures, then a wait that doubles up to a maximum.
SIGNIN_IP_FREE_FAILURES = int(os.environ.get("SIGNIN_IP_FREE_FAILURES", "20"))
SIGNIN_IP_BACKOFF_SECONDS = int(os.environ.get("SIGNIN_IP_BACKOFF_SECONDS", "30"))
SIGNIN_IP_BACKOFF_MAX_SECONDS = int(os.environ.get("SIGNIN_IP_BACKOFF_MAX_SECONDS", "3600"))
SIGNIN_ACCOUNT_FREE_FAILURES = int(os.environ.get("SIGNIN_ACCOUNT_FREE_FAILURES", "5"))
SIGNIN_ACCOUNT_BACKOFF_SECONDS = int(os.environ.get("SIGNIN_ACCOUNT_BACKOFF_SECONDS", "30"))
SIGNIN_ACCOUNT_BACKOFF_MAX_SECONDS = int(os.environ.get("SIGNIN_ACCOUNT_BACKOFF_MAX_SECONDS", "900"))
SIGNIN_SECOND_FACTOR_FREE_FAILURES = int(os.environ.get("SIGNIN_SECOND_FACTOR_FREE_FAILURES", "5"))
SIGNIN_SECOND_FACTOR_BACKOFF_SECONDS = int(os.environ.get("SIGNIN_SECOND_FACTOR_BACKOFF_SECONDS", "60"))
SIGNIN_SECOND_FACTOR_BACKOFF_MAX_SECONDS = int(os.environ.get("SIGNIN_SECOND_FACTOR_BACKOFF_MAX_SECONDS", "3600"))
# The owner's way in while their account waits: a sign-in code to the confirmed address.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kochbuch E-Government"
# Moderation and Redaktion cannot switch off their last second factor (accounts.adapter).
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# E-mail changes ask to sign in again; with a second factor, by its code (accounts.adapter).
ACCOUNT_REAUTHENTICATION_REQUIRED = True

# --- E-mail: console by default, EMAIL_URL or EMAIL_HOST for SMTP -------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kochbuch <kochbuch@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
_email_url = os.environ.get("EMAIL_URL", "")
if _email_url:
    import dj_email_url

    globals().update(
        {key: value for key, value in dj_email_url.parse(_email_url).items() if value is not None}
    )
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 20

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"
# Behind nginx: the internal location that serves MEDIA_ROOT (X-Accel-Redirect), e.g. "/_media/";
# downloads are then sent by nginx instead of an app worker (kochbuch/downloads.py).
MEDIA_ACCEL_PREFIX = os.environ.get("MEDIA_ACCEL_PREFIX", "")

# --- Security (production switches) -------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
if env_bool("BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # allauth's limits per IP (sign-in, sign-up) must count the reader, not the proxy: trust the
    # last X-Forwarded-For entry, the one our proxy adds (docs/deployment.md), and no other.
    ALLAUTH_TRUSTED_PROXY_COUNT = 1
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "kochbuch.errors.csrf_failure"  # a German page instead of Django's English one
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()"

# --- Logging: warnings and errors to stderr, where gunicorn and systemd collect them -------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Background tasks (django-tasks): a database queue, worked by `manage.py db_worker` ----
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# Leases of background jobs (editions/leases.py): a running import or print build renews its
# heartbeat every TASKS_HEARTBEAT_SECONDS; one silent for TASKS_STALE_SECONDS (or whose worker
# process on this machine is gone) is retried, up to TASKS_MAX_ATTEMPTS tries, then failed.
TASKS_HEARTBEAT_SECONDS = float(os.environ.get("TASKS_HEARTBEAT_SECONDS", "10"))
TASKS_STALE_SECONDS = int(os.environ.get("TASKS_STALE_SECONDS", "120"))
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "2"))

# Uploads of editions: checked for size and type before parsing; parsing runs in a child
# process with a time and memory limit (a malicious PDF must not take the server down).
IMPORT_MAX_UPLOAD_MB = int(os.environ.get("IMPORT_MAX_UPLOAD_MB", "50"))
IMPORT_PARSE_TIMEOUT_SECONDS = int(os.environ.get("IMPORT_PARSE_TIMEOUT_SECONDS", "180"))
IMPORT_PARSE_MEMORY_MB = int(os.environ.get("IMPORT_PARSE_MEMORY_MB", "1024"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Kochbuch itself ----------------------------------------------------------------------
KOCHBUCH_TITLE = "Wie kommunales E-Government dennoch gelingt"
KOCHBUCH_SUBTITLE = "Ein Kochbuch für Praktiker"
KOCHBUCH_CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "redaktion@kochbuch.example")
# The site's name and address: the one source for absolute links in e-mails, feeds and print
# PDFs, and for the name in allauth's mails (kochbuch.siteinfo). `make run` writes SITE_URL into
# var/local.env; a deployment sets it (manage.py check warns when it is missing).
SITE_NAME = os.environ.get("SITE_NAME", "Kochbuch E-Government")
SITE_URL_DEFAULT = "http://127.0.0.1:8000"
SITE_URL = os.environ.get("SITE_URL", SITE_URL_DEFAULT).rstrip("/")

# --- Comments (issue 4) -------------------------------------------------------------------
# Longest comment in characters; rate as "count/period" (s, m, h, d), e.g. "5/10m".
COMMENTS_MAX_LENGTH = int(os.environ.get("COMMENTS_MAX_LENGTH", "5000"))
COMMENTS_RATE_LIMIT = os.environ.get("COMMENTS_RATE_LIMIT", "5/5m")
COMMENTS_REPORT_RATE_LIMIT = os.environ.get("COMMENTS_REPORT_RATE_LIMIT", "10/h")
# A new account's first N comments wait for a moderator's approval (0: none are held).
COMMENTS_HOLD_FIRST = int(os.environ.get("COMMENTS_HOLD_FIRST", "0"))
PROPOSALS_RATE_LIMIT = os.environ.get("PROPOSALS_RATE_LIMIT", "10/h")
# Erfahrungsberichte ("Nachgekocht") per person.
PRACTICE_RATE_LIMIT = os.environ.get("PRACTICE_RATE_LIMIT", "10/h")
# Fachliche Prüfung: months until the next review unless the chapter sets its own interval.
REVIEWS_DEFAULT_MONTHS = int(os.environ.get("REVIEWS_DEFAULT_MONTHS", "12"))

# --- Print edition (issue 6) ----------------------------------------------------------------
# After a recipe changes, the current state's PDF is rebuilt in the background this many
# seconds later (edits in the meantime are folded into the same build).
PRINT_REBUILD_ON_SAVE = env_bool("PRINT_REBUILD_ON_SAVE", True)
PRINT_REBUILD_DELAY_SECONDS = int(os.environ.get("PRINT_REBUILD_DELAY_SECONDS", "120"))

# --- Open data and the JSON API (issue 15) --------------------------------------------------
# The licence of the book's texts: shown in every page's footer and in every API answer.
SITE_LICENCE = os.environ.get("SITE_LICENCE", "CC BY 4.0")
SITE_LICENCE_URL = os.environ.get("SITE_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.de")
# Origins that may read the API from a browser script (CORS), comma-separated, or "*"; off by default.
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS")
# Largest request body the API accepts (bytes); larger ones get 413 before anything is parsed.
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(256 * 1024)))
API_PAGE_SIZE = 50
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.tokens.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kochbuch API",
    "DESCRIPTION": (
        "Die lebende Ausgabe von „Wie kommunales E-Government dennoch gelingt“ als offene Daten: "
        "Kapitel, Rezepte, Fassungen, Ausgaben, Kommentare, Suche, die Erfahrungsberichte der Kommunen "
        "(„Nachgekocht“) und das Register der Kommunen. Lesen ohne Anmeldung; "
        "Kommentare und Änderungsvorschläge mit einem persönlichen API-Schlüssel."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "DEFAULT_GENERATOR_CLASS": "api.schema.SchemaGenerator",  # registers the token scheme (api/schema.py)
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "LICENSE": {"name": SITE_LICENCE, "url": SITE_LICENCE_URL},
    "ENUM_NAME_OVERRIDES": {"TagKindEnum": ["thema", "stichwort"], "SearchHitKindEnum": ["recipe", "chapter", "comment"],
                            "VersionKindEnum": ["edit", "proposal", "revert", "import", "merge", "demo", ""],
                            "ReportStatusEnum": ["geplant", "in_umsetzung", "umgesetzt", "aufgegeben"],
                            "KommuneArtEnum": ["gemeinde", "stadt", "landkreis", "verbund"]},
}
