"""The one place where settings are read from the environment.

Every variable carries the prefix ``WEGWEISER_`` except ``DATABASE_URL``, whose name is the
convention of every PaaS and of dj-database-url.
"""

from pathlib import Path
from typing import Any

import dj_database_url
import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.prefix = "WEGWEISER_"


def sqlite_options() -> dict[str, Any]:
    """SQLite for several writers at once: write-ahead log (readers never block the writer),
    transactions that take the write lock when they begin (``BEGIN IMMEDIATE``, so a transaction
    never fails halfway when it starts to write) and a busy timeout during which a writer waits
    for the lock instead of failing with "database is locked". See docs/concurrency.md."""
    return {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.float("SQLITE_BUSY_TIMEOUT", default=20.0),
    }


def postgres_options() -> dict[str, Any]:
    """PostgreSQL: psycopg prepares a statement that a connection has run this many times, so
    that the server no longer parses and plans it. Django turns this off (for transaction-mode
    connection poolers that predate PgBouncer 1.21); it applies only to the few statements
    Wegweiser runs on every result page through ``core.sql.prepared_cursor`` (Django's own
    cursors bind parameters on the client and never prepare). ``WEGWEISER_DB_PREPARE_THRESHOLD=0``
    turns it off. See docs/search.md ("Prepared statements")."""
    threshold = env.int("DB_PREPARE_THRESHOLD", default=5)
    return {"prepare_threshold": threshold if threshold > 0 else None}


def database_config() -> dict[str, Any]:
    """Database from ``DATABASE_URL``; SQLite in the project folder when it is unset."""
    config: dict[str, Any] = dict(
        dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=env.int("DB_CONN_MAX_AGE", default=60),
        )
    )
    if config.get("ENGINE") == "django.db.backends.sqlite3":
        config["OPTIONS"] = sqlite_options() | (config.get("OPTIONS") or {})
    elif config.get("ENGINE") == "django.db.backends.postgresql":
        config["OPTIONS"] = postgres_options() | (config.get("OPTIONS") or {})
    return config


def production_database_config() -> dict[str, Any]:
    """Production database: ``DATABASE_URL`` is required. SQLite only when chosen explicitly,
    by a ``sqlite://`` URL or by ``WEGWEISER_ALLOW_SQLITE=true`` (then the project folder's file)."""
    import os

    from django.core.exceptions import ImproperlyConfigured

    if not os.environ.get("DATABASE_URL", "").strip() and not env.bool("ALLOW_SQLITE", default=False):
        raise ImproperlyConfigured(
            "Production settings need DATABASE_URL (e.g. postgres://wegweiser@db:5432/wegweiser). "
            "To run on SQLite on purpose, set DATABASE_URL=sqlite:////path/to/db.sqlite3 "
            "or WEGWEISER_ALLOW_SQLITE=true."
        )
    return database_config()
