"""What visitors of the public directory tell the office: reports that an offer's information is
wrong or out of date, and searches that found nothing (counted, without anything that identifies
the visitor)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class OfferReport(VersionedModel, UUIDModel):
    """ "Angabe falsch oder veraltet?": one visitor's report on one offer. The visitor's e-mail
    address (optional, for an answer) is blanked when the case is closed."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey(
        "catalog.Offer", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="reports"
    )
    message = models.TextField(_("what is wrong or out of date"), max_length=2000)
    email = models.EmailField(_("visitor's e-mail (for an answer)"), blank=True)
    ui_language = models.CharField(_("interface language"), max_length=8)
    content_language = models.CharField(_("content language"), max_length=8)
    status = models.CharField(_("case status"), max_length=12, choices=Status.choices, default=Status.NEW)
    note = models.TextField(_("internal note"), blank=True, max_length=4000)
    # The e-mail to the organisation: when it was sent, or why not.
    organisation_notified_at = models.DateTimeField(_("organisation informed at"), null=True, blank=True)
    organisation_mail_problem = models.CharField(
        _("problem informing the organisation"), max_length=300, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report on an offer")
        verbose_name_plural = _("reports on offers")
        indexes = [models.Index(fields=["district", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.offer} ({self.created_at:%d.%m.%Y})" if self.created_at else str(self.offer_id)


class MissedSearch(models.Model):
    """Searches of the public directory that found nothing, counted per district, normalised
    text, languages, municipality chosen and day: a table that grows with the different things
    people look for, not with the number of searches. No address, no account, no time of day."""

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("search text"), max_length=200)
    ui_language = models.CharField(_("interface language"), max_length=8)
    content_language = models.CharField(_("content language"), max_length=8)
    municipality = models.ForeignKey(
        "districts.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("searches"), default=1)

    class Meta:
        ordering = ["-day", "text"]
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            # Two partial constraints: NULL (no municipality chosen) is never equal to NULL.
            models.UniqueConstraint(
                fields=["district", "text", "ui_language", "content_language", "municipality", "day"],
                condition=Q(municipality__isnull=False),
                name="one_missed_search_per_day_and_municipality",
            ),
            models.UniqueConstraint(
                fields=["district", "text", "ui_language", "content_language", "day"],
                condition=Q(municipality__isnull=True),
                name="one_missed_search_per_day",
            ),
        ]
        indexes = [models.Index(fields=["district", "day"])]

    def __str__(self) -> str:
        return self.text
