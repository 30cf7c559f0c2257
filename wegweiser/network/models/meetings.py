"""Meetings of a body: agenda, attendance, minutes, resolutions, invitations sent."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class Meeting(VersionedModel, UUIDModel):
    """A meeting. ``uid`` and ``sequence`` identify it in iCalendar: each change a member should
    see in their calendar raises ``sequence`` (RFC 5545 §3.8.7.4)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invitations sent")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        "network.Body", verbose_name=_("body"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    is_public = models.BooleanField(_("public meeting"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    invitations_sent_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="network_meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.body} {self.starts_at:%Y-%m-%d}"


class AgendaItem(UUIDModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    is_public = models.BooleanField(_("public item"), default=True)
    planning_document = models.ForeignKey(
        "plans.PlanningDocument",
        verbose_name=_("planning document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    measure = models.ForeignKey(
        "plans.Measure",
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"TOP {self.position}: {self.title}"


class AgendaDocument(UUIDModel):
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="network/agenda/%Y/")
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self) -> str:
        return self.title


class Attendance(UUIDModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        "network.BodyMember", verbose_name=_("member"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["meeting", "member"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="network_attendance_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class Resolution(UUIDModel):
    """What a body decided, recommended or stated (e.g. the Beirat's statement on a measure)."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        RECOMMENDATION = "recommendation", _("Recommendation")
        STATEMENT = "statement", _("Statement")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="resolutions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolutions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RESOLUTION)
    text = models.TextField(_("text"))
    votes_yes = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    planning_document = models.ForeignKey(
        "plans.PlanningDocument",
        verbose_name=_("planning document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolutions",
    )
    measure = models.ForeignKey(
        "plans.Measure",
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolutions",
    )

    class Meta:
        ordering = ["meeting", "created_at"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Invitation(UUIDModel):
    """One e-mail sent for a meeting (invitation or reminder) to one address."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        REMINDER = "reminder", _("reminder")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        "network.BodyMember",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    email = models.EmailField(_("e-mail"))
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_kind_display()})"
