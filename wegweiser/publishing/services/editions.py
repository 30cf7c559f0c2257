"""Editions: create and change drafts, build them (in a background task), release them."""

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import create_audited, update_audited
from wegweiser.core.tenancy import same_district_check
from wegweiser.core.versioning import version_raise
from wegweiser.districts.models import District
from wegweiser.publishing.document import DocumentOptions, catalog_document
from wegweiser.publishing.models import Edition, EditionDocument
from wegweiser.publishing.rendering import RenderedPdf, catalog_pdf_render
from wegweiser.publishing.snapshot import Selection, edition_snapshot_collect, snapshot_changes

logger = logging.getLogger(__name__)

SELECTION_FIELDS = ("fields_of_action", "target_groups", "municipalities", "funding_programmes")
# What staff set on a draft edition; number, state, district, build results never come from data.
EDITION_FIELDS = ("title", "audience", "language", "foreword", "grouping")
# The language may also be given by its code (``language_id="de"``), as the admin's
# forms give it as an object and services called from code usually by code.
EDITION_KEYS = (*EDITION_FIELDS, "language_id")


def _refuse_fields(data: Mapping[str, Any], m2m: Mapping[str, Any] | None) -> None:
    unknown = (set(data) - set(EDITION_KEYS)) | (set(m2m or {}) - set(SELECTION_FIELDS))
    if unknown:
        raise ValueError(f"Edition: not settable here: {', '.join(sorted(unknown))}")


def _require_draft(edition: Edition) -> None:
    if edition.is_released:
        raise ValidationError(_("Released editions cannot be changed."))


@transaction.atomic
def edition_create(
    *, actor: Any, district: District, data: Mapping[str, Any], m2m: Mapping[str, Iterable[Any]] | None = None
) -> Edition:
    """A new draft edition with the next number of its district."""
    require(actor=actor, permission=permissions.EDITION_ADD, district=district)
    _refuse_fields(data, m2m)
    same_district_check(district_id=district.pk, values=dict(m2m or {}))
    District.objects.select_for_update().filter(pk=district.pk).first()  # serialise numbering
    last = Edition.objects.filter(district=district).aggregate(n=Max("number"))["n"] or 0
    edition = Edition(district=district, number=last + 1, **data)
    return create_audited(actor=actor, instance=edition, m2m=m2m)


@transaction.atomic
def edition_update(
    *,
    actor: Any,
    edition: Edition,
    data: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    expected_version: int | None = None,
) -> Edition:
    require(actor=actor, permission=permissions.EDITION_CHANGE, obj=edition)
    _refuse_fields(data, m2m)
    same_district_check(district_id=edition.district_id, values=dict(m2m or {}))
    stored = Edition.objects.select_for_update().get(pk=edition.pk)
    _require_draft(stored)
    update_audited(
        actor=actor,
        instance=edition,
        data=data,
        m2m=m2m,
        fields=(*EDITION_KEYS, *SELECTION_FIELDS),
        expected_version=expected_version,
    )
    return edition


def edition_selection(edition: Edition) -> Selection:
    return Selection(
        **{name: list(getattr(edition, name).values_list("pk", flat=True)) for name in SELECTION_FIELDS}
    )


def edition_previous(edition: Edition) -> Edition | None:
    """The district's last released edition in the same language before this one."""
    return (
        Edition.objects.filter(
            district_id=edition.district_id,
            language_id=edition.language_id,
            state=Edition.State.RELEASED,
            number__lt=edition.number,
        )
        .order_by("-number")
        .first()
    )


@transaction.atomic
def edition_build_request(*, actor: Any, edition: Edition) -> Edition:
    """Queue a build of a draft; the worker runs ``edition_build``."""
    from wegweiser.publishing.tasks import edition_build_task

    require(actor=actor, permission=permissions.EDITION_CHANGE, obj=edition)
    stored = Edition.objects.select_for_update().get(pk=edition.pk)
    _require_draft(stored)
    if stored.build_state in (Edition.BuildState.QUEUED, Edition.BuildState.RUNNING):
        raise ValidationError(_("This edition is already being built."))
    Edition.objects.filter(pk=stored.pk).update(
        build_state=Edition.BuildState.QUEUED, build_progress=0, build_message="", updated_at=timezone.now()
    )
    audit_record(actor=actor, action=AuditEntry.Action.STATE, instance=stored, summary=_("Build requested"))
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: edition_build_task.enqueue(edition_id=str(stored.pk), actor_id=actor_id))
    stored.refresh_from_db()
    return stored


# The steps the renderers report, as staff read them on the edition's page.
BUILD_STEPS = {
    "data": gettext_lazy("Collecting the offers …"),
    "layout": gettext_lazy("Setting the pages …"),
    "pdf": gettext_lazy("Writing the PDF …"),
}


def _progress(edition_id: uuid.UUID, percent: int, message: str = "") -> None:
    """Progress is written in its own short transaction so that the back office sees it."""
    with translation.override(settings.LANGUAGE_CODE):  # the worker has no request language
        text = str(BUILD_STEPS.get(message, message))
    Edition.objects.filter(pk=edition_id).update(build_progress=percent, build_message=text[:500])


def edition_render(edition: Edition, *, progress: Any = None) -> tuple[dict[str, Any], dict, RenderedPdf]:
    """Snapshot, changes and PDF of ``edition`` as it would be built now (nothing is stored)."""
    report = progress or (lambda percent, message: None)
    snapshot = edition_snapshot_collect(
        district=edition.district, language=edition.language_id, selection=edition_selection(edition)
    )
    report(20, "data")
    previous = edition_previous(edition)
    changes = snapshot_changes(previous=previous.snapshot if previous else None, current=snapshot)
    previous_label = ""
    if previous:
        with translation.override(edition.language_id):
            previous_label = _("edition no. %(number)s of %(date)s") % {
                "number": previous.number,
                "date": formats.date_format(timezone.localtime(previous.stand), "DATE_FORMAT"),
            }
    options = DocumentOptions(
        title=edition.title,
        language=edition.language_id,
        grouping=edition.grouping,
        audience=edition.audience,
        foreword=edition.foreword,
        number=edition.number,
        changes=changes if previous else None,
        previous_label=previous_label,
    )
    rendered = catalog_pdf_render(catalog_document(snapshot=snapshot, options=options), progress=report)
    return snapshot, changes, rendered


def edition_build(*, edition_id: uuid.UUID | str, actor: Any = None) -> bool:
    """Build a draft: collect the data, typeset the PDF, then store both in one transaction.
    A failure is recorded on the edition and changes nothing else: the draft keeps its last
    good document, and released editions are never touched. Returns whether it succeeded."""
    edition = Edition.objects.select_related("district", "language").get(pk=edition_id)
    require(actor=actor, permission=permissions.EDITION_CHANGE, obj=edition)
    if edition.is_released:
        Edition.objects.filter(pk=edition.pk).update(build_state=Edition.BuildState.DONE)
        return False
    started = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        build_state=Edition.BuildState.RUNNING, build_progress=5, build_message="", build_started_at=started
    )
    try:
        snapshot, changes, rendered = edition_render(
            edition, progress=lambda percent, message: _progress(edition.pk, percent, message)
        )
        with transaction.atomic():
            stored = Edition.objects.select_for_update().get(pk=edition.pk)
            if stored.is_released:
                raise ValidationError(_("The edition was released while it was being built."))
            EditionDocument.objects.update_or_create(
                edition=stored,
                defaults={
                    "pdf": rendered.pdf,
                    "size": len(rendered.pdf),
                    "pages": rendered.pages,
                    "sha256": hashlib.sha256(rendered.pdf).hexdigest(),
                },
            )
            Edition.objects.filter(pk=stored.pk).update(
                snapshot=snapshot,
                changes=changes,
                offer_count=len(snapshot["offers"]),
                stand=dt.datetime.fromisoformat(snapshot["taken_at"]),
                build_state=Edition.BuildState.DONE,
                build_progress=100,
                build_message="",
                build_finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action=AuditEntry.Action.STATE,
                instance=stored,
                summary=_("Built: %(offers)s offers, %(pages)s pages")
                % {"offers": len(snapshot["offers"]), "pages": rendered.pages},
            )
        return True
    except Exception as error:
        logger.exception("Building edition %s failed", edition.pk)
        message = _("The build failed: %(error)s") % {"error": error}
        Edition.objects.filter(pk=edition.pk).update(
            build_state=Edition.BuildState.FAILED,
            build_message=message[:500],
            build_finished_at=timezone.now(),
        )
        return False


@transaction.atomic
def edition_release(*, actor: Any, edition: Edition) -> Edition:
    """Freeze the last build: from now on the edition, its PDF and its snapshot never change."""
    require(actor=actor, permission=permissions.EDITION_RELEASE, obj=edition)
    stored = Edition.objects.select_for_update().get(pk=edition.pk)
    _require_draft(stored)
    if (
        stored.build_state != Edition.BuildState.DONE
        or not EditionDocument.objects.filter(edition=stored).exists()
    ):
        raise ValidationError(_("Build the edition and check its PDF before releasing it."))
    now = timezone.now()
    Edition.objects.filter(pk=stored.pk).update(
        state=Edition.State.RELEASED,
        released_at=now,
        released_by=actor if getattr(actor, "is_authenticated", False) else None,
        updated_at=now,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=stored,
        summary=_("Released"),
        version=version_raise(stored),
    )
    stored.refresh_from_db()
    return stored


def catalog_pdf_build(
    *,
    district: District,
    language: str,
    selection: Selection,
    options: DocumentOptions,
    engine: str | None = None,
) -> RenderedPdf:
    """A PDF of the current public catalog without recording an edition (command line, previews,
    benchmarks). ``engine`` overrides the engine the language would choose."""
    snapshot = edition_snapshot_collect(district=district, language=language, selection=selection)
    return catalog_pdf_render(catalog_document(snapshot=snapshot, options=options), engine=engine)
