"""HSDS location (physical, postal, virtual) and service_at_location."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models.translation_base import TranslationBase
from wegweiser.core.models import UUIDModel, VersionedModel


class Location(VersionedModel, UUIDModel):
    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        POSTAL = "postal", _("postal")
        VIRTUAL = "virtual", _("virtual")

    class Accessibility(models.TextChoices):
        YES = "yes", _("barrier-free")
        PARTLY = "partly", _("partly barrier-free")
        NO = "no", _("not barrier-free")
        UNKNOWN = "unknown", _("unknown")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="locations"
    )
    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHYSICAL)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    address_1 = models.CharField(_("street and number"), max_length=250, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        "districts.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="locations",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    url = models.URLField(_("web address (virtual locations)"), blank=True)
    transportation = models.TextField(_("public transport"), blank=True)
    accessibility = models.CharField(
        _("accessibility"), max_length=10, choices=Accessibility.choices, default=Accessibility.UNKNOWN
    )
    accessibility_description = models.TextField(_("accessibility details"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        place = f", {self.city}" if self.city else ""
        return f"{self.name}{place}"

    @property
    def one_line_address(self) -> str:
        return ", ".join(p for p in [self.address_1, f"{self.postal_code} {self.city}".strip()] if p)


class LocationTranslation(TranslationBase):
    master = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="translations")
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("public transport"), blank=True)
    accessibility_description = models.TextField(_("accessibility details"), blank=True)

    translated_fields = ("description", "transportation", "accessibility_description")

    class Meta:
        verbose_name = _("location translation")
        verbose_name_plural = _("location translations")
        constraints = [
            models.UniqueConstraint(
                fields=["master", "language"], name="one_location_translation_per_language"
            )
        ]


class OfferLocation(UUIDModel):
    """HSDS service_at_location: an offer delivered at a location, with its own schedule."""

    offer = models.ForeignKey(
        "catalog.Offer", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="offer_locations"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="offer_locations"
    )
    description = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("offer at location")
        verbose_name_plural = _("offer at locations")
        constraints = [models.UniqueConstraint(fields=["offer", "location"], name="offer_once_per_location")]

    def __str__(self) -> str:
        return f"{self.offer} @ {self.location}"
