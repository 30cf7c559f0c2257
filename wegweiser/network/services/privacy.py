"""Persons under the GDPR: the yearly review, anonymisation and deletion, and the log of staff
access to a person's data.

Anonymisation keeps the person's row (their seats, attendance and applications stay, so counts,
quorums and statistics do not change) but replaces the name by a placeholder and clears every
identifying field. Deletion removes the row as well and is refused while seats or applications
refer to it. Both also clear the person's traces elsewhere in the district: the addresses in the
invitation log and the catalog dispatch log are replaced, recipient-list entries with the
person's address are removed, application texts are emptied, and the values recorded in the
audit trail are replaced, so the audit keeps who changed what and when, without the data."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access.permissions import PERSON_CHANGE, PERSON_DELETE, PERSON_VIEW
from wegweiser.access.policy import require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import update_audited
from wegweiser.network.models import Invitation, MemberApplication, Person, PersonAccess

# Where the audit trail of a district can mention a person by name or address.
_AUDITED_APPS = ("network.", "publishing.", "partners.", "council.")
REMOVED = "[anonymisiert]"


@dataclass
class Erasure:
    """What an anonymisation or deletion changed, and what staff still have to look at."""

    placeholder: str
    invitations: int = 0
    deliveries: int = 0
    recipients: int = 0
    applications: int = 0
    audit_entries: int = 0
    # Data about the person kept by other parts of Wegweiser, which their own screens change:
    # contact persons of offers and providers (public data), partner invitations.
    elsewhere: list[str] = field(default_factory=list)


def person_access_record(*, actor: Any, person: Person, action: str) -> PersonAccess:
    """Log that ``actor`` accessed ``person``'s data (they must be allowed to see it)."""
    require(actor=actor, permission=PERSON_VIEW, obj=person)
    return PersonAccess.objects.create(
        district_id=person.district_id,
        person=person,
        person_ref=person.pk,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
    )


@transaction.atomic
def person_review(*, actor: Any, person: Person, retention_until: Any = None) -> dict[str, list[str]]:
    """The yearly review: the person's data is still needed (optionally until a new date)."""
    require(actor=actor, permission=PERSON_CHANGE, obj=person)
    if person.anonymised_at:
        raise ValidationError(_("This person has been anonymised."))
    data: dict[str, Any] = {"last_reviewed_at": timezone.now()}
    if retention_until is not None:
        data["retention_until"] = retention_until
    changes = update_audited(
        actor=actor, instance=person, data=data, fields={"last_reviewed_at", "retention_until"}
    )
    person_access_record(actor=actor, person=person, action=PersonAccess.Action.REVIEW)
    return changes


def _placeholder(person: Person) -> str:
    return _("Anonymised person %(ref)s") % {"ref": str(person.pk)[:8]}


def _terms(person: Person) -> list[str]:
    """What identifies the person in free text (short values would replace too much)."""
    return sorted({t for t in (person.name, person.email, person.phone) if t and len(t) >= 4}, key=len)[::-1]


def _replace(value: Any, pattern: re.Pattern[str] | None, placeholder: str) -> Any:
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(placeholder, value)
    if isinstance(value, list):
        return [_replace(v, pattern, placeholder) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, pattern, placeholder) for k, v in value.items()}
    return value


def _scrub_audit(person: Person, placeholder: str) -> int:
    terms = _terms(person)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    own = Q(object_type="network.person", object_id=str(person.pk))
    others = Q(district_id=person.district_id) & Q(
        *[Q(object_type__startswith=app) for app in _AUDITED_APPS], _connector=Q.OR
    )
    changed = 0
    for entry in AuditEntry.objects.filter(own | others).iterator():
        if entry.object_type == "network.person" and entry.object_id == str(person.pk):
            # The person's own history: which fields changed when stays, the values go.
            changes = {label: [REMOVED, REMOVED] for label in entry.changes}
            repr_, summary = placeholder, _replace(entry.summary, pattern, placeholder)
        else:
            changes = _replace(entry.changes, pattern, placeholder)
            repr_ = _replace(entry.object_repr, pattern, placeholder)
            summary = _replace(entry.summary, pattern, placeholder)
        if (changes, repr_, summary) != (entry.changes, entry.object_repr, entry.summary):
            AuditEntry.objects.filter(pk=entry.pk).update(changes=changes, object_repr=repr_, summary=summary)
            changed += 1
    return changed


def _scrub_elsewhere(person: Person, placeholder: str) -> Erasure:
    from wegweiser.catalog.models import Contact
    from wegweiser.partners.models import Invitation as PartnerInvitation
    from wegweiser.publishing.models import Delivery, Recipient

    result = Erasure(placeholder=placeholder)
    short = str(person.pk)[:8]
    # Invitation and reminder log of meetings: the seat and time stay, the address goes.
    for n, invitation in enumerate(
        Invitation.objects.filter(Q(member__person=person) | Q(email__iexact=person.email or "\0"))
    ):
        Invitation.objects.filter(pk=invitation.pk).update(email=f"anonymisiert-{short}-{n}@example.invalid")
        result.invitations += 1
    result.applications = MemberApplication.objects.filter(person=person).exclude(text="").update(text="")
    if person.email:
        district = person.district_id
        recipients = Recipient.objects.filter(
            recipient_list__district_id=district, email__iexact=person.email
        ).select_related("recipient_list")
        for recipient in recipients:
            audit_record(
                actor=None,
                action=AuditEntry.Action.DELETE,
                instance=recipient,
                target=recipient.recipient_list,
                summary=_("Recipient removed (GDPR): %(name)s") % {"name": placeholder},
            )
            recipient.delete()
            result.recipients += 1
        for delivery in Delivery.objects.filter(edition__district_id=district, email__iexact=person.email):
            Delivery.objects.filter(pk=delivery.pk).update(
                name=placeholder, email=f"anonymisiert-{delivery.pk}@example.invalid"
            )
            result.deliveries += 1
        contacts = Contact.objects.filter(
            Q(offer__district_id=district) | Q(organisation__district_id=district), email__iexact=person.email
        )
        result.elsewhere += [
            _("Contact person of %(what)s (change it there)") % {"what": c.offer or c.organisation}
            for c in contacts.select_related("offer", "organisation")
        ]
        invitations = PartnerInvitation.objects.filter(
            organisation__district_id=district, email__iexact=person.email
        ).select_related("organisation")
        result.elsewhere += [
            _("Partner invitation for %(organisation)s") % {"organisation": i.organisation}
            for i in invitations
        ]
    return result


@transaction.atomic
def person_anonymise(*, actor: Any, person: Person) -> Erasure:
    """Replace the person by a placeholder; seats, attendance and counts stay."""
    require(actor=actor, permission=PERSON_CHANGE, obj=person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at:
        raise ValidationError(_("This person has already been anonymised."))
    placeholder = _placeholder(person)
    result = _scrub_elsewhere(person, placeholder)
    result.audit_entries = _scrub_audit(person, placeholder)
    Person.objects.filter(pk=person.pk).update(
        name=placeholder,
        email="",
        phone="",
        birth_date=None,
        resident_since=None,
        legal_basis="",
        consent_given_at=None,
        consent_text="",
        retention_until=None,
        anonymised_at=timezone.now(),
        updated_at=timezone.now(),
    )
    person.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=person,
        summary=_("Anonymised (GDPR)"),
    )
    person_access_record(actor=actor, person=person, action=PersonAccess.Action.ANONYMISE)
    return result


@transaction.atomic
def person_delete(*, actor: Any, person: Person) -> Erasure:
    """Delete the person. Refused while seats or applications refer to them: anonymise instead,
    so that attendance and the counts of bodies stay right."""
    require(actor=actor, permission=PERSON_DELETE, obj=person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.memberships.exists() or person.applications.exists():
        raise ValidationError(
            _(
                "%(name)s has seats in bodies or applications. Anonymise the person instead: "
                "attendance and the counts of the bodies stay as they were."
            )
            % {"name": person.name}
        )
    placeholder = _placeholder(person)
    result = _scrub_elsewhere(person, placeholder)
    result.audit_entries = _scrub_audit(person, placeholder)
    person_access_record(actor=actor, person=person, action=PersonAccess.Action.DELETE)
    person.name = placeholder
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=person, summary=_("Deleted (GDPR)"))
    person.delete()
    return result
