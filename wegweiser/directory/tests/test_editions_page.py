"""The public page of released printed catalogs and their download."""

from typing import Any

import pytest
from django.test import Client

from wegweiser.publishing.models import Edition, EditionDocument


@pytest.mark.django_db
def test_public_page_lists_only_released_editions_and_serves_their_pdf(
    client: Client, district: Any, django_assert_max_num_queries: Any
) -> None:
    released = Edition.objects.create(
        district=district,
        number=1,
        title="Angebotskatalog 2026",
        language_id="ar",
        state=Edition.State.RELEASED,
    )
    EditionDocument.objects.create(edition=released, pdf=b"%PDF-1.7 test", size=13, pages=12, sha256="0")
    draft = Edition.objects.create(district=district, number=2, title="Entwurf 2027", language_id="de")
    EditionDocument.objects.create(edition=draft, pdf=b"%PDF-1.7 draft", size=14, pages=3, sha256="0")

    with django_assert_max_num_queries(8):
        page = client.get("/de/katalog/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Angebotskatalog 2026" in html and "/de/katalog/1-ar.pdf" in html
    assert "Entwurf 2027" not in html

    download = client.get("/de/katalog/1-ar.pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == b"%PDF-1.7 test"
    assert client.get("/de/katalog/2-de.pdf").status_code == 404
