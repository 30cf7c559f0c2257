"""Settings for the test suite: fast hashing, no debug, the same database selection as base."""

from config.settings.base import *  # noqa: F403

# Tests run without debug, as production does.
DEBUG = False
# A fast hasher: the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files from the finders, no manifest needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
