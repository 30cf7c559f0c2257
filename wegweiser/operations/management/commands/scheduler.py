"""``python manage.py scheduler``: runs the periodic jobs until stopped (SIGTERM/SIGINT)."""

import logging
import signal
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand

from wegweiser.operations.scheduler import scheduler_jobs

logger = logging.getLogger("wegweiser.scheduler")


class Command(BaseCommand):
    help = "Run the periodic jobs (heartbeat, import retention); they enqueue tasks for db_worker."

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for job in scheduler_jobs():
            scheduler.add_job(
                job.func, job.trigger, id=job.id, coalesce=True, max_instances=1, misfire_grace_time=300
            )
            if job.id == "heartbeat":
                # The first heartbeat at once, so that a fresh start is healthy without waiting.
                scheduler.add_job(job.func, id="heartbeat-at-start")

        def stop(signum: int, frame: Any) -> None:
            logger.info("Scheduler stopping (signal %s)", signum)
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logger.info("Scheduler started with jobs: %s", ", ".join(job.id for job in scheduler.get_jobs()))
        scheduler.start()
