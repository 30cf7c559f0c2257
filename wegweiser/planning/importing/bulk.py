"""Reading and writing indicator values in bulk, without model instances: an import of all of
Germany's municipalities is half a million values, and Django's per-object preparation
(``bulk_create``, ``values_list`` converters) would cost more than the database itself.

Values go to the database as the backend expects them (each field's ``get_db_prep_value`` for the
few distinct ids and dates, ``Decimal`` and text as they are): on PostgreSQL with ``COPY``, on
other databases with one multi-row ``INSERT`` per batch. Runs inside the caller's transaction; no
signals are sent for these rows (none are connected to ``IndicatorValue``)."""

import datetime
import uuid
from collections.abc import Sequence
from decimal import Context, Decimal
from typing import Any

from django.db import connection
from django.db.models import Field
from django.utils import timezone

from wegweiser.districts.models import District, Municipality
from wegweiser.planning.models import Indicator, IndicatorValue

# (indicator's position in ``indicators``, official key, date, breakdown, part)
Slot = tuple[int, str, datetime.date, str, str]
INSERT_BATCH = 500  # rows per INSERT statement (10 parameters each, under every backend's limit)

_META = IndicatorValue._meta
COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "indicator",
    "municipality",
    "date",
    "breakdown",
    "breakdown_value",
    "value",
    "note",
]
_from_float = Context(prec=15).create_decimal_from_float  # as Django's SQLite converter reads


def _prep(model: Any, name: str, value: Any) -> Any:
    return model._meta.get_field(name).get_db_prep_value(value, connection, prepared=False)


def _column(name: str, model: Any = IndicatorValue) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return connection.ops.quote_name(field.column)


def _keys(district: District) -> dict[Any, str]:
    """{municipality id as the database returns it: official key}; None is the district."""
    table = connection.ops.quote_name(Municipality._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_column('id', Municipality)}, {_column('ags', Municipality)} FROM {table} "  # noqa: S608
            f"WHERE {_column('district', Municipality)} = %s",
            [_prep(District, "id", district.pk)],
        )
        keys: dict[Any, str] = {_raw_id(pk): ags for pk, ags in cursor.fetchall()}
    keys[None] = district.key
    return keys


def _raw_id(value: Any) -> Any:
    """An id as returned by the database, in the form the parameters use (hex text or UUID)."""
    if isinstance(value, uuid.UUID) and not connection.features.has_native_uuid_field:
        return value.hex
    return value


def existing_values(
    *, district: District, indicators: Sequence[Indicator], dates: Sequence[datetime.date]
) -> dict[Slot, tuple[Any, Decimal, str]]:
    """{slot: (id as stored, value, note)} of the stored values of ``indicators`` on ``dates``
    (one query)."""
    if not indicators or not dates:
        return {}
    keys = _keys(district)
    position = {_raw_id(_prep(Indicator, "id", i.pk)): n for n, i in enumerate(indicators)}
    prepared_dates = [_prep(IndicatorValue, "date", d) for d in dates]
    table = connection.ops.quote_name(_META.db_table)
    sql = (
        f"SELECT {_column('id')}, {_column('indicator')}, {_column('municipality')}, {_column('date')}, "  # noqa: S608
        f"{_column('breakdown')}, {_column('breakdown_value')}, {_column('value')}, {_column('note')} "
        f"FROM {table} WHERE {_column('indicator')} IN ({', '.join(['%s'] * len(position))}) "
        f"AND {_column('date')} IN ({', '.join(['%s'] * len(prepared_dates))})"
    )
    read_dates: dict[Any, datetime.date] = {}
    result: dict[Slot, tuple[Any, Decimal, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*position, *prepared_dates])
        for pk, indicator, municipality, day, breakdown, part, value, note in cursor.fetchall():
            key = keys.get(_raw_id(municipality))
            if key is None:
                continue  # a municipality moved to another district: not this file's slot
            date = read_dates.get(day)
            if date is None:
                date = read_dates[day] = (
                    day if isinstance(day, datetime.date) else datetime.date.fromisoformat(str(day)[:10])
                )
            if isinstance(value, float):
                value = _from_float(value)
            elif not isinstance(value, Decimal):
                value = Decimal(value)
            result[(position[_raw_id(indicator)], key, date, breakdown, part)] = (pk, value, note)
    return result


def values_insert(
    *, district: District, indicators: Sequence[Indicator], rows: Sequence[tuple[Slot, Decimal, str]]
) -> None:
    """Insert new values: ``rows`` of (slot, value, note)."""
    if not rows:
        return
    municipalities = {ags: _prep(Municipality, "id", pk) for ags, pk in _municipality_ids(district)}
    municipalities[district.key] = None
    indicator_ids = [_prep(Indicator, "id", i.pk) for i in indicators]
    now = _prep(IndicatorValue, "created_at", timezone.now())
    native = connection.features.has_native_uuid_field
    dates: dict[datetime.date, Any] = {}
    prepared = []
    for (number, key, date, breakdown, part), value, note in rows:
        day = dates.get(date)
        if day is None:
            day = dates[date] = _prep(IndicatorValue, "date", date)
        prepared.append(
            (
                uuid.uuid4() if native else uuid.uuid4().hex,
                now,
                now,
                indicator_ids[number],
                municipalities[key],
                day,
                breakdown,
                part,
                value,
                note,
            )
        )
    table = connection.ops.quote_name(_META.db_table)
    columns = ", ".join(_column(name) for name in COLUMNS)
    if connection.vendor == "postgresql":
        statement = f"COPY {table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in prepared:
                copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), INSERT_BATCH):
            batch = prepared[start : start + INSERT_BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))}",  # noqa: S608
                [cell for row in batch for cell in row],
            )


def values_update(*, rows: Sequence[tuple[Any, Decimal, str]]) -> None:
    """Change stored values: ``rows`` of (id as stored, value, note)."""
    if not rows:
        return
    now = _prep(IndicatorValue, "updated_at", timezone.now())
    table = connection.ops.quote_name(_META.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {_column('value')} = %s, {_column('note')} = %s, "  # noqa: S608
            f"{_column('updated_at')} = %s WHERE {_column('id')} = %s",
            [(value, note, now, pk) for pk, value, note in rows],
        )


def _municipality_ids(district: District) -> list[tuple[str, Any]]:
    return list(Municipality.objects.filter(district=district).values_list("ags", "pk"))
