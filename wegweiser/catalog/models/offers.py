"""HSDS service: an offer (Angebot) for people with a migration background."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models.translation_base import TranslationBase
from wegweiser.core.models import Language, UUIDModel, VersionedModel


class Offer(VersionedModel, UUIDModel):
    class Status(models.TextChoices):
        """HSDS service.status: whether the offer runs."""

        ACTIVE = "active", _("active")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("defunct")

    class State(models.TextChoices):
        """Editorial workflow: only published offers are public."""

        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="offers"
    )
    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=150)
    short_description = models.CharField(
        _("short description"),
        max_length=300,
        help_text=_("At most 300 characters; used in the printed catalog and in result lists."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    alert = models.CharField(
        _("notice"), max_length=300, blank=True, help_text=_("Temporary notice, e.g. summer break.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    state = models.CharField(
        _("publication state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    terms = models.ManyToManyField(
        "catalog.TaxonomyTerm",
        verbose_name=_("categories"),
        blank=True,
        related_name="offers",
        help_text=_("Fields of action, target groups, kind of offer and other categories."),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages of delivery"), blank=True, related_name="offers"
    )
    interpretation_available = models.BooleanField(_("interpretation available"), default=False)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    eligibility_description = models.TextField(_("eligibility"), blank=True)

    cost_free = models.BooleanField(_("free of charge"), default=False)
    cost_amount = models.DecimalField(_("cost (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True)
    cost_description = models.CharField(_("cost details"), max_length=300, blank=True)

    registration_required = models.BooleanField(_("registration required"), null=True, blank=True)
    registration_howto = models.TextField(_("how to register"), blank=True)
    documents_to_bring = models.TextField(_("documents to bring"), blank=True)
    childcare_available = models.BooleanField(_("childcare available"), default=False)

    valid_from = models.DateField(_("runs from"), null=True, blank=True)
    valid_to = models.DateField(_("runs until"), null=True, blank=True)

    serves_whole_district = models.BooleanField(_("whole district"), default=False)
    is_mobile = models.BooleanField(
        _("mobile / outreach"), default=False, help_text=_("Comes to people where they are.")
    )
    municipalities = models.ManyToManyField(
        "districts.Municipality", verbose_name=_("service area"), blank=True, related_name="offers"
    )
    funding_programmes = models.ManyToManyField(
        "catalog.FundingProgramme", verbose_name=_("funding programmes"), blank=True, related_name="offers"
    )

    # Capacity, optional: the planning workspace sums them where they are filled.
    places = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("How many people can take part at the same time.")
    )
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    waiting_list = models.BooleanField(
        _("waiting list"), null=True, blank=True, help_text=_("Whether people currently wait for a place.")
    )
    # When the offer was last archived (set by ``offer_archive``): the end of its active time in
    # the planning workspace's history of supply.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    assured_date = models.DateField(_("last confirmed on"), null=True, blank=True)
    assurer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assurer_email = models.EmailField(_("confirmed by (e-mail)"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        permissions = [
            ("publish_offer", _("Can publish and archive offers")),
            ("confirm_offer", _("Can confirm that an offer is current")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="offer_slug_per_district"),
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="offer_age_range_ordered",
                violation_error_message=_("The minimum age must not be above the maximum age."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_to")),
                name="offer_validity_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [
            # Public lists in name order (directory, HSDS API): the first page is read from
            # the index instead of sorting every published offer of the district.
            models.Index(fields=["district", "state", "name", "id"], name="offer_public_by_name"),
            # Counting the public offers (status and end date filters) from the index alone.
            models.Index(fields=["district", "state", "status", "valid_to"], name="offer_public_count"),
        ]

    def clean(self) -> None:
        """The check constraints' conditions in Python, so that bulk imports can validate
        without one query per constraint and row."""
        errors = {}
        if None not in (self.minimum_age, self.maximum_age) and self.minimum_age > self.maximum_age:  # type: ignore[operator]
            errors["maximum_age"] = _("The minimum age must not be above the maximum age.")
        if None not in (self.valid_from, self.valid_to) and self.valid_from > self.valid_to:  # type: ignore[operator]
            errors["valid_to"] = _("The end date must not be before the start date.")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return self.name


class OfferTranslation(TranslationBase):
    master = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=250, blank=True)
    short_description = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    alert = models.CharField(_("notice"), max_length=300, blank=True)
    eligibility_description = models.TextField(_("eligibility"), blank=True)
    cost_description = models.CharField(_("cost details"), max_length=300, blank=True)
    registration_howto = models.TextField(_("how to register"), blank=True)
    documents_to_bring = models.TextField(_("documents to bring"), blank=True)
    # Set only by the translation services (``wegweiser.translations``): a machine translation
    # is labelled publicly until a person has reviewed it (``reviewed_at``).
    machine_translated = models.BooleanField(_("machine-translated"), default=False, editable=False)
    machine_engine = models.CharField(_("translation service"), max_length=40, blank=True, editable=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    translated_fields = (
        "name",
        "short_description",
        "description",
        "alert",
        "eligibility_description",
        "cost_description",
        "registration_howto",
        "documents_to_bring",
    )

    class Meta:
        verbose_name = _("offer translation")
        verbose_name_plural = _("offer translations")
        constraints = [
            models.UniqueConstraint(fields=["master", "language"], name="one_offer_translation_per_language")
        ]

    @property
    def needs_review_label(self) -> bool:
        """Whether the public pages label this row "machine-translated" (not reviewed yet)."""
        return self.machine_translated and self.reviewed_at is None
