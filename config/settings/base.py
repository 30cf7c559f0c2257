"""Settings shared by every environment. Values that differ per installation come from
``config.env`` (environment variables with the prefix ``WEGWEISER_``); things staff change
(district name, languages offered, reminder periods) live in the database, not here."""

import datetime as dt

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, database_config, env
from config.logging import logging_config

# Secret key for signing sessions and tokens; production must set WEGWEISER_SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
# Debug pages with stack traces; never on in production.
DEBUG = env.bool("DEBUG", default=True)
# Host names this instance answers to (comma separated).
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

# Django's own apps, then the libraries, then Wegweiser's apps by domain and interface.
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "wegweiser.core",
    "wegweiser.districts",
    "wegweiser.access",
    "wegweiser.catalog",
    "wegweiser.search",
    "wegweiser.hsds",
    "wegweiser.publishing",
    "wegweiser.revisions",
    "wegweiser.freshness",
    "wegweiser.planning",
    "wegweiser.plans",
    "wegweiser.council",
    "wegweiser.network",
    "wegweiser.feedback",
    "wegweiser.translations",
    "wegweiser.partners",
    "wegweiser.directory",
    "wegweiser.portal",
    "wegweiser.planningui",
    "wegweiser.reports",
    "wegweiser.backoffice",
    "wegweiser.api",
    "wegweiser.demo",
    "wegweiser.operations",
    "wegweiser.security",
]

# Request pipeline: security headers, static files, sessions, language from the URL prefix,
# the district served by this host, CSRF, auth, messages, clickjacking protection.
MIDDLEWARE = [
    "wegweiser.operations.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy headers (see below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # 400 for NUL bytes and non-UTF-8 in path, query, cookies and forms (wegweiser/security).
    "wegweiser.security.middleware.RejectMalformedInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wegweiser.backoffice.middleware.BackOfficeLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Second factor (django-otp): marks sessions verified by a token; staff with a device or
    # of a district that requires one must pass it before using the back office.
    "django_otp.middleware.OTPMiddleware",
    "wegweiser.security.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wegweiser.districts.middleware.DistrictMiddleware",
    # Login throttling and lockout (django-axes); the library wants to be last.
    "axes.middleware.AxesMiddleware",
]

# Root URL configuration.
ROOT_URLCONF = "config.urls"
# WSGI application used by runserver and production servers.
WSGI_APPLICATION = "config.wsgi.application"

# Templates live inside each app, namespaced per interface (directory/, admin/).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wegweiser.districts.context_processors.district",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL in production via DATABASE_URL.
DATABASES = {"default": database_config()}
# UUIDs are set explicitly on domain models; this is for the rest (index rows, audit entries).
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password rules for staff and partner accounts.
# Permissions come from district memberships (``wegweiser.access``), not from groups.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Interface languages (gettext catalogs); German is the source language of all content.
# The public directory and the partner portal speak all of them (the path prefix, e.g.
# ``/ar/angebote/``); the back office and the planning pages only ``STAFF_LANGUAGES``.
# ``de-ls`` is Leichte Sprache, ``ku`` Kurdish (Kurmanji); see wegweiser/core/languages.py
# and docs/interface-languages.md.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("de-ls", _("German (Easy Language)")),
    ("en", _("English")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("fa", _("Persian (Farsi, Dari)")),
    ("ps", _("Pashto")),
    ("tr", _("Turkish")),
    ("ku", _("Kurdish (Kurmanji)")),
    ("ti", _("Tigrinya")),
    ("bg", _("Bulgarian")),
    ("ro", _("Romanian")),
]
STAFF_LANGUAGES = ["de", "en"]
# Written right to left (Django's default lacks Pashto).
LANGUAGES_BIDI = ["ar", "fa", "ps", "ckb", "ur", "he"]
# The visitor's choice in the language chooser, remembered for a year (a functional cookie,
# set only when the chooser is used; the root URL redirects by it, else by Accept-Language).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Where the compiled gettext catalogs live.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Datetimes are stored in UTC and shown in the district's time zone.
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

# Static files, served by WhiteNoise (no separate web server needed for a small district).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Where staff log in to the back office.
LOGIN_URL = "admin:login"

# Security headers. Content-Security-Policy (django-csp): everything from our own origin only;
# scripts only from files or with the request's nonce (``{{ CSP_NONCE }}``); inline styles
# are allowed (Django's admin writes a few style attributes and one <style>; styles cannot run
# code); images also as data: URIs (QR codes); no plugins, no framing, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): no page needs these browser features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "browsing-topics", "camera",
        "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "serial", "usb",
        "xr-spatial-tracking",
    )
}  # fmt: skip
# Send only the origin to other sites, the full address within ours.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Browsers must not guess content types (X-Content-Type-Options: nosniff).
SECURE_CONTENT_TYPE_NOSNIFF = True
# Pages cannot be framed (also frame-ancestors above).
X_FRAME_OPTIONS = "DENY"

# Name of the issuer shown in authenticator apps next to the user name.
OTP_TOTP_ISSUER = env.str("OTP_ISSUER", default="Wegweiser")

# Who may log in: django-axes first (it refuses locked-out username + address pairs and records
# every login and failure), then Django's users.
# Axes first (it refuses locked-out logins); permissions come from district memberships.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wegweiser.access.backends.MembershipBackend",
]
# Failed logins per username and client address before that pair is locked out.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How long a lockout lasts; a failed attempt during the lockout starts it again.
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
# A successful login forgets the earlier failures.
AXES_RESET_ON_SUCCESS = True
# Keep a log of failures too (logins are logged by default), shown in the admin to superusers.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# German page for locked-out users (HTTP 429).
AXES_LOCKOUT_CALLABLE = "wegweiser.security.views.lockout"
# The client address: REMOTE_ADDR, unless a reverse proxy sets a header we may trust
# (e.g. WEGWEISER_LOGIN_IP_HEADER=HTTP_X_FORWARDED_FOR behind one proxy).
_LOGIN_IP_HEADER = env.str("LOGIN_IP_HEADER", default="")
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    (_LOGIN_IP_HEADER, "REMOTE_ADDR") if _LOGIN_IP_HEADER else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_COUNT = 1 if _LOGIN_IP_HEADER else None

# Reports on offers from the public directory ("Angabe falsch oder veraltet?"): at most this many
# per client address (django-ratelimit, e.g. "5/h"; the cache must be shared between processes,
# see WEGWEISER_CACHE_URL), sent no sooner than this many seconds after the form was shown and no
# later than this many seconds.
WEGWEISER_FEEDBACK_RATE = env.str("FEEDBACK_RATE", default="5/h")
WEGWEISER_FEEDBACK_MIN_SECONDS = env.int("FEEDBACK_MIN_SECONDS", default=3)
WEGWEISER_FEEDBACK_MAX_SECONDS = env.int("FEEDBACK_MAX_SECONDS", default=24 * 3600)
# The client address for the rate limit: the same as for the login protection (axes, see above).
RATELIMIT_IP_META_KEY = "axes.helpers.get_client_ip_address"
# Searches without results are counted per day; counts older than this are deleted (scheduler).
WEGWEISER_MISSED_SEARCH_DAYS = env.int("MISSED_SEARCH_DAYS", default=365)
# Members of a body get a reminder this many hours before a meeting they were invited to (scheduler).
WEGWEISER_MEETING_REMINDER_HOURS = env.int("MEETING_REMINDER_HOURS", default=48)

# Machine translation of offers (wegweiser.translations): "libretranslate" (self-hosted,
# WEGWEISER_LIBRETRANSLATE_URL), "deepl" (WEGWEISER_DEEPL_API_KEY), "demo" (the demo offers'
# canned translations) or empty (none: the back office says so). Each district's monthly budget
# of characters is kept in the database (translation overview); new districts start with
# WEGWEISER_MT_MONTHLY_CHARACTERS.
WEGWEISER_MT_ENGINE = env.str("MT_ENGINE", default="demo" if DEBUG else "")
WEGWEISER_LIBRETRANSLATE_URL = env.str("LIBRETRANSLATE_URL", default="http://127.0.0.1:5000")
WEGWEISER_LIBRETRANSLATE_API_KEY = env.str("LIBRETRANSLATE_API_KEY", default="")
WEGWEISER_DEEPL_API_KEY = env.str("DEEPL_API_KEY", default="")
# DeepL's free API; the paid one is https://api.deepl.com
WEGWEISER_DEEPL_URL = env.str("DEEPL_URL", default="https://api-free.deepl.com")
WEGWEISER_MT_MONTHLY_CHARACTERS = env.int("MT_MONTHLY_CHARACTERS", default=200_000)

# Number of results per page in the public directory.
WEGWEISER_DIRECTORY_PAGE_SIZE = env.int("DIRECTORY_PAGE_SIZE", default=20)

# Cache for API responses (keys carry the catalog version, so publishing invalidates them).
# Local memory by default; e.g. WEGWEISER_CACHE_URL=redis://127.0.0.1:6379/1 to share it.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://wegweiser")}
# How long a cached API response is kept at most (seconds).
WEGWEISER_API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=3600)
# Largest import file accepted, in MB (uploads and command line); zips may unpack to ten times this.
WEGWEISER_IMPORT_MAX_MB = env.int("IMPORT_MAX_MB", default=25)
# Uploads up to the import limit are accepted by Django itself.
DATA_UPLOAD_MAX_MEMORY_SIZE = WEGWEISER_IMPORT_MAX_MB * 1024 * 1024 + 1024 * 1024

# Background tasks (django-tasks): catalog builds and e-mail dispatch run in a worker process
# (`manage.py db_worker`), queued in the database. WEGWEISER_TASKS_IMMEDIATE=true runs them
# inside the request instead (handy for a quick look without a worker).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env.bool("TASKS_IMMEDIATE", default=False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Outgoing mail (editions sent to recipient lists) through this SMTP server.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# SMTP host and port.
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# SMTP login, if the server wants one.
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
# STARTTLS (port 587) or implicit TLS (port 465).
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# Seconds to wait for the SMTP server before a delivery counts as failed.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Sender address of catalog mails.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="wegweiser@localhost")

# Address of the public directory as printed in catalogs and mails (QR codes, download links)
# for districts without a host name of their own.
WEGWEISER_PUBLIC_URL = env.str("PUBLIC_URL", default="http://127.0.0.1:8000")
# Largest PDF attached to a mail, in MB; bigger editions are sent as a link instead.
WEGWEISER_MAIL_ATTACHMENT_MAX_MB = env.int("MAIL_ATTACHMENT_MAX_MB", default=10)
# Folder of the fonts the typst engine sets left-to-right catalogs in (Debian's fonts-noto-core;
# WeasyPrint finds the same fonts through fontconfig).
WEGWEISER_PDF_FONT_DIR = env.str("PDF_FONT_DIR", default="/usr/share/fonts/truetype/noto")

# Operation (docs/operations.md). Uploaded and generated files outside the database.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Days an import upload that was never imported is kept before the scheduler deletes it.
WEGWEISER_IMPORT_RETENTION_DAYS = env.int("IMPORT_RETENTION_DAYS", default=30)
# How long the one-click links in the confirmation e-mails work, in days from the e-mail they
# came in (each reminder brings fresh links).
WEGWEISER_CONFIRMATION_LINK_DAYS = env.int("CONFIRMATION_LINK_DAYS", default=42)
# Seconds between heartbeats the scheduler enqueues for the worker (`manage.py scheduler`).
WEGWEISER_HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=60)
# /healthz reports the worker as failed when its last heartbeat is older than this (seconds).
WEGWEISER_HEARTBEAT_MAX_AGE_SECONDS = env.int("HEARTBEAT_MAX_AGE_SECONDS", default=300)
# Logs go to stdout (the service manager keeps them): JSON lines with WEGWEISER_LOG_JSON=true
# (the production default), readable text otherwise; a line per request with its id and duration.
LOGGING = logging_config(json=env.bool("LOG_JSON", default=False), level=env.str("LOG_LEVEL", default="INFO"))
