"""HSDS schedule in RFC 5545 terms (weekly or monthly recurrence with opening hours)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models.translation_base import TranslationBase
from wegweiser.core.models import UUIDModel

byday_validator = RegexValidator(
    r"^(-?[1-5]?(MO|TU|WE|TH|FR|SA|SU))(,-?[1-5]?(MO|TU|WE|TH|FR|SA|SU))*$",
    _("Use weekday codes separated by commas, e.g. MO,WE or 1TU for the first Tuesday."),
)


class Schedule(UUIDModel):
    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("weekly")
        MONTHLY = "MONTHLY", _("monthly")

    offer = models.ForeignKey(
        "catalog.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    offer_location = models.ForeignKey(
        "catalog.OfferLocation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    freq = models.CharField(_("frequency"), max_length=10, choices=Freq.choices, default=Freq.WEEKLY)
    interval = models.PositiveSmallIntegerField(_("every n-th"), default=1)
    byday = models.CharField(
        _("days"), max_length=60, blank=True, validators=[byday_validator], help_text="MO,TU,WE,TH,FR,SA,SU"
    )
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        from wegweiser.catalog.schedule_text import schedule_describe

        return schedule_describe(self, language="de")

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date must not be before the start date.")})


class ScheduleTranslation(TranslationBase):
    master = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="translations")
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    translated_fields = ("notes",)

    class Meta:
        verbose_name = _("schedule translation")
        verbose_name_plural = _("schedule translations")
        constraints = [
            models.UniqueConstraint(
                fields=["master", "language"], name="one_schedule_translation_per_language"
            )
        ]
