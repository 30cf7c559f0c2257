"""The checks behind ``/healthz``: database, cache and the worker's heartbeat."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from wegweiser.operations.selectors import heartbeat_age
from wegweiser.operations.services import WORKER

logger = logging.getLogger("wegweiser.health")
OK = "ok"


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _cache() -> str:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    seen = cache.get(key)
    cache.delete(key)
    return OK if seen == value else "failed: value not read back"


def _worker() -> str:
    age = heartbeat_age(name=WORKER)
    if age is None:
        return "failed: no heartbeat yet"
    limit = settings.WEGWEISER_HEARTBEAT_MAX_AGE_SECONDS
    if age.total_seconds() > limit:
        return f"failed: last heartbeat {int(age.total_seconds())} s ago (limit {limit} s)"
    return OK


def health_checks() -> dict[str, str]:
    """``{"database": "ok", "cache": "ok", "worker": "ok"}``, or what failed (no secrets: the
    kind of error only; the details go to the log)."""
    results: dict[str, str] = {}
    for name, check in (("database", _database), ("cache", _cache), ("worker", _worker)):
        if name == "worker" and results["database"] != OK:
            results[name] = "unknown: database unavailable"
            continue
        try:
            results[name] = check()
        except Exception as error:
            logger.exception("Health check %s failed", name)
            results[name] = f"failed: {type(error).__name__}"
    return results
