"""Reads for persons under the GDPR: the yearly review list and the export of everything
Wegweiser stores about a person (Art. 15), as one dictionary that the JSON and the PDF share.

What belongs to a person: their own row; their seats, applications, attendance and the
invitations sent to them; and, matched by their e-mail address within their district, entries of
the catalog's recipient lists, the dispatch log, contact persons of offers and providers, and
partner invitations; the audit trail of their row and the log of staff access to their data."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access.permissions import PERSON_CHANGE
from wegweiser.access.policy import scope
from wegweiser.core.models import AuditEntry
from wegweiser.network.models import PERSONAL_DATA_FIELDS, Attendance, Invitation, Person, PersonAccess

REVIEW_AFTER_DAYS = 365

# Section keys of the export → their German headings (PDF) and the order they appear in.
SECTIONS = {
    "memberships": gettext_lazy("Seats in bodies"),
    "applications": gettext_lazy("Applications"),
    "attendance": gettext_lazy("Attendance at meetings"),
    "invitations": gettext_lazy("Invitations and reminders sent"),
    "recipient_lists": gettext_lazy("Recipient lists of the catalog"),
    "deliveries": gettext_lazy("Catalogs sent"),
    "catalog_contacts": gettext_lazy("Contact person in the catalog"),
    "partner_invitations": gettext_lazy("Invitations to the partner portal"),
    "change_history": gettext_lazy("Change history"),
    "accesses": gettext_lazy("Accesses by staff"),
}


@dataclass(frozen=True)
class ReviewRow:
    person: Person
    reasons: list[str]


def persons_due_for_review(*, actor: Any, today: dt.date | None = None) -> list[ReviewRow]:
    """Persons of the actor's districts whose data must be looked at: never reviewed or not for a
    year, retention period over, or purpose / legal basis / consent missing. One query."""
    today = today or timezone.localdate()
    year_ago = timezone.now() - dt.timedelta(days=REVIEW_AFTER_DAYS)
    due = (
        Q(last_reviewed_at__isnull=True)
        | Q(last_reviewed_at__lt=year_ago)
        | Q(retention_until__lte=today)
        | Q(purpose="")
        | Q(legal_basis="")
        | Q(legal_basis="a", consent_given_at__isnull=True)
    )
    persons: QuerySet[Person] = scope(
        actor=actor, queryset=Person.objects.filter(anonymised_at__isnull=True), permission=PERSON_CHANGE
    )
    rows = []
    for person in persons.filter(due).select_related("organisation", "district").order_by("name"):
        reasons = []
        if person.retention_until and person.retention_until <= today:
            reasons.append(
                _("Retention period ended on %(date)s")
                % {"date": person.retention_until.strftime("%d.%m.%Y")}
            )
        if person.last_reviewed_at is None:
            reasons.append(_("Never reviewed"))
        elif person.last_reviewed_at < year_ago:
            reasons.append(
                _("Last reviewed on %(date)s")
                % {"date": timezone.localtime(person.last_reviewed_at).strftime("%d.%m.%Y")}
            )
        if not person.purpose or not person.legal_basis:
            reasons.append(_("Purpose or legal basis missing"))
        elif person.legal_basis == "a" and person.consent_given_at is None:
            reasons.append(_("Consent missing"))
        rows.append(ReviewRow(person=person, reasons=reasons))
    return rows


def _text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, (bool, int, dict, list)):
        return value
    return str(value)


def _row(**values: Any) -> dict[str, Any]:
    return {k: _text(v) for k, v in values.items()}


def _person_fields(person: Person) -> dict[str, Any]:
    fields = [*PERSONAL_DATA_FIELDS, "anonymised_at", "created_at", "updated_at"]
    values = {name: _text(getattr(person, name)) for name in fields}
    values["legal_basis"] = person.get_legal_basis_display() if person.legal_basis else ""
    values["id"] = str(person.pk)
    return values


def _by_address(person: Person) -> dict[str, list[dict[str, Any]]]:
    from wegweiser.catalog.models import Contact
    from wegweiser.partners.models import Invitation as PartnerInvitation
    from wegweiser.publishing.models import Delivery, Recipient

    if not person.email:
        return {
            key: [] for key in ("recipient_lists", "deliveries", "catalog_contacts", "partner_invitations")
        }
    district, email = person.district_id, person.email
    recipients = Recipient.objects.filter(recipient_list__district_id=district, email__iexact=email)
    deliveries = Delivery.objects.filter(edition__district_id=district, email__iexact=email)
    contacts = Contact.objects.filter(
        Q(offer__district_id=district) | Q(organisation__district_id=district), email__iexact=email
    )
    invitations = PartnerInvitation.objects.filter(organisation__district_id=district, email__iexact=email)
    return {
        "recipient_lists": [
            _row(
                list=r.recipient_list,
                name=r.name,
                organisation=r.organisation,
                email=r.email,
                active=r.active,
            )
            for r in recipients.select_related("recipient_list")
        ],
        "deliveries": [
            _row(edition=d.edition, email=d.email, result=d.get_state_display(), sent_at=d.sent_at)
            for d in deliveries.select_related("edition")
        ],
        "catalog_contacts": [
            _row(of=c.offer or c.organisation, name=c.name, role=c.title, email=c.email)
            for c in contacts.select_related("offer", "organisation")
        ],
        "partner_invitations": [
            _row(organisation=i.organisation, email=i.email, sent_at=i.sent_at, accepted_at=i.accepted_at)
            for i in invitations.select_related("organisation")
        ],
    }


def person_export(*, person: Person) -> dict[str, Any]:
    """Everything stored about ``person`` (the caller checked access and logs it)."""
    attendance = Attendance.objects.filter(member__person=person).select_related("meeting__body")
    invitations = Invitation.objects.filter(member__person=person).select_related("meeting__body")
    history = AuditEntry.objects.filter(object_type="network.person", object_id=str(person.pk))
    accesses = PersonAccess.objects.filter(person_ref=person.pk).select_related("actor")
    district = person.district
    return {
        "format": "wegweiser-art15/1",
        "exported_at": _text(timezone.now()),
        "controller": {
            "district": district.name,
            "office": district.office_name,
            "address": district.office_address,
            "email": district.office_email,
        },
        "person": _person_fields(person),
        "memberships": [
            _row(
                body=m.body,
                role=m.get_role_display(),
                organisation=m.organisation or "",
                term_from=m.term_from,
                term_to=m.term_to,
            )
            for m in person.memberships.select_related("body", "organisation")
        ],
        "applications": [
            _row(
                call=a.call,
                body=a.call.body,
                received_at=a.received_at,
                status=a.get_status_display(),
                text=a.text,
            )
            for a in person.applications.select_related("call__body")
        ],
        "attendance": [
            _row(
                meeting=a.meeting,
                body=a.meeting.body,
                starts_at=a.meeting.starts_at,
                status=a.get_status_display(),
            )
            for a in attendance
        ],
        "invitations": [
            _row(meeting=i.meeting, kind=i.get_kind_display(), email=i.email, sent_at=i.sent_at)
            for i in invitations
        ],
        **_by_address(person),
        "change_history": [
            _row(
                at=e.created_at,
                by=e.actor or _("system"),
                action=e.get_action_display(),
                summary=e.summary,
                changes=e.changes,
            )
            for e in history.select_related("actor")
        ],
        "accesses": [
            _row(at=a.created_at, by=a.actor or _("system"), action=a.get_action_display()) for a in accesses
        ],
    }


def person_export_html(data: dict[str, Any]) -> str:
    with translation.override("de"):
        sections = [(str(title), data[key]) for key, title in SECTIONS.items()]
        labels = {f.name: str(f.verbose_name) for f in Person._meta.fields}
        person = [(labels.get(k, k), v) for k, v in data["person"].items()]
        return render_to_string(
            "network/person_export_pdf.html", {"data": data, "person": person, "sections": sections}
        )


def person_export_pdf(data: dict[str, Any]) -> bytes:
    from wegweiser.planningui.exports import html_pdf

    return html_pdf(person_export_html(data))
