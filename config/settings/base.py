"""Settings shared by every environment. Values that differ per installation come from
``config.env`` (environment variables with the prefix ``WEGWEISER_``); things staff change
(district name, languages offered, reminder periods) live in the database, not here."""

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, database_config, env

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
    "django_tasks",
    "django_tasks_db",
    "wegweiser.core",
    "wegweiser.districts",
    "wegweiser.catalog",
    "wegweiser.search",
    "wegweiser.hsds",
    "wegweiser.publishing",
    "wegweiser.directory",
    "wegweiser.backoffice",
    "wegweiser.api",
    "wegweiser.demo",
]

# Request pipeline: security headers, static files, sessions, language from the URL prefix,
# the district served by this host, CSRF, auth, messages, clickjacking protection.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wegweiser.backoffice.middleware.BackOfficeLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wegweiser.districts.middleware.DistrictMiddleware",
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
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL in production via DATABASE_URL.
DATABASES = {"default": database_config()}
# UUIDs are set explicitly on domain models; this is for the rest (index rows, audit entries).
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password rules for staff and partner accounts.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Interface languages (gettext catalogs); German is the source language of all content.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
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
