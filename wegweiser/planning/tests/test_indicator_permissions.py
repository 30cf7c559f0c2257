"""Issue 14's permission rule for indicators: planners and reviewers read them, only reviewers of
the district change them — checked at the services (each role, another district's reviewer) and
through the back office with a POST that would change an indicator."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from wegweiser.districts.models import District
from wegweiser.planning.models import Indicator
from wegweiser.planning.services import indicator_create, indicator_delete, indicator_update
from wegweiser.planning.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

WRITERS = {"reviewer": True, "superuser": True, "planner": False, "editor": False, "other_reviewer": False}


@pytest.mark.parametrize(("who", "allowed"), WRITERS.items())
def test_only_reviewers_of_the_district_create_change_and_delete_indicators(
    request: Any, district: District, other_district: District, who: str, allowed: bool
) -> None:
    actor = request.getfixturevalue(who)
    indicator = IndicatorFactory(district=district, name="Kinder unter 6")
    calls = [
        lambda: indicator_create(actor=actor, district=district, data={"code": "neu", "name": "Neu"}),
        lambda: indicator_update(actor=actor, indicator=indicator, data={"name": "Geändert"}),
        lambda: indicator_delete(actor=actor, indicator=indicator),
    ]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    names = set(Indicator.objects.filter(district=district).values_list("name", flat=True))
    assert names == (({"Neu"}) if allowed else {"Kinder unter 6"})


@pytest.mark.parametrize(("who", "status"), [("planner", 403), ("reviewer", 302), ("editor", 403)])
def test_a_post_to_the_indicator_form_changes_it_only_for_reviewers(
    request: Any, district: District, who: str, status: int
) -> None:
    indicator: Indicator = IndicatorFactory(district=district, name="Kinder unter 6", code="kinder-u6")
    client = Client()
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:planning_indicator_change", args=[indicator.pk])
    data = {
        "district": district.pk,
        "name": "Gekapert",
        "code": "kinder-u6",
        "unit": "Personen",
        "topic": "",
        "description": "",
        "source": "",
        "licence": "",
        "level": indicator.level,
        "aggregation": indicator.aggregation,
        "genesis_code": "",
        "decimals": 0,
        "lock_version": indicator.lock_version,
    }
    response = client.post(url, data)
    assert response.status_code == status, response.content.decode()[:2000]
    indicator.refresh_from_db()
    assert indicator.name == ("Gekapert" if who == "reviewer" else "Kinder unter 6")
    # planners still read it
    if who == "planner":
        assert client.get(url).status_code == 200


def test_planners_read_indicators_in_the_workspace(district: District, planner: Any, reviewer: Any) -> None:
    IndicatorFactory(district=district, name="Kinder unter 6")
    for user in (planner, reviewer):
        client = Client()
        client.force_login(user)
        assert "Kinder unter 6" in client.get(reverse("planningui:overview")).content.decode()
