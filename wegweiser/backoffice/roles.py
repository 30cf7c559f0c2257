"""The roles of the coordinating office as Django groups with their permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

EDITOR, REVIEWER, PLANNER = "Redaktion", "Prüfung", "Planung"

ROLE_DESCRIPTIONS = {
    EDITOR: _(
        "Maintains offers, providers and locations; submits offers for review; prepares and "
        "builds catalog editions."
    ),
    REVIEWER: _(
        "Everything editors do, plus publishing, archiving, the vocabularies, releasing catalog "
        "editions and sending them."
    ),
    PLANNER: _("Reads everything, changes nothing."),
}

_CONTENT = [
    "offer",
    "offertranslation",
    "organisation",
    "organisationtranslation",
    "organisationidentifier",
    "location",
    "locationtranslation",
    "offerlocation",
    "schedule",
    "scheduletranslation",
    "contact",
    "phone",
]
_VOCABULARIES = ["taxonomy", "taxonomyterm", "taxonomytermtranslation", "fundingprogramme"]
_READ_ONLY = ["municipality", "district", "language", "auditentry"]
_DISTRIBUTION = ["recipientlist", "recipient"]
_LOG = ["dispatch", "delivery"]


def _codenames(actions: list[str], models: list[str]) -> list[str]:
    return [f"{action}_{model}" for model in models for action in actions]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: _codenames(["view", "add", "change"], _CONTENT)
    + _codenames(["delete"], _CONTENT[1:])
    + _codenames(["view"], _VOCABULARIES + _READ_ONLY)
    + ["confirm_offer"]
    + _codenames(["view", "add", "change"], ["edition"])
    + _codenames(["view"], _DISTRIBUTION + _LOG),
    REVIEWER: _codenames(["view", "add", "change"], _CONTENT + _VOCABULARIES)
    + _codenames(["delete"], _CONTENT[1:])
    + _codenames(["view"], _READ_ONLY)
    + ["change_district"]  # the district's settings (contact, languages, confirmation period)
    + ["confirm_offer", "publish_offer"]
    + _codenames(["view", "add", "change"], ["edition", *_DISTRIBUTION])
    + _codenames(["delete"], ["recipient"])
    + _codenames(["view"], _LOG)
    + ["release_edition", "send_edition"],
    PLANNER: _codenames(["view"], _CONTENT + _VOCABULARIES + _READ_ONLY + ["edition", *_DISTRIBUTION, *_LOG]),
}


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create or update the role groups so that they hold exactly their permissions."""
    groups = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label__in=["catalog", "districts", "core", "publishing"], codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for {name}: {sorted(missing)}")
        group.permissions.set(permissions)
        groups[name] = group
    return groups
