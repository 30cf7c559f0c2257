"""Imports as the back office runs them: upload and dry run first, commit the same bytes later."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import require_permission
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
    if actor is not None and run.actor_id != actor.pk and not actor.has_perm("catalog.publish_offer"):
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


def import_run_require_access(*, actor: Any) -> None:
    require_permission(actor, "catalog.add_offer")
    require_permission(actor, "catalog.change_offer")
