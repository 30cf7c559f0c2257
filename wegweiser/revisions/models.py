"""A proposed change to a published entity, kept apart until a reviewer decides on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class Revision(UUIDModel):
    """The values a proposer wants (``proposed``) next to the published values the proposal
    started from (``base``), both as serialised snapshots (see ``revisions.targets``)."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    target_type = models.CharField(_("object type"), max_length=60)  # "catalog.offer"
    target_id = models.UUIDField(_("object id"))
    target_repr = models.CharField(_("object"), max_length=300)
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note from the proposer"), blank=True)
    base = models.JSONField(_("published values"), default=dict)
    proposed = models.JSONField(_("proposed values"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("comment of the reviewer"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("changes for review")
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "proposer"],
                condition=models.Q(state="pending"),
                name="one_pending_revision_per_proposer",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id", "state"], name="revision_by_target")]

    def __str__(self) -> str:
        return f"{self.target_repr} ({self.get_state_display()})"
