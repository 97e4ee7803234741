"""Settings for Sanctions Tracker.

Every setting that differs between machines is read from the environment by the small
strict helpers below. Development defaults are safe; with ``DEBUG`` off the project refuses
to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sanctions.choices import EXTRA_COUNTRIES

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"


def env_bool(name, default):
    """Read a boolean; anything but a clear yes/no is a start-up error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name, default=()):
    """Read a comma-separated list, ignoring blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_rate(name, default):
    """Read a request rate such as 60/minute (per second, minute, hour or day)."""
    raw = env_str(name, default).strip()
    if not re.fullmatch(r"[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)", raw):
        raise ImproperlyConfigured(f"{name} must be a rate such as 60/minute, not {raw!r}.")
    return raw


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 50 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name this site's host(s) when DEBUG is off.")

# Whether lists, detail pages and the read API are open to anonymous readers.
TRACKER_PUBLIC_READ = env_bool("TRACKER_PUBLIC_READ", False)
# The change feed serves only changes older than this, so that a transaction committing late
# is never skipped by a reader whose cursor moved on (see docs/tracking.md).
TRACKER_CHANGES_SETTLE_SECONDS = env_int("TRACKER_CHANGES_SETTLE_SECONDS", 2)
# ``manage.py fetch_lists``: where each list is downloaded from (one setting per list, the
# publisher's official address by default; OFAC's lists are folders of CSV files), where the
# downloaded files are kept, and how patiently (docs/import.md).
TRACKER_FETCH_URLS = {
    "us-ofac-sdn": env_str(
        "TRACKER_FETCH_URL_OFAC_SDN",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/",
    ),
    "us-ofac-cons": env_str(
        "TRACKER_FETCH_URL_OFAC_CONS",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/",
    ),
    "un-consolidated": env_str(
        "TRACKER_FETCH_URL_UN", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    ),
    "eu-fsf": env_str(
        "TRACKER_FETCH_URL_EU",
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
        "?token=dG9rZW4tMjAxNw",
    ),
    "uk-sanctions-list": env_str(
        "TRACKER_FETCH_URL_UK", "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"
    ),
}
TRACKER_FETCH_DIR = Path(env_str("TRACKER_FETCH_DIR", str(BASE_DIR / "downloads")))
TRACKER_FETCH_TIMEOUT = env_int("TRACKER_FETCH_TIMEOUT", 60)  # seconds without a byte
TRACKER_FETCH_RETRIES = env_int("TRACKER_FETCH_RETRIES", 3)  # further tries after a failure
TRACKER_FETCH_RETRY_WAIT = env_int("TRACKER_FETCH_RETRY_WAIT", 10)  # seconds, doubled each time
# Whether cross-list resolution (manage.py xref, and the run after each import) merges pairs
# that share a strong identifier and agree on everything else (docs/resolution.md).
TRACKER_XREF_AUTO_MERGE = env_bool("TRACKER_XREF_AUTO_MERGE", True)
# Rows per page of every paged list (the web lists, the API lists, the change feed): the
# default, and the most a reader may ask for with ``page_size``. Fixed, not read from the
# environment: scripts and the documentation rely on them.
TRACKER_PAGE_SIZE = 50
TRACKER_MAX_PAGE_SIZE = 500
# The largest request body read (Django's default, said aloud): the API's JSON parser refuses
# a larger one with a 400 (docs/api.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_countries",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "sanctions",
    "sanctions.screening",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sanctions.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tracker.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the API's throttle counters and the expensive read-only pieces of pages
# (the dashboard's counts and chart, the lists' facet counts: sanctions/readcache.py). With
# REDIS_URL every process and server shares one (Django's own Redis backend); without it each
# process keeps its own in memory, so N processes allow N times the API rate (docs/deployment.md).
REDIS_URL = env_str("REDIS_URL").strip()
if REDIS_URL and not re.match(r"rediss?://|unix://", REDIS_URL):
    raise ImproperlyConfigured(
        f"REDIS_URL must be a redis://, rediss:// or unix:// address, not {REDIS_URL!r}."
    )
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tracker"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "sanctions:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` gathers the files WhiteNoise serves in production (`make serve`).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# In development (and tests) WhiteNoise serves straight from the app folders; production
# serves what `collectstatic` gathered into STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Security: strict by default once DEBUG is off; each can be relaxed from the environment
# (for example behind a TLS-terminating proxy that is trusted to set X-Forwarded-Proto).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Sent by sanctions.middleware.SecurityHeadersMiddleware: everything from this origin only
# (the API docs' Swagger UI is served locally), no inline script or style, no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
# No device feature is used by any page.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    ]
)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    # Token first: the first class names the challenge, and only a challenge (WWW-Authenticate:
    # Token) makes "not logged in" a 401 rather than a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sanctions.api.permissions.ReadAccess"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The API reads only JSON (POST /api/v1/match/), bounded in size and depth.
    "DEFAULT_PARSER_CLASSES": ["sanctions.api.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "sanctions.api.throttling.AnonRateThrottle",
        "sanctions.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_THROTTLE_ANON", "60/minute"),
        "user": env_rate("API_THROTTLE_USER", "6000/minute"),
    },
    # Anonymous clients are throttled per address. Behind N reverse proxies the address is
    # the Nth from the right of X-Forwarded-For; with 0 the header (which anyone can forge)
    # is ignored.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Sanctions Tracker API",
    "DESCRIPTION": "Read-only access to sanctioned parties, designations, agencies, legal "
    "authorities, programs, measures and source articles.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Operations are tagged and named by resource: "subjects", "subjects_list".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sanctions.api.schema.query_parameters_accept_blanks",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several vocabularies share a field name ("kind", "status"); name each enum after its own.
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"sanctions.choices.{name}"
        for name in [
            "AliasKind",
            "AliasQuality",
            "ArticleKind",
            "AuthorityKind",
            "DesignationStatus",
            "Gender",
            "IdentifierKind",
            "NationalityKind",
            "ProgramStatus",
            "RelationshipKind",
            "SubjectKind",
        ]
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Kosovo ("XK", no ISO 3166-1 code) is a country to django-countries too: the table is
# sanctions/choices.py's (a plain module, safe to import here).
COUNTRIES_OVERRIDE = EXTRA_COUNTRIES
