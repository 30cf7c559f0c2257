"""Gunicorn configuration of Wegweiser: ``gunicorn -c deploy/gunicorn.conf.py``.

Read from the environment (all optional):
  WEGWEISER_BIND                 address to listen on (default 127.0.0.1:8000; 0.0.0.0:8000 in a container)
  WEGWEISER_WEB_WORKERS          worker processes (default 2 × CPU cores + 1, at most 8)
  WEGWEISER_WEB_THREADS          threads per worker (default 2)
  WEGWEISER_WEB_TIMEOUT          seconds before a hanging request's worker is restarted (default 60)
  WEGWEISER_FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1,::1)
Access and error log go to stdout/stderr as JSON lines (one object per request).
"""

import datetime as dt
import json
import os

from gunicorn import glogging


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


wsgi_app = "config.wsgi:application"
bind = os.environ.get("WEGWEISER_BIND", "127.0.0.1:8000").split(",")
workers = _int("WEGWEISER_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 8))
threads = _int("WEGWEISER_WEB_THREADS", 2)
timeout = _int("WEGWEISER_WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, so that a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("WEGWEISER_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
accesslog = "-"
errorlog = "-"
# No runtime control socket (it would need a writable home directory).
control_socket_disable = True
loglevel = os.environ.get("WEGWEISER_LOG_LEVEL", "info").lower()


class JsonLogger(glogging.Logger):
    """Access log as one JSON object per request; error log lines as JSON objects too."""

    def access(self, resp, req, environ, request_time) -> None:  # type: ignore[no-untyped-def]
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = dict((k.lower(), v) for k, v in getattr(req, "headers", []))
        record = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} {status}",
            "remote_addr": environ.get("REMOTE_ADDR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "request_id": headers.get("x-request-id"),
            "user_agent": headers.get("user-agent"),
        }
        self.access_log.info("%s", json.dumps(record, ensure_ascii=False))


logger_class = JsonLogger
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "raw": {"format": "%(message)s"},
    },
    "handlers": {
        "access": {"class": "logging.StreamHandler", "formatter": "raw", "stream": "ext://sys.stdout"},
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
    },
}
