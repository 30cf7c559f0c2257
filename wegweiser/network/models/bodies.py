"""Bodies (network, advisory council, working groups, committees), their rules and members,
calls for members and applications."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class Body(VersionedModel, UUIDModel):
    """A body the integration management runs or coordinates. The rules are the district's own
    per body (empty = no limit); ``member_add`` checks them."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network")
        ADVISORY_COUNCIL = "advisory_council", _("Advisory council")
        WORKING_GROUP = "working_group", _("Working group")
        COMMITTEE = "committee", _("Committee")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="bodies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Public bodies get a page at /gremien/<slug>/.")
    )
    max_members = models.PositiveSmallIntegerField(_("at most members"), null=True, blank=True)
    max_foreign_nationals = models.PositiveSmallIntegerField(
        _("at most foreign nationals"), null=True, blank=True
    )
    min_foreign_nationals = models.PositiveSmallIntegerField(
        _("at least foreign nationals"), null=True, blank=True
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    min_residence_months = models.PositiveSmallIntegerField(
        _("minimum residence in the district (months)"), null=True, blank=True
    )
    quorum_fraction = models.DecimalField(
        _("quorum (share of voting members present)"),
        max_digits=3,
        decimal_places=2,
        default=0.5,
        help_text=_("More than this share of the voting members must be present, e.g. 0.50."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="network_body_slug_per_district")
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY = "deputy", _("Deputy chair")
    MEMBER = "member", _("Member")
    GUEST = "guest", _("Guest")
    OFFICE = "office", _("Office")


# Roles that count as members for the body's rules and the quorum.
VOTING_ROLES = (MemberRole.CHAIR, MemberRole.DEPUTY, MemberRole.MEMBER)


class BodyMember(UUIDModel):
    """A seat in a body: a person, an organisation, or a person for an organisation."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "network.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_from = models.DateField(_("term from"), null=True, blank=True)
    term_to = models.DateField(_("term until"), null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "person__name", "organisation__name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="network_member_person_or_organisation",
            )
        ]

    def __str__(self) -> str:
        if self.person_id and self.organisation_id:
            return f"{self.person} ({self.organisation})"
        return str(self.person or self.organisation)

    @property
    def email(self) -> str:
        if self.person_id and self.person and self.person.email:
            return self.person.email
        if self.organisation_id and self.organisation:
            return self.organisation.email
        return ""


class MemberCall(VersionedModel, UUIDModel):
    """A call for members (Interessenbekundung) with a deadline."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("call for members")
        verbose_name_plural = _("calls for members")

    def __str__(self) -> str:
        return self.title


class MemberApplication(UUIDModel):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    call = models.ForeignKey(
        MemberCall, verbose_name=_("call"), on_delete=models.CASCADE, related_name="applications"
    )
    person = models.ForeignKey(
        "network.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="applications"
    )
    text = models.TextField(_("application"), blank=True)
    received_at = models.DateTimeField(_("received at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)

    class Meta:
        ordering = ["received_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.person} – {self.call}"
