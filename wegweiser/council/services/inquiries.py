"""Council questions: record, assign, draft the answer (Markdown with the report blocks, checked
when saved), mark answered (the letter is frozen then: figures as of that day) and sent, and the
daily reminder of answers that are due soon or overdue."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access.permissions import INQUIRY_ADD, INQUIRY_CHANGE
from wegweiser.access.policy import has, require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import create_audited, update_audited
from wegweiser.core.tenancy import same_district_check
from wegweiser.core.versioning import version_raise
from wegweiser.council.letters import letter_snapshot
from wegweiser.council.models import Inquiry
from wegweiser.districts.models import District
from wegweiser.reports.blocks import body_check
from wegweiser.reports.snapshot import Resolver

FIELDS = frozenset(
    {
        "reference",
        "asked_by",
        "address",
        "received_on",
        "deadline",
        "subject",
        "question",
        "responsible",
        "paper",
        "answer",
        "is_demo",
    }
)
# Which status may follow which (back to "in progress" re-opens an answered inquiry).
TRANSITIONS = {
    Inquiry.Status.RECEIVED: {Inquiry.Status.IN_PROGRESS, Inquiry.Status.ANSWERED},
    Inquiry.Status.IN_PROGRESS: {Inquiry.Status.ANSWERED},
    Inquiry.Status.ANSWERED: {Inquiry.Status.SENT, Inquiry.Status.IN_PROGRESS},
    Inquiry.Status.SENT: set(),
}
# Days before the deadline from which an open inquiry is "due soon" and reminded.
DUE_SOON_DAYS = 7


def _check(district: District, values: Mapping[str, Any]) -> None:
    errors: dict[str, Any] = {}
    received, deadline = values.get("received_on"), values.get("deadline")
    if received and deadline and deadline < received:
        errors["deadline"] = _("The deadline cannot be before the day the inquiry was received.")
    responsible = values.get("responsible")
    if responsible is not None and not has(actor=responsible, permission=INQUIRY_CHANGE, district=district):
        errors["responsible"] = _("%(user)s does not work on inquiries in this district.") % {
            "user": responsible
        }
    if values.get("answer"):
        try:
            body_check(values["answer"], resolver=Resolver(district))
        except ValidationError as error:
            errors["answer"] = error.messages
    if errors:
        raise ValidationError(errors)
    same_district_check(district_id=district.pk, values={"paper": values.get("paper")})


def _refuse_unknown(data: Mapping[str, Any]) -> None:
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"Unknown inquiry fields: {sorted(unknown)}")


@transaction.atomic
def inquiry_create(*, actor: Any, data: Mapping[str, Any]) -> Inquiry:
    values = dict(data)
    district = values.pop("district")
    require(actor=actor, permission=INQUIRY_ADD, district=district)
    _refuse_unknown(values)
    _check(district, values)
    return create_audited(actor=actor, instance=Inquiry(district=district, **values))


@transaction.atomic
def inquiry_update(
    *, actor: Any, inquiry: Inquiry, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require(actor=actor, permission=INQUIRY_CHANGE, obj=inquiry)
    _refuse_unknown(data)
    if inquiry.status == Inquiry.Status.SENT:
        raise ValidationError(_("The answer has been sent; it cannot be changed any more."))
    current = {name: getattr(inquiry, name) for name in FIELDS} | dict(data)
    _check(inquiry.district, current)
    return update_audited(
        actor=actor, instance=inquiry, data=data, fields=FIELDS, expected_version=expected_version
    )


@transaction.atomic
def inquiry_status_set(*, actor: Any, inquiry: Inquiry, status: str) -> Inquiry:
    """Move the inquiry on. "answered" needs an answer and freezes the letter (its figures as of
    today); "sent" records the day; "in progress" again drops the frozen letter."""
    require(actor=actor, permission=INQUIRY_CHANGE, obj=inquiry)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    old = inquiry.status
    if status not in TRANSITIONS[Inquiry.Status(old)]:
        raise ValidationError(
            _("An inquiry that is %(old)s cannot become %(new)s.")
            % {"old": inquiry.get_status_display(), "new": Inquiry.Status(status).label}
        )
    today = timezone.localdate()
    if status == Inquiry.Status.ANSWERED:
        if not inquiry.answer.strip():
            raise ValidationError(_("Write the answer first."))
        body_check(inquiry.answer, resolver=Resolver(inquiry.district))
        inquiry.answered_on = today
        inquiry.status = status
        inquiry.letter = letter_snapshot(inquiry=inquiry, actor=actor)
    elif status == Inquiry.Status.SENT:
        inquiry.sent_on = today
    elif status == Inquiry.Status.IN_PROGRESS:
        inquiry.answered_on, inquiry.letter = None, None
    inquiry.status = status
    inquiry.save(update_fields=["status", "answered_on", "sent_on", "letter", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=inquiry,
        changes={
            str(Inquiry._meta.get_field("status").verbose_name): [
                str(Inquiry.Status(old).label),
                str(Inquiry.Status(status).label),
            ]
        },
        summary=_("Inquiry %(status)s") % {"status": Inquiry.Status(status).label},
        version=version_raise(inquiry),
    )
    return inquiry


def inquiries_remind(*, today: dt.date | None = None) -> list[Inquiry]:
    """E-mail the responsible person (else the office) about open inquiries due within
    ``DUE_SOON_DAYS`` or overdue; once a day per inquiry. Run daily by the scheduler (system)."""
    today = today or timezone.localdate()
    due = (
        Inquiry.objects.filter(
            status__in=[Inquiry.Status.RECEIVED, Inquiry.Status.IN_PROGRESS],
            deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(reminded_on=today)
        .select_related("district", "responsible")
    )
    reminded = []
    for inquiry in due:
        to = (inquiry.responsible.email if inquiry.responsible else "") or inquiry.district.office_email
        if not to:
            continue
        days = (inquiry.deadline - today).days
        when = (
            _("was due %(days)s days ago") % {"days": -days}
            if days < 0
            else _("is due today")
            if days == 0
            else _("is due in %(days)s days") % {"days": days}
        )
        EmailMessage(
            subject=_("Council inquiry %(subject)s: the answer %(when)s")
            % {"subject": inquiry, "when": when},
            body=_(
                'The answer to the inquiry "%(subject)s" of %(asked_by)s %(when)s (deadline %(deadline)s).'
            )
            % {
                "subject": inquiry.subject,
                "asked_by": inquiry.asked_by,
                "when": when,
                "deadline": inquiry.deadline.strftime("%d.%m.%Y"),
            },
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
        ).send()
        Inquiry.objects.filter(pk=inquiry.pk).update(reminded_on=today)
        reminded.append(inquiry)
    return reminded
