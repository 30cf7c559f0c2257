"""Login throttling (django-axes): after five wrong passwords for a user name from one address
that pair is locked out, even with the right password, until the cool-off has passed; logins
and failures are logged and superusers read the log in the admin."""

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _login(client: Client, password: str, username: str = "editor", address: str = "10.0.0.1") -> Any:
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _logged_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_wrong_passwords_lock_the_login_even_for_the_right_password(client: Client, editor: Any) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert _login(client, "falsch").status_code == 200
    assert _login(client, "falsch").status_code == 429  # the fifth failure locks
    response = _login(client, "pw")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Anmeldung gesperrt" in page and "15 Minuten" in page
    assert not _logged_in(client)


def test_after_the_cool_off_the_right_password_works_again(client: Client, editor: Any) -> None:
    for _ in range(5):
        _login(client, "falsch")
    assert _login(client, "pw").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    response = _login(client, "pw")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert _logged_in(client)


def test_the_lockout_is_per_user_name_and_address(client: Client, editor: Any) -> None:
    for _ in range(5):
        _login(client, "falsch")
    assert _login(client, "pw", address="10.0.0.2").status_code == 302


def test_four_failures_then_the_right_password_logs_in_and_resets_the_count(
    client: Client, editor: Any
) -> None:
    for _ in range(4):
        _login(client, "falsch")
    assert _login(client, "pw").status_code == 302
    assert not AccessAttempt.objects.exists()


def test_logins_and_failures_are_logged_and_superusers_read_the_log(client: Client, editor: Any) -> None:
    for _ in range(2):
        _login(client, "falsch")
    _login(client, "pw")
    assert AccessFailureLog.objects.filter(username="editor", ip_address="10.0.0.1").count() == 2
    assert AccessLog.objects.filter(username="editor", ip_address="10.0.0.1").count() == 1

    admin = get_user_model().objects.create_superuser("chefin", "chefin@example.org", "geheim-123")
    client.force_login(admin)
    for url in ("/admin/axes/accesslog/", "/admin/axes/accessfailurelog/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "editor" in response.content.decode()
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    client.force_login(editor)
    assert client.get("/admin/axes/accesslog/").status_code == 403
