"""Values for plain SQL, as the database stores them."""

import uuid
from typing import Any

from django.db import connection


def db_uuid(pk: uuid.UUID | None) -> Any:
    """A UUID as a parameter of plain SQL (SQLite stores UUIDs as 32 hex digits)."""
    return pk.hex if connection.vendor == "sqlite" and isinstance(pk, uuid.UUID) else pk
