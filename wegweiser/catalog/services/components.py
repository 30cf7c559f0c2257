"""Writing the parts of an entity: translations, schedules, contacts, phones, offers at
locations, identifiers. The change is recorded on the entity the part belongs to."""

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from wegweiser.catalog.models import Location, Offer, Organisation, TaxonomyTerm
from wegweiser.catalog.services.offers import offer_require_direct_change
from wegweiser.core.services import (
    create_audited,
    delete_audited,
    require_permission,
    update_audited,
)
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


@transaction.atomic
def component_save(*, actor: Any, parent: models.Model, component: models.Model) -> None:
    """Create or update ``component`` (already linked to ``parent``), validated and audited."""
    require_permission(actor, f"{parent._meta.app_label}.change_{parent._meta.model_name}")
    if isinstance(parent, Offer):
        offer_require_direct_change(actor=actor, offer=parent)
    if component._state.adding:
        create_audited(actor=actor, instance=component, target=parent, summary=_describe(component))
    else:
        values = {f.name: getattr(component, f.name) for f in component._meta.concrete_fields if f.editable}
        update_audited(actor=actor, instance=component, data=values, target=parent, summary="")
    search_index_offers(offer_ids=affected_offer_ids(parent))
    if isinstance(parent, TaxonomyTerm):
        district_catalog_changed()  # the term's label shows in every district's facets


@transaction.atomic
def component_delete(*, actor: Any, parent: models.Model, component: models.Model) -> None:
    require_permission(actor, f"{parent._meta.app_label}.change_{parent._meta.model_name}")
    if isinstance(parent, Offer):
        offer_require_direct_change(actor=actor, offer=parent)
    delete_audited(actor=actor, instance=component, target=parent)
    search_index_offers(offer_ids=affected_offer_ids(parent))
