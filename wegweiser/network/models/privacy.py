"""The log of staff access to personal data (who opened or exported which person, when)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class PersonAccess(UUIDModel):
    """One access by staff to a person's data. Written by ``person_access_record`` whenever a
    person's page is opened, their data exported, reviewed, anonymised or deleted. The row keeps no
    name: after a deletion it still says who accessed what and when, the person being gone."""

    class Action(models.TextChoices):
        VIEW = "view", _("opened")
        EXPORT_JSON = "export_json", _("exported (JSON)")
        EXPORT_PDF = "export_pdf", _("exported (PDF)")
        REVIEW = "review", _("reviewed")
        ANONYMISE = "anonymise", _("anonymised")
        DELETE = "delete", _("deleted")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "network.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accesses",
    )
    person_ref = models.UUIDField(_("person id"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.person_ref}"
