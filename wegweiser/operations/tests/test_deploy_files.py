"""The deployment files: compose.yaml (structure, as `docker compose config` would check it where
no engine runs), Dockerfile and the systemd units (with `systemd-analyze verify` where present)."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from wegweiser.operations.tests.processes import BASE_DIR

APP_SERVICES = ("web", "worker", "scheduler")
# Keys of the Compose specification (compose-spec.json) that a service here may use.
SERVICE_KEYS = {
    "build", "command", "depends_on", "env_file", "environment", "healthcheck", "image", "ports",
    "restart", "stop_grace_period", "volumes",
}  # fmt: skip
HEALTHCHECK_KEYS = {"test", "interval", "timeout", "retries", "start_period"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((BASE_DIR / "compose.yaml").read_text())


def _command(service: dict[str, Any]) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def test_compose_file_has_the_whole_stack(compose: dict[str, Any]) -> None:
    assert set(compose) <= {"name", "services", "volumes", "networks", "secrets", "configs"} | {
        key for key in compose if key.startswith("x-")
    }
    assert set(compose["services"]) == {"db", "redis", *APP_SERVICES}
    assert compose["services"]["db"]["image"].startswith("postgres:")
    assert compose["services"]["redis"]["image"].startswith("redis:")


def test_compose_services_use_only_compose_keys_and_valid_references(compose: dict[str, Any]) -> None:
    services = compose["services"]
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in services.items():
        assert set(service) <= SERVICE_KEYS, name
        assert service["restart"] in {"always", "unless-stopped"}, name
        for dependency, rule in (service.get("depends_on") or {}).items():
            assert dependency in services, (name, dependency)
            assert rule["condition"] in CONDITIONS, (name, dependency)
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            assert source in declared_volumes, (name, mount)
        if "healthcheck" in service:
            assert set(service["healthcheck"]) <= HEALTHCHECK_KEYS, name
            assert service["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, name
        assert isinstance(service.get("environment", {}), dict), name


def test_compose_app_services_share_database_cache_and_files(compose: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        service = compose["services"][name]
        env = service["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production", name
        assert re.fullmatch(
            r"postgres://wegweiser:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432/wegweiser", env["DATABASE_URL"]
        )
        assert env["WEGWEISER_CACHE_URL"].startswith("redis://redis:6379/"), name
        assert env["WEGWEISER_SECRET_KEY"].startswith("${WEGWEISER_SECRET_KEY:?"), name
        assert "media:/var/lib/wegweiser/media" in service["volumes"], name
        assert service["depends_on"]["db"]["condition"] == "service_healthy", name


def test_compose_web_migrates_collects_static_and_serves_with_gunicorn(compose: dict[str, Any]) -> None:
    web = compose["services"]["web"]
    command = _command(web)

    assert command.index("migrate --noinput") < command.index("collectstatic") < command.index("gunicorn")
    assert "gunicorn -c deploy/gunicorn.conf.py" in command
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["ports"] == ["127.0.0.1:8000:8000"]
    assert "manage.py db_worker" in _command(compose["services"]["worker"])
    assert "manage.py scheduler" in _command(compose["services"]["scheduler"])


def test_compose_required_variables_are_in_the_example_environment(compose: dict[str, Any]) -> None:
    text = (BASE_DIR / "compose.yaml").read_text()
    example = (BASE_DIR / "deploy" / "wegweiser.env.example").read_text()
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))

    assert required == {"POSTGRES_PASSWORD", "WEGWEISER_SECRET_KEY", "WEGWEISER_ALLOWED_HOSTS"}
    for variable in required:
        assert re.search(rf"^{variable}=", example, re.MULTILINE), variable


def _compose_command() -> list[str] | None:
    """``docker compose`` (v2 plugin) where the client has it, else Debian's ``docker-compose`` 1.29
    (installed by ``make test``); both validate the file without a Docker engine."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)  # noqa: S607
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def _compose_config(folder: Path, text: str) -> subprocess.CompletedProcess:
    (folder / "compose.yaml").write_text(text)
    (folder / ".env").write_text(
        "POSTGRES_PASSWORD=x\nWEGWEISER_SECRET_KEY=y\nWEGWEISER_ALLOWED_HOSTS=example.org\n"
    )
    command = _compose_command()
    assert command is not None
    return subprocess.run(  # noqa: S603
        [*command, "-f", "compose.yaml", "config", "--quiet"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(_compose_command() is None, reason="neither docker compose nor docker-compose installed")
def test_compose_config_accepts_the_file_and_refuses_a_broken_one(tmp_path: Path) -> None:
    text = (BASE_DIR / "compose.yaml").read_text()
    (tmp_path / "good").mkdir()
    (tmp_path / "broken").mkdir()

    good = _compose_config(tmp_path / "good", text)
    broken = _compose_config(tmp_path / "broken", text.replace("    restart:", "    restrat:", 1))

    assert good.returncode == 0, good.stderr
    assert broken.returncode != 0


def test_dockerfile_installs_the_makefile_packages_without_chromium_and_the_hashed_lock() -> None:
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    makefile = (BASE_DIR / "Makefile").read_text()
    apt_packages = set(re.search(r"^APT_PACKAGES := (.+)$", makefile, re.MULTILINE).group(1).split())  # type: ignore[union-attr]
    installed = re.search(r"--no-install-recommends\s*\\\s*\n\s*(.+?)\s*\\", dockerfile)

    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.MULTILINE)
    assert installed is not None
    assert set(installed.group(1).split()) == apt_packages - {"chromium"}
    assert "--require-hashes -r requirements.lock" in dockerfile
    assert re.search(r"^USER wegweiser$", dockerfile, re.MULTILINE)
    assert 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]' in dockerfile


UNITS = {
    "wegweiser-web.service": "gunicorn -c deploy/gunicorn.conf.py",
    "wegweiser-worker.service": "manage.py db_worker",
    "wegweiser-scheduler.service": "manage.py scheduler",
}


@pytest.mark.parametrize(("unit", "command"), UNITS.items())
def test_systemd_units_restart_read_the_environment_file_and_are_hardened(unit: str, command: str) -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(BASE_DIR / "deploy" / "systemd" / unit)
    service = parser["Service"]

    assert service["ExecStart"].endswith(command)
    assert service["Restart"] == "always"
    assert service["EnvironmentFile"] == "/etc/wegweiser/wegweiser.env"
    assert service["User"] == "wegweiser"
    for option, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
    }.items():
        assert service[option] == value, option
    assert parser["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    # Pointed at this checkout instead of /opt/wegweiser, so that the programs exist.
    for unit in UNITS:
        text = (BASE_DIR / "deploy" / "systemd" / unit).read_text()
        (tmp_path / unit).write_text(text.replace("/opt/wegweiser", str(BASE_DIR)))

    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", *(str(tmp_path / unit) for unit in UNITS)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
