"""Indicators and their values per municipality (or the whole district), date and breakdown part."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel

# The breakdowns the planning pages know by name (``IndicatorValue.breakdown``); imports may use
# others. Parts are free text: "18-64" for an age group, "w"/"m" for sex, a ``NationalityGroup`` code.
AGE_GROUP, SEX, NATIONALITY_GROUP = "age_group", "sex", "nationality_group"
BREAKDOWNS = {
    AGE_GROUP: _("age group"),
    SEX: _("sex"),
    NATIONALITY_GROUP: _("nationality group"),
}


class Indicator(VersionedModel, UUIDModel):
    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        DISTRICT = "district", _("district")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum (counts)")
        MEAN = "mean", _("mean")
        WEIGHTED_MEAN = "weighted_mean", _("mean weighted by population")
        NONE = "none", _("not aggregated")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(
        _("code"),
        max_length=80,
        help_text=_("Short unique name used in import files, e.g. 'auslaender-18-64'."),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("e.g. persons, %, EUR"))
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=15, choices=Level.choices, default=Level.MUNICIPALITY)
    aggregation = models.CharField(
        _("aggregation"), max_length=15, choices=Aggregation.choices, default=Aggregation.SUM
    )
    genesis_code = models.CharField(
        _("GENESIS code"),
        max_length=80,
        blank=True,
        help_text=_(
            "The value code in GENESIS flat files (e.g. 'BEVSTD'); files from Regionalstatistik or the "
            "statistical offices are matched to this indicator by it."
        ),
    )
    decimals = models.PositiveSmallIntegerField(_("decimal places shown"), default=0)
    is_demo = models.BooleanField(_("invented demo values"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["topic", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="indicator_code_per_district")
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(UUIDModel):
    """A value; ``municipality`` is empty for values of the whole district. ``breakdown`` and
    ``breakdown_value`` name one part of a breakdown ("age_group", "18-64"); both are empty for the
    total."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    municipality = models.ForeignKey(
        "districts.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    date = models.DateField(_("reference date"))
    breakdown = models.CharField(_("breakdown"), max_length=40, blank=True)
    breakdown_value = models.CharField(_("part"), max_length=80, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "municipality", "date", "breakdown", "breakdown_value"],
                condition=models.Q(municipality__isnull=False),
                name="one_indicator_value_per_place_date_part",
            ),
            models.UniqueConstraint(
                fields=["indicator", "date", "breakdown", "breakdown_value"],
                condition=models.Q(municipality__isnull=True),
                name="one_district_indicator_value_per_date_part",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "date", "municipality"], name="indicator_value_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.municipality_id} {self.date}: {self.value}"
