"""/healthz: database, cache and worker heartbeat; 503 naming what failed; no auth, session or cache."""

import datetime as dt
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone

from wegweiser.operations import health
from wegweiser.operations.services import heartbeat_record

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_database_cache_and_worker_are(client: Client) -> None:
    heartbeat_record(name="worker")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "worker": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_without_any_heartbeat_names_the_worker(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["cache"] == "ok"
    assert response.json()["worker"] == "failed: no heartbeat yet"


def test_healthz_with_a_stale_heartbeat_names_the_worker(client: Client, settings: Any) -> None:
    settings.WEGWEISER_HEARTBEAT_MAX_AGE_SECONDS = 120
    heartbeat_record(name="worker", at=timezone.now() - dt.timedelta(seconds=500))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["worker"].startswith("failed: last heartbeat 5")
    assert "limit 120 s" in response.json()["worker"]


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
)
def test_healthz_names_an_unreachable_cache(client: Client) -> None:
    heartbeat_record(name="worker")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failed: ConnectionError", "worker": "ok"}


def test_healthz_names_an_unreachable_database(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_database", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "database": "failed: OperationalError",
        "cache": "ok",
        "worker": "unknown: database unavailable",
    }


def test_healthz_needs_no_login_and_answers_only_reads(client: Client) -> None:
    heartbeat_record(name="worker")

    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
