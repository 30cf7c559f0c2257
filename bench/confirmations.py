"""Time the confirmation runs of one district: 10,000 published offers of 1,000 organisations,
all due within the notice period. Each run builds the e-mails (one per organisation, every offer
with three signed links) and sends them to a local SMTP server (aiosmtpd, in this process) —
the request run, the reminder run 14 days later and the escalation run 14 days after that.

The query count is measured for the same 1,000 organisations with 2,000 and with 10,000 due
offers: it must not grow with the number of offers (only the batched INSERTs may split)."""

import datetime as dt
import socket
import statistics
import time
from typing import Any

from aiosmtpd.controller import Controller
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from wegweiser.catalog.models import Offer, Organisation
from wegweiser.districts.models import District
from wegweiser.freshness.models import ConfirmationMail, ConfirmationRequest
from wegweiser.freshness.services.runs import confirmations_run

ORGANISATIONS = 1_000


class _Counter:
    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages += 1
        self.bytes += len(envelope.content)
        return "250 Message accepted"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(now: dt.datetime, district: District) -> dict[str, Any]:
    with CaptureQueriesContext(connection) as queries:
        t0, cpu0 = time.perf_counter(), time.process_time()
        report = confirmations_run(now=now, district=district)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    inserts = sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT"))
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),  # this process: Django, SQLite, the SMTP server thread
        "queries": len(queries.captured_queries),
        "inserts": inserts,
        **report.as_dict(),
    }


def _prepare(district: District, due_offers: int) -> int:
    """Give the first 1,000 organisations an e-mail address and all offers to them; make
    ``due_offers`` offers due (confirmed 350 days ago) and the others recently confirmed."""
    ConfirmationMail.objects.filter(district=district).delete()
    ConfirmationRequest.objects.filter(district=district).delete()
    orgs = list(Organisation.objects.filter(district=district).order_by("slug")[:ORGANISATIONS])
    for n, org in enumerate(orgs):
        org.email = f"traeger-{n}@bench.example.org"
    Organisation.objects.bulk_update(orgs, ["email"], batch_size=1000)
    offers = list(Offer.objects.filter(district=district).order_by("slug").only("pk"))
    today = timezone.localdate()
    for n, offer in enumerate(offers):
        offer.organisation_id = orgs[n % len(orgs)].pk
        offer.assured_date = today - dt.timedelta(days=350 if n < due_offers else 10)
    Offer.objects.bulk_update(offers, ["organisation", "assured_date"], batch_size=1000)
    return len(offers)


def measure_confirmations(*, district_key: str, rounds: int = 3) -> dict[str, Any]:
    district = District.objects.get(key=district_key)
    district.office_email = "integration@bench.example.org"
    district.save(update_fields=["office_email"])
    counter = _Counter()
    port = _port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    now = timezone.now()
    result: dict[str, Any] = {"organisations": ORGANISATIONS}
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
        ):
            total = _prepare(district, due_offers=2_000)
            result["request_2000"] = _run(now, district)
            result["offers"] = total
            runs = []
            for _round in range(rounds):  # the request run, from scratch each time
                _prepare(district, due_offers=total)
                counter.messages, counter.bytes = 0, 0
                runs.append(_run(now, district))
                runs[-1]["smtp_messages"] = counter.messages
                runs[-1]["mail_kb_avg"] = round(counter.bytes / max(counter.messages, 1) / 1024, 1)
            result["request_rounds"] = [r["seconds"] for r in runs]
            result["request"] = runs[-1] | {
                "seconds": round(statistics.median(r["seconds"] for r in runs), 2)
            }
            result["second_run"] = _run(now, district)
            counter.messages = 0
            result["reminder"] = _run(now + dt.timedelta(days=14), district)
            result["reminder"]["smtp_messages"] = counter.messages
            counter.messages = 0
            result["escalation"] = _run(now + dt.timedelta(days=28), district)
            result["escalation"]["smtp_messages"] = counter.messages
    finally:
        controller.stop()
    return result
