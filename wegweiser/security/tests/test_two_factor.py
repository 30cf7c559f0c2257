"""Optional second factor (TOTP, django-otp): staff with a device log in with a code, without
one they are refused; a district can require it, and its staff are sent to the setup page
until they have confirmed a device."""

from typing import Any

import pytest
from axes.models import AccessFailureLog
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.security.two_factor import two_factor_required

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += offset * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def device(editor: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=editor, name="App", confirmed=True)


def _login(client: Client, token: str = "") -> Any:
    data = {"username": "editor", "password": "pw", "otp_token": token}
    return client.post("/admin/login/?next=/admin/", data, REMOTE_ADDR="10.0.0.9")


def test_the_login_page_asks_for_the_code(client: Client) -> None:
    page = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in page and "Code aus der Authenticator-App" in page


def test_login_with_password_and_code_works(client: Client, device: TOTPDevice) -> None:
    response = _login(client, _code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_without_or_with_a_wrong_code_the_login_is_refused_and_logged(
    client: Client, device: TOTPDevice
) -> None:
    response = _login(client)
    assert response.status_code == 200
    assert "Bitte den aktuellen Code aus Ihrer Authenticator-App eingeben." in response.content.decode()
    wrong = str((int(_code(device)) + 1) % 1_000_000).zfill(6)
    response = _login(client, wrong)
    assert "Der Code ist ungültig." in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AccessFailureLog.objects.filter(username="editor").count() == 2


def test_a_session_without_the_code_is_logged_out_of_the_back_office(
    client: Client, editor: Any, device: TOTPDevice
) -> None:
    client.force_login(editor)  # a session that never passed the second factor
    response = client.get("/admin/catalog/offer/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 302


def test_staff_without_a_device_log_in_with_the_password_when_not_required(
    client: Client, editor: Any, district: District
) -> None:
    assert not two_factor_required(editor)
    assert _login(client).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_district_requiring_two_factor_sends_its_staff_to_the_setup_until_confirmed(
    client: Client, editor: Any, district: District
) -> None:
    district.require_two_factor = True
    district.save()
    assert two_factor_required(editor)
    assert _login(client).status_code == 302
    response = client.get("/admin/catalog/offer/")
    assert response.status_code == 302 and response["Location"] == "/admin/zwei-faktor/"

    page = client.get("/admin/zwei-faktor/").content.decode()
    assert "<svg" in page and "Ihr Landkreis verlangt einen zweiten Faktor" in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(
        "/admin/zwei-faktor/", {"otp_token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert response.status_code == 200 and "Der Code ist ungültig." in response.content.decode()
    assert client.get("/admin/").status_code == 302

    response = client.post("/admin/zwei-faktor/", {"otp_token": _code(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/catalog/offer/").status_code == 200
    assert AuditEntry.objects.filter(object_id=str(editor.pk), summary="Zweiter Faktor eingerichtet").exists()


def test_the_setup_page_needs_a_staff_login(client: Client) -> None:
    response = client.get("/admin/zwei-faktor/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
