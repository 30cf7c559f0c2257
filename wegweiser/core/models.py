"""Building blocks every domain model uses: timestamps, languages, the audit trail."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.language_names import language_name


class TimeStampedModel(models.Model):
    """Base of every domain model: when a row was created and last changed (timezone-aware)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class UUIDModel(TimeStampedModel):
    """Domain entities that HSDS exchanges carry a UUID as primary key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Entities staff edit in forms. ``lock_version`` counts the saved changes: the update
    services raise it (``core.versioning``), a form sends the version it was based on, and a save
    based on an older version is refused instead of overwriting what someone else saved since.
    Named ``lock_version`` because HSDS already gives taxonomies a ``version``."""

    lock_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    class Meta:
        abstract = True


class Language(TimeStampedModel):
    """A language (ISO 639-1 where it exists, else ISO 639-3), e.g. for offers and translations."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name_de = models.CharField(_("German name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    native_name = models.CharField(_("native name"), max_length=80)
    is_rtl = models.BooleanField(_("written right to left"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name_de"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name_de

    def name_for(self, ui_language: str) -> str:
        """The language's name in the interface language (data/language_names.csv; English for
        a language or interface language the table does not have)."""
        if ui_language == "de":
            return self.name_de
        if ui_language == "en":
            return self.name_en
        return language_name(self.code, ui_language) or self.name_en


class AuditEntry(models.Model):
    """One recorded change: who did what to which object, and which fields changed how."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        STATE = "state", _("state changed")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The district of the object (None for what every district shares); staff see the
    # entries of their own districts only.
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300)
    # Changes as {"field label": [old, new]}, values rendered as readable strings.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # The object's lock_version this change produced (None: the change raised no version, e.g. a
    # build); "what changed since version n" are the entries with a higher number.
    object_version = models.PositiveIntegerField(_("edit version"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["object_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.object_repr}: {self.get_action_display()}"
