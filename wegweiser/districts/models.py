"""Districts (the tenants of an instance) and their municipalities."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import Language, UUIDModel, VersionedModel

district_key_validator = RegexValidator(r"^\d{5}$", _("Enter the 5-digit official district key."))
ags_validator = RegexValidator(r"^\d{8}$", _("Enter the 8-digit official municipality key (AGS)."))
postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a 5-digit postcode."))


class District(VersionedModel, UUIDModel):
    """A Landkreis or kreisfreie Stadt whose integration management runs a catalog."""

    key = models.CharField(_("district key"), max_length=5, unique=True, validators=[district_key_validator])
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    office_name = models.CharField(_("coordinating office"), max_length=250)
    office_address = models.CharField(_("office address"), max_length=250, blank=True)
    office_email = models.EmailField(_("office e-mail"), blank=True)
    office_phone = models.CharField(_("office phone"), max_length=50, blank=True)
    office_website = models.URLField(_("office website"), blank=True)
    languages = models.ManyToManyField(
        Language,
        verbose_name=_("content languages offered"),
        blank=True,
        related_name="+",
        help_text=_("Languages into which the catalog is translated; German is always included."),
    )
    hostname = models.CharField(
        _("host name"),
        max_length=200,
        blank=True,
        help_text=_("Host name under which this district's directory is served (optional)."),
    )
    is_default = models.BooleanField(
        _("default district"),
        default=False,
        help_text=_("Served when no host name matches."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Marks every page as a demonstration.")
    )
    require_two_factor = models.BooleanField(
        _("require a second factor"),
        default=False,
        help_text=_("Staff of this district must set up an authenticator app (TOTP) to use the back office."),
    )
    stale_after_months = models.PositiveSmallIntegerField(
        _("confirmation due after (months)"),
        default=12,
        help_text=_("Offers not confirmed for this long are marked as possibly out of date."),
    )
    confirmation_notice_days = models.PositiveSmallIntegerField(
        _("ask providers (days before due)"),
        default=28,
        help_text=_(
            "Providers are asked by e-mail to confirm their offers this many days before confirmation is due."
        ),
    )
    confirmation_reminder_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        default=14,
        help_text=_("An unanswered request is followed by one reminder after this many days."),
    )
    confirmation_escalation_days = models.PositiveSmallIntegerField(
        _("escalation after (days)"),
        default=14,
        help_text=_("An unanswered reminder is passed to the office after this many days."),
    )
    hide_overdue_after_months = models.PositiveSmallIntegerField(
        _("hide overdue offers after (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Offers overdue for confirmation by more than this many months are hidden from the public "
            "directory. Empty: never hidden."
        ),
    )
    # Raised in the same transaction as every change to the district's public catalog; caches
    # of derived data (the directory's facet index) are keyed by it.
    catalog_version = models.PositiveBigIntegerField(default=0, editable=False)
    # When ``catalog_version`` was last raised: the Last-Modified time of the open-data API.
    catalog_changed_at = models.DateTimeField(_("catalog last changed"), null=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Municipality(VersionedModel, UUIDModel):
    """A municipality (Gemeinde) with its official key and population."""

    class Kind(models.TextChoices):
        CITY = "stadt", _("town")
        MUNICIPALITY = "gemeinde", _("municipality")
        RURAL = "landgemeinde", _("rural municipality")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="municipalities"
    )
    ags = models.CharField(_("official key (AGS)"), max_length=8, unique=True, validators=[ags_validator])
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    postcode = models.CharField(_("main postcode"), max_length=5, blank=True, validators=[postcode_validator])
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    population_male = models.PositiveIntegerField(_("male population"), null=True, blank=True)
    population_female = models.PositiveIntegerField(_("female population"), null=True, blank=True)
    # The municipality's outline as a GeoJSON geometry (Polygon or MultiPolygon, WGS84, simplified);
    # loaded by ``district_setup`` and not edited by hand (so kept out of the audit trail).
    boundary = models.JSONField(_("boundary"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="municipality_slug_per_district")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """ "Nordhausen" for "Nordhausen, Stadt"."""
        return self.name.split(",")[0]
