"""Settings for benchmarks: production-like (no debug), database from BENCH_DATABASE_URL."""

import os

import dj_database_url

from config.env import postgres_options, sqlite_options
from config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": dict(dj_database_url.parse(os.environ["BENCH_DATABASE_URL"], conn_max_age=600))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = sqlite_options()  # as config.env sets them
else:
    DATABASES["default"]["OPTIONS"] = postgres_options()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Server errors (e.g. "database is locked") with their traceback on stderr, also without DEBUG.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
}
