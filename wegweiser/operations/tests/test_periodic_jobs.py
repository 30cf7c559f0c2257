"""Periodic jobs: import retention (service and command) and the heartbeats of worker and scheduler."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from wegweiser.core.models import AuditEntry
from wegweiser.hsds.models import ImportRun
from wegweiser.hsds.services.import_runs import import_runs_purge
from wegweiser.operations import scheduler
from wegweiser.operations.models import Heartbeat
from wegweiser.operations.selectors import heartbeat_age

pytestmark = pytest.mark.django_db


def _run(district: Any, name: str, state: str, days_old: int) -> ImportRun:
    run = ImportRun.objects.create(
        district=district, file_name=name, data=b"PK\x03\x04 upload", state=state, report={}
    )
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(days=days_old))
    return run


@pytest.fixture
def runs(district: Any) -> dict[str, ImportRun]:
    return {
        "old_failed": _run(district, "old-failed.xlsx", ImportRun.State.FAILED, 40),
        "old_checked": _run(district, "old-checked.zip", ImportRun.State.CHECKED, 31),
        "old_committed": _run(district, "old-committed.zip", ImportRun.State.COMMITTED, 400),
        "new_failed": _run(district, "new-failed.xlsx", ImportRun.State.FAILED, 29),
    }


def test_purge_without_commit_only_counts(runs: dict[str, ImportRun]) -> None:
    result = import_runs_purge(actor=None, commit=False)

    assert result.deleted == 2
    assert sorted(result.file_names) == ["old-checked.zip", "old-failed.xlsx"]
    assert ImportRun.objects.count() == 4


def test_purge_deletes_never_imported_uploads_past_the_retention_period(runs: dict[str, ImportRun]) -> None:
    result = import_runs_purge(actor=None, commit=True)

    assert result.deleted == 2
    remaining = set(ImportRun.objects.values_list("file_name", flat=True))
    assert remaining == {"old-committed.zip", "new-failed.xlsx"}
    entries = AuditEntry.objects.filter(object_type="hsds.importrun", action=AuditEntry.Action.DELETE)
    assert sorted(e.object_id for e in entries) == sorted(
        [str(runs["old_failed"].pk), str(runs["old_checked"].pk)]
    )


def test_purge_follows_the_retention_setting(runs: dict[str, ImportRun], settings: Any) -> None:
    settings.WEGWEISER_IMPORT_RETENTION_DAYS = 10

    assert import_runs_purge(actor=None, commit=True).deleted == 3


def test_purge_command_is_a_dry_run_unless_committed(runs: dict[str, ImportRun]) -> None:
    out = StringIO()
    call_command("import_runs_purge", stdout=out)
    assert "Would delete" in out.getvalue()
    assert ImportRun.objects.count() == 4

    out = StringIO()
    call_command("import_runs_purge", "--commit", "--days", "35", stdout=out)
    assert "Deleted: 1 uploads" in out.getvalue()
    assert "old-failed.xlsx" in out.getvalue()
    assert not ImportRun.objects.filter(file_name="old-failed.xlsx").exists()


def test_scheduler_heartbeat_job_records_scheduler_and_worker(db: Any) -> None:
    # The jobs themselves (the scheduler wraps them to manage connections, which would end the
    # test's transaction). Test settings run tasks at once, so the enqueued heartbeat task runs as the worker would.
    assert heartbeat_age(name="worker") is None

    scheduler.heartbeat()

    assert set(Heartbeat.objects.values_list("name", flat=True)) == {"scheduler", "worker"}
    age = heartbeat_age(name="worker")
    assert age is not None
    assert age < dt.timedelta(minutes=1)


def test_scheduler_import_retention_job_purges(runs: dict[str, ImportRun]) -> None:
    scheduler.import_runs_purge()

    assert ImportRun.objects.count() == 2


def test_scheduler_jobs_use_the_configured_heartbeat_interval(settings: Any) -> None:
    settings.WEGWEISER_HEARTBEAT_SECONDS = 7
    jobs = {job.id: job for job in scheduler.scheduler_jobs()}

    assert set(jobs) == {
        "heartbeat",
        "import-runs-purge",
        "missed-searches-purge",
        "freshness-snapshot",
        "confirmations",
        "oparl-import",
        "inquiries-remind",
        "meeting-reminders",
    }
    assert jobs["heartbeat"].trigger.interval == dt.timedelta(seconds=7)


def test_the_confirmation_job_runs_on_working_days_and_its_task_runs_the_cycle() -> None:
    from wegweiser.operations.tasks import confirmations_run_task

    jobs = {job.id: job for job in scheduler.scheduler_jobs()}
    assert str(jobs["confirmations"].trigger.fields[4]) == "mon-fri"  # working days
    assert confirmations_run_task.func() == {
        "requested": 0,
        "reminded": 0,
        "escalated": 0,
        "mails_created": 0,
        "sent": 0,
        "failed": 0,
        "left": 0,
    }


def test_the_oparl_job_imports_every_active_source_and_survives_a_failing_one(
    district: Any, other_district: Any
) -> None:
    from wegweiser.council.models import OParlSource, Paper
    from wegweiser.council.services.oparl import oparl_source_create
    from wegweiser.council.tests.oparl_server import OParlServer

    with OParlServer() as server:
        oparl_source_create(actor=None, data={"district": district, "system_url": server.system_url})
        oparl_source_create(
            actor=None, data={"district": other_district, "system_url": f"{server.base}/nirgends"}
        )
        scheduler.oparl_import()

    assert Paper.objects.filter(district=district).count() == 3
    assert OParlSource.objects.get(district=district).last_run_at is not None
    assert OParlSource.objects.get(district=other_district).last_run_at is None
