"""Periodic background tasks: the scheduler enqueues them, the worker (``db_worker``) runs them.
Tasks are thin: they call the service."""

from django_tasks import task


@task()
def heartbeat_task() -> str:
    """Run by the worker: proves that the scheduler enqueues and the worker executes."""
    from wegweiser.operations.services import WORKER, heartbeat_record

    return heartbeat_record(name=WORKER).seen_at.isoformat()


@task()
def import_runs_purge_task() -> int:
    """Delete failed and unfinished import uploads older than the retention period."""
    from wegweiser.hsds.services.import_runs import import_runs_purge

    return import_runs_purge(actor=None, commit=True).deleted


@task()
def confirmations_run_task() -> dict[str, int]:
    """Ask providers to confirm their offers, remind, escalate, send waiting e-mails."""
    from wegweiser.freshness.services.runs import confirmations_run

    return confirmations_run().as_dict()
