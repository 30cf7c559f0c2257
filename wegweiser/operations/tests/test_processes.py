"""The production processes as a district runs them: gunicorn with deploy/gunicorn.conf.py, the
task worker and the scheduler, on a SQLite file with production settings. /healthz turns healthy
once the scheduler has enqueued a heartbeat and the worker has run it. Everything is stopped at
the end; the whole test is bounded in time."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from wegweiser.operations.tests.processes import BASE_DIR, production_env, run_manage

DEADLINE_SECONDS = 150


def _free_port() -> int:
    for port in range(8141, 8150):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[str, dict[str, Path]]]:
    port = _free_port()
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'wegweiser.sqlite3'}",
        WEGWEISER_MEDIA_ROOT=str(tmp_path / "media"),
        WEGWEISER_BIND=f"127.0.0.1:{port}",
        WEGWEISER_WEB_WORKERS="1",
        WEGWEISER_HEARTBEAT_SECONDS="1",
        WEGWEISER_HEARTBEAT_MAX_AGE_SECONDS="30",
    )
    migrated = run_manage("migrate", "--noinput", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    commands = {
        "web": [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        "worker": [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"],
        "scheduler": [sys.executable, "manage.py", "scheduler"],
    }
    logs = {name: tmp_path / f"{name}.log" for name in commands}
    processes = {}
    try:
        for name, command in commands.items():
            with logs[name].open("wb") as log:
                processes[name] = subprocess.Popen(  # noqa: S603 - our own interpreter
                    command,
                    cwd=BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        yield f"http://127.0.0.1:{port}", logs
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def test_gunicorn_worker_and_scheduler_processes_make_healthz_healthy(
    stack: tuple[str, dict[str, Path]],
) -> None:
    url, logs = stack
    deadline = time.monotonic() + DEADLINE_SECONDS
    answer: tuple[int, dict] = (0, {})
    while time.monotonic() < deadline:
        try:
            answer = _get(f"{url}/healthz")
        except (OSError, ValueError):
            answer = (0, {})
        if answer[0] == 200:
            break
        time.sleep(1)
    assert answer == (200, {"database": "ok", "cache": "ok", "worker": "ok"}), {
        name: path.read_text(errors="replace")[-3000:] for name, path in logs.items()
    }

    def healthy_request_logged() -> bool:
        # gunicorn writes the access line after the response has gone out: wait for it a moment.
        lines = [
            line for line in logs["web"].read_text(errors="replace").splitlines() if line.startswith("{")
        ]
        access = [json.loads(line) for line in lines if '"gunicorn.access"' in line]
        return any(line.get("path") == "/healthz" and line.get("status") == 200 for line in access)

    logged_by = time.monotonic() + 10
    while not healthy_request_logged() and time.monotonic() < logged_by:
        time.sleep(0.2)
    output = {name: path.read_text(errors="replace")[-3000:] for name, path in logs.items()}
    assert healthy_request_logged(), output["web"]
    assert "heartbeat" in output["scheduler"].lower(), output["scheduler"]
