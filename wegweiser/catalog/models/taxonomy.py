"""HSDS taxonomy and taxonomy_term: fields of action, target groups, kinds of offer, ..."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models.translation_base import TranslationBase
from wegweiser.core.models import UUIDModel, VersionedModel


class Taxonomy(VersionedModel, UUIDModel):
    """A controlled vocabulary. ``role`` ties the seeded vocabularies to their meaning."""

    class Role(models.TextChoices):
        FIELD_OF_ACTION = "field_of_action", _("Field of action")
        TARGET_GROUP = "target_group", _("Target group")
        KIND = "kind", _("Kind of offer")
        ELIGIBILITY = "eligibility", _("Residence status / eligibility")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.OTHER)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(VersionedModel, UUIDModel):
    taxonomy = models.ForeignKey(
        Taxonomy, verbose_name=_("taxonomy"), on_delete=models.PROTECT, related_name="terms"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["taxonomy", "sort_order", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [models.UniqueConstraint(fields=["taxonomy", "slug"], name="term_slug_per_taxonomy")]

    def __str__(self) -> str:
        return self.name


class TaxonomyTermTranslation(TranslationBase):
    master = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)

    translated_fields = ("name", "description")

    class Meta:
        verbose_name = _("term translation")
        verbose_name_plural = _("term translations")
        constraints = [
            models.UniqueConstraint(fields=["master", "language"], name="one_term_translation_per_language")
        ]
