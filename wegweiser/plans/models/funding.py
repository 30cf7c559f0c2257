"""Money: what a programme pays for a measure, its budget and deadlines per district, and how
long it funds an offer.

How an offer's funding ends: an ``OfferFunding`` row (offer, programme, funded from/until,
amount per year) says so; where an offer names a programme in ``Offer.funding_programmes``
without such a row, the programme's own period end counts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class MeasureFunding(UUIDModel):
    measure = models.ForeignKey(
        "plans.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="funding"
    )
    programme = models.ForeignKey(
        "catalog.FundingProgramme",
        verbose_name=_("funding programme"),
        on_delete=models.PROTECT,
        related_name="measure_funding",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, help_text=_("Paid by the programme.")
    )
    own_share = models.DecimalField(
        _("own share (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("Paid by the district or provider."),
    )

    class Meta:
        ordering = ["year", "programme"]
        verbose_name = _("measure funding")
        verbose_name_plural = _("measure funding")
        constraints = [
            models.UniqueConstraint(fields=["measure", "programme", "year"], name="plans_funding_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}: {self.amount} EUR"


class ProgrammeBudget(UUIDModel):
    programme = models.ForeignKey(
        "catalog.FundingProgramme",
        verbose_name=_("funding programme"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["year"]
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        constraints = [
            models.UniqueConstraint(fields=["programme", "district", "year"], name="plans_budget_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}: {self.amount} EUR"


class ProgrammeDeadline(UUIDModel):
    programme = models.ForeignKey(
        "catalog.FundingProgramme",
        verbose_name=_("funding programme"),
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        ordering = ["date"]
        verbose_name = _("application deadline")
        verbose_name_plural = _("application deadlines")

    def __str__(self) -> str:
        return f"{self.programme}: {self.date:%d.%m.%Y} {self.description}"


class OfferFunding(UUIDModel):
    """How long (and with how much a year) a programme funds an offer."""

    offer = models.ForeignKey(
        "catalog.Offer", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="funding_periods"
    )
    programme = models.ForeignKey(
        "catalog.FundingProgramme",
        verbose_name=_("funding programme"),
        on_delete=models.PROTECT,
        related_name="offer_funding",
    )
    funded_from = models.DateField(_("funded from"), null=True, blank=True)
    funded_until = models.DateField(_("funded until"), null=True, blank=True)
    amount_per_year = models.DecimalField(
        _("amount per year (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["funded_until"]
        verbose_name = _("offer funding")
        verbose_name_plural = _("offer funding")
        constraints = [
            models.UniqueConstraint(fields=["offer", "programme"], name="plans_offer_funding_once")
        ]

    def __str__(self) -> str:
        return f"{self.offer} – {self.programme}"
