"""Persons the integration management keeps data about, with what the GDPR asks for."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class LegalBasis(models.TextChoices):
    """Art. 6(1) GDPR: on what ground personal data is processed."""

    CONSENT = "a", _("(a) consent")
    CONTRACT = "b", _("(b) contract")
    LEGAL_OBLIGATION = "c", _("(c) legal obligation")
    VITAL_INTERESTS = "d", _("(d) vital interests")
    PUBLIC_TASK = "e", _("(e) public task")
    LEGITIMATE_INTERESTS = "f", _("(f) legitimate interests")


# The personal data kept about a person: what staff write (``person_create``/``person_update``
# accept these and ``is_demo``) and what the GDPR export lists (with the system's dates).
PERSONAL_DATA_FIELDS = (
    "name",
    "email",
    "phone",
    "organisation",
    "is_foreign_national",
    "birth_date",
    "resident_since",
    "purpose",
    "legal_basis",
    "consent_given_at",
    "consent_text",
    "retention_until",
    "last_reviewed_at",
)


class Person(VersionedModel, UUIDModel):
    """A person: member of a body, partner contact or recipient. Processing needs a purpose and a
    legal basis; consent (basis a) is kept with its date and the text agreed to. ``anonymised_at``
    marks a person whose identifying fields were cleared (statistics and audit keep the row)."""

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="persons"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
    )
    is_foreign_national = models.BooleanField(
        _("foreign national"),
        default=False,
        help_text=_("Counts towards a body's limit of foreign nationals (e.g. the Integrationsbeirat)."),
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    resident_since = models.DateField(_("resident in the district since"), null=True, blank=True)
    purpose = models.CharField(_("purpose of processing"), max_length=300, blank=True)
    legal_basis = models.CharField(
        _("legal basis (Art. 6(1) GDPR)"), max_length=1, choices=LegalBasis.choices, blank=True
    )
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_text = models.TextField(_("consent text"), blank=True)
    retention_until = models.DateField(_("keep until"), null=True, blank=True)
    last_reviewed_at = models.DateTimeField(_("last reviewed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.name
