"""Security headers: Content-Security-Policy with a nonce, Permissions-Policy, Referrer-Policy,
X-Content-Type-Options on every kind of page, and HSTS in the production settings."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("url", ["/de/", "/de/angebote/?q=Kurs", "/admin/login/", "/api/hsds/v3/docs/"])
def test_every_page_sends_the_security_headers(client: Client, district: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    script_src = csp.split("script-src")[1].split(";")[0]
    assert script_src.startswith(" 'self'") and "unsafe" not in script_src
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_a_template_that_uses_the_nonce_gets_it_into_the_policy(rf: Any) -> None:
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">1</script>')

    def view(request: Any) -> HttpResponse:
        return HttpResponse(template.render({"CSP_NONCE": request.csp_nonce}))

    response: Any = CSPMiddleware(view)(rf.get("/"))
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_api_json_has_the_headers_too(client: Client, district: Any, make_offer: Callable) -> None:
    make_offer("Kurs")
    response = client.get("/api/hsds/v3/services")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in response


@override_settings(SECURE_HSTS_SECONDS=31_536_000)
def test_hsts_is_sent_over_https(client: Client, district: Any) -> None:
    assert client.get("/de/", secure=True)["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/de/")  # browsers ignore it over HTTP


def test_production_settings_turn_on_hsts_and_secure_cookies(tmp_path: Path) -> None:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_CONTENT_TYPE_NOSNIFF, s.SECURE_REFERRER_POLICY]))"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "WEGWEISER_SECRET_KEY": "test-only-" + "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEGWEISER_DATABASE_SQLITE": "true",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    hsts, subdomains, session_secure, csrf_secure, nosniff, referrer = json.loads(
        result.stdout.splitlines()[-1]
    )
    assert hsts == 31_536_000 and subdomains is True
    assert session_secure and csrf_secure and nosniff and referrer == "strict-origin-when-cross-origin"
