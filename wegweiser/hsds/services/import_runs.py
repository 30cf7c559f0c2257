"""Imports as the back office runs them: upload and dry run first, commit the same bytes later."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access import permissions
from wegweiser.access.policy import has, require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.hsds.models import ImportRun
from wegweiser.hsds.report import ImportReport
from wegweiser.hsds.services.catalog import catalog_import


def _state(report: ImportReport) -> str:
    if not report.ok:
        return ImportRun.State.FAILED
    return ImportRun.State.COMMITTED if report.committed else ImportRun.State.CHECKED


@transaction.atomic
def import_run_check(
    *, actor: Any, district: District, file_name: str, data: bytes, publish: bool
) -> ImportRun:
    """Keep an uploaded file and check it by a dry run; nothing in the catalog changes."""
    report = catalog_import(
        actor=actor, district=district, name=file_name, data=data, commit=False, publish=publish
    )
    run = ImportRun(
        district=district,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=file_name[:255],
        data=data,
        publish=publish,
        state=_state(report),
        report=report.as_dict(),
    )
    run.full_clean(exclude=["data"])
    run.save()
    return run


@transaction.atomic
def import_run_commit(*, actor: Any, run: ImportRun) -> ImportRun:
    """Import the checked file for real, in one transaction; only the uploader (or a reviewer)
    commits, and only a run whose dry run had no errors and that was not committed yet."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    require(actor=actor, permission=permissions.OFFER_CHANGE, obj=run)
    may_publish = has(actor=actor, permission=permissions.OFFER_PUBLISH, obj=run)
    if actor is not None and run.actor_id != actor.pk and not may_publish:
        raise PermissionDenied(_("Only the person who uploaded the file or a reviewer may import it."))
    if run.state != ImportRun.State.CHECKED:
        raise ValidationError(_("This file has already been imported or has errors."))
    report = catalog_import(
        actor=actor,
        district=run.district,
        name=run.file_name,
        data=bytes(run.data),
        commit=True,
        publish=run.publish,
    )
    run.state = _state(report)
    run.report = report.as_dict()
    run.save(update_fields=["state", "report", "updated_at"])
    if report.committed:
        service = report.counts.get("service", {})
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=run,
            summary=_(
                "Imported %(file)s: %(created)s offers created, %(updated)s changed, %(unchanged)s unchanged"
            )
            % {
                "file": run.file_name,
                "created": service.get("created", 0),
                "updated": service.get("updated", 0),
                "unchanged": service.get("unchanged", 0),
            },
        )
    return run


def import_run_require_access(*, actor: Any, district: District | None = None) -> None:
    """Refuse actors who may not import (into ``district``, or into any of their districts)."""
    require(actor=actor, permission=permissions.OFFER_ADD, district=district)
    require(actor=actor, permission=permissions.OFFER_CHANGE, district=district)


@dataclass(frozen=True)
class PurgeResult:
    """Import runs older than ``cutoff`` that were (or, in a dry run, would be) deleted."""

    cutoff: dt.datetime
    deleted: int
    file_names: list[str]


def import_runs_stale(*, older_than_days: int) -> models.QuerySet[ImportRun]:
    """Uploads that were never imported (failed, or checked and left) and are older than the period."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    return ImportRun.objects.filter(
        state__in=[ImportRun.State.FAILED, ImportRun.State.CHECKED], created_at__lt=cutoff
    ).order_by("created_at")


@transaction.atomic
def import_runs_purge(*, actor: Any, commit: bool, older_than_days: int | None = None) -> PurgeResult:
    """Delete uploaded files that were never imported once the retention period
    (``WEGWEISER_IMPORT_RETENTION_DAYS``) is over; imported runs stay as the record of the import.
    Without ``commit`` only counts. Each deletion is recorded in the audit trail."""
    require(actor=actor, permission=permissions.IMPORT_RUN_DELETE)
    days = settings.WEGWEISER_IMPORT_RETENTION_DAYS if older_than_days is None else older_than_days
    if days < 0:
        raise ValidationError(_("The retention period must not be negative."))
    cutoff = timezone.now() - dt.timedelta(days=days)
    runs = list(import_runs_stale(older_than_days=days).select_for_update().only("pk", "file_name", "state"))
    if commit:
        for run in runs:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.DELETE,
                instance=run,
                summary=_("Upload %(file)s deleted after the retention period of %(days)s days")
                % {"file": run.file_name, "days": days},
            )
        ImportRun.objects.filter(pk__in=[run.pk for run in runs]).delete()
    return PurgeResult(cutoff=cutoff, deleted=len(runs), file_names=[run.file_name for run in runs])
