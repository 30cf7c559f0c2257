"""Importing indicator values: a dry run that reports by row and column, then the same bytes
imported in one transaction — all values or none."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.hsds.readers import max_upload_bytes
from wegweiser.hsds.report import ImportReport
from wegweiser.planning.importing import indicator_values_apply
from wegweiser.planning.importing.cells import COMMA, POINT
from wegweiser.planning.importing.genesis import parse_genesis
from wegweiser.planning.importing.reading import read_csv, read_sheet
from wegweiser.planning.importing.template import parse_template
from wegweiser.planning.models import IndicatorImport

TEMPLATE, GENESIS = IndicatorImport.Format.TEMPLATE, IndicatorImport.Format.GENESIS


class _Rollback(Exception):
    pass


def indicator_values_import(
    *,
    actor: Any,
    district: District,
    file_name: str,
    data: bytes,
    format: str = TEMPLATE,
    decimal_mark: str = COMMA,
    commit: bool = False,
) -> ImportReport:
    """Read ``data`` (the template as .xlsx or .csv, or a GENESIS flat file) and check every value;
    with ``commit`` and no errors, write them all in one transaction. Returns the report (problems
    by file, row and column; counts per indicator of values created, changed and unchanged)."""
    require(actor=actor, permission=permissions.INDICATOR_IMPORT, district=district)
    if format not in (TEMPLATE, GENESIS):
        raise ValueError(f"Unknown format {format!r}")
    if decimal_mark not in (COMMA, POINT):
        raise ValueError(f"Unknown decimal mark {decimal_mark!r}")
    report = ImportReport()
    if len(data) > max_upload_bytes():
        report.error(
            _("The file is larger than %(limit)s MB.") % {"limit": max_upload_bytes() // 2**20},
            file=file_name,
        )
        return report
    sheet = read_sheet(data, file_name, report) if format == TEMPLATE else read_csv(data, file_name, report)
    if sheet is None:
        return report
    if format == GENESIS:
        parsed = parse_genesis(sheet, decimal_mark=decimal_mark, report=report)
    else:
        parsed = parse_template(sheet, decimal_mark=decimal_mark, report=report)
    try:
        with transaction.atomic():
            indicator_values_apply(
                district=district, parsed=parsed, report=report, commit=commit, genesis=format == GENESIS
            )
            if commit and not report.ok:
                raise _Rollback
    except _Rollback:
        report.committed = False
    return report


def _state(report: ImportReport) -> str:
    if not report.ok:
        return IndicatorImport.State.FAILED
    return IndicatorImport.State.COMMITTED if report.committed else IndicatorImport.State.CHECKED


@transaction.atomic
def indicator_import_check(
    *, actor: Any, district: District, file_name: str, data: bytes, format: str, decimal_mark: str = COMMA
) -> IndicatorImport:
    """Keep an uploaded file and check it by a dry run; no value changes."""
    report = indicator_values_import(
        actor=actor,
        district=district,
        file_name=file_name,
        data=data,
        format=format,
        decimal_mark=decimal_mark,
        commit=False,
    )
    run = IndicatorImport(
        district=district,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=file_name[:255],
        format=format,
        decimal_mark=decimal_mark,
        data=data,
        state=_state(report),
        report=report.as_dict(),
    )
    run.full_clean(exclude=["data"])
    run.save()
    return run


@transaction.atomic
def indicator_import_commit(*, actor: Any, run: IndicatorImport) -> IndicatorImport:
    """Import a checked file for real, in one transaction; only a run whose dry run found no
    errors and that was not imported yet."""
    run = IndicatorImport.objects.select_for_update().get(pk=run.pk)
    require(actor=actor, permission=permissions.INDICATOR_IMPORT, obj=run)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if run.state != IndicatorImport.State.CHECKED:
        raise ValidationError(_("This file has already been imported or has errors."))
    report = indicator_values_import(
        actor=actor,
        district=run.district,
        file_name=run.file_name,
        data=bytes(run.data),
        format=run.format,
        decimal_mark=run.decimal_mark,
        commit=True,
    )
    run.state = _state(report)
    run.report = report.as_dict()
    run.save(update_fields=["state", "report", "updated_at"])
    if report.committed:
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        for counts in report.counts.values():
            for outcome in totals:
                totals[outcome] += counts.get(outcome, 0)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=run,
            summary=_(
                "Indicator values imported from %(file)s: %(created)s new, %(updated)s changed, "
                "%(unchanged)s unchanged"
            )
            % {"file": run.file_name, **totals},
        )
    return run
