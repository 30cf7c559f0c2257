"""``manage.py check --deploy`` under production settings reports nothing."""

from wegweiser.operations.tests.processes import production_env, run_manage


def test_check_deploy_is_clean_under_production_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        WEGWEISER_CACHE_URL="redis://127.0.0.1:6379/5",
    )

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_would_report_a_weak_setting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}", WEGWEISER_HSTS_SECONDS="0")

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
