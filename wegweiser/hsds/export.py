"""Reading the published catalog of a district as HSDS objects and tables (for export)."""

from collections.abc import Iterator
from typing import Any

from wegweiser.catalog.models import Organisation, Taxonomy
from wegweiser.districts.models import District
from wegweiser.hsds.objects import (
    Options,
    organization_object,
    service_object,
    taxonomy_object,
    taxonomy_term_object,
)
from wegweiser.hsds.selectors import organisation_prefetch, public_services, service_prefetch, term_queryset
from wegweiser.hsds.tables import empty_tables, flatten

EXPORT_OPTIONS = Options(language="de", translations=True)
CHUNK = 500


def export_services(*, district: District) -> Iterator[dict[str, Any]]:
    """Every published offer as a fully nested HSDS service with all translations, by id."""
    ids = list(public_services(district=district).order_by("id").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = public_services(district=district).filter(pk__in=ids[start : start + CHUNK]).order_by("id")
        for offer in service_prefetch(chunk, language="de", full=True, all_languages=True):
            yield service_object(offer, EXPORT_OPTIONS, full=True)


def export_tables(*, district: District) -> dict[str, list[dict[str, Any]]]:
    """The district's published catalog as HSDS tables, rows sorted by id."""
    tables = empty_tables()
    flatten([taxonomy_object(t) for t in Taxonomy.objects.order_by("id")], "taxonomy", tables)
    terms = term_queryset("de", all_languages=True).order_by("id")
    flatten([taxonomy_term_object(t, EXPORT_OPTIONS) for t in terms], "taxonomy_term", tables)
    organisations = (
        Organisation.objects.filter(district=district)
        .order_by("id")
        .prefetch_related(*organisation_prefetch("de", all_languages=True, full=True))
    )
    flatten(
        [organization_object(o, EXPORT_OPTIONS, full=True) for o in organisations], "organization", tables
    )
    flatten(export_services(district=district), "service", tables)
    for rows in tables.values():
        rows.sort(key=lambda row: str(row.get("id") or ""))
    return tables
