"""Writing districts and municipalities (administrators and the demo loader)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wegweiser.core.services import create_audited, require_permission, unique_slug, update_audited
from wegweiser.districts.models import District, Municipality


@transaction.atomic
def district_create(*, actor: Any, data: Mapping[str, Any]) -> District:
    require_permission(actor, "districts.add_district")
    languages = data.get("languages")
    fields = {k: v for k, v in data.items() if k != "languages"}
    return create_audited(
        actor=actor, instance=District(**fields), m2m={"languages": languages} if languages else None
    )


@transaction.atomic
def district_update(
    *, actor: Any, district: District, data: Mapping[str, Any], expected_version: int | None = None
) -> dict:
    require_permission(actor, "districts.change_district")
    fields = {k: v for k, v in data.items() if k != "languages"}
    m2m = {"languages": data["languages"]} if "languages" in data else None
    return update_audited(
        actor=actor, instance=district, data=fields, m2m=m2m, expected_version=expected_version
    )


@transaction.atomic
def municipality_create(*, actor: Any, data: Mapping[str, Any]) -> Municipality:
    require_permission(actor, "districts.add_municipality")
    municipality = Municipality(**data)
    if not municipality.slug:
        municipality.slug = unique_slug(
            Municipality.objects.filter(district=municipality.district), municipality.short_name
        )
    return create_audited(actor=actor, instance=municipality)


def district_catalog_changed(*, district_ids: Iterable[Any] | None = None) -> None:
    """Mark the public catalog of some districts (``None``: all) as changed."""
    districts = District.objects.all()
    if district_ids is not None:
        districts = districts.filter(pk__in=list(district_ids))
    districts.update(catalog_version=F("catalog_version") + 1, catalog_changed_at=timezone.now())
