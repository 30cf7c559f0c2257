"""Writing what visitors tell the office: reports on offers and searches that found nothing.

Reports come from the public directory (no account: ``offer_report_submit`` takes no actor);
staff change their status through ``offer_report_update``. The visitor's e-mail address is never
written to the audit trail and is blanked when the case is closed."""

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wegweiser.access.permissions import OFFER_REPORT_CHANGE
from wegweiser.access.policy import require
from wegweiser.catalog.models import Offer
from wegweiser.core.audit import audit_record, diff_snapshots
from wegweiser.core.models import AuditEntry
from wegweiser.core.versioning import version_check, version_raise
from wegweiser.districts.models import District, Municipality
from wegweiser.feedback.models import MissedSearch, OfferReport
from wegweiser.publishing.mail import MailError, mail_send
from wegweiser.publishing.snapshot import offer_live_url
from wegweiser.search.normalise import words

logger = logging.getLogger(__name__)

MESSAGE_MAX = 2000
MISSED_TEXT_MAX = 200


def _clean_report(message: str, email: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    message = (message or "").strip()
    email = (email or "").strip()
    if not message:
        errors["message"] = _("Please describe what is wrong or out of date.")
    elif len(message) > MESSAGE_MAX:
        errors["message"] = _("Please write at most %(count)s characters.") % {"count": MESSAGE_MAX}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Please enter a valid e-mail address or leave the field empty.")
    if errors:
        raise ValidationError(errors)
    return message, email


@transaction.atomic
def _report_create(
    *, offer: Offer, message: str, email: str, ui_language: str, content_language: str
) -> OfferReport:
    if offer.state != Offer.State.PUBLISHED:
        raise ValidationError(_("This offer is not public."))
    report = OfferReport(
        district_id=offer.district_id,
        offer=offer,
        message=message,
        email=email,
        ui_language=ui_language[:8],
        content_language=content_language[:8],
    )
    report.full_clean()
    report.save()
    # The audit entry names neither the visitor's text nor their address.
    audit_record(
        actor=None,
        action=AuditEntry.Action.CREATE,
        instance=report,
        changes=diff_snapshots(OfferReport, {}, {"status": report.get_status_display()}),
        summary=_("Report from the public directory"),
        version=report.lock_version,
    )
    return report


def offer_report_submit(
    *, offer: Offer, message: str, email: str = "", ui_language: str, content_language: str
) -> OfferReport:
    """A visitor's report on a public offer: kept for the office (status "new"), then mailed to
    the offer's organisation. The report is saved even if the mail cannot be sent; the problem
    is recorded on it for staff. Bad input raises ValidationError and saves nothing."""
    message, email = _clean_report(message, email)
    report = _report_create(
        offer=offer, message=message, email=email, ui_language=ui_language, content_language=content_language
    )
    offer_report_notify(report=report)
    return report


def _organisation_message(report: OfferReport) -> EmailMessage | None:
    offer = report.offer
    organisation = offer.organisation
    if not organisation.email:
        return None
    district: District = offer.district
    url = offer_live_url(district=district, slug=offer.slug, language="de")
    with translation.override(settings.LANGUAGE_CODE):  # organisations are written to in German
        context = {"report": report, "offer": offer, "district": district, "url": url}
        subject = _("Report on your offer “%(offer)s” in the Wegweiser") % {"offer": offer.name}
        body = render_to_string("feedback/organisation_mail.txt", context)
    reply_to = [district.office_email] if district.office_email else []
    return EmailMessage(subject=subject[:200], body=body, to=[organisation.email], reply_to=reply_to)


def offer_report_notify(*, report: OfferReport) -> bool:
    """Tell the offer's organisation about a report by e-mail (its address on file). Records
    when it was sent or why not; returns whether it was sent."""
    message = _organisation_message(report)
    with translation.override(settings.LANGUAGE_CODE):
        if message is None:
            problem = _("The organisation has no e-mail address.")
        else:
            try:
                mail_send(message=message)
                problem = ""
            except MailError as error:
                problem = str(error)
                logger.warning("offer report %s: mail to the organisation failed: %s", report.pk, problem)
    sent_at = timezone.now() if not problem else None
    OfferReport.objects.filter(pk=report.pk).update(
        organisation_notified_at=sent_at, organisation_mail_problem=problem[:300]
    )
    report.organisation_notified_at, report.organisation_mail_problem = sent_at, problem[:300]
    return not problem


REPORT_FIELDS = frozenset({"status", "note"})


@transaction.atomic
def offer_report_update(
    *, actor: Any, report: OfferReport, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    """Change a report's status (new, in progress, done) and internal note. Closing it ("done")
    deletes the visitor's e-mail address; the audit trail says that it was deleted, not what it was."""
    require(actor=actor, permission=OFFER_REPORT_CHANGE, obj=report)
    unknown = sorted(set(data) - REPORT_FIELDS)
    if unknown:
        raise ValueError(f"feedback.OfferReport: not changeable here: {', '.join(unknown)}")
    stored = OfferReport.objects.select_for_update().get(pk=report.pk)
    version_check(stored, expected_version)
    status = data.get("status", stored.status)
    if status not in OfferReport.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    note = str(data.get("note", stored.note) or "")
    before = {"status": stored.status, "note": stored.note}
    stored.status, stored.note = status, note
    email_deleted = False
    if status == OfferReport.Status.DONE:
        if stored.closed_at is None:
            stored.closed_at, stored.closed_by = timezone.now(), actor if getattr(actor, "pk", None) else None
        email_deleted = bool(stored.email)
        stored.email = ""
    else:
        stored.closed_at, stored.closed_by = None, None
    stored.full_clean()
    stored.save()
    changes = diff_snapshots(OfferReport, before, {"status": stored.status, "note": stored.note})
    if email_deleted:
        changes[str(OfferReport._meta.get_field("email").verbose_name)] = [_("kept"), _("deleted")]
    if changes:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.STATE if before["status"] != status else AuditEntry.Action.UPDATE,
            instance=stored,
            changes=changes,
            version=version_raise(stored),
        )
    for name in ("status", "note", "email", "closed_at", "closed_by_id", "lock_version"):
        setattr(report, name, getattr(stored, name))
    return changes


def normalised_search_text(text: str) -> str:
    """What is kept of a search text: lower-case words without stop words, at most 200
    characters (the words as typed, not stemmed, so that staff can read them)."""
    return " ".join(words(text))[:MISSED_TEXT_MAX].strip()


def missed_search_record(
    *,
    district: District,
    text: str,
    ui_language: str,
    content_language: str,
    municipality: Municipality | None = None,
    day: dt.date | None = None,
) -> MissedSearch | None:
    """Count a public search that found nothing: one row per district, normalised text,
    languages, municipality and day, its count raised. Nothing that identifies the visitor is
    kept. Returns None for a text with no words left (e.g. only "und")."""
    normalised = normalised_search_text(text)
    if not normalised:
        return None
    if municipality is not None and municipality.district_id != district.pk:
        municipality = None
    key = {
        "district": district,
        "text": normalised,
        "ui_language": ui_language[:8],
        "content_language": content_language[:8],
        "municipality": municipality,
        "day": day or timezone.localdate(),
    }
    for _attempt in range(2):
        with transaction.atomic():
            if MissedSearch.objects.filter(**key).update(count=F("count") + 1):
                return MissedSearch.objects.filter(**key).first()
            try:
                with transaction.atomic():
                    return MissedSearch.objects.create(**key, count=1)
            except IntegrityError:  # someone counted the same search at the same moment
                continue
    return None


@transaction.atomic
def missed_searches_purge(*, before: dt.date) -> int:
    """Delete the counts of days before ``before`` (the scheduler keeps a year)."""
    deleted, _detail = MissedSearch.objects.filter(day__lt=before).delete()
    return deleted
