"""The import writes values in bulk without model instances (multi-row INSERT, COPY on
PostgreSQL): what it writes reads back through the model exactly, changed values are updated in
place, and a file of many values takes a fixed number of queries."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wegweiser.districts.models import District
from wegweiser.planning.models import IndicatorValue
from wegweiser.planning.services import indicator_values_import
from wegweiser.planning.tests.factories import IndicatorFactory

HEADER = "Schlüssel;Gemeinde;Indikator;Stichtag;Wert;Aufschlüsselung;Ausprägung;Anmerkung\n"


def _file(years: range, value: str = "1.234,5678", note: str = "") -> bytes:
    lines = [
        f"{ags};;kinder-u6;{year};{value};;;{note}\n" for ags in ("16062041", "16062066") for year in years
    ]
    lines.append(f"16062;;kinder-u6;{years[0]};9;;;\n")
    return (HEADER + "".join(lines)).encode()


def _run(district: District, data: bytes, commit: bool = True) -> Any:
    return indicator_values_import(actor=None, district=district, file_name="w.csv", data=data, commit=commit)


def test_bulk_written_values_read_back_through_the_model(district: District) -> None:
    children = IndicatorFactory(district=district, code="kinder-u6", name="Kinder")
    report = _run(district, _file(range(1400, 2100)))  # 1,401 values: several INSERT batches
    assert report.committed and report.counts["Kinder"]["created"] == 1401
    values = IndicatorValue.objects.filter(indicator=children)
    assert values.count() == 1401
    one = values.get(municipality__ags="16062041", date=datetime.date(2024, 12, 31))
    assert one.value == Decimal("1234.5678") and one.breakdown == "" and one.note == ""
    assert one.created_at.tzinfo is not None and one.created_at == one.updated_at
    district_value = values.get(municipality=None)
    assert district_value.date == datetime.date(1400, 12, 31) and district_value.value == 9
    assert len({v.pk for v in values}) == 1401


def test_a_changed_value_is_updated_in_place(district: District) -> None:
    children = IndicatorFactory(district=district, code="kinder-u6", name="Kinder")
    _run(district, _file(range(2020, 2025)))
    before = dict(IndicatorValue.objects.filter(indicator=children).values_list("pk", "updated_at"))
    again = _run(district, _file(range(2020, 2025), value="7", note="berichtigt"))
    assert again.counts["Kinder"] == {"created": 0, "updated": 10, "unchanged": 1}
    after = IndicatorValue.objects.filter(indicator=children)
    assert set(after.values_list("pk", flat=True)) == set(before)
    changed = after.exclude(municipality=None)
    assert {(v.value, v.note) for v in changed} == {(Decimal(7), "berichtigt")}
    assert all(v.updated_at > before[v.pk] for v in changed)
    unchanged = _run(district, _file(range(2020, 2025), value="7", note="berichtigt"))
    assert unchanged.counts["Kinder"] == {"created": 0, "updated": 0, "unchanged": 11}


def test_a_dry_run_of_many_values_writes_nothing(district: District) -> None:
    IndicatorFactory(district=district, code="kinder-u6", name="Kinder")
    report = _run(district, _file(range(1000, 2000)), commit=False)
    assert report.ok and not report.committed and report.counts["Kinder"]["created"] == 2001
    assert not IndicatorValue.objects.exists()


def test_the_import_takes_the_same_queries_for_more_values(district: District) -> None:
    IndicatorFactory(district=district, code="kinder-u6", name="Kinder")
    counted = []
    for data in (_file(range(2020, 2025)), _file(range(1800, 2020))):  # 11 and 441 values (one batch)
        IndicatorValue.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert _run(district, data).committed
        counted.append(len(captured))
    assert counted[0] == counted[1]
