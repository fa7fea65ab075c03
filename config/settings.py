"""Settings for the mentoring programme application.

Everything that differs between machines comes from the environment. With no
variables set the project runs in development mode: DEBUG on, SQLite under
``var/``, e-mail printed to the console.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    # Development only: a fixed key is harmless while DEBUG is on and the
    # server listens on loopback.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Widget templates through the project's engine (FORM_RENDERER below).
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "mentoring",
    "roadmaps",
    "surveys",
    "reports",
    "documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mentoring.middleware.IdleTimeoutMiddleware",
    "mentoring.middleware.CurrentOrganizationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "mentoring.middleware.DatabaseBusyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout signal into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# The benchmark (make bench) reads the number of SQL queries per request.
QUERY_COUNT_HEADER = env_bool("DJANGO_QUERY_COUNT_HEADER", default=False)
if QUERY_COUNT_HEADER:
    MIDDLEWARE.insert(0, "mentoring.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Form widgets render with the project's template engine, so
# templates/django/forms/widgets/select.html (options inline, no include per
# option) replaces Django's own; the HTML is the same.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "mentoring.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # A write transaction takes SQLite's write lock when it begins, so a
    # parallel one waits (up to the timeout) instead of failing at once with
    # "database is locked" when both try to upgrade a read lock.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"


def cache_from_url(url):
    """DJANGO_CACHE_URL: ``db://table`` (DatabaseCache, shared by every app
    server through the database — the default), ``file:///path``
    (FileBasedCache, one machine or a shared volume), ``locmem://`` (one
    process), ``dummy://`` (no cache)."""
    scheme, _sep, rest = url.partition("://")
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or "django_cache",
        }
    if scheme == "file":
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"DJANGO_CACHE_URL: unknown scheme {scheme!r}")


# The cache holds the public section's pages (reports.public_cache). The
# database table is created by `manage.py createcachetable` (make migrate).
CACHES = {"default": cache_from_url(os.environ.get("DJANGO_CACHE_URL", "db://django_cache"))}
# Background work (reports, large imports, destruction runs, e-mail batches)
# on Django's tasks framework (mentoring.background): task rows in this
# database, run by `python manage.py db_worker` (any number, any machine).
# DJANGO_TASKS_BACKEND=immediate runs each task inside the request instead
# (tests, a one-process demo without a worker).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[os.environ.get("DJANGO_TASKS_BACKEND", "database")],
        "QUEUES": ["default"],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "mentoring.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Product, role and organisation words (ASVS 6.1.2, 6.2.11; docs/security.md).
    {"NAME": "mentoring.validators.ContextSpecificWordsValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Axes first, so that a locked-out username and address never reach the
    # password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "mentoring:home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database so that several app servers share them and a
# logout on one server is a logout everywhere.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_MINUTES = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Absolute lifetime: a session ends after this many hours even if active.
SESSION_MAX_HOURS = int(os.environ.get("DJANGO_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# How often the idle timer is pushed forward (see IdleTimeoutMiddleware).
SESSION_TOUCH_SECONDS = 300

# Failed logins: throttled per username *and* address, with a cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy the client address comes from X-Forwarded-For; the
# deployment says how many proxies it trusts (DJANGO_PROXY_COUNT).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "mentoring.access.client_ip"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
# Off: with it on, {{ obj.pk }} in a link or a form value would render as
# "24 615". Displayed figures use the humanize filter intcomma instead.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files are private: they are served only through views that check
# access, never straight from MEDIA_ROOT.
MEDIA_URL = "/media/"

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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: SMTP when a host is configured, the console otherwise.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "nastavnik@localhost")
# The site's address for links in e-mails sent outside a request (send_reminders).
DJANGO_SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers that hold in every mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts and styles only from our own
# origin (vendored Bootstrap, htmx, Chart.js and static/js, static/css); no
# inline script, no style attributes, no plugins. Bootstrap's CSS draws its
# icons from data: SVG images. The public embed page alone may be framed
# (reports.views_public.public_embed replaces frame-ancestors).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

if not DEBUG:
    # DJANGO_SECURE_COOKIES=0 only for a plain-HTTP run on loopback (the
    # benchmark); production always serves over TLS.
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    if SESSION_COOKIE_SECURE:
        # "__Host-": the browser accepts the cookie only with Secure, Path=/
        # and no Domain, so neither a subdomain nor plain HTTP can set or
        # overwrite it (RFC 6265bis §4.1.3.2; OWASP ASVS 5.0 V3.3.1).
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"
    # A TLS-terminating proxy may do the redirect itself; then set
    # DJANGO_SECURE_SSL_REDIRECT=0 and keep DJANGO_BEHIND_TLS_PROXY=1.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)

# Logging: to stderr, one line per record. Messages pass through a filter that
# masks e-mail addresses and phone numbers, and request records carry only the
# path (never the query string, where names are searched).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "mentoring.logging.RedactPersonalDataFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own handlers of "django" (DEFAULT_LOGGING's console
        # in DEBUG, mail_admins), which have no redacting filter: in DEBUG
        # they printed "Not Found: /surveys/a/<token>/" unmasked.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "mentoring.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Axes logs usernames and addresses at WARNING: keep only its errors.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Upload limits: a request body may not be larger than the largest file we
# accept plus form fields.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
