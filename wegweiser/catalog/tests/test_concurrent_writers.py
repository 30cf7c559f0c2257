"""Several writer PROCESSES saving through the services at once: on a SQLite file (WAL, busy
timeout, BEGIN IMMEDIATE) and, when the suite runs on PostgreSQL, on its test database. No save
may fail and no write may be lost."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from wegweiser.catalog.models import Offer, Organisation
from wegweiser.core.models import AuditEntry

WRITERS = 4
ROUNDS = 20
# Writers that read outside a transaction and send the version they read (retrying conflicts);
# the others read and write in one transaction.
OPTIMISTIC = {2, 3}
ROOT = Path(settings.BASE_DIR)


def _database_url(tmp_path: Path) -> str:
    """A URL for the writer processes that reaches the data this test has committed."""
    if connection.vendor == "sqlite":
        # The test database lives in memory; the writers need a file, as in production.
        path = tmp_path / "writers.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        return f"sqlite:///{path}"
    params = connection.settings_dict
    login = quote(params["USER"]) + (f":{quote(params['PASSWORD'])}" if params.get("PASSWORD") else "")
    return f"postgres://{login}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"


def _run_writers(database_url: str, offer: Offer, tmp_path: Path) -> list[dict]:
    ready = tmp_path / "ready"
    ready.mkdir()
    env = os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    command = [sys.executable, "-m", "wegweiser.catalog.tests.concurrent_writer"]
    processes = [
        subprocess.Popen(  # noqa: S603 - our own module, arguments we built
            [*command, f"w{n}", str(offer.pk), str(ROUNDS), str(ready)]
            + (["--optimistic"] if n in OPTIMISTIC else []),
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    deadline = time.monotonic() + 120
    while len(list(ready.glob("*.ready"))) < WRITERS and time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            break
        time.sleep(0.05)
    (ready / "go").touch()  # every writer starts at the same moment
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def _final_state(database_url: str, offer: Offer) -> dict[str, Any]:
    if connection.vendor != "sqlite":
        offer.refresh_from_db()
        return {
            "description": offer.description,
            "organisations": sorted(
                Organisation.objects.filter(name__startswith="w").values_list("name", flat=True)
            ),
            "updates": AuditEntry.objects.filter(
                object_id=str(offer.pk), action=AuditEntry.Action.UPDATE
            ).count(),
        }
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
        description = db.execute(
            "SELECT description FROM catalog_offer WHERE id = ?", [offer.pk.hex]
        ).fetchone()
        names = db.execute("SELECT name FROM catalog_organisation WHERE name LIKE 'w%'").fetchall()
        updates = db.execute(
            "SELECT count(*) FROM core_auditentry WHERE object_id = ? AND action = 'update'", [str(offer.pk)]
        ).fetchone()
    return {
        "description": description[0],
        "organisations": sorted(n for (n,) in names),
        "updates": updates[0],
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writer_processes_neither_fail_nor_lose_a_write(
    make_offer: Callable[..., Offer], tmp_path: Path
) -> None:
    offer = make_offer("Sprachcafé", publish=False, description="")
    database_url = _database_url(tmp_path)

    reports = _run_writers(database_url, offer, tmp_path)

    assert [error for report in reports for error in report["errors"]] == []
    expected = sorted(f"w{n}-{i}" for n in range(WRITERS) for i in range(ROUNDS))
    state = _final_state(database_url, offer)
    assert sorted(state["description"].split()) == expected  # every append survived, once
    assert state["organisations"] == expected
    assert state["updates"] == WRITERS * ROUNDS
