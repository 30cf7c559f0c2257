from django.db import connection

from wegweiser.search.backends.base import SearchBackend


def get_backend() -> SearchBackend:
    """The search backend for the database in use."""
    if connection.vendor == "postgresql":
        from wegweiser.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from wegweiser.search.backends.sqlite import SQLiteBackend

    return SQLiteBackend()
