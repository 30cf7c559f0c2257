"""HSDS contact and phone."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import Language, UUIDModel


class Contact(UUIDModel):
    offer = models.ForeignKey(
        "catalog.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        "catalog.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("role"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Phone(UUIDModel):
    class Kind(models.TextChoices):
        VOICE = "voice", _("phone")
        CELL = "cell", _("mobile")
        FAX = "fax", _("fax")
        TEXT = "text", _("text message")

    offer = models.ForeignKey(
        "catalog.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    organisation = models.ForeignKey(
        "catalog.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.VOICE)
    description = models.CharField(_("note"), max_length=200, blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("languages"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self) -> str:
        return self.number
