"""An edition: the published catalog frozen at a date ("Stand"), with its PDF."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class Edition(VersionedModel, UUIDModel):
    """Settings of one edition, and once built its data snapshot and what changed.

    A draft can be changed and built again as often as staff like; every successful build
    replaces the draft's document as one transaction, a failed build changes nothing but the
    build state. Releasing freezes the last build: released editions are never changed again."""

    class Grouping(models.TextChoices):
        FIELD = "field", _("by field of action")
        MUNICIPALITY = "municipality", _("by municipality")
        PROVIDER = "provider", _("by provider")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        RELEASED = "released", _("released")

    class BuildState(models.TextChoices):
        NONE = "", _("not built yet")
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being built")
        DONE = "done", _("built")
        FAILED = "failed", _("failed")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="editions"
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("Counts the district's editions."))
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("audience"),
        max_length=200,
        blank=True,
        help_text=_("Who the edition is for, e.g. network partners, council factions."),
    )
    foreword = models.TextField(_("foreword"), blank=True, help_text=_("Markdown."))
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    grouping = models.CharField(
        _("grouping"), max_length=20, choices=Grouping.choices, default=Grouping.FIELD
    )
    # Selection: empty means all; values within one list are alternatives, lists combine with AND.
    fields_of_action = models.ManyToManyField(
        "catalog.TaxonomyTerm", verbose_name=_("fields of action"), blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        "catalog.TaxonomyTerm", verbose_name=_("target groups"), blank=True, related_name="+"
    )
    municipalities = models.ManyToManyField(
        "districts.Municipality", verbose_name=_("municipalities"), blank=True, related_name="+"
    )
    funding_programmes = models.ManyToManyField(
        "catalog.FundingProgramme", verbose_name=_("funding programmes"), blank=True, related_name="+"
    )

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    stand = models.DateTimeField(_("as of"), null=True, blank=True, help_text=_("When the data was taken."))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The offers as printed (see publishing.snapshot), and the comparison with the edition before.
    snapshot = models.JSONField(_("data snapshot"), default=dict, blank=True, editable=False)
    changes = models.JSONField(
        _("changes since the previous edition"), default=dict, blank=True, editable=False
    )
    offer_count = models.PositiveIntegerField(_("offers"), default=0, editable=False)

    build_state = models.CharField(
        _("build"), max_length=10, choices=BuildState.choices, default=BuildState.NONE, blank=True
    )
    build_progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    build_message = models.CharField(_("build message"), max_length=500, blank=True)
    build_started_at = models.DateTimeField(_("build started"), null=True, blank=True)
    build_finished_at = models.DateTimeField(_("build finished"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("catalog edition")
        verbose_name_plural = _("catalog editions")
        permissions = [
            ("release_edition", _("Can release catalog editions")),
            ("send_edition", _("Can send catalog editions by e-mail")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "number"], name="edition_number_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title} ({self.language_id})"

    @property
    def is_released(self) -> bool:
        return self.state == self.State.RELEASED

    @property
    def file_name(self) -> str:
        return f"angebotskatalog-{self.district.slug}-{self.number}-{self.language_id}.pdf"


class EditionDocument(models.Model):
    """The PDF of an edition, kept apart so that lists of editions do not load it."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="document")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    pdf = models.BinaryField(_("PDF"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    pages = models.PositiveIntegerField(_("pages"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("edition document")
        verbose_name_plural = _("edition documents")

    def __str__(self) -> str:
        return f"{self.edition} ({self.pages})"
