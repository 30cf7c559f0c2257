"""Recipient lists and the dispatch of editions by e-mail, with one delivery row per address."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class RecipientList(VersionedModel, UUIDModel):
    """E.g. "Netzwerkpartner", "Fraktionen des Kreistages", "Integrationsbeirat"."""

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    # A list that follows a body: at send time its current members' addresses are added to the
    # recipients entered by hand (``dispatch_create``), so the list never lags behind the body.
    body = models.ForeignKey(
        "network.Body",
        verbose_name=_("follows the members of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recipient_lists",
        help_text=_("When sending, the current members of this body are added to the recipients."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("recipient list")
        verbose_name_plural = _("recipient lists")
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="recipient_list_name")]

    def __str__(self) -> str:
        return self.name


class Recipient(UUIDModel):
    """An organisation or a person on a list."""

    recipient_list = models.ForeignKey(
        RecipientList, verbose_name=_("recipient list"), on_delete=models.CASCADE, related_name="recipients"
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("Person or organisation."))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["recipient_list", "email"], name="recipient_once_per_list")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Dispatch(UUIDModel):
    """Sending one edition to one list: the text as sent, and who started it."""

    class Mode(models.TextChoices):
        LINK = "link", _("link to the download page")
        ATTACHMENT = "attachment", _("PDF as attachment")

    edition = models.ForeignKey(
        "publishing.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="dispatches"
    )
    recipient_list = models.ForeignKey(
        RecipientList, verbose_name=_("recipient list"), on_delete=models.PROTECT, related_name="dispatches"
    )
    mode = models.CharField(_("sent as"), max_length=12, choices=Mode.choices, default=Mode.LINK)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self) -> str:
        return f"{self.edition} → {self.recipient_list}"


class Delivery(UUIDModel):
    """The dispatch log: one edition to one address, at most once (unique per edition)."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    dispatch = models.ForeignKey(
        Dispatch, verbose_name=_("dispatch"), on_delete=models.CASCADE, related_name="deliveries"
    )
    edition = models.ForeignKey(
        "publishing.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        Recipient, verbose_name=_("recipient"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    state = models.CharField(_("result"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("delivery")
        verbose_name_plural = _("dispatch log")
        constraints = [
            # Nothing is sent twice by accident: an address gets each edition at most once.
            models.UniqueConstraint(fields=["edition", "email"], name="edition_once_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_state_display()}"
