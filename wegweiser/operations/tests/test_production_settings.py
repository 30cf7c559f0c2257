"""Production settings refuse to run on an implicit SQLite database."""

import pytest

from wegweiser.operations.tests.processes import production_env, run_python

SHOW_DATABASE = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
)


def test_production_settings_refuse_to_start_without_database_url() -> None:
    result = run_python(SHOW_DATABASE, production_env())

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "WEGWEISER_ALLOW_SQLITE" in result.stderr


def test_an_empty_database_url_counts_as_missing() -> None:
    result = run_python(SHOW_DATABASE, production_env(DATABASE_URL=""))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"DATABASE_URL": "sqlite:////tmp/chosen.sqlite3"}, "django.db.backends.sqlite3 /tmp/chosen.sqlite3"),
        ({"WEGWEISER_ALLOW_SQLITE": "true"}, "django.db.backends.sqlite3 "),
        (
            {"DATABASE_URL": "postgres://wegweiser@db.example.org:5432/wegweiser"},
            "django.db.backends.postgresql wegweiser",
        ),
    ],
)
def test_production_settings_start_with_an_explicit_database(extra: dict, expected: str) -> None:
    result = run_python(SHOW_DATABASE, production_env(**extra))

    assert result.returncode == 0, result.stderr
    # Log lines (JSON, on stdout in production) may come first; the printed value is the last line.
    assert result.stdout.strip().splitlines()[-1].startswith(expected.strip())
