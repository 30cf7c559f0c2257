"""Building and sending the confirmation e-mails (German, plain text and HTML).

Each e-mail to an organisation lists its offers, each with three signed one-click links (see
``freshness.links``); the summary to the office lists the unanswered offers with a link to each
in the back office. E-mails go out through Django's mail backend on one SMTP connection per
run; an e-mail is marked as sent only after the server accepted it."""

import datetime as dt
import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegweiser.districts.models import District
from wegweiser.freshness import links
from wegweiser.freshness.models import ConfirmationMail, ConfirmationRequest
from wegweiser.publishing.mail import mail_error_reason
from wegweiser.publishing.snapshot import public_base_url

if TYPE_CHECKING:
    from wegweiser.freshness.services.runs import RunReport

logger = logging.getLogger(__name__)

_SLOT = "slot-to-fill"
_UUID_SLOT = uuid.UUID(int=0)
WAITING = [ConfirmationMail.Status.PENDING, ConfirmationMail.Status.FAILED]
# Longer than any single send can take (``EMAIL_TIMEOUT`` per SMTP step).
SENDING_LEASE = dt.timedelta(minutes=15)


def _unreachable(error: BaseException | None) -> bool:
    """Whether the server is down or unreachable (then it is not tried again in this run), as
    opposed to refusing one message or address."""
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    if isinstance(error, smtplib.SMTPException):  # a subclass of OSError: refused, not down
        return False
    return isinstance(error, OSError)


@dataclass
class MailOffer:
    request: ConfirmationRequest
    name: str
    organisation: str
    public_url: str
    backoffice_url: str
    current_url: str = ""
    changes_url: str = ""
    ended_url: str = ""


def _sender(district: District) -> str:
    address = settings.DEFAULT_FROM_EMAIL
    name = district.office_name.replace('"', "'")
    return f'"{name}" <{address}>' if name and "<" not in address else address


def confirmation_mail_message(
    *, mail: ConfirmationMail, requests: list[ConfirmationRequest]
) -> EmailMultiAlternatives:
    """The message for one confirmation e-mail (in German, the language of the office)."""
    district = mail.district
    base = public_base_url(district)
    expires = timezone.localdate() + dt.timedelta(days=settings.WEGWEISER_CONFIRMATION_LINK_DAYS)
    with translation.override("de"):
        # Addresses from one reverse() each, filled in per offer (10,000 offers: 50,000 reverses).
        public = base + reverse("directory:offer_detail", kwargs={"slug": _SLOT})
        backoffice = base + reverse("admin:catalog_offer_change", args=[_UUID_SLOT])
        link = base + reverse("freshness:link", kwargs={"token": _SLOT})
        offers = []
        for request in sorted(requests, key=lambda r: (r.organisation.name, r.offer.name)):
            offer = request.offer
            item = MailOffer(
                request=request,
                name=offer.name,
                organisation=request.organisation.name,
                public_url=public.replace(_SLOT, offer.slug),
                backoffice_url=backoffice.replace(str(_UUID_SLOT), str(offer.pk)),
            )
            if mail.kind != ConfirmationMail.Kind.ESCALATION:
                for action in links.ACTIONS:
                    token = links.link_token(request_id=request.pk, nonce=request.nonce, action=action)
                    setattr(item, f"{action}_url", link.replace(_SLOT, token))
            offers.append(item)
        count = len(offers)
        if mail.kind == ConfirmationMail.Kind.ESCALATION:
            subject = ngettext(
                "Confirmation: %(count)s offer needs the office",
                "Confirmation: %(count)s offers need the office",
                count,
            ) % {"count": count}
            by_org: dict[str, list[MailOffer]] = defaultdict(list)
            for item in offers:
                by_org[item.organisation].append(item)
            groups = sorted(by_org.items())
        else:
            subject = (
                _("Reminder: are your offers in the Wegweiser %(district)s still current?")
                if mail.kind == ConfirmationMail.Kind.REMINDER
                else _("Are your offers in the Wegweiser %(district)s still current?")
            ) % {"district": district.name}
            groups = []
        context: dict[str, Any] = {
            "mail": mail,
            "district": district,
            "organisation": mail.organisation,
            "offers": offers,
            "groups": groups,
            "count": count,
            "expires": expires,
            "reminder": mail.kind == ConfirmationMail.Kind.REMINDER,
        }
        template = "escalation" if mail.kind == ConfirmationMail.Kind.ESCALATION else "request"
        text = render_to_string(f"freshness/mail/{template}.txt", context)
        html = render_to_string(f"freshness/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=_sender(district),
        to=[mail.recipient],
        reply_to=[district.office_email] if district.office_email else None,
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim(mails: list[ConfirmationMail]) -> set[Any]:
    """Take the e-mails for this run (counting the attempt) in one UPDATE, except those another
    run holds; returns the ids taken. The run's own timestamp marks what it took."""
    now = timezone.now()
    free = Q(sending_since__isnull=True) | Q(sending_since__lt=now - SENDING_LEASE)
    ConfirmationMail.objects.filter(free, pk__in=[m.pk for m in mails], status__in=WAITING).update(
        sending_since=now, attempts=F("attempts") + 1, updated_at=now
    )
    return set(
        ConfirmationMail.objects.filter(pk__in=[m.pk for m in mails], sending_since=now).values_list(
            "pk", flat=True
        )
    )


def confirmation_mails_send(*, report: "RunReport", district: District | None = None) -> None:
    """Send every e-mail that is waiting or failed before; mark each as sent right after the
    server accepted it. When the server cannot be reached, the rest waits for the next run."""
    waiting = ConfirmationMail.objects.filter(status__in=WAITING)
    if district is not None:
        waiting = waiting.filter(district=district)
    # What failed before first ("failed" sorts before "pending"), then in the order created.
    mails = list(waiting.select_related("district", "organisation").order_by("status", "created_at", "pk"))
    if not mails:
        return
    Through = ConfirmationMail.requests.through
    requests: dict[Any, list[ConfirmationRequest]] = defaultdict(list)
    for row in Through.objects.filter(confirmationmail_id__in=[m.pk for m in mails]).select_related(
        "confirmationrequest__offer", "confirmationrequest__organisation"
    ):
        requests[row.confirmationmail_id].append(row.confirmationrequest)
    claimed = _claim(mails)
    mails = [m for m in mails if m.pk in claimed]  # the others: another run is sending them
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    handed: set[Any] = set()  # given to the SMTP server (whatever it answered)
    try:
        for index, mail in enumerate(mails):
            message = confirmation_mail_message(mail=mail, requests=requests[mail.pk])
            message.connection = connection
            error: BaseException | None = None
            handed.add(mail.pk)
            try:
                sent = connection.send_messages([message])
            except Exception as caught:  # SMTPException, OSError, timeouts: all mean "not sent"
                error, sent = caught, 0
                connection.close()
            if sent == 1:
                ConfirmationMail.objects.filter(pk=mail.pk).update(
                    status=ConfirmationMail.Status.SENT,
                    sending_since=None,
                    sent_at=timezone.now(),
                    last_error="",
                    updated_at=timezone.now(),
                )
                report.sent += 1
                logger.info(
                    "Confirmation e-mail sent: %s to %s (%s offers)",
                    mail.kind,
                    mail.recipient,
                    len(requests[mail.pk]),
                )
                continue
            reason = mail_error_reason(error) if error else _("The mail server accepted no message.")
            ConfirmationMail.objects.filter(pk=mail.pk).update(
                status=ConfirmationMail.Status.FAILED,
                sending_since=None,
                last_error=reason[:500],
                updated_at=timezone.now(),
            )
            report.failed += 1
            report.errors.append(reason)
            logger.warning("Confirmation e-mail to %s not sent: %s", mail.recipient, reason)
            if _unreachable(error):
                report.left += len(mails) - index - 1
                logger.warning("Mail server unreachable: %s e-mails wait for the next run", report.left)
                break
    finally:
        connection.close()
        # E-mails taken but never given to the server (it was unreachable, or an error stopped
        # the run): free them at once. One given to it stays taken until the lease runs out.
        rest = [m.pk for m in mails if m.pk not in handed]
        if rest:
            ConfirmationMail.objects.filter(pk__in=rest, status__in=WAITING).update(
                sending_since=None, attempts=F("attempts") - 1
            )
