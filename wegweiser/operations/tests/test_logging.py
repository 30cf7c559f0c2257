"""Structured logging: a request writes one JSON line with its id, path, status and duration."""

import io
import json
import logging
import logging.config
from collections.abc import Iterator

import pytest
from django.test import Client

from config.logging import logging_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    logging.config.dictConfig(logging_config(json=True))
    root = logging.getLogger()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        yield stream
    finally:
        logging.config.dictConfig(logging_config(json=False))


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_request_writes_a_json_log_line(client: Client, json_log: io.StringIO) -> None:
    response = client.get("/admin/login/", headers={"X-Request-ID": "proxy-id-1234"})

    lines = [line for line in _lines(json_log) if line["logger"] == "wegweiser.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["level"] == "INFO"
    assert line["message"] == "GET /admin/login/ 200"
    assert line["method"] == "GET"
    assert line["path"] == "/admin/login/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == "proxy-id-1234"
    assert line["time"].endswith("+00:00")
    assert response["X-Request-ID"] == "proxy-id-1234"


def test_a_request_without_usable_id_gets_a_new_one(client: Client, json_log: io.StringIO) -> None:
    response = client.get("/admin/login/", headers={"X-Request-ID": 'bad"id\n'})

    (line,) = [line for line in _lines(json_log) if line["logger"] == "wegweiser.request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32


def test_log_lines_written_during_a_request_carry_its_id(client: Client, json_log: io.StringIO) -> None:
    client.get("/de/gibt-es-nicht/")

    lines = _lines(json_log)
    not_found = [line for line in lines if line["logger"] == "django.request"]
    request = [line for line in lines if line["logger"] == "wegweiser.request"]
    assert not_found
    assert not_found[0]["request_id"] == request[0]["request_id"]
    assert "request" not in not_found[0]


def test_development_logs_are_plain_text() -> None:
    config = logging_config(json=False)

    assert config["handlers"]["stdout"]["formatter"] == "text"
