"""Settings for Wat Werkt in de Wijk.

One file for every machine. Whatever differs between machines comes from the environment, with
defaults that work on a developer's laptop:

DATABASE_URL      PostgreSQL only; default: the project-local cluster of `make run`
SECRET_KEY        required in production; without it the site runs as a local development site
DEBUG             default on without SECRET_KEY, off with it
ALLOWED_HOSTS     comma-separated host names
CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://wwidw.example.nl
SECURE_PROXY_SSL  "1" when a proxy in front terminates HTTPS and sets X-Forwarded-Proto
EMAIL_URL         console:// (default), smtp://user:password@host:587?tls=1, smtps://…:465
DEFAULT_FROM_EMAIL  sender of the site's e-mail
SITE_URL          the site's address for links in e-mail, e.g. https://wwidw.example.nl
WWIDW_LOCAL_DEMO  "1" lets gunicorn serve with DEBUG on: only for a demo on one's own machine
HEALTHZ_TASK_WAIT_MINUTES  /healthz fails when a ready task waited longer (default 15)
TRUSTED_PROXY_COUNT  how many proxies in front of the site add X-Forwarded-For (default 0:
                  the header is ignored and the client's address is the connection's)
API_RATE_LIMIT    requests per API key per minute (default 120)
WWIDW_REQUIRE_STAFF_MFA  "0" lets staff open the administration without two-step
                  verification; for the local demo only (default on)
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def mailers_from_url(url: str) -> dict:
    """Build Django's MAILERS from one EMAIL_URL such as smtp://user:pass@host:587?tls=1."""
    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
    options = {}
    if parts.scheme != "console":
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": query.get("tls", "0").lower() in {"1", "true", "yes"},
            "timeout": 20,
        }
    return {"default": {"BACKEND": backends[parts.scheme], "OPTIONS": options}}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", default=not SECRET_KEY)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"
# gunicorn serves the site to others, and DEBUG would show them tracebacks and settings: it
# serves with DEBUG on only for a demo on one's own machine (docker-compose.yml says so).
if (
    DEBUG
    and os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/")
    and not env_bool("WWIDW_LOCAL_DEMO", default=False)
):
    raise ImproperlyConfigured(
        "DEBUG is on under gunicorn. In production set SECRET_KEY (DEBUG is then off); for a "
        "demo on your own machine set WWIDW_LOCAL_DEMO=1."
    )

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
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "wwidw.apps.SignInProtectionConfig",  # django-axes
    "reversion",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "ninja",
    "wwidw",
    "interventions",
    "monitoring",
    "budgets",
    "archetypes",
    "events",
    "conversation",
    "api",
    "demo",
]

MIDDLEWARE = [
    # First: a load balancer's probe of /healthz needs no host check, HTTPS or session.
    "wwidw.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wwidw.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wwidw.middleware.StaffTwoFactorMiddleware",
    "wwidw.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wwidw.urls"
WSGI_APPLICATION = "wwidw.wsgi.application"

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
                "wwidw.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://wwidw@127.0.0.1:54329/wwidw"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# A search takes its candidates from the first rows a scan finds; without synchronised scans
# every scan starts at the table's beginning, so the same search gives the same results.
# No JIT compilation: it pays off for long reports, not for a page's statements, and at 100,000
# descriptions it compiled the similar descriptions' statement for 470 ms of its 760.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c synchronize_seqscans=off -c jit=off"
)
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several test runs share one server, each with its own test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…).")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions and cache live in PostgreSQL so web processes stay stateless.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wwidw_cache",
    },
    # In front of the shared cache, for the cached parts of pages (wwidw/pagecache.py): keyed by
    # the version in PostgreSQL, so nothing a second web process or replica wrote is missed.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "wwidw-pages",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
# WWIDW_PAGE_CACHE=0 builds every page anew (the benches measure a page both ways).
if not env_bool("WWIDW_PAGE_CACHE", True):
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

AUTH_USER_MODEL = "wwidw.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wwidw.auth.SiteBackend",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# A session lasts one working day; Django gives a new session key at every login.
SESSION_COOKIE_AGE = int(timedelta(hours=9).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling: after five failed attempts for one account from one address, that pair
# waits fifteen minutes. Never a permanent lock-out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "wwidw.auth.login_throttle_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_VERBOSE = False
# Behind a proxy every request comes from the proxy; the address it was forwarded for counts.
AXES_CLIENT_IP_CALLABLE = "wwidw.auth.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Two-step verification (django-otp): staff and superusers need it before the admin opens.
WWIDW_REQUIRE_STAFF_MFA = env_bool("WWIDW_REQUIRE_STAFF_MFA", default=True)
OTP_TOTP_ISSUER = "Wat Werkt in de Wijk"
# The admin lists linked apps and recovery codes but never shows their keys or codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MAILERS = mailers_from_url(os.environ.get("EMAIL_URL", "console://"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Wat Werkt in de Wijk <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# E-mail and long work (large PDFs) run as tasks in a PostgreSQL queue; `manage.py db_worker`
# runs them (`make run` starts one next to the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A plan's report is rendered by the worker this long after a save of its monitoring, so that a
# manager's download finds it ready (monitoring/tasks.py keep_plan_report).
MONITORING_REPORT_AHEAD_SECONDS = int(os.environ.get("MONITORING_REPORT_AHEAD_SECONDS", "20"))
# /healthz reports "not ok" when a task ready to run has waited this long: no worker runs.
HEALTHZ_TASK_WAIT_MINUTES = int(os.environ.get("HEALTHZ_TASK_WAIT_MINUTES", "15"))
# E-mail sent outside a request (reminders) links to the site through this address.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# The read API (/api/v1/): requests per key per minute, counted in PostgreSQL across processes.
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "120"))

# Content Security Policy: only our own files; no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(timedelta(days=365).total_seconds())
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
if env_bool("SECURE_PROXY_SSL", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The tokens of invitation and password reset links never reach a log (wwidw/log_privacy.py).
    "filters": {"secret_paths": {"()": "wwidw.log_privacy.SecretPathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secret_paths"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools report every step of a PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
