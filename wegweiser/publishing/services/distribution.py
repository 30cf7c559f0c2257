"""Recipient lists and sending editions to them by e-mail, with a dispatch log.

Every address gets an edition at most once: a delivery row per (edition, address) is created
before anything is sent, and a row is marked "being sent" in its own transaction before the
mail goes out. A retry sends only rows that failed or never started."""

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import create_audited, update_audited
from wegweiser.publishing.mail import MailError, mail_send
from wegweiser.publishing.models import Delivery, Dispatch, Edition, EditionDocument, RecipientList
from wegweiser.publishing.snapshot import public_base_url

logger = logging.getLogger(__name__)

RECIPIENT_LIST_FIELDS = ("name", "description", "body")


@transaction.atomic
def recipient_list_create(*, actor: Any, data: Mapping[str, Any]) -> RecipientList:
    unknown = set(data) - {"district", *RECIPIENT_LIST_FIELDS}
    if unknown:
        raise ValueError(f"RecipientList: not settable: {', '.join(sorted(unknown))}")
    recipient_list = RecipientList(**data)
    require(actor=actor, permission=permissions.RECIPIENT_LIST_ADD, district=recipient_list.district_id)
    _check_body(recipient_list.body, recipient_list.district_id)
    return create_audited(actor=actor, instance=recipient_list)


@transaction.atomic
def recipient_list_update(
    *,
    actor: Any,
    recipient_list: RecipientList,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> RecipientList:
    require(actor=actor, permission=permissions.RECIPIENT_LIST_CHANGE, obj=recipient_list)
    if "body" in data:
        _check_body(data["body"], recipient_list.district_id)
    update_audited(
        actor=actor,
        instance=recipient_list,
        data=data,
        fields=RECIPIENT_LIST_FIELDS,
        expected_version=expected_version,
    )
    return recipient_list


def _check_body(body: Any, district_id: Any) -> None:
    if body is not None and body.district_id != district_id:
        raise ValidationError({"body": _("The body belongs to another district.")})


def edition_download_url(edition: Edition) -> str:
    path = reverse(
        "directory:edition_download", kwargs={"number": edition.number, "language": edition.language_id}
    )
    return public_base_url(edition.district) + path


def dispatch_default_text(*, edition: Edition) -> tuple[str, str]:
    """Subject and text proposed to staff (German; they may change both before sending)."""
    district = edition.district
    stand = formats.date_format(timezone.localtime(edition.stand), "DATE_FORMAT") if edition.stand else ""
    subject = f"{edition.title} – {district.name}, Stand {stand}"
    body = (
        "Guten Tag,\n\n"
        f"anbei erhalten Sie die aktuelle Ausgabe (Nr. {edition.number}, Stand {stand}) des "
        f"Angebotskatalogs „{edition.title}“ des {district.office_name or district.name}.\n\n"
        "{link}\n\n"
        "Bitte geben Sie den Katalog gern an Interessierte weiter. Änderungen an Ihren eigenen "
        "Angeboten teilen Sie uns bitte mit.\n\n"
        "Mit freundlichen Grüßen\n"
        f"{district.office_name or district.name}"
    )
    return subject, body


@transaction.atomic
def dispatch_create(
    *,
    actor: Any,
    edition: Edition,
    recipient_list: RecipientList,
    mode: str,
    subject: str,
    body: str,
) -> Dispatch:
    """Record a dispatch and one delivery per active address on the list that has not got this
    edition yet. Addresses that already have it are skipped, so nothing goes out twice. A list that
    follows a body gets its members' current addresses now, at send time."""
    require(actor=actor, permission=permissions.EDITION_SEND, obj=edition)
    if not edition.is_released:
        raise ValidationError(_("Only released editions can be sent."))
    if recipient_list.district_id != edition.district_id:
        raise ValidationError(_("The recipient list belongs to another district."))
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Subject and text must not be empty."))
    dispatch = create_audited(
        actor=actor,
        instance=Dispatch(
            edition=edition,
            recipient_list=recipient_list,
            mode=mode,
            subject=subject.strip(),
            body=body,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        ),
    )
    already = set(Delivery.objects.filter(edition=edition).values_list("email", flat=True))
    rows = []
    for recipient in recipient_list.recipients.filter(active=True).order_by("email"):
        email = recipient.email.strip().lower()
        if email in already:
            continue
        already.add(email)
        rows.append(
            Delivery(
                dispatch=dispatch, edition=edition, recipient=recipient, name=recipient.name, email=email
            )
        )
    if recipient_list.body is not None:
        from wegweiser.network.selectors import body_member_addresses

        for name, address in body_member_addresses(body=recipient_list.body):
            email = address.strip().lower()
            if email not in already:
                already.add(email)
                rows.append(Delivery(dispatch=dispatch, edition=edition, name=name[:200], email=email))
    Delivery.objects.bulk_create(rows)
    return dispatch


@transaction.atomic
def dispatch_start(*, actor: Any, dispatch: Dispatch) -> Dispatch:
    """Queue sending (first time or retry); the worker runs ``dispatch_send``."""
    from wegweiser.publishing.tasks import dispatch_send_task

    require(actor=actor, permission=permissions.EDITION_SEND, obj=dispatch)
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: dispatch_send_task.enqueue(dispatch_id=str(dispatch.pk), actor_id=actor_id))
    return dispatch


def _message(dispatch: Dispatch, delivery: Delivery, document: EditionDocument | None) -> EmailMessage:
    edition = dispatch.edition
    link = edition_download_url(edition)
    if dispatch.mode == Dispatch.Mode.ATTACHMENT and document is not None:
        link_text = _("The catalog is attached as a PDF. You can also download it here: %(url)s") % {
            "url": link
        }
    else:
        link_text = _("Download the catalog (PDF): %(url)s") % {"url": link}
    body = (
        dispatch.body.replace("{link}", link_text)
        if "{link}" in dispatch.body
        else f"{dispatch.body}\n\n{link_text}"
    )
    message = EmailMessage(
        subject=dispatch.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
        reply_to=[edition.district.office_email] if edition.district.office_email else None,
    )
    if document is not None:
        message.attach(edition.file_name, bytes(document.pdf), "application/pdf")
    return message


def dispatch_send(*, dispatch_id: Any, actor: Any = None) -> dict[str, int]:
    """Send every delivery of the dispatch that is waiting or failed. Each delivery is claimed in
    its own transaction ("being sent") before the mail goes out and settled right after, so a
    crash never causes a second mail to the same address. SMTP failures are recorded per
    address; nothing is raised."""
    dispatch = Dispatch.objects.select_related("edition__district").get(pk=dispatch_id)
    require(actor=actor, permission=permissions.EDITION_SEND, obj=dispatch)
    document = None
    if dispatch.mode == Dispatch.Mode.ATTACHMENT:
        document = EditionDocument.objects.filter(edition=dispatch.edition).first()
        if document is not None and document.size > settings.WEGWEISER_MAIL_ATTACHMENT_MAX_MB * 2**20:
            document = None  # too big for mail: the link is sent instead
    counts = {"sent": 0, "failed": 0}
    waiting = Q(state=Delivery.State.PENDING) | Q(state=Delivery.State.FAILED)
    for delivery_id in list(
        dispatch.deliveries.filter(waiting).order_by("email").values_list("pk", flat=True)
    ):
        with transaction.atomic():
            claimed = (
                Delivery.objects.filter(pk=delivery_id).filter(waiting).update(state=Delivery.State.SENDING)
            )
        if not claimed:
            continue  # another worker has it
        delivery = Delivery.objects.get(pk=delivery_id)
        try:
            mail_send(message=_message(dispatch, delivery, document))
        except MailError as error:
            logger.warning("Sending edition %s to %s failed: %s", dispatch.edition_id, delivery.email, error)
            Delivery.objects.filter(pk=delivery_id).update(
                state=Delivery.State.FAILED, attempts=delivery.attempts + 1, error=str(error)[:500]
            )
            counts["failed"] += 1
        else:
            Delivery.objects.filter(pk=delivery_id).update(
                state=Delivery.State.SENT, attempts=delivery.attempts + 1, error="", sent_at=timezone.now()
            )
            counts["sent"] += 1
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=dispatch.edition,
        summary=_("Sent to %(list)s: %(sent)s sent, %(failed)s failed")
        % {"list": dispatch.recipient_list.name, "sent": counts["sent"], "failed": counts["failed"]},
    )
    return counts
