"""Council questions (Anfragen): a question from a council member or faction with a deadline,
answered by a responsible member of staff in Markdown with the committee reports' data blocks,
and sent as a letter (DOCX, PDF) on the office's letterhead."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class Inquiry(VersionedModel, UUIDModel):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        SENT = "sent", _("sent")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="inquiries"
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    asked_by = models.CharField(
        _("asked by"), max_length=250, help_text=_("The council member or faction who asks.")
    )
    address = models.TextField(_("postal address"), blank=True)
    received_on = models.DateField(_("received on"))
    deadline = models.DateField(_("answer due by"))
    subject = models.CharField(_("subject"), max_length=300)
    question = models.TextField(_("question"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    paper = models.ForeignKey(
        "council.Paper",
        verbose_name=_("paper in the council information system"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, editable=False
    )
    answer = models.TextField(
        _("answer"),
        blank=True,
        help_text=_(
            "Markdown; figures from the catalog with the report blocks, "
            'e.g. {{ anzahl feld="sprache-bildung" }}.'
        ),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True, editable=False)
    sent_on = models.DateField(_("sent on"), null=True, blank=True, editable=False)
    letter = models.JSONField(_("letter as answered"), null=True, blank=True, editable=False)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("council inquiry")
        verbose_name_plural = _("council inquiries")
        ordering = ["deadline", "received_on"]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}".strip()
