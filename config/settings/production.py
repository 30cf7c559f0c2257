"""Production settings: everything secure by default; set WEGWEISER_SECRET_KEY,
WEGWEISER_ALLOWED_HOSTS and DATABASE_URL."""

from config.env import env, production_database_config
from config.logging import logging_config
from config.settings.base import *  # noqa: F403

# No silent fallback to SQLite: DATABASE_URL, or SQLite chosen explicitly.
DATABASES = {"default": production_database_config()}
# Never show debug pages to the public.
DEBUG = False
# No machine translation unless the installation names its service (no demo translator).
WEGWEISER_MT_ENGINE = env.str("MT_ENGINE", default="")
# Required in production: no default.
SECRET_KEY = env.str("SECRET_KEY")
# Cookies only over HTTPS.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Redirect plain HTTP to HTTPS (disable when a proxy does it).
SECURE_SSL_REDIRECT = env.bool("SSL_REDIRECT", default=True)
# Trust the proxy's header for the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Compressed, cache-busted static files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Logs as JSON lines on stdout, one object per line (docs/operations.md).
LOGGING = logging_config(json=env.bool("LOG_JSON", default=True), level=env.str("LOG_LEVEL", default="INFO"))
# The health check answers over plain HTTP too (probes of the service manager or load balancer).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HTTP Strict Transport Security: browsers use HTTPS only, for a year by default
# (WEGWEISER_HSTS_SECONDS=0 switches it off, e.g. while trying HTTPS out).
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
# The "preload" directive only allows a submission to the browsers' preload list; nothing is
# submitted unless the district does so at hstspreload.org.
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=True)
