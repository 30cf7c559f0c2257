"""Frozen analyses: a planner saves the overview (parameters and figures), reads it unchanged
after the catalog changed, and compares two side by side; other districts never see them."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from wegweiser.catalog.models import Offer
from wegweiser.planningui.models import FrozenAnalysis

pytestmark = pytest.mark.django_db


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _freeze(client: Client, name: str, **params: str) -> Any:
    return client.post(reverse("planningui:frozen_create"), {"name": name, **params})


def test_a_frozen_analysis_keeps_its_figures_when_the_catalog_changes(
    make_offer: Any, planner: Any, term: Any
) -> None:
    make_offer("Deutschkurs", fields=("sprache-bildung",))
    client = _client(planner)
    field = term("field_of_action", "sprache-bildung")
    response = _freeze(client, "Bestandsanalyse Sprache & Bildung", field=str(field.pk))
    analysis = FrozenAnalysis.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/analysen/{analysis.pk}/")
    assert analysis.params == {"field": str(field.pk)} and analysis.snapshot["figures"]["offers"] == 1
    assert analysis.created_by == planner
    make_offer("Zweiter Kurs", fields=("sprache-bildung",))
    page = client.get(response["Location"]).content.decode()
    assert "Bestandsanalyse Sprache &amp; Bildung" in page and 'data-ags="16062041"' in page
    assert FrozenAnalysis.objects.get().snapshot["figures"]["offers"] == 1  # not recomputed
    second = _freeze(client, "Später", field=str(field.pk))
    later = FrozenAnalysis.objects.get(name="Später")
    assert later.snapshot["figures"]["offers"] == 2 and second.status_code == 302
    compare = client.get(reverse("planningui:frozen_compare"), {"a": analysis.pk, "b": later.pk})
    rows = {r[0].value: [c.value for c in r[1:4]] for r in compare.context["table"].rows}
    assert rows["Nordhausen, Stadt"] == [1, 2, 1]
    html = compare.content.decode()
    assert html.count("<section") == html.count("</section>") == 2  # side by side, not nested
    headers = compare.context["table"].headers
    assert (
        headers[1].startswith("Angebote (Bestandsanalyse Sprache & Bildung, ") and "(Später, " in headers[2]
    )
    assert client.get(reverse("planningui:frozen_list")).status_code == 200


def test_a_name_is_required(planner: Any) -> None:
    response = _freeze(_client(planner), "  ")
    assert response.status_code == 400 and not FrozenAnalysis.objects.exists()


def test_frozen_analyses_permission_matrix(
    make_offer: Any, planner: Any, reviewer: Any, editor: Any, other_planner: Any, superuser: Any
) -> None:
    make_offer("Deutschkurs")
    saved = _freeze(_client(planner), "Geheimanalyse Nordhausen")
    assert saved.status_code == 302, saved.content
    detail = reverse("planningui:frozen_detail", args=[FrozenAnalysis.objects.get().pk])
    assert _client(reviewer).get(detail).status_code == 200
    assert _client(superuser).get(detail).status_code == 200
    assert _client(editor).get(detail).status_code == 404  # not in scope for editors
    assert _client(editor).get(reverse("planningui:frozen_list")).status_code == 403
    assert _freeze(_client(editor), "x").status_code == 403
    assert _client(other_planner).get(detail).status_code == 404
    assert (
        "Geheimanalyse" not in _client(other_planner).get(reverse("planningui:frozen_list")).content.decode()
    )
    anonymous = Client().get(detail)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert Offer.objects.count() == 1
