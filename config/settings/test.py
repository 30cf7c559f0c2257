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
# Background tasks run at once, inside the test (the worker is tested with the database backend).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Mail goes to Django's in-memory outbox unless a test points it at its local SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
