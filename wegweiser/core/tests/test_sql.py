"""Plain SQL helpers: the cursor whose statements PostgreSQL prepares (``prepared_cursor``)."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from config.env import postgres_options
from wegweiser.core.sql import prepared_cursor


def test_prepared_statements_are_on_by_default_and_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEGWEISER_DB_PREPARE_THRESHOLD", raising=False)
    assert postgres_options() == {"prepare_threshold": 5}
    monkeypatch.setenv("WEGWEISER_DB_PREPARE_THRESHOLD", "0")  # behind a transaction pooler
    assert postgres_options() == {"prepare_threshold": None}


@pytest.mark.django_db
def test_the_prepared_cursor_is_wrapped_as_django_wraps_its_own() -> None:
    """Its queries are logged and counted, and a database error is Django's."""
    with CaptureQueriesContext(connection) as queries, prepared_cursor() as cursor:
        cursor.execute("SELECT %s + 1", [41])
        assert cursor.fetchone()[0] == 42
    assert len(queries) == 1
    with pytest.raises(DatabaseError), prepared_cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM no_such_table")
