"""Running ``manage.py`` and Python in subprocesses with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production-like process: only what the test gives, no inherited
    WEGWEISER_ or DATABASE_URL variables."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WEGWEISER_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return (
        keep
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "WEGWEISER_SECRET_KEY": "test-" + "k" * 60,
            "WEGWEISER_ALLOWED_HOSTS": "wegweiser.example.org,127.0.0.1",
            "PYTHONPATH": str(BASE_DIR),
        }
        | extra
    )


def run_python(code: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_manage(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
