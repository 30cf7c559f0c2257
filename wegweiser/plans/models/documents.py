"""Planning documents, their attachments and goals."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class PlanningDocument(VersionedModel, UUIDModel):
    """A plan adopted (or to be adopted) by the council or a committee. Versions form a chain:
    a Fortschreibung is a new document with ``previous`` set to the version it replaces."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy")
        SPECIALIST_PLAN = "specialist_plan", _("Specialist plan")
        PARTIAL_PLAN = "partial_plan", _("Partial plan")
        INTEGRATION_CONCEPT = "integration_concept", _("Integration concept")
        MEASURE_PLANNING = "measure_planning", _("Measure planning")

    class Body(models.TextChoices):
        KREISTAG = "kreistag", _("District council (Kreistag)")
        JUGENDHILFEAUSSCHUSS = "jugendhilfeausschuss", _("Youth welfare committee")
        SOZIALAUSSCHUSS = "sozialausschuss", _("Social committee")
        INTEGRATIONSBEIRAT = "integrationsbeirat", _("Integration advisory council")
        OTHER = "other", _("Other body")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted")
        SUPERSEDED = "superseded", _("superseded")

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="planning_documents",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=150)
    adopted_by = models.CharField(_("adopted by"), max_length=30, choices=Body.choices, blank=True)
    decision_number = models.CharField(
        _("decision number"), max_length=40, blank=True, help_text=_("e.g. 712/18")
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    summary = models.TextField(_("summary"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-decision_date", "title", "-version"]
        verbose_name = _("planning document")
        verbose_name_plural = _("planning documents")
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="plans_document_slug_per_district")
        ]

    def __str__(self) -> str:
        number = f" ({self.decision_number})" if self.decision_number else ""
        return f"{self.title}{number}, v{self.version}"


class DocumentAttachment(UUIDModel):
    document = models.ForeignKey(
        PlanningDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="plans/attachments/%Y/")

    class Meta:
        ordering = ["title"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Goal(VersionedModel, UUIDModel):
    document = models.ForeignKey(
        PlanningDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="goals"
    )
    field_of_action = models.ForeignKey(
        "catalog.TaxonomyTerm",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"taxonomy__role": "field_of_action"},
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # The same across the versions of a document: a goal copied into a Fortschreibung keeps it.
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False, db_index=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title
