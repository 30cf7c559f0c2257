"""HSDS organization: the providers (Träger) of offers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models.translation_base import TranslationBase
from wegweiser.core.models import UUIDModel, VersionedModel


class Organisation(VersionedModel, UUIDModel):
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=150)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=100, blank=True, help_text=_("e.g. e.V., gGmbH, public body")
    )
    year_incorporated = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="organisation_slug_per_district")
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationTranslation(TranslationBase):
    master = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="translations")
    description = models.TextField(_("description"), blank=True)

    translated_fields = ("description",)

    class Meta:
        verbose_name = _("organisation translation")
        verbose_name_plural = _("organisation translations")
        constraints = [
            models.UniqueConstraint(fields=["master", "language"], name="one_org_translation_per_language")
        ]


class OrganisationIdentifier(UUIDModel):
    """HSDS organization_identifier, e.g. a register number (Vereinsregister)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identifiers")
    identifier_scheme = models.CharField(_("scheme"), max_length=100, blank=True)
    identifier_type = models.CharField(_("type"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=100)

    class Meta:
        verbose_name = _("organisation identifier")
        verbose_name_plural = _("organisation identifiers")

    def __str__(self) -> str:
        return f"{self.identifier_type}: {self.identifier}"
