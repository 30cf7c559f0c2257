"""Values and cursors for plain SQL."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper


def db_uuid(pk: uuid.UUID | None) -> Any:
    """A UUID as a parameter of plain SQL (SQLite stores UUIDs as 32 hex digits)."""
    return pk.hex if connection.vendor == "sqlite" and isinstance(pk, uuid.UUID) else pk


@contextmanager
def prepared_cursor() -> Iterator[CursorWrapper]:
    """A cursor for statements that run on every page of a kind (the result cards' look-ups),
    one statement per ``execute``. On PostgreSQL the server binds its parameters, so psycopg
    prepares a statement once the connection has run it ``prepare_threshold`` times
    (``config.env.postgres_options``) and the server no longer parses and plans it: the
    cards' two statements took 1.6 ms sent as text and 0.8 ms prepared (bench/results/search.md).
    Django's own cursors bind on the client and never prepare. The cursor is wrapped as
    Django wraps its own, so query logging, execute wrappers and error translation apply.
    Elsewhere an ordinary cursor."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    import psycopg

    with connection.cursor():  # opens and checks the connection as for any cursor
        pass
    raw: Any = psycopg.Cursor(connection.connection)  # wrapped below as Django wraps its own
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        yield cursor
