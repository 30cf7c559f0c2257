"""Writing through open data: importing HSDS data into a district's catalog, and writing the
published catalog to files. Imports run in one transaction; a dry run rolls it back."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.catalog.models import FundingProgramme, TaxonomyTerm
from wegweiser.core.models import Language
from wegweiser.districts.models import District, Municipality
from wegweiser.hsds.export import export_services, export_tables
from wegweiser.hsds.formats import write_datapackage, write_json, write_workbook
from wegweiser.hsds.importing.importer import CatalogImporter
from wegweiser.hsds.readers import read_source
from wegweiser.hsds.report import ImportReport
from wegweiser.hsds.tables import empty_tables
from wegweiser.search.services import search_index_offers

FORMATS = ("json", "datapackage", "xlsx")


class _DryRun(Exception):
    """Raised to roll back a dry run or a failed import."""


@transaction.atomic
def catalog_import(
    *,
    actor: Any,
    district: District,
    name: str,
    data: bytes | None = None,
    path: Path | None = None,
    commit: bool = False,
    publish: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Import HSDS data (data package, folder, workbook or JSON) into ``district``'s catalog.
    Without ``commit`` everything is checked and applied, then rolled back: the report says what
    would be created, updated or left unchanged, and every problem by file, row and column.
    With errors nothing is kept. New offers are published when ``publish`` (reviewers only) and
    they pass the checks of ``offer_publish``; the others are imported as drafts, each with a
    warning on its row (see ``importing.offers.OfferImport.publish``)."""
    require(actor=actor, permission=permissions.OFFER_ADD, district=district)
    require(actor=actor, permission=permissions.OFFER_CHANGE, district=district)
    if publish:
        require(actor=actor, permission=permissions.OFFER_PUBLISH, district=district)
    report = ImportReport()
    raw = read_source(name=name, data=data, path=path, report=report)
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            importer = CatalogImporter(
                actor=actor,
                district=district,
                raw=raw,
                report=report,
                publish=publish,
                progress=progress,
                source_name=name,
            )
            changed = importer.run()
            if report.ok and commit:
                if progress:
                    progress("index", 0, len(changed))
                search_index_offers(offer_ids=changed)
            if not (report.ok and commit):
                raise _DryRun
            report.committed = True
    except _DryRun:
        pass
    except IntegrityError as exc:
        report.error(
            _("The data contradicts the catalog (%(reason)s); nothing was imported.") % {"reason": exc}
        )
    return report


def catalog_export(*, district: District, fmt: str, out: BinaryIO, profile_url: str = "") -> None:
    """Write ``district``'s published catalog as HSDS JSON, data package or Excel workbook."""
    if fmt == "json":
        write_json(export_services(district=district), out)
    elif fmt == "datapackage":
        write_datapackage(export_tables(district=district), out, profile_url)
    elif fmt == "xlsx":
        write_workbook(export_tables(district=district), out, choices=template_choices(district=district))
    else:
        raise ValueError(fmt)


def template_choices(*, district: District) -> dict[str, list[str]]:
    """The catalog's own allowed values for the Excel template's drop-down lists."""
    terms = [t.name for t in TaxonomyTerm.objects.order_by("taxonomy__name", "sort_order")]
    keys = list(Municipality.objects.filter(district=district).values_list("ags", flat=True))
    return {
        "attribute.taxonomy_term_id": terms,
        "language.code": list(Language.objects.values_list("code", flat=True)),
        "location.municipality_key": keys,
        "service_area.municipality_key": keys,
        "funding.funding_programme_id": list(FundingProgramme.objects.values_list("name", flat=True)),
    }


def catalog_template(*, district: District, out: BinaryIO) -> None:
    """An empty Excel workbook to fill in: a sheet per table, explanations, drop-downs."""
    write_workbook(empty_tables(), out, choices=template_choices(district=district))
