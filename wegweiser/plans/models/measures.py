"""Measures, their dated status reports and their indicators."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    POSTPONED = "postponed", _("postponed")
    DROPPED = "dropped", _("dropped")


class Measure(VersionedModel, UUIDModel):
    goal = models.ForeignKey(
        "plans.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measures"
    )
    # The same across the versions of a document (see ``Goal.lineage``).
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    target_groups = models.ManyToManyField(
        "catalog.TaxonomyTerm",
        verbose_name=_("target groups"),
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy__role": "target_group"},
    )
    municipalities = models.ManyToManyField(
        "districts.Municipality", verbose_name=_("municipalities"), blank=True, related_name="measures"
    )
    responsible_organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    responsible_person = models.CharField(_("responsible person"), max_length=200, blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    offers = models.ManyToManyField(
        "catalog.Offer", verbose_name=_("offers"), blank=True, related_name="measures"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title


class MeasureStatusReport(UUIDModel):
    """What was reported about a measure on one date; the newest report sets the measure's status."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="status_reports"
    )
    reported_on = models.DateField(_("reported on"))
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    text = models.TextField(_("report"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-reported_on", "-created_at"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self) -> str:
        return f"{self.measure}: {self.get_status_display()} ({self.reported_on:%d.%m.%Y})"


class MeasureIndicator(VersionedModel, UUIDModel):
    """How a measure's success is measured. Actual values come from the values entered here
    (manual), from a planning indicator (sum over the measure's municipalities, or the district
    value) or from the catalog (number of published offers matching ``catalog_filter``)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        PLANNING = "planning", _("planning indicator")
        CATALOG = "catalog", _("offer catalog")

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    planning_indicator = models.ForeignKey(
        "planning.Indicator",
        verbose_name=_("planning indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measure_indicators",
    )
    # For the catalog source: {"field_of_action": slug, "target_group": slug, "kind": slug,
    # "language": code, "municipality_kind": "rural"|"urban", "municipalities": "measure"}.
    catalog_filter = models.JSONField(_("catalog filter"), default=dict, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    # The same across the versions of a document (copied with its measure).
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("measure indicator")
        verbose_name_plural = _("measure indicators")

    def __str__(self) -> str:
        return self.name


class MeasureIndicatorValue(UUIDModel):
    measure_indicator = models.ForeignKey(
        MeasureIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["date"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["measure_indicator", "date"], name="plans_indicator_value_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_indicator}: {self.value} ({self.date:%d.%m.%Y})"
