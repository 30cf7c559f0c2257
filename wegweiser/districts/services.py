"""Writing districts and municipalities (administrators and the demo loader)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.core.services import create_audited, unique_slug, update_audited
from wegweiser.districts.models import District, Municipality


@transaction.atomic
def district_create(*, actor: Any, data: Mapping[str, Any]) -> District:
    require(actor=actor, permission=permissions.DISTRICT_ADD)
    languages = data.get("languages")
    fields = {k: v for k, v in data.items() if k != "languages"}
    return create_audited(
        actor=actor, instance=District(**fields), m2m={"languages": languages} if languages else None
    )


# What staff may change about their district; the key, slug and catalog version never change here.
DISTRICT_SETTINGS = (
    "name",
    "office_name",
    "office_address",
    "office_email",
    "office_phone",
    "office_website",
    "hostname",
    "languages",
    "stale_after_months",
    "confirmation_notice_days",
    "confirmation_reminder_days",
    "confirmation_escalation_days",
    "hide_overdue_after_months",
)
# Settings that decide which offers the public directory shows.
_CATALOG_SETTINGS = ("stale_after_months", "hide_overdue_after_months")
# The facts ``district_setup`` loads from the municipality directory.
MUNICIPALITY_FACTS = (
    "name",
    "kind",
    "population",
    "population_male",
    "population_female",
    "population_date",
    "postcode",
    "area_km2",
    "latitude",
    "longitude",
    "boundary",
)


def _allowed(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValueError(f"Not changeable here: {', '.join(unknown)}")


@transaction.atomic
def district_update(
    *, actor: Any, district: District, data: Mapping[str, Any], expected_version: int | None = None
) -> dict:
    """Change the district's settings (``DISTRICT_SETTINGS`` only); returns the recorded changes."""
    require(actor=actor, permission=permissions.DISTRICT_CHANGE, obj=district)
    _allowed(data, DISTRICT_SETTINGS)
    fields = {k: v for k, v in data.items() if k != "languages"}
    m2m = {"languages": data["languages"]} if "languages" in data else None
    # From the database: the admin hands over an instance its form has already changed.
    before = District.objects.filter(pk=district.pk).values(*_CATALOG_SETTINGS).first() or {}
    languages_before = set(
        District.languages.through.objects.filter(district_id=district.pk).values_list(
            "language_id", flat=True
        )
    )
    changes = update_audited(
        actor=actor,
        instance=district,
        data=fields,
        m2m=m2m,
        fields=DISTRICT_SETTINGS,
        expected_version=expected_version,
    )
    # Hidden overdue offers may change; the content languages are cached per catalog version
    # (``district_public_facts``) and decide which translations are searched.
    languages = set(district.languages.values_list("code", flat=True)) if m2m else languages_before
    if languages != languages_before or any(
        getattr(district, name) != value for name, value in before.items()
    ):
        district_catalog_changed(district_ids=[district.pk])
    return changes


@transaction.atomic
def municipality_update(*, actor: Any, municipality: Municipality, data: Mapping[str, Any]) -> dict:
    """Bring a municipality's facts (``MUNICIPALITY_FACTS`` only) up to date; returns the changes."""
    require(actor=actor, permission=permissions.MUNICIPALITY_CHANGE, obj=municipality)
    _allowed(data, MUNICIPALITY_FACTS)
    before = Municipality.objects.filter(pk=municipality.pk).values_list("name", flat=True).first()
    changes = update_audited(actor=actor, instance=municipality, data=data, fields=MUNICIPALITY_FACTS)
    if municipality.name != before:  # e.g. after a merger: the name is in the facets and the index
        _municipality_renamed(municipality)
    return changes


def _municipality_renamed(municipality: Municipality) -> None:
    """Re-index the offers whose documents carry the municipality's name (its service area and
    places there) and mark the district's catalog as changed: the facet labels and the result
    pages' municipality names are cached per catalog version."""
    from wegweiser.catalog.models import Offer  # the catalog builds on districts, not the reverse
    from wegweiser.search.services import search_index_offers

    offer_ids = Offer.objects.filter(
        Q(municipalities=municipality) | Q(offer_locations__location__municipality=municipality)
    ).values_list("pk", flat=True)
    search_index_offers(offer_ids=sorted(set(offer_ids)))
    district_catalog_changed(district_ids=[municipality.district_id])


@transaction.atomic
def municipality_create(*, actor: Any, data: Mapping[str, Any]) -> Municipality:
    municipality = Municipality(**data)
    require(actor=actor, permission=permissions.MUNICIPALITY_ADD, district=municipality.district_id)
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
