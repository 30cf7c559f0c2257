"""Partner accounts: people of a provider (Träger) who keep their organisation's offers current
in the partner portal. A partner is an ordinary account without staff status; what it may do
follows from its ``PartnerAccess`` rows alone (``partners.policy``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class PartnerAccess(UUIDModel):
    """A person acts for an organisation. One person may act for several organisations;
    managers also invite and remove the other people of their organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="partner_accesses",
    )
    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="partner_accesses",
    )
    is_manager = models.BooleanField(
        _("manages access"),
        default=False,
        help_text=_("May invite and remove other people of the organisation."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="partner_access_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class Invitation(UUIDModel):
    """An invitation by e-mail to act for an organisation. The link carries the signed id
    (``partners.services.invitation_token``); it expires and works once."""

    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="partner_invitations",
    )
    is_manager = models.BooleanField(
        _("manages access"),
        default=False,
        help_text=_("May invite and remove other people of the organisation."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("valid until"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} – {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    def state_label(self) -> str:
        if self.accepted_at:
            return str(_("accepted"))
        if self.revoked_at:
            return str(_("withdrawn"))
        if self.expires_at <= timezone.now():
            return str(_("expired"))
        return str(_("open"))
