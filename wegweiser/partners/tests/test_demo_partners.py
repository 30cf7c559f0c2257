"""The demo's partner logins: invented people of demo organisations, not staff, who see only
their organisations' offers in the portal."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from wegweiser.demo.services import demo_district_load
from wegweiser.partners.models import PartnerAccess


@pytest.mark.django_db
def test_demo_partner_logs_in_to_the_portal_and_sees_the_own_organisations(db: Any) -> None:
    result = demo_district_load()
    assert ("traeger", "demo-traeger") in [(u, p) for u, p, _orgs in result["partners"]]
    user = get_user_model().objects.get(username="traeger")
    assert not user.is_staff and user.email.endswith("@example.org")
    names = set(PartnerAccess.objects.filter(user=user).values_list("organisation__name", flat=True))
    assert names and all("(Demo)" in name for name in names)
    client = Client()
    response = client.post("/de/partner/anmelden/", {"username": "traeger", "password": "demo-traeger"})
    assert response.status_code == 302 and response.url == "/de/partner/"  # type: ignore[attr-defined]
    page = client.get("/de/partner/").content.decode()
    assert "Demo" in page and all(name in page for name in names)
    assert "Volkshochschule Nordhausen (Demo)" not in page  # another organisation's
    assert client.get("/admin/").status_code == 302
    assert demo_district_load()["partners"] == result["partners"]  # idempotent
