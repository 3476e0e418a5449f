"""frictionlog settings, driven by environment variables (see .env.example).

With no environment set, the app runs on SQLite with Celery eager and a local-memory cache, so a
newcomer needs nothing but Python. `DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis;
`PRODUCTION=1` turns on everything `manage.py check --deploy` asks for.
"""

import ipaddress
import os
import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


PRODUCTION = env_bool("PRODUCTION")
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on in production (PRODUCTION=1)")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "dev-insecure-frictionlog-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "journeys",
]

MIDDLEWARE = [
    # Outermost, so the access log and the policy cover every response, errors included.
    "frictionlog.middleware.AccessLogMiddleware",
    "frictionlog.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "frictionlog.urls"
WSGI_APPLICATION = "frictionlog.wsgi.application"
ASGI_APPLICATION = "frictionlog.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "journeys.User"
# Django's database sessions and model backend, each read with one SQL statement (the user with
# whether they moderate): see journeys/signedin.py.
SESSION_ENGINE = "journeys.signedin"
AUTHENTICATION_BACKENDS = ["journeys.signedin.Backend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "journey_list"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes and nginx reads (scripts/nginx takes the same variable); nginx's
# workers must be able to read it, which a checkout in a private folder does not allow.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Open data: each snapshot's files (journeys/opendata.py). A folder by default; with a bucket
# set, an S3-compatible bucket that every machine shares (credentials from the usual AWS_*
# variables or the machine's role).
OPENDATA_BUCKET = os.environ.get("FRICTIONLOG_OPENDATA_BUCKET", "")
if OPENDATA_BUCKET:
    OPENDATA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": OPENDATA_BUCKET,
            "endpoint_url": os.environ.get("FRICTIONLOG_OPENDATA_ENDPOINT_URL") or None,
            "location": os.environ.get("FRICTIONLOG_OPENDATA_PREFIX", "opendata"),
            "file_overwrite": False,
            # Downloads are redirected to short-lived signed URLs; the bucket serves the bytes
            # (ETag, Content-Length and Range included).
            "querystring_auth": True,
            "querystring_expire": 600,
        },
    }
else:
    OPENDATA_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("FRICTIONLOG_OPENDATA_DIR", str(BASE_DIR / "opendata")),
            "base_url": None,
        },
    }
# With nginx in front (scripts/prod sets it): the internal location under which nginx serves that
# folder, so a download is handed to nginx (X-Accel-Redirect) instead of sent by Python.
FRICTIONLOG_OPENDATA_ACCEL = os.environ.get("FRICTIONLOG_OPENDATA_ACCEL", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "opendata": OPENDATA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail: verification and password-reset mails go to the console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "frictionlog <noreply@frictionlog.nl>")

# Redis: Celery broker and Django cache when set; otherwise Celery runs eagerly in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "frictionlog",
            # A cache call takes a millisecond; when Redis hangs rather than refuses (frozen,
            # failover, a half-open connection) each must fail fast, not after redis-py's 5 s.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
# Markup that is the same for every visitor (menu, footer, a route's stages, the review line),
# rendered once per process, language and value by Django's {% cache … using="fragments" %}: in
# each process's memory, since a round trip to Redis would cost more than rendering it, and
# bounded (a few dozen fragments exist; past the bound the oldest third is dropped). In debug
# mode nothing is kept, so an edited template shows at once.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends."
    + ("dummy.DummyCache" if DEBUG else "locmem.LocMemCache"),
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Without socket timeouts, publishing to a Redis that hangs (rather than refuses) waits
    # forever, and with it the web request that queues a recompute. With these, a publish gives up
    # within about 4 s (two attempts, below); the request stays in the database outbox.
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    # A task whose worker died before acknowledging it (acks late) is delivered again after this
    # many seconds. It must exceed the longest task (CELERY_TASK_TIME_LIMIT) plus the incremental
    # task's countdown, or a task still running would be delivered a second time.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
}
# One retry covers a pooled connection Redis closed (a restart); more would hold the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540, minimum=1)
CELERY_TIMEZONE = TIME_ZONE
# Leaderboards: a whole snapshot every hour (the rolling window moves); between those, changes
# queue one through `leaderboards.request_recompute`, and the sweep picks up any left pending.
CELERY_BEAT_SCHEDULE = {
    "leaderboards-full-recompute": {
        "task": "journeys.recompute_full",
        "schedule": env_int("FRICTIONLOG_FULL_RECOMPUTE_SECONDS", 3600, minimum=60),
    },
    "leaderboards-pick-up-pending": {
        "task": "journeys.recompute_pending",
        "schedule": 300,
    },
    # Company representatives: yesterday's newly published journeys, each morning.
    "representatives-daily-digest": {
        "task": "journeys.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Journalists' alerts: a followed company's or sector's changed figures, each morning
    # (`journeys/alerts.py`; a second run the same day sends nothing).
    "journalists-alert-digests": {
        "task": "journeys.send_alert_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    # The reply clock: a consumer whose journey has had no response for 14 days is asked, once,
    # whether the company answered elsewhere (`journeys/answered_elsewhere.py`).
    "reply-clock-ask-answered-elsewhere": {
        "task": "journeys.ask_answered_elsewhere",
        "schedule": crontab(hour=10, minute=0),
    },
    # Letters: the reminder on the day a company's answer is due (`journeys/reminders.py`).
    "letters-send-reminders": {
        "task": "journeys.send_reminders",
        "schedule": env_int("FRICTIONLOG_REMINDER_SECONDS", 900, minimum=60),
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe /healthz over plain HTTP; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if not SECURE_SSL_REDIRECT:
        # Turned off on purpose: the reverse proxy redirects to HTTPS itself.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]

# frictionlog's own knobs.
# Small-cell suppression: aggregates over fewer distinct reporters are published nowhere.
FRICTIONLOG_K_MIN = env_int("FRICTIONLOG_K_MIN", 5, minimum=1)
# Key for reporter pseudonyms shown to moderators; separate from SECRET_KEY so it can be rotated alone.
FRICTIONLOG_PSEUDONYM_KEY = os.environ.get("FRICTIONLOG_PSEUDONYM_KEY", "")
# The analytical engine (DuckDB, inside the Celery worker): threads and memory for one snapshot;
# beyond the memory limit it spills to a temporary folder instead of failing. Unset (or empty),
# the memory follows the data: see leaderboards.memory_limit.
FRICTIONLOG_DUCKDB_THREADS = env_int("FRICTIONLOG_DUCKDB_THREADS", os.cpu_count() or 1, minimum=1)
FRICTIONLOG_DUCKDB_MEMORY = os.environ.get("FRICTIONLOG_DUCKDB_MEMORY", "")
# The site's address, for links in mails sent without a request (the representatives' digest,
# the letters' reminders).
FRICTIONLOG_SITE_URL = os.environ.get("FRICTIONLOG_SITE_URL", "http://localhost:8000").rstrip("/")
# Seconds a company claim's confirmation link stays valid.
FRICTIONLOG_CLAIM_MAX_AGE = env_int("FRICTIONLOG_CLAIM_MAX_AGE", 3 * 24 * 3600, minimum=60)
# How long an e-mail verification link stays valid.
FRICTIONLOG_VERIFY_MAX_AGE = env_int("FRICTIONLOG_VERIFY_MAX_AGE", 3 * 24 * 3600, minimum=60)


def env_rate(name: str, default: str) -> str:
    """A rate limit written as "count/period" (s, m, h, d): "5/h", "10/15m"."""
    raw = os.environ.get(name, default).strip()
    if not re.fullmatch(r"\d+\s*/\s*\d*\s*[smhd]", raw):
        raise ImproperlyConfigured(f"{name} must look like '5/h' or '10/15m', not {raw!r}")
    return raw


# Rate limits (journeys/ratelimit.py).
FRICTIONLOG_RATE_SIGNUP = env_rate("FRICTIONLOG_RATE_SIGNUP", "5/h")  # accounts per address
FRICTIONLOG_RATE_LOGIN = env_rate("FRICTIONLOG_RATE_LOGIN", "10/15m")  # failed log-ins
FRICTIONLOG_RATE_SUBMIT = env_rate("FRICTIONLOG_RATE_SUBMIT", "10/d")  # submissions per account
FRICTIONLOG_RATE_FLAG = env_rate("FRICTIONLOG_RATE_FLAG", "10/h")  # story reports
FRICTIONLOG_RATE_CLAIM = env_rate("FRICTIONLOG_RATE_CLAIM", "5/d")  # company claims
FRICTIONLOG_RATE_RESET = env_rate("FRICTIONLOG_RATE_RESET", "5/h")  # password-reset mails asked
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks): the client is
# the rightmost address in it that none of them is (ratelimit.client_ip). Loopback by default,
# where scripts/prod's nginx runs; add a load balancer in front of it here.
FRICTIONLOG_TRUSTED_PROXIES = env_list("FRICTIONLOG_TRUSTED_PROXIES", ["127.0.0.1/32", "::1/128"])
for _proxy in FRICTIONLOG_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"FRICTIONLOG_TRUSTED_PROXIES holds addresses or networks, not {_proxy!r}"
        ) from None
FRICTIONLOG_RATE_ALERT = env_rate("FRICTIONLOG_RATE_ALERT", "10/h")  # alert sign-ups per address
# Abuse signals: this many new accounts submitting about one company within 48 hours.
FRICTIONLOG_ABUSE_BURST_ACCOUNTS = env_int("FRICTIONLOG_ABUSE_BURST_ACCOUNTS", 5, minimum=2)
# ... and an account that submitted more than this many journeys in 24 hours (and more than three
# times the usual submitter).
FRICTIONLOG_ABUSE_RATE_MIN = env_int("FRICTIONLOG_ABUSE_RATE_MIN", 5, minimum=1)

# Requests larger than this are refused with a 400 before a view sees them (the longest form, a
# journey with its story, is about 10 KB).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024, minimum=1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 200, minimum=10)

# Logs: JSON lines (frictionlog/logging.py) in production, plain text in development.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'text', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "frictionlog.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "frictionlog.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The access log replaces Django's own development-server request lines.
    "loggers": {"django.server": {"level": "WARNING"}},
}
# Celery workers log through the handlers above (JSON in production) instead of their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
