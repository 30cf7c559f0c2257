"""Persons: create and change (the GDPR fields with them)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.access.permissions import PERSON_ADD, PERSON_CHANGE
from wegweiser.access.policy import require
from wegweiser.core.services import create_audited, update_audited
from wegweiser.districts.models import District
from wegweiser.network.models import PERSONAL_DATA_FIELDS, LegalBasis, Person

FIELDS = frozenset({*PERSONAL_DATA_FIELDS, "is_demo"})


def _check(values: Mapping[str, Any], district: District) -> None:
    unknown = set(values) - FIELDS
    if unknown:
        raise ValueError(f"Unknown person fields: {sorted(unknown)}")
    organisation = values.get("organisation")
    if organisation is not None and organisation.district_id != district.pk:
        raise ValidationError({"organisation": _("The organisation belongs to another district.")})
    if values.get("legal_basis") == LegalBasis.CONSENT and not (
        values.get("consent_given_at") and values.get("consent_text")
    ):
        raise ValidationError(
            {"consent_given_at": _("Processing based on consent needs the date and the text of the consent.")}
        )


@transaction.atomic
def person_create(*, actor: Any, district: District, data: Mapping[str, Any]) -> Person:
    require(actor=actor, permission=PERSON_ADD, district=district)
    _check(data, district)
    return create_audited(actor=actor, instance=Person(district=district, **data))


@transaction.atomic
def person_update(
    *, actor: Any, person: Person, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require(actor=actor, permission=PERSON_CHANGE, obj=person)
    if person.anonymised_at:
        raise ValidationError(_("This person has been anonymised."))
    merged = {name: getattr(person, name) for name in FIELDS} | dict(data)
    _check({k: v for k, v in merged.items() if k in FIELDS}, person.district)
    return update_audited(
        actor=actor, instance=person, data=data, fields=FIELDS, expected_version=expected_version
    )
