"""Writing the parts of an entity: translations, schedules, contacts, phones, offers at
locations, identifiers. The change is recorded on the entity the part belongs to."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from wegweiser.access.permissions import model_permission
from wegweiser.access.policy import require
from wegweiser.catalog.models import Location, Offer, Organisation, TaxonomyTerm
from wegweiser.catalog.services.offers import offer_require_direct_change
from wegweiser.core.services import create_audited, delete_audited, update_audited
from wegweiser.core.tenancy import DISTRICT_PATHS, district_id_of, same_district_check
from wegweiser.districts.services import district_catalog_changed
from wegweiser.search.services import search_index_offers


def affected_offer_ids(parent: models.Model) -> list[Any]:
    """Offers whose search documents contain text of ``parent``."""
    if isinstance(parent, Offer):
        return [parent.pk]
    if isinstance(parent, Organisation):
        return list(parent.offers.values_list("pk", flat=True))
    if isinstance(parent, Location):
        return list(parent.offer_locations.values_list("offer_id", flat=True))
    if isinstance(parent, TaxonomyTerm):
        return list(parent.offers.values_list("pk", flat=True))
    return []


def _describe(component: models.Model) -> str:
    language = getattr(component, "language_id", None)
    label = str(component._meta.verbose_name)
    return _("%(part)s (%(language)s)") % {"part": label, "language": language} if language else label


def _links_to(component: models.Model, parent: models.Model) -> set[str]:
    """Names of ``component``'s foreign keys that tie it to ``parent``: pointing at it, or at a
    part of it (a schedule of an offer's location)."""
    links = set()
    for f in component._meta.concrete_fields:
        if not f.is_relation or getattr(component, f.attname) is None:
            continue
        if f.related_model is type(parent):
            if getattr(component, f.attname) == parent.pk:
                links.add(f.name)
            continue
        part = getattr(component, f.name)
        if any(
            g.is_relation and g.related_model is type(parent) and getattr(part, g.attname) == parent.pk
            for g in part._meta.concrete_fields
        ):
            links.add(f.name)
    return links


@transaction.atomic
def component_save(*, actor: Any, parent: models.Model, component: models.Model) -> None:
    """Create or update ``component`` (already linked to ``parent``), validated and audited."""
    require(actor=actor, permission=model_permission(parent, "change"), obj=parent)
    if isinstance(parent, Offer):
        offer_require_direct_change(actor=actor, offer=parent)
    links = _links_to(component, parent)
    if not links:
        raise PermissionDenied(_("This part belongs to another entry."))
    related = {
        f.name: getattr(component, f.name)
        for f in component._meta.concrete_fields
        if f.is_relation
        and getattr(f.related_model, "_meta", None) is not None
        and f.related_model._meta.label_lower in DISTRICT_PATHS  # type: ignore[union-attr]
        and f.name not in links
    }
    same_district_check(district_id=district_id_of(parent), values=related)
    if component._state.adding:
        create_audited(actor=actor, instance=component, target=parent, summary=_describe(component))
    else:
        # A part stays with its parent: the link to the parent is not among the changeable fields.
        fields = {f.name for f in component._meta.concrete_fields if f.editable and not f.primary_key}
        fields -= links
        values = {name: getattr(component, name) for name in fields}
        update_audited(actor=actor, instance=component, data=values, target=parent, summary="", fields=fields)
    search_index_offers(offer_ids=affected_offer_ids(parent))
    if isinstance(parent, TaxonomyTerm):
        district_catalog_changed()  # the term's label shows in every district's facets


@transaction.atomic
def component_delete(*, actor: Any, parent: models.Model, component: models.Model) -> None:
    require(actor=actor, permission=model_permission(parent, "change"), obj=parent)
    if isinstance(parent, Offer):
        offer_require_direct_change(actor=actor, offer=parent)
    if getattr(component, "pk", None) is not None and not _links_to(component, parent):
        raise PermissionDenied(_("This part belongs to another entry."))
    delete_audited(actor=actor, instance=component, target=parent)
    search_index_offers(offer_ids=affected_offer_ids(parent))
