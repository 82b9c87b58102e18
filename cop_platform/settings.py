"""Settings for the CoP platform, read from the environment (see README, "Configuration").

One module for every deployment: development, tests, and production differ only by
their environment variables. Without any, the platform runs on the embedded default:
an SQLite file and a Celery broker on the filesystem, so `make run` needs no server.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

# The development key. It is public, so production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set SECRET_KEY to a long random value in production, "
        "or DEBUG=1 for development (make run does that for you)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Applications -----------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_countries",
    "taggit",
    "communities",
    "sessions.apps.MeetingsConfig",
    "knowledge",
    "demo",  # seed_demo and bench_digest; after the product apps, and none of them imports it
]

MIDDLEWARE = [
    # First, so load balancers reach it over plain HTTP whatever Host they send.
    "communities.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "communities.middleware.PersonPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "cop_platform.urls"
WSGI_APPLICATION = "cop_platform.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "communities.context_processors.notifications",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file: WAL lets readers and one
    # writer work at once, and writers wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery ---------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")

# The cache holds the rate limits (allauth's and the anonymous forms' below), so it must be
# shared by every web process: Redis when configured, else a database table (created by
# `manage.py createcachetable`, which runs wherever `migrate` does).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cop",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cop_cache",
            "KEY_PREFIX": "cop",
        }
    }
    # The embedded default: Kombu's filesystem transport gives a real worker and beat
    # with no server to run.
    CELERY_QUEUE_DIR = Path(env.str("CELERY_QUEUE_DIR", default=str(VAR_DIR / "celery-queue")))
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "processed_folder": str(CELERY_QUEUE_DIR),
        "store_processed": False,
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = None

# The morning digests are split into this many shares, one task each, so the workers of a
# Celery pool send them side by side (see communities/digests.py).
DIGEST_SHARES = env.int("DIGEST_SHARES", default=2)

CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The periodic work is defined in code, next to the app (cop_platform/celery.py).

# --- People and sign-in ---------------------------------------------------------------

AUTH_USER_MODEL = "communities.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "communities.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "communities.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Sign-up and password reset never tell whether an address has an account: the page says
# "check your email", and the mail says what happened (account exists / no account).
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits stay on (its defaults); they live in the cache above.

# The anonymous forms ("keep me posted" on a forming community, the learning-experience
# request) take this many submissions per hour for one email address, and from one IP
# address (REMOTE_ADDR, as for allauth's limits). They use allauth's rate limiter, which
# reads its rates from ACCOUNT_RATE_LIMITS; allauth's own entries keep their defaults.
ANONYMOUS_FORM_LIMIT_PER_ADDRESS = env.int("ANONYMOUS_FORM_LIMIT_PER_ADDRESS", default=5)
ANONYMOUS_FORM_LIMIT_PER_IP = env.int("ANONYMOUS_FORM_LIMIT_PER_IP", default=20)
ACCOUNT_RATE_LIMITS = {
    action: f"{ANONYMOUS_FORM_LIMIT_PER_IP}/1h/ip,{ANONYMOUS_FORM_LIMIT_PER_ADDRESS}/1h/key"
    for action in ("community_interest", "learning_experience_request")
}

# --- Mail -------------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CoP platform <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Languages and time ---------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Themes and expertise are separated by commas only: "monitoring and evaluation" is one theme.
TAGGIT_TAGS_FROM_STRING = "communities.tags.comma_splitter"
TAGGIT_STRING_FROM_TAGS = "communities.tags.comma_joiner"
# Our date formats where Django's own read wrongly (Arabic date and time).
FORMAT_MODULE_PATH = ["cop_platform.formats"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

# --- Static files and uploads -----------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Largest file a member may attach; a proxy in front must accept at least this much.
ATTACHMENT_MAX_SIZE = env.int("ATTACHMENT_MAX_SIZE", default=10 * 1024 * 1024)
# Static files are served as `manage.py collectstatic` wrote them to STATIC_ROOT: hashed
# names (cached for good) and compressed copies, by whitenoise. That is production, and
# `make run` too (it collects first and sets SERVE_COLLECTED_STATIC=1 with DEBUG=1), so the
# embedded default weighs what production weighs. Otherwise (tests, manage.py runserver by
# hand) the files are served as they are in static/.
SERVE_COLLECTED_STATIC = env.bool("SERVE_COLLECTED_STATIC", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "cop_platform.storage.CollectedStaticFilesStorage"
            if SERVE_COLLECTED_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if SERVE_COLLECTED_STATIC:
    # Only what collectstatic wrote, read once at start (whitenoise's defaults with DEBUG
    # are the source files, looked up on every request, uncompressed).
    WHITENOISE_USE_FINDERS = False
    WHITENOISE_AUTOREFRESH = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -----------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SECURE_PROXY_SSL_HEADER", default=False) else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Logging --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
