"""Who works for which district in which role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.access import roles
from wegweiser.core.models import UUIDModel


class Membership(UUIDModel):
    """A staff account's role in one district. An account may belong to several districts,
    with one role in each; what it may do in a district follows from that role alone."""

    class Role(models.TextChoices):
        EDITOR = roles.EDITOR, roles.ROLE_LABELS[roles.EDITOR]
        REVIEWER = roles.REVIEWER, roles.ROLE_LABELS[roles.REVIEWER]
        PLANNER = roles.PLANNER, roles.ROLE_LABELS[roles.PLANNER]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["district", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "district"], name="membership_one_role_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.district} ({self.get_role_display()})"
