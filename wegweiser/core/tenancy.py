"""Which district an object belongs to: the one table of paths from every domain model to its
district. ``wegweiser.access.policy`` scopes querysets with it; the audit trail records the
district of each entry with it. Strings only, so that this core module imports no domain app."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext as _

# Model label → lookup path to the district's id ("pk" for the district itself).
DISTRICT_PATHS: dict[str, str] = {
    "districts.district": "pk",
    "districts.municipality": "district",
    "catalog.offer": "district",
    "catalog.offertranslation": "master__district",
    "catalog.organisation": "district",
    "catalog.organisationtranslation": "master__district",
    "catalog.organisationidentifier": "organisation__district",
    "catalog.location": "district",
    "catalog.locationtranslation": "master__district",
    "catalog.offerlocation": "offer__district",
    "catalog.fundingprogramme": "district",
    "publishing.edition": "district",
    "publishing.editiondocument": "edition__district",
    "publishing.recipientlist": "district",
    "publishing.recipient": "recipient_list__district",
    "publishing.dispatch": "edition__district",
    "publishing.delivery": "edition__district",
    "hsds.importrun": "district",
    "core.auditentry": "district",
    "access.membership": "district",
    "revisions.revision": "district",
    "freshness.confirmationrequest": "district",
    "freshness.confirmationmail": "district",
    "freshness.offerconfirmation": "district",
    "freshness.freshnesssnapshot": "district",
    "planning.indicator": "district",
    "planning.indicatorvalue": "indicator__district",
    "search.synonym": "district",
    "translations.translationbudget": "district",
    "translations.translationusage": "district",
    "feedback.offerreport": "district",
    "feedback.missedsearch": "district",
    "partners.partneraccess": "organisation__district",
    "partners.invitation": "organisation__district",
    "planning.indicatorimport": "district",
    "planning.nationalitygroup": "district",
    "planningui.frozenanalysis": "district",
    "council.oparlsource": "district",
    "council.councilbody": "district",
    "council.committee": "district",
    "council.paper": "district",
    "council.councilmeeting": "district",
    "council.agendaitem": "district",
    "council.paperlink": "paper__district",
    "council.inquiry": "district",
    "reports.reporttemplate": "district",
    "reports.report": "district",
    "plans.planningdocument": "district",
    "plans.documentattachment": "document__district",
    "plans.goal": "document__district",
    "plans.measure": "goal__document__district",
    "plans.measurestatusreport": "measure__goal__document__district",
    "plans.measureindicator": "measure__goal__document__district",
    "plans.measureindicatorvalue": "measure_indicator__measure__goal__document__district",
    "plans.measurefunding": "measure__goal__document__district",
    "plans.programmebudget": "district",
    "plans.programmedeadline": "district",
    "plans.offerfunding": "offer__district",
    "network.person": "district",
    "network.body": "district",
    "network.bodymember": "body__district",
    "network.membercall": "body__district",
    "network.memberapplication": "call__body__district",
    "network.meeting": "body__district",
    "network.agendaitem": "meeting__body__district",
    "network.agendadocument": "agenda_item__meeting__body__district",
    "network.attendance": "meeting__body__district",
    "network.resolution": "meeting__body__district",
    "network.invitation": "meeting__body__district",
    "network.personaccess": "district",
}

# Models whose rows without a district are shared by every district (a federal funding
# programme; an audit entry on a shared vocabulary).
SHARED_WHEN_EMPTY: frozenset[str] = frozenset({"catalog.fundingprogramme", "core.auditentry"})

# Models every district shares: the vocabularies and the languages.
SHARED_MODELS: frozenset[str] = frozenset(
    {
        "catalog.taxonomy",
        "catalog.taxonomyterm",
        "catalog.taxonomytermtranslation",
        "core.language",
        "publishing.qrcode",  # a cache of drawn QR codes of public URLs
    }
)


def district_path(model: type[models.Model]) -> str | None:
    """The lookup path from ``model`` to its district's id; None for shared models.
    A model that is in neither table is a mistake: it would be visible to every district."""
    label = model._meta.label_lower
    if label in DISTRICT_PATHS:
        return DISTRICT_PATHS[label]
    if label in SHARED_MODELS:
        return None
    raise ImproperlyConfigured(
        f"{label} has no district path: add it to wegweiser.core.tenancy.DISTRICT_PATHS or SHARED_MODELS."
    )


def district_id_of(obj: models.Model) -> Any:
    """The id of the district ``obj`` belongs to (None for shared objects and when a path ends
    in an empty foreign key). Objects whose model is not in the tables have no district."""
    label = obj._meta.label_lower
    path = DISTRICT_PATHS.get(label)
    if path is None:
        return None
    *hops, last = path.split("__")
    current: Any = obj
    for hop in hops:
        current = getattr(current, hop, None)
        if current is None:
            return None
    return current.pk if last == "pk" else getattr(current, f"{last}_id", None)


def same_district_check(*, district_id: Any, values: Mapping[str, Any]) -> None:
    """Refuse related objects of another district in ``values`` (a service's data): an offer of
    district A must not name an organisation, location, municipality or funding programme of B."""
    errors: dict[str, str] = {}
    for name, value in values.items():
        items = value if isinstance(value, Iterable) and not isinstance(value, str | bytes) else [value]
        for item in items:
            if not isinstance(item, models.Model) or item._meta.label_lower not in DISTRICT_PATHS:
                continue
            other = district_id_of(item)
            if other is not None and district_id is not None and other != district_id:
                errors[name] = _("%(object)s belongs to another district.") % {"object": item}
                break
    if errors:
        raise ValidationError(errors)
