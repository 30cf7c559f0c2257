"""Editions: build in the background, release, immutability, what changed, failures."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from wegweiser.catalog.services.offers import offer_archive
from wegweiser.publishing.models import Edition
from wegweiser.publishing.services.editions import (
    edition_build,
    edition_build_request,
    edition_release,
    edition_update,
)
from wegweiser.publishing.tests.conftest import normalise, pdf_text


@pytest.mark.django_db
def test_build_runs_as_background_task_and_records_progress(
    make_offer: Callable, make_edition: Callable, editor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_offer("Sprachcafé")
    edition = make_edition()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        edition_build_request(actor=editor, edition=edition)
    assert len(callbacks) == 1  # the task was enqueued after the commit (immediate backend in tests)
    edition.refresh_from_db()
    assert edition.build_state == Edition.BuildState.DONE and edition.build_progress == 100
    assert edition.document.pages > 2 and edition.offer_count == 1


@pytest.mark.django_db
def test_released_edition_is_immutable(make_offer: Callable, make_edition: Callable, reviewer: Any) -> None:
    make_offer("Sprachcafé")
    edition = make_edition()
    with pytest.raises(ValidationError):
        edition_release(actor=reviewer, edition=edition)  # not built yet
    edition_build(edition_id=edition.pk)
    edition_release(actor=reviewer, edition=edition)
    edition.refresh_from_db()
    pdf = bytes(edition.document.pdf)
    with pytest.raises(ValidationError):
        edition_update(actor=reviewer, edition=edition, data={"title": "Neu"})
    with pytest.raises(ValidationError):
        edition_build_request(actor=reviewer, edition=edition)
    assert edition_build(edition_id=edition.pk) is False
    edition.refresh_from_db()
    assert bytes(edition.document.pdf) == pdf and edition.title == "Angebotskatalog"


@pytest.mark.django_db
def test_editor_cannot_release(make_offer: Callable, make_edition: Callable, editor: Any) -> None:
    from django.core.exceptions import PermissionDenied

    make_offer("Sprachcafé")
    edition = make_edition()
    edition_build(edition_id=edition.pk)
    with pytest.raises(PermissionDenied):
        edition_release(actor=editor, edition=edition)


@pytest.mark.django_db
def test_failed_build_keeps_the_previous_document(make_offer: Callable, make_edition: Callable) -> None:
    make_offer("Sprachcafé")
    edition = make_edition()
    assert edition_build(edition_id=edition.pk)
    edition.refresh_from_db()
    before = bytes(edition.document.pdf)
    make_offer("Neues Angebot")
    with mock.patch(
        "wegweiser.publishing.services.editions.catalog_pdf_render",
        side_effect=RuntimeError("Schriftart fehlt"),
    ):
        assert edition_build(edition_id=edition.pk) is False
    edition.refresh_from_db()
    assert edition.build_state == Edition.BuildState.FAILED
    assert "Schriftart fehlt" in edition.build_message
    assert bytes(edition.document.pdf) == before and edition.offer_count == 1


@pytest.mark.django_db
def test_edition_lists_new_changed_and_gone_offers(
    make_offer: Callable, make_edition: Callable, reviewer: Any
) -> None:
    kept = make_offer("Bleibt gleich")
    changed = make_offer("Wird geändert")
    gone = make_offer("Fällt weg")
    first = make_edition()
    edition_build(edition_id=first.pk)
    edition_release(actor=reviewer, edition=first)

    from wegweiser.catalog.services.offers import offer_update

    offer_update(actor=reviewer, offer=changed, data={"short_description": "Jetzt auch samstags."})
    offer_archive(actor=reviewer, offer=gone)
    make_offer("Ganz neu")
    second = make_edition()
    edition_build(edition_id=second.pk)
    second.refresh_from_db()
    assert [o["name"] for o in second.changes["new"]] == ["Ganz neu"]
    assert [o["name"] for o in second.changes["changed"]] == ["Wird geändert"]
    assert [o["name"] for o in second.changes["gone"]] == ["Fällt weg"]
    text = normalise("\n".join(pdf_text(bytes(second.document.pdf))))
    assert "Was hat sich geändert?" in text and "Nicht mehr enthaltene Angebote" in text
    assert "Fällt weg" in text and kept.name in text


@pytest.mark.django_db
def test_build_catalog_command_writes_a_pdf(make_offer: Callable, tmp_path: Path) -> None:
    make_offer("Sprachcafé", fields=("sprache-bildung",))
    make_offer("Wohnungssuche", fields=("wohnen",))
    out = tmp_path / "catalog.pdf"
    call_command("build_catalog", "--lang", "de", "--out", str(out), "--field", "sprache-bildung")
    text = normalise("\n".join(pdf_text(out.read_bytes())))
    assert "Sprachcafé" in text and "Wohnungssuche" not in text
    stdout = io.StringIO()
    call_command("build_catalog", "--lang", "de", "--out", str(out), "--engine", "weasyprint", stdout=stdout)
    assert "(weasyprint)" in stdout.getvalue()
    assert "Wohnungssuche" in normalise("\n".join(pdf_text(out.read_bytes())))
