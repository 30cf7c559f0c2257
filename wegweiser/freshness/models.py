"""Keeping the catalog current: every published offer is due for confirmation once per period
(``District.stale_after_months``). The providers are asked by e-mail, once per organisation, with
signed one-click links; unanswered requests get a reminder and are then escalated to the office.

- ``ConfirmationRequest``: one offer's confirmation cycle for one due date; the answer closes it.
- ``ConfirmationMail``: one e-mail to one organisation (request, reminder or escalation), created in
  the same transaction that marks its requests as asked, sent afterwards and retried until sent.
- ``OfferConfirmation``: the history of confirmations (by link, portal, phone, publication ...).
- ``FreshnessSnapshot``: the share of confirmed offers per district and day, for the trend.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class ConfirmationRequest(UUIDModel):
    class Answer(models.TextChoices):
        CURRENT = "current", _("still current")
        CHANGES = "changes", _("changes reported")
        ENDED = "ended", _("no longer exists")
        PHONE = "phone", _("confirmed by phone")
        STAFF = "staff", _("confirmed by the office")
        SUPERSEDED = "superseded", _("confirmed otherwise")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "catalog.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey(
        "catalog.Offer",
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
    )
    due_date = models.DateField(_("confirmation due on"))
    # The secret part of the signed links; replaced when the request is answered, so that a
    # link works once.
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    requested_at = models.DateTimeField(_("asked on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded on"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by_email = models.EmailField(_("answered by (e-mail)"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("confirmation request")
        verbose_name_plural = _("confirmation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "due_date"], name="one_confirmation_request_per_due_date"
            )
        ]
        indexes = [
            models.Index(fields=["district", "answered_at", "due_date"], name="confirmation_open_by_due"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} ({self.due_date})"


class ConfirmationMail(UUIDModel):
    class Kind(models.TextChoices):
        REQUEST = "request", _("request")
        REMINDER = "reminder", _("reminder")
        ESCALATION = "escalation", _("escalation to the office")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will be retried")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"))
    requests = models.ManyToManyField(ConfirmationRequest, verbose_name=_("offers"), related_name="mails")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set while a run sends the e-mail (a lease): another run skips it meanwhile, and a run that
    # died mid-send leaves it to be retried once the lease has run out.
    sending_since = models.DateTimeField(_("being sent since"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("confirmation e-mail")
        verbose_name_plural = _("confirmation e-mails")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class OfferConfirmation(UUIDModel):
    """One recorded confirmation that an offer's information is current."""

    class Method(models.TextChoices):
        LINK = "link", _("link in the e-mail")
        PORTAL = "portal", _("partner portal")
        PHONE = "phone", _("by phone")
        OFFICE = "office", _("by the office")
        PUBLICATION = "publication", _("checked on publication")
        REVISION = "revision", _("accepted change")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey(
        "catalog.Offer", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="confirmations"
    )
    confirmed_on = models.DateField(_("confirmed on"))
    method = models.CharField(_("how"), max_length=12, choices=Method.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("by (e-mail)"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-confirmed_on", "-created_at"]
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")

    def __str__(self) -> str:
        return f"{self.offer_id} {self.confirmed_on}"


class FreshnessSnapshot(UUIDModel):
    """How current a district's catalog was on one day (written by the daily scheduler run)."""

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    published = models.PositiveIntegerField(_("published offers"))
    confirmed = models.PositiveIntegerField(_("confirmed within the period"))
    # Invented history written by the demo loader (shown as such); measured rows are False.
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["day"]
        verbose_name = _("freshness on a day")
        verbose_name_plural = _("freshness by day")
        constraints = [
            models.UniqueConstraint(fields=["district", "day"], name="one_freshness_snapshot_per_day")
        ]
