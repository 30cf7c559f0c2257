"""The council information system in the back office: the import action, papers with the
meetings that consulted them and the planning documents linked to them, district isolation."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from wegweiser.council.models import OParlSource, Paper, PaperLink
from wegweiser.council.services.oparl import oparl_source_create
from wegweiser.council.tests.oparl_server import OParlServer
from wegweiser.plans.services import document_create

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_reviewer_imports_links_a_document_and_sees_it_on_the_paper(
    district: Any, reviewer: Any, other_reviewer: Any, oparl_server: OParlServer
) -> None:
    source = oparl_source_create(
        actor=None, data={"district": district, "system_url": oparl_server.system_url}
    )
    client = _client(reviewer)
    response = client.post(
        reverse("admin:council_oparlsource_changelist"),
        {"action": "import_now", "_selected_action": [str(source.pk)]},
        follow=True,
    )
    assert "papers: +3" in response.content.decode()
    paper = Paper.objects.get(reference="DS 0412/2026")
    document = document_create(
        actor=None,
        district=district,
        data={"kind": "integration_concept", "title": "Integrationskonzept 2026"},
    )

    added = client.post(reverse("admin:council_paperlink_add"), {"paper": paper.pk, "document": document.pk})

    assert added.status_code == 302
    assert PaperLink.objects.filter(paper=paper, document=document).exists()
    page = client.get(reverse("admin:council_paper_change", args=[paper.pk])).content.decode()
    assert "Integrationskonzept 2026" in page and "TOP 7" in page and "beschlossen" in page
    assert "https://ris.example.org/paper/501" in page
    assert (
        _client(other_reviewer).get(reverse("admin:council_paper_change", args=[paper.pk])).status_code == 404
    )


def test_a_link_to_another_districts_document_is_refused(
    district: Any, other_district: Any, reviewer: Any
) -> None:
    paper = Paper.objects.create(district=district, oparl_id="https://ris.example.org/p/1", name="Vorlage")
    foreign = document_create(
        actor=None, district=other_district, data={"kind": "strategy", "title": "Fremd"}
    )

    response = _client(reviewer).post(
        reverse("admin:council_paperlink_add"), {"paper": paper.pk, "document": foreign.pk}
    )

    assert response.status_code == 200  # the form again, with an error
    assert not PaperLink.objects.exists()


def test_the_papers_list_shows_only_the_own_district(
    district: Any, other_district: Any, planner: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        Paper.objects.create(district=district, oparl_id=f"https://a.example.org/{n}", name=f"Vorlage A{n}")
    Paper.objects.create(district=other_district, oparl_id="https://b.example.org/1", name="Vorlage B")
    client = _client(planner)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:council_paper_changelist")).content.decode()
    assert "Vorlage A4" in page and "Vorlage B" not in page
    assert OParlSource.objects.count() == 0
