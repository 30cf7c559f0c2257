"""The periodic jobs of an instance, run by ``manage.py scheduler`` (APScheduler). Jobs only
enqueue django-tasks tasks (the worker runs them) or call a service; each job leaves the database
connection as a long-running process must."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.db import close_old_connections

from wegweiser.operations.services import SCHEDULER, heartbeat_record

logger = logging.getLogger("wegweiser.scheduler")


@dataclass(frozen=True)
class Job:
    id: str
    func: Callable[[], Any]
    trigger: Any


def _job(func: Callable[[], Any]) -> Callable[[], None]:
    def run() -> None:
        close_old_connections()
        try:
            func()
        except Exception:
            logger.exception("Scheduled job %s failed", func.__name__)
        finally:
            close_old_connections()

    run.__name__ = func.__name__
    return run


def heartbeat() -> None:
    """The scheduler's own heartbeat, and one for the worker to run."""
    from wegweiser.operations.tasks import heartbeat_task

    heartbeat_record(name=SCHEDULER)
    result = heartbeat_task.enqueue()
    logger.info("Heartbeat enqueued", extra={"task_id": str(result.id)})


def import_runs_purge() -> None:
    """Failed and unfinished import uploads past the retention period, deleted by the worker."""
    from wegweiser.operations.tasks import import_runs_purge_task

    result = import_runs_purge_task.enqueue()
    logger.info("Import retention enqueued", extra={"task_id": str(result.id)})


def missed_searches_purge() -> None:
    """Counts of searches without results older than WEGWEISER_MISSED_SEARCH_DAYS, deleted."""
    import datetime as dt

    from django.utils import timezone

    from wegweiser.feedback.services import missed_searches_purge as purge

    before = timezone.localdate() - dt.timedelta(days=settings.WEGWEISER_MISSED_SEARCH_DAYS)
    deleted = purge(before=before)
    logger.info("Searches without results purged", extra={"deleted": deleted, "before": str(before)})


def freshness_snapshot_take() -> None:
    """Today's freshness figures of every district, for the trend (idempotent: a second run
    on the same day overwrites the day's row)."""
    from wegweiser.freshness.snapshots import freshness_snapshot_take as take

    taken = take(actor=None)
    logger.info("Freshness snapshots taken", extra={"districts": len(taken)})


def confirmations() -> None:
    """The daily confirmation cycle (ask, remind, escalate, send), run by the worker."""
    from wegweiser.operations.tasks import confirmations_run_task

    result = confirmations_run_task.enqueue()
    logger.info("Confirmation run enqueued", extra={"task_id": str(result.id)})


def oparl_import() -> None:
    """The council information systems' changes since the last run (OParl, every active source)."""
    from wegweiser.council.services.oparl import council_import_all

    results = council_import_all(commit=True)
    for key, result in results.items():
        if isinstance(result, str):
            logger.warning("OParl import failed", extra={"district": key, "error": result})
        else:
            logger.info("OParl import", extra={"district": key, "summary": result.summary()})


def inquiries_remind() -> None:
    """E-mails about council inquiries whose answer is due soon or overdue."""
    from wegweiser.council.services.inquiries import inquiries_remind as remind

    reminded = remind()
    logger.info("Inquiry reminders sent", extra={"reminded": len(reminded)})


def meeting_reminders() -> None:
    """Reminders of the meetings of the district's bodies that begin within the reminder window."""
    from wegweiser.network.services.meetings import meeting_reminders_send

    totals = meeting_reminders_send()
    logger.info("Meeting reminders sent", extra=totals)


def scheduler_jobs() -> list[Job]:
    return [
        Job("heartbeat", _job(heartbeat), IntervalTrigger(seconds=settings.WEGWEISER_HEARTBEAT_SECONDS)),
        Job("import-runs-purge", _job(import_runs_purge), CronTrigger(hour=3, minute=17)),
        Job("missed-searches-purge", _job(missed_searches_purge), CronTrigger(hour=3, minute=41)),
        Job("freshness-snapshot", _job(freshness_snapshot_take), CronTrigger(hour=23, minute=40)),
        # On working days in the morning, so that replies reach an office that is there.
        Job("confirmations", _job(confirmations), CronTrigger(day_of_week="mon-fri", hour=7, minute=30)),
        Job("oparl-import", _job(oparl_import), CronTrigger(hour=4, minute=23)),
        Job(
            "inquiries-remind", _job(inquiries_remind), CronTrigger(day_of_week="mon-fri", hour=7, minute=45)
        ),
        # Hourly: a meeting is reminded of once, when it comes within WEGWEISER_MEETING_REMINDER_HOURS.
        Job("meeting-reminders", _job(meeting_reminders), CronTrigger(minute=12)),
    ]
