"""Writing organisations, locations, taxonomies, terms and funding programmes."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction

from wegweiser.access.permissions import model_permission
from wegweiser.access.policy import require
from wegweiser.catalog.models import (
    FundingProgramme,
    Location,
    Organisation,
    Taxonomy,
    TaxonomyTerm,
)
from wegweiser.catalog.services.components import affected_offer_ids
from wegweiser.core.services import create_audited, editable_fields, unique_slug, update_audited
from wegweiser.core.tenancy import district_id_of, same_district_check
from wegweiser.districts.services import district_catalog_changed
from wegweiser.search.services import search_index_offers

SLUG_SCOPE: dict[type[models.Model], str] = {
    Organisation: "district_id",
    TaxonomyTerm: "taxonomy_id",
}


def _m2m_split(model: type[models.Model], data: Mapping[str, Any]) -> tuple[dict, dict[str, Iterable]]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    return (
        {k: v for k, v in data.items() if k not in m2m_names},
        {k: v for k, v in data.items() if k in m2m_names},
    )


def _create(model: type[models.Model], actor: Any, data: Mapping[str, Any]) -> Any:
    fields, m2m = _m2m_split(model, data)
    instance = model(**fields)
    district_id = district_id_of(instance)
    require(actor=actor, permission=model_permission(model, "add"), district=district_id)
    same_district_check(district_id=district_id, values=data)
    if hasattr(instance, "slug") and not instance.slug:
        scope = SLUG_SCOPE.get(model)
        queryset = model._default_manager.all()
        if scope:
            queryset = queryset.filter(**{scope: getattr(instance, scope)})
        instance.slug = unique_slug(queryset, getattr(instance, "name", ""))
    return create_audited(actor=actor, instance=instance, m2m=m2m)


def _update(
    instance: models.Model, actor: Any, data: Mapping[str, Any], expected_version: int | None
) -> dict[str, list[str]]:
    model = type(instance)
    require(actor=actor, permission=model_permission(model, "change"), obj=instance)
    same_district_check(district_id=district_id_of(instance), values=data)
    fields, m2m = _m2m_split(model, data)
    allowed = editable_fields(model, exclude=("slug",))
    changes = update_audited(
        actor=actor,
        instance=instance,
        data=fields,
        m2m=m2m,
        fields=allowed,
        expected_version=expected_version,
    )
    search_index_offers(offer_ids=affected_offer_ids(instance))
    if isinstance(instance, Taxonomy | TaxonomyTerm):
        district_catalog_changed()  # facet labels of every district
    return changes


@transaction.atomic
def organisation_create(*, actor: Any, data: Mapping[str, Any]) -> Organisation:
    return _create(Organisation, actor, data)


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, data: Mapping[str, Any], expected_version: int | None = None
) -> dict:
    return _update(organisation, actor, data, expected_version)


@transaction.atomic
def location_create(*, actor: Any, data: Mapping[str, Any]) -> Location:
    return _create(Location, actor, data)


@transaction.atomic
def location_update(
    *, actor: Any, location: Location, data: Mapping[str, Any], expected_version: int | None = None
) -> dict:
    return _update(location, actor, data, expected_version)


@transaction.atomic
def taxonomy_create(*, actor: Any, data: Mapping[str, Any]) -> Taxonomy:
    return _create(Taxonomy, actor, data)


@transaction.atomic
def taxonomy_update(
    *, actor: Any, taxonomy: Taxonomy, data: Mapping[str, Any], expected_version: int | None = None
) -> dict:
    return _update(taxonomy, actor, data, expected_version)


@transaction.atomic
def taxonomy_term_create(*, actor: Any, data: Mapping[str, Any]) -> TaxonomyTerm:
    return _create(TaxonomyTerm, actor, data)


@transaction.atomic
def taxonomy_term_update(
    *, actor: Any, term: TaxonomyTerm, data: Mapping[str, Any], expected_version: int | None = None
) -> dict:
    return _update(term, actor, data, expected_version)


@transaction.atomic
def funding_programme_create(*, actor: Any, data: Mapping[str, Any]) -> FundingProgramme:
    return _create(FundingProgramme, actor, data)


@transaction.atomic
def funding_programme_update(
    *, actor: Any, programme: FundingProgramme, data: Mapping[str, Any], expected_version: int | None = None
) -> dict:
    return _update(programme, actor, data, expected_version)
