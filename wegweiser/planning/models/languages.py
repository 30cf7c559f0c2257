"""Which languages the people of a nationality group are likely to need: the mapping the planning
pages use to compare the languages needed in a municipality with the languages offers are
delivered in. Staff edit it per district; ``code`` matches the breakdown part of indicator values
broken down by nationality group."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import Language, UUIDModel, VersionedModel


class NationalityGroup(VersionedModel, UUIDModel):
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="nationality_groups",
    )
    code = models.SlugField(
        _("code"),
        max_length=80,
        help_text=_(
            "As written in the breakdown column of indicator values by nationality group, e.g. 'ukraine'."
        ),
    )
    name = models.CharField(_("name"), max_length=150)
    languages = models.ManyToManyField(
        Language,
        verbose_name=_("languages needed"),
        blank=True,
        related_name="+",
        help_text=_("Languages in which people of this group can best be reached, most important first."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("nationality group")
        verbose_name_plural = _("nationality groups and languages")
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="nationality_group_code_per_district")
        ]

    def __str__(self) -> str:
        return self.name
