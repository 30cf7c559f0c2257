"""The periodic confirmation run: ask providers, remind them, escalate to the office, send.

``confirmations_run`` is idempotent: every e-mail is created in the same transaction that marks
its requests as asked (reminded, escalated), so a second run finds nothing new to create; the
sending step sends only what is not yet sent and marks each e-mail as sent right after the
server accepted it. A failing SMTP server leaves e-mails "failed"; the next run retries them.

The number of database queries does not depend on the number of offers: offers, requests and
e-mails are read and written in bulk (inserts in batches), and only the sending step writes one
row per e-mail (that is, per organisation), so that an e-mail the server accepted is never
sent again even if the run is interrupted."""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wegweiser.catalog.models import Offer
from wegweiser.districts.models import District
from wegweiser.freshness.models import ConfirmationMail, ConfirmationRequest
from wegweiser.freshness.periods import months_after as add_months
from wegweiser.freshness.services.mails import confirmation_mails_send

logger = logging.getLogger(__name__)

BATCH = 1000  # rows per INSERT (SQLite allows fewer; Django splits further there)


@dataclass
class RunReport:
    """What one run did (summed over the districts)."""

    requested: int = 0  # new confirmation requests (offers asked about)
    reminded: int = 0
    escalated: int = 0
    mails_created: int = 0
    sent: int = 0
    failed: int = 0
    left: int = 0  # e-mails not tried because the server could not be reached
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "requested": self.requested,
            "reminded": self.reminded,
            "escalated": self.escalated,
            "mails_created": self.mails_created,
            "sent": self.sent,
            "failed": self.failed,
            "left": self.left,
        }


def confirmation_due_date(*, offer: Offer, district: District) -> dt.date | None:
    """When the offer's next confirmation is due: its last confirmation (HSDS assured date), or
    the day it was published, plus the district's period."""
    base = offer.assured_date or (timezone.localdate(offer.published_at) if offer.published_at else None)
    return add_months(base, district.stale_after_months) if base else None


def _bulk_links(mails: list[ConfirmationMail], requests_by_mail: dict[Any, list[Any]]) -> None:
    Through = ConfirmationMail.requests.through
    rows = [
        Through(confirmationmail_id=mail.pk, confirmationrequest_id=request_id)
        for mail in mails
        for request_id in requests_by_mail[mail.pk]
    ]
    ConfirmationMail.objects.bulk_create(mails, batch_size=BATCH)
    Through.objects.bulk_create(rows, batch_size=BATCH)


def _ask(district: District, now: dt.datetime, report: RunReport) -> list[ConfirmationRequest]:
    """New requests for the published offers due within the notice period, and one e-mail per
    organisation. Returns the requests of organisations without an e-mail address (they go to
    the office at once)."""
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=district.confirmation_notice_days)
    # base + months <= horizon  ⇔  base <= horizon - months (up to three days at month ends:
    # read a little more and decide exactly below).
    cutoff = add_months(horizon, -district.stale_after_months) + dt.timedelta(days=3)
    cutoff_start = timezone.make_aware(dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time()))
    asked = ConfirmationRequest.objects.filter(district=district)
    candidates = (
        Offer.objects.filter(district=district, state=Offer.State.PUBLISHED)
        .filter(Q(assured_date__lte=cutoff) | Q(assured_date__isnull=True, published_at__lt=cutoff_start))
        .select_related("organisation")
        .only("pk", "name", "assured_date", "published_at", "organisation__email", "organisation__name")
    )
    existing: dict[Any, set[dt.date]] = defaultdict(set)
    open_offers: set[Any] = set()
    for offer_id, due_date, answered_at in asked.filter(offer_id__in=candidates.values("pk")).values_list(
        "offer_id", "due_date", "answered_at"
    ):
        existing[offer_id].add(due_date)
        if answered_at is None:
            open_offers.add(offer_id)
    new: list[ConfirmationRequest] = []
    recipient: dict[Any, str] = {}
    for offer in candidates:
        due = confirmation_due_date(offer=offer, district=district)
        if due is None or due > horizon or offer.pk in open_offers or due in existing[offer.pk]:
            continue
        has_email = bool(offer.organisation.email)
        new.append(
            ConfirmationRequest(
                district=district,
                organisation_id=offer.organisation_id,
                offer_id=offer.pk,
                due_date=due,
                requested_at=now,
                # Nobody to ask: straight to the office ("cannot be asked").
                escalated_at=None if has_email else now,
                note="" if has_email else "no e-mail address",
            )
        )
        recipient[new[-1].pk] = offer.organisation.email
    ConfirmationRequest.objects.bulk_create(new, batch_size=BATCH)
    report.requested += len(new)
    by_org: dict[Any, list[ConfirmationRequest]] = defaultdict(list)
    unreachable = []
    for request in new:
        if recipient[request.pk]:
            by_org[request.organisation_id].append(request)
        else:
            unreachable.append(request)
    mails, links = [], {}
    for organisation_id, requests in by_org.items():
        mail = ConfirmationMail(
            district=district,
            organisation_id=organisation_id,
            kind=ConfirmationMail.Kind.REQUEST,
            recipient=recipient[requests[0].pk],
        )
        mails.append(mail)
        links[mail.pk] = [r.pk for r in requests]
    _bulk_links(mails, links)
    report.mails_created += len(mails)
    return unreachable


def _open(district: District) -> Any:
    return ConfirmationRequest.objects.filter(
        district=district, answered_at__isnull=True, offer__state=Offer.State.PUBLISHED
    )


def _remind(district: District, now: dt.datetime, report: RunReport) -> None:
    """One reminder per organisation for requests unanswered after the reminder period."""
    before = now - dt.timedelta(days=district.confirmation_reminder_days)
    due = list(
        _open(district)
        .filter(requested_at__lte=before, reminded_at__isnull=True, escalated_at__isnull=True)
        .exclude(organisation__email="")
        .values_list("pk", "organisation_id", "organisation__email")
    )
    if not due:
        return
    ConfirmationRequest.objects.filter(pk__in=[pk for pk, _o, _e in due]).update(
        reminded_at=now, updated_at=now
    )
    by_org: dict[Any, list[Any]] = defaultdict(list)
    recipients = {}
    for pk, organisation_id, email in due:
        by_org[organisation_id].append(pk)
        recipients[organisation_id] = email
    mails, links = [], {}
    for organisation_id, request_ids in by_org.items():
        mail = ConfirmationMail(
            district=district,
            organisation_id=organisation_id,
            kind=ConfirmationMail.Kind.REMINDER,
            recipient=recipients[organisation_id],
        )
        mails.append(mail)
        links[mail.pk] = request_ids
    _bulk_links(mails, links)
    report.reminded += len(due)
    report.mails_created += len(mails)


def _escalate(
    district: District, now: dt.datetime, unreachable: Iterable[ConfirmationRequest], report: RunReport
) -> None:
    """One summary to the office: requests unanswered after the reminder and the escalation
    period, and the offers of organisations that cannot be asked (no e-mail address)."""
    before = now - dt.timedelta(days=district.confirmation_escalation_days)
    overdue = list(
        _open(district)
        .filter(reminded_at__lte=before, escalated_at__isnull=True)
        .values_list("pk", flat=True)
    )
    request_ids = overdue + [r.pk for r in unreachable]
    if not request_ids:
        return
    if overdue:
        ConfirmationRequest.objects.filter(pk__in=overdue).update(escalated_at=now, updated_at=now)
    report.escalated += len(request_ids)
    if not district.office_email:
        logger.warning(
            "Confirmation: %s requests of %s escalated, but the district has no office e-mail",
            len(request_ids),
            district,
        )
        return
    mail = ConfirmationMail(
        district=district, kind=ConfirmationMail.Kind.ESCALATION, recipient=district.office_email
    )
    _bulk_links([mail], {mail.pk: request_ids})
    report.mails_created += 1


def confirmations_run(*, now: dt.datetime | None = None, district: District | None = None) -> RunReport:
    """Run the confirmation cycle for one district (default: every district) at ``now``."""
    now = now or timezone.now()
    report = RunReport()
    districts = [district] if district is not None else list(District.objects.all())
    for current in districts:
        with transaction.atomic():
            # One run per district at a time: the second waits here and then finds nothing new.
            locked = District.objects.select_for_update().get(pk=current.pk)
            unreachable = _ask(locked, now, report)
            _remind(locked, now, report)
            _escalate(locked, now, unreachable, report)
    confirmation_mails_send(report=report, district=district)
    logger.info("Confirmation run: %s", report.as_dict())
    return report
