"""The OParl import against the local fixture server: pages followed, idempotent (a second run
changes nothing), incremental (``modified_since`` from the newest change seen), dry runs,
errors that change nothing, and the command."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from wegweiser.core.models import AuditEntry
from wegweiser.council.models import AgendaItem, Committee, CouncilBody, CouncilMeeting, OParlSource, Paper
from wegweiser.council.oparl.client import HttpOParlClient, OParlError
from wegweiser.council.services.oparl import council_import, oparl_source_create
from wegweiser.council.tests.oparl_server import OParlServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(district: Any, oparl_server: OParlServer) -> OParlSource:
    return oparl_source_create(actor=None, data={"district": district, "system_url": oparl_server.system_url})


def _counts() -> dict[str, int]:
    return {
        "bodies": CouncilBody.objects.count(),
        "committees": Committee.objects.count(),
        "meetings": CouncilMeeting.objects.count(),
        "agenda_items": AgendaItem.objects.count(),
        "papers": Paper.objects.count(),
    }


def test_import_reads_every_page_of_every_list(source: OParlSource, oparl_server: OParlServer) -> None:
    report = council_import(actor=None, source=source, commit=True)

    assert _counts() == {"bodies": 1, "committees": 3, "meetings": 3, "agenda_items": 3, "papers": 3}
    assert report.counts["papers"].created == 3
    # two items per page: the three papers come on two pages, the second asked through links.next
    assert any("papers?page=2" in r for r in oparl_server.requests)
    meeting = CouncilMeeting.objects.get(oparl_id__endswith="/meeting/11")
    assert meeting.location == "Landratsamt, Raum 201"
    assert meeting.start == dt.datetime(2026, 2, 10, 16, 0, tzinfo=dt.UTC)
    assert [c.short_name for c in meeting.committees.all()] == ["SozA"]
    assert CouncilMeeting.objects.get(oparl_id__endswith="/meeting/13").cancelled
    paper = Paper.objects.get(reference="DS 0412/2026")
    assert paper.date == dt.date(2026, 1, 20) and paper.web == "https://ris.example.org/paper/501"
    assert sorted(i.number for i in paper.agenda_items.all()) == ["2", "7"]
    assert source.last_modified == dt.datetime(2026, 4, 20, 8, 0, tzinfo=dt.UTC)
    assert source.last_report["counts"]["meetings"]["created"] == 3
    entry = AuditEntry.objects.get(object_type="council.oparlsource", action=AuditEntry.Action.STATE)
    assert entry.district_id == source.district_id and "papers: +3" in entry.summary


def test_a_second_run_changes_nothing(source: OParlSource) -> None:
    council_import(actor=None, source=source, commit=True)
    before = {p.pk: p.updated_at for p in Paper.objects.all()}

    report = council_import(actor=None, source=source, commit=True, full=True)

    assert _counts() == {"bodies": 1, "committees": 3, "meetings": 3, "agenda_items": 3, "papers": 3}
    assert all(c.created == 0 and c.updated == 0 for c in report.counts.values())
    assert report.counts["papers"].unchanged == 3
    assert {p.pk: p.updated_at for p in Paper.objects.all()} == before


def test_the_next_run_asks_only_for_changes_since_the_newest_seen(
    source: OParlSource, oparl_server: OParlServer
) -> None:
    council_import(actor=None, source=source, commit=True)
    paper = oparl_server.item("papers", "/paper/502")
    paper["name"] = "Anfrage der Fraktion Beispiel: Sprachkurse und Kinderbetreuung"
    paper["modified"] = "2026-06-01T09:00:00+02:00"
    oparl_server.requests.clear()

    report = council_import(actor=None, source=source, commit=True)

    assert report.modified_since == "2026-04-20T08:00:00+00:00"
    asked = [r for r in oparl_server.requests if "/body/1/" in r]
    assert asked and all("modified_since=2026-04-20T08%3A00%3A00%2B00%3A00" in r for r in asked)
    # only what changed at or after the newest change seen came back
    assert report.counts["papers"].updated == 1 and report.counts["papers"].unchanged == 0
    assert report.counts["meetings"].unchanged == 1  # meeting 13, modified exactly then
    assert Paper.objects.get(reference="AF 0099/2026").name.endswith("Kinderbetreuung")
    source.refresh_from_db()
    assert source.last_modified == dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)


def test_a_dry_run_reports_and_writes_nothing(source: OParlSource) -> None:
    report = council_import(actor=None, source=source, commit=False)

    assert report.counts["papers"].created == 3
    assert sum(_counts().values()) == 0
    source.refresh_from_db()
    assert source.last_modified is None and source.last_run_at is None


def test_an_answer_that_is_not_oparl_changes_nothing(source: OParlSource, oparl_server: OParlServer) -> None:
    oparl_server.item("papers", "/paper/503")["date"] = "kein Datum"

    with pytest.raises(OParlError, match="Kein Datum"):
        council_import(actor=None, source=source, commit=True)

    assert sum(_counts().values()) == 0


def test_an_unreachable_system_gives_a_clear_message(district: Any) -> None:
    source = oparl_source_create(
        actor=None, data={"district": district, "system_url": "http://127.0.0.1:9/oparl/v1/system"}
    )
    with pytest.raises(OParlError, match="nicht erreichbar"):
        council_import(actor=None, source=source, commit=True, client=HttpOParlClient(timeout=2))


def test_only_reviewers_of_the_district_import(
    source: OParlSource, editor: Any, planner: Any, other_reviewer: Any, reviewer: Any
) -> None:
    for actor in (editor, planner, other_reviewer):
        with pytest.raises(PermissionDenied):
            council_import(actor=actor, source=source, commit=True)
    council_import(actor=reviewer, source=source, commit=True)
    assert Paper.objects.filter(district=source.district).count() == 3


def test_the_same_system_in_two_districts_is_kept_apart(
    source: OParlSource, other_district: Any, oparl_server: OParlServer
) -> None:
    other = oparl_source_create(
        actor=None, data={"district": other_district, "system_url": oparl_server.system_url}
    )
    council_import(actor=None, source=source, commit=True)
    council_import(actor=None, source=other, commit=True)

    assert Paper.objects.filter(district=source.district).count() == 3
    assert Paper.objects.filter(district=other_district).count() == 3


def test_command_is_a_dry_run_unless_committed(source: OParlSource, district: Any) -> None:
    out = StringIO()
    call_command("oparl_import", "--district", district.key, stdout=out)
    assert "Dry run" in out.getvalue() and "papers: +3" in out.getvalue()
    assert Paper.objects.count() == 0

    out = StringIO()
    call_command("oparl_import", "--district", district.key, "--commit", stdout=out)
    assert "Imported" in out.getvalue()
    assert Paper.objects.count() == 3


def test_command_names_a_district_without_source(other_district: Any) -> None:
    with pytest.raises(CommandError, match="no council information system"):
        call_command("oparl_import", "--district", other_district.key)
