"""Time the HSDS data-package import: export a district's catalog of N services, empty the
catalog, then dry run, commit and re-import (idempotent: everything unchanged)."""

import io
import time

from wegweiser.catalog.models import FundingProgramme, Location, Offer, Organisation
from wegweiser.districts.models import District
from wegweiser.hsds.services import catalog_export, catalog_import


def _seconds(since: float) -> float:
    return round(time.perf_counter() - since, 2)


def measure_import(*, district_key: str) -> dict:
    district = District.objects.get(key=district_key)
    services = Offer.objects.filter(district=district).count()
    t0 = time.perf_counter()
    out = io.BytesIO()
    catalog_export(district=district, fmt="datapackage", out=out)
    export_seconds = _seconds(t0)
    data = out.getvalue()

    Offer.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()
    FundingProgramme.objects.all().delete()

    runs = {}
    for case, commit in [
        ("dry_run", False),
        ("commit_into_empty_catalog", True),
        ("reimport_unchanged", True),
    ]:
        t0 = time.perf_counter()
        report = catalog_import(actor=None, district=district, name="bench.zip", data=data, commit=commit)
        seconds = _seconds(t0)
        assert report.ok, [str(p) for p in report.errors[:5]]
        runs[case] = {"seconds": seconds, "services": dict(report.counts.get("service", {}))}
    assert Offer.objects.filter(district=district).count() == services
    return {
        "services": services,
        "package_bytes": len(data),
        "export_seconds": export_seconds,
        "runs": runs,
    }
