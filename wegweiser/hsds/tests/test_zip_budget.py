"""Zip bombs: an archive is unpacked in small chunks against a byte budget (ten times the import
limit) and a file budget; sizes in its headers are not trusted, and memory stays bounded."""

import io
import struct
import tracemalloc
import zipfile
import zlib
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

from wegweiser.catalog.models import Offer
from wegweiser.districts.models import District
from wegweiser.hsds.readers import ZipBudgetExceeded, unzip_members
from wegweiser.hsds.services import catalog_import

MB = 1024 * 1024
ZEROS = 300 * MB  # what the bomb really unpacks to
LIED = 1000  # what its headers claim


@pytest.fixture(autouse=True)
def german() -> Any:
    with translation.override("de"):
        yield


def _deflated_zeros(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(MB)
    parts = [compressor.compress(block) for _ in range(size // MB)]
    return b"".join(parts) + compressor.flush()


def _lying_zip(name: str = "services.csv", size: int = ZEROS, claimed: int = LIED) -> bytes:
    """A zip with one deflated member of ``size`` zero bytes whose local and central headers
    both claim it unpacks to ``claimed`` bytes."""
    compressed = _deflated_zeros(size)
    crc = 0  # wrong anyway: zipfile checks it only after the declared size
    encoded = name.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(compressed), claimed, len(encoded), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(compressed), claimed, len(encoded), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    body = local + encoded + compressed
    directory = central + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def _honest_zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_the_crafted_archive_really_lies_about_its_size() -> None:
    data = _lying_zip()
    assert len(data) < 1 * MB
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [m.file_size for m in archive.infolist()] == [LIED]


@override_settings(WEGWEISER_IMPORT_MAX_MB=2)
def test_a_zip_lying_about_its_size_is_refused_within_a_fixed_memory_budget(district: District) -> None:
    data = _lying_zip()
    offers = Offer.objects.count()
    tracemalloc.start()
    try:
        report = catalog_import(actor=None, district=district, name="bombe.zip", data=data, commit=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not report.ok and not report.committed
    assert "ZIP-Archiv ist beschädigt" in str(report.errors[0])
    assert peak < 64 * MB, peak
    assert Offer.objects.count() == offers


def test_the_running_count_stops_unpacking_at_the_budget_whatever_the_headers_say() -> None:
    data = _honest_zip({"a.csv": bytes(30 * MB), "b.csv": bytes(30 * MB)})
    tracemalloc.start()
    try:
        with pytest.raises(ZipBudgetExceeded) as refused:
            unzip_members(data, budget=20 * MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "mehr als 20 MB" in str(refused.value)
    assert peak < 32 * MB, peak


def test_members_within_the_budget_are_unpacked_by_file_name() -> None:
    data = _honest_zip(
        {"pkg/services.csv": b"id,name\n", "__MACOSX/x.csv": b"x", "pkg/datapackage.json": b"{}"}
    )
    assert unzip_members(data, budget=MB) == {"services.csv": b"id,name\n", "datapackage.json": b"{}"}


@override_settings(WEGWEISER_IMPORT_MAX_MB=1)
def test_an_honest_archive_that_unpacks_beyond_ten_times_the_limit_is_refused_in_german(
    district: District,
) -> None:
    data = _honest_zip({"services.csv": bytes(11 * MB)})
    report = catalog_import(actor=None, district=district, name="gross.zip", data=data)
    assert not report.ok
    assert "entpackt mehr als 10 MB" in str(report.errors[0])


def test_an_archive_with_too_many_files_is_refused(district: District) -> None:
    data = _honest_zip({f"f{n}.csv": b"id\n" for n in range(201)})
    report = catalog_import(actor=None, district=district, name="viele.zip", data=data)
    assert not report.ok
    assert "201 Dateien" in str(report.errors[0])


@override_settings(WEGWEISER_IMPORT_MAX_MB=2)
def test_a_workbook_lying_about_its_size_is_refused_before_openpyxl_opens_it(district: District) -> None:
    data = _lying_zip(name="xl/worksheets/sheet1.xml")
    tracemalloc.start()
    try:
        report = catalog_import(actor=None, district=district, name="bombe.xlsx", data=data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not report.ok
    assert peak < 64 * MB, peak
