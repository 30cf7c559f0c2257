"""Meetings: create and change, agenda, invitations and reminders by e-mail with an iCalendar
attachment, attendance and quorum, minutes and resolutions."""

import datetime as dt
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wegweiser.access.permissions import MEETING_ADD, MEETING_CHANGE
from wegweiser.access.policy import require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import create_audited, update_audited
from wegweiser.network.ical import CalendarEvent, calendar_text
from wegweiser.network.models import (
    VOTING_ROLES,
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Invitation,
    Meeting,
    Resolution,
)
from wegweiser.network.services.bodies import members_active
from wegweiser.publishing.mail import MailError, mail_send

logger = logging.getLogger("wegweiser.network")

MEETING_FIELDS = frozenset({"title", "starts_at", "ends_at", "place", "video_url", "is_public", "is_demo"})
# A change of these is a change the members' calendars must show: the iCalendar SEQUENCE rises.
CALENDAR_FIELDS = frozenset({"title", "starts_at", "ends_at", "place", "video_url"})
AGENDA_FIELDS = frozenset({"position", "title", "text", "is_public", "planning_document", "measure"})
RESOLUTION_FIELDS = frozenset(
    {"agenda_item", "kind", "text", "votes_yes", "votes_no", "abstentions", "planning_document", "measure"}
)


def _refuse_unknown(data: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Unknown {what} fields: {sorted(unknown)}")


def _check_times(starts_at: Any, ends_at: Any) -> None:
    if starts_at and ends_at and ends_at < starts_at:
        raise ValidationError({"ends_at": _("The meeting cannot end before it starts.")})


def _check_plans_links(meeting: Meeting, values: Mapping[str, Any]) -> None:
    district_id = meeting.body.district_id
    document = values.get("planning_document")
    if document is not None and document.district_id != district_id:
        raise ValidationError({"planning_document": _("The planning document belongs to another district.")})
    measure = values.get("measure")
    if measure is not None and measure.goal.document.district_id != district_id:
        raise ValidationError({"measure": _("The measure belongs to another district.")})


@transaction.atomic
def meeting_create(*, actor: Any, body: Body, data: Mapping[str, Any]) -> Meeting:
    require(actor=actor, permission=MEETING_ADD, obj=body)
    _refuse_unknown(data, MEETING_FIELDS, "meeting")
    _check_times(data.get("starts_at"), data.get("ends_at"))
    return create_audited(actor=actor, instance=Meeting(body=body, **data))


@transaction.atomic
def meeting_update(
    *, actor: Any, meeting: Meeting, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    """Change a meeting. A change of time, place or title after the invitations raises the
    iCalendar sequence (sending the invitations again updates the calendars) and a new time lets
    the reminder go out again."""
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    _refuse_unknown(data, MEETING_FIELDS, "meeting")
    _check_times(data.get("starts_at", meeting.starts_at), data.get("ends_at", meeting.ends_at))
    stored = Meeting.objects.get(pk=meeting.pk)
    changes = update_audited(
        actor=actor, instance=meeting, data=data, fields=MEETING_FIELDS, expected_version=expected_version
    )
    calendar_changed = any(getattr(stored, name) != getattr(meeting, name) for name in CALENDAR_FIELDS)
    if calendar_changed:
        extra: dict[str, Any] = {"sequence": stored.sequence + 1}
        if stored.starts_at != meeting.starts_at:
            extra["reminder_sent_at"] = None
        Meeting.objects.filter(pk=meeting.pk).update(**extra)
        for name, value in extra.items():
            setattr(meeting, name, value)
    return changes


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    _set_status(actor=actor, meeting=meeting, status=Meeting.Status.CANCELLED, sequence=meeting.sequence + 1)
    return meeting


def _set_status(*, actor: Any, meeting: Meeting, status: str, **extra: Any) -> None:
    old = meeting.get_status_display()
    Meeting.objects.filter(pk=meeting.pk).update(status=status, **extra)
    meeting.status = status
    for name, value in extra.items():
        setattr(meeting, name, value)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=meeting,
        changes={str(_("status")): [str(old), str(meeting.get_status_display())]},
        summary=_("Status: %(status)s") % {"status": meeting.get_status_display()},
    )


@transaction.atomic
def agenda_item_create(*, actor: Any, meeting: Meeting, data: Mapping[str, Any]) -> AgendaItem:
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    _refuse_unknown(data, AGENDA_FIELDS, "agenda item")
    _check_plans_links(meeting, data)
    values = dict(data)
    if "position" not in values:
        values["position"] = meeting.agenda_items.count() + 1
    return create_audited(actor=actor, instance=AgendaItem(meeting=meeting, **values), target=meeting)


@transaction.atomic
def agenda_item_update(*, actor: Any, item: AgendaItem, data: Mapping[str, Any]) -> dict[str, list[str]]:
    require(actor=actor, permission=MEETING_CHANGE, obj=item.meeting)
    _refuse_unknown(data, AGENDA_FIELDS, "agenda item")
    _check_plans_links(item.meeting, data)
    return update_audited(actor=actor, instance=item, data=data, fields=AGENDA_FIELDS, target=item.meeting)


# Invitations and reminders ------------------------------------------------------------------


@dataclass
class SendResult:
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # address: reason
    without_address: list[str] = field(default_factory=list)  # members without an e-mail address


def meeting_public_path(meeting: Meeting, language: str = "de") -> str:
    with translation.override(language):
        return reverse(
            "directory:meeting_ics",
            kwargs={"slug": meeting.body.slug, "meeting_id": meeting.pk},
        )


def meeting_calendar(meeting: Meeting, *, method: str = "REQUEST", attendees: Any = ()) -> str:
    """The meeting's iCalendar text (the invitation's attachment and the public download)."""
    body = meeting.body
    lines = [f"TOP {item.position}: {item.title}" for item in meeting.agenda_items.all()]
    if meeting.video_url:
        lines.insert(0, _("Video link: %(url)s") % {"url": meeting.video_url})
    event = CalendarEvent(
        uid=f"{meeting.uid}@wegweiser",
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title or _("Meeting: %(body)s") % {"body": body.name},
        description="\n".join(lines),
        location=meeting.place or meeting.video_url,
        url=meeting.video_url,
        organizer_email=body.district.office_email or settings.DEFAULT_FROM_EMAIL,
        organizer_name=body.district.office_name,
        attendees=attendees,
        cancelled=meeting.status == Meeting.Status.CANCELLED,
    )
    return calendar_text(event, method=method, dtstamp=timezone.now())


def _recipients(meeting: Meeting) -> tuple[list[tuple[BodyMember, str]], list[str]]:
    """(member, address) of every seat active on the meeting's day with an address, each
    address once; and the names of seats without an address."""
    on = timezone.localtime(meeting.starts_at).date()
    seats = members_active(body=meeting.body, on=on).select_related("person", "organisation")
    result: list[tuple[BodyMember, str]] = []
    missing: list[str] = []
    seen: set[str] = set()
    for member in seats:
        if member.person_id and member.person and member.person.anonymised_at:
            continue
        address = member.email.strip()
        if not address:
            missing.append(str(member))
        elif address.lower() not in seen:
            seen.add(address.lower())
            result.append((member, address))
    return result, missing


def _message_text(meeting: Meeting, *, kind: str) -> tuple[str, str]:
    local = timezone.localtime(meeting.starts_at)
    values = {
        "body": meeting.body.name,
        "date": local.strftime("%d.%m.%Y"),
        "time": local.strftime("%H:%M"),
        "place": meeting.place or meeting.video_url or "–",
    }
    if kind == Invitation.Kind.REMINDER:
        subject = _("Reminder: %(body)s on %(date)s") % values
        intro = _("This is a reminder of the meeting of %(body)s on %(date)s at %(time)s.") % values
    elif meeting.sequence > 0 and meeting.invitations_sent_at:
        subject = _("Changed: %(body)s on %(date)s") % values
        intro = _("The meeting of %(body)s has changed: %(date)s at %(time)s.") % values
    else:
        subject = _("Invitation: %(body)s on %(date)s") % values
        intro = _("You are invited to the meeting of %(body)s on %(date)s at %(time)s.") % values
    lines = [intro, "", _("Place: %(place)s") % values]
    if meeting.video_url:
        lines.append(_("Video link: %(url)s") % {"url": meeting.video_url})
    items = list(meeting.agenda_items.all())
    if items:
        lines += ["", _("Agenda:")] + [f"{item.position}. {item.title}" for item in items]
    lines += [
        "",
        _("The attached calendar file adds the meeting to your calendar."),
        "",
        meeting.body.district.office_name,
    ]
    return subject, "\n".join(lines)


def _send(meeting: Meeting, *, kind: str, actor: Any) -> SendResult:
    result = SendResult()
    recipients, result.without_address = _recipients(meeting)
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        subject, text = _message_text(meeting, kind=kind)
        for member, address in recipients:
            name = member.person.name if member.person_id and member.person else str(member)
            ics = meeting_calendar(meeting, attendees=[(name, address)])
            message = EmailMessage(
                subject=subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                reply_to=[meeting.body.district.office_email] if meeting.body.district.office_email else None,
            )
            message.attach("einladung.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
            try:
                mail_send(message=message)
            except MailError as error:
                result.failed[address] = str(error)
                logger.warning(
                    "Meeting mail not sent", extra={"meeting": str(meeting.pk), "reason": str(error)}
                )
                continue
            Invitation.objects.create(
                meeting=meeting,
                member=member,
                kind=kind,
                email=address,
                sequence=meeting.sequence,
                sent_at=now,
            )
            result.sent.append(address)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=meeting,
        summary=(
            _("Invitations sent: %(sent)s, failed: %(failed)s")
            if kind == Invitation.Kind.INVITATION
            else _("Reminders sent: %(sent)s, failed: %(failed)s")
        )
        % {"sent": len(result.sent), "failed": len(result.failed)},
    )
    return result


@transaction.atomic
def meeting_invite(*, actor: Any, meeting: Meeting) -> SendResult:
    """E-mail the invitation with the iCalendar file to every member with an address (again
    after a change: the calendars then update the event, same UID, higher SEQUENCE)."""
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
        raise ValidationError(_("Invitations are only sent for meetings that are still ahead."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("The meeting has already begun."))
    result = _send(meeting, kind=Invitation.Kind.INVITATION, actor=actor)
    if result.sent:
        Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=timezone.now())
        meeting.invitations_sent_at = timezone.now()
        if meeting.status == Meeting.Status.PLANNED:
            _set_status(actor=actor, meeting=meeting, status=Meeting.Status.INVITED)
    return result


def meeting_reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduler's job: a reminder to the members of every invited meeting that begins within
    WEGWEISER_MEETING_REMINDER_HOURS and was not yet reminded of (each meeting once per time)."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(hours=settings.WEGWEISER_MEETING_REMINDER_HOURS)
    due = Meeting.objects.filter(
        status=Meeting.Status.INVITED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=horizon,
    ).select_related("body__district")
    totals = {"meetings": 0, "sent": 0, "failed": 0}
    for meeting in due:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().filter(pk=meeting.pk, reminder_sent_at__isnull=True)
            if not locked.exists():
                continue
            result = _send(meeting, kind=Invitation.Kind.REMINDER, actor=None)
            Meeting.objects.filter(pk=meeting.pk).update(reminder_sent_at=now)
        totals["meetings"] += 1
        totals["sent"] += len(result.sent)
        totals["failed"] += len(result.failed)
    return totals


# Attendance, quorum, minutes, resolutions -----------------------------------------------------


@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, member: BodyMember, status: str) -> Attendance:
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    if member.body_id != meeting.body_id:
        raise ValidationError(_("%(member)s is not a member of this body.") % {"member": member})
    if status not in Attendance.Status.values:
        raise ValueError(f"Unknown attendance status: {status}")
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing is None:
        return create_audited(
            actor=actor, instance=Attendance(meeting=meeting, member=member, status=status), target=meeting
        )
    update_audited(actor=actor, instance=existing, data={"status": status}, fields={"status"}, target=meeting)
    return existing


@dataclass(frozen=True)
class Quorum:
    voting_members: int
    present: int
    required: int

    @property
    def reached(self) -> bool:
        return self.voting_members > 0 and self.present >= self.required


def meeting_quorum(*, meeting: Meeting) -> Quorum:
    """Voting seats active on the meeting's day, how many of them are recorded present, and how
    many must be: more than ``quorum_fraction`` of the seats (half: 5 of 9, 3 of 4)."""
    on = timezone.localtime(meeting.starts_at).date()
    seats = members_active(body=meeting.body, on=on).filter(role__in=VOTING_ROLES)
    voting = seats.count()
    present = Attendance.objects.filter(
        meeting=meeting, status=Attendance.Status.PRESENT, member__in=seats
    ).count()
    fraction = Decimal(meeting.body.quorum_fraction)
    required = math.floor(voting * fraction) + 1 if voting else 0
    return Quorum(voting_members=voting, present=present, required=min(required, voting))


@transaction.atomic
def minutes_record(*, actor: Any, meeting: Meeting, minutes: str) -> dict[str, list[str]]:
    """Write the minutes (Markdown); a meeting with minutes counts as held."""
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Minutes can be recorded once the meeting has begun."))
    changes = update_audited(actor=actor, instance=meeting, data={"minutes": minutes}, fields={"minutes"})
    if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.INVITED):
        _set_status(actor=actor, meeting=meeting, status=Meeting.Status.HELD)
    return changes


@transaction.atomic
def minutes_publish(*, actor: Any, meeting: Meeting) -> Meeting:
    """Publish the minutes: a public meeting of a public body then shows them on its page."""
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    if not meeting.minutes.strip():
        raise ValidationError(_("There are no minutes to publish yet."))
    now = timezone.now()
    update_audited(
        actor=actor, instance=meeting, data={"minutes_published_at": now}, fields={"minutes_published_at"}
    )
    return meeting


@transaction.atomic
def minutes_withdraw(*, actor: Any, meeting: Meeting) -> Meeting:
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    update_audited(
        actor=actor, instance=meeting, data={"minutes_published_at": None}, fields={"minutes_published_at"}
    )
    return meeting


@transaction.atomic
def resolution_create(*, actor: Any, meeting: Meeting, data: Mapping[str, Any]) -> Resolution:
    require(actor=actor, permission=MEETING_CHANGE, obj=meeting)
    _refuse_unknown(data, RESOLUTION_FIELDS, "resolution")
    _check_plans_links(meeting, data)
    item = data.get("agenda_item")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("The agenda item belongs to another meeting.")})
    return create_audited(actor=actor, instance=Resolution(meeting=meeting, **data), target=meeting)


@transaction.atomic
def resolution_update(*, actor: Any, resolution: Resolution, data: Mapping[str, Any]) -> dict[str, list[str]]:
    require(actor=actor, permission=MEETING_CHANGE, obj=resolution.meeting)
    _refuse_unknown(data, RESOLUTION_FIELDS, "resolution")
    _check_plans_links(resolution.meeting, data)
    return update_audited(
        actor=actor, instance=resolution, data=data, fields=RESOLUTION_FIELDS, target=resolution.meeting
    )
