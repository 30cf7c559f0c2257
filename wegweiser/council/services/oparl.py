"""The OParl import (``council_import``) and the source's settings: bodies, committees,
meetings with their agenda items, and papers of a district's council information system,
updated in place by OParl id (idempotent) and fetched incrementally (``modified_since``)."""

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wegweiser.access.permissions import (
    OPARL_SOURCE_ADD,
    OPARL_SOURCE_CHANGE,
    PAPER_LINK_ADD,
    PAPER_LINK_DELETE,
)
from wegweiser.access.policy import require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import create_audited, delete_audited, update_audited
from wegweiser.core.tenancy import same_district_check
from wegweiser.council.models import (
    AgendaItem,
    Committee,
    CouncilBody,
    CouncilMeeting,
    OParlSource,
    Paper,
    PaperLink,
)
from wegweiser.council.oparl.client import HttpOParlClient, OParlClient, OParlError, list_items
from wegweiser.districts.models import District

SOURCE_FIELDS = frozenset({"system_url", "body_url", "is_active"})
KINDS = ("bodies", "committees", "meetings", "agenda_items", "papers")


@dataclasses.dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclasses.dataclass
class ImportReport:
    """What a run found: per kind of object how many were created, changed and unchanged."""

    committed: bool
    modified_since: str | None
    counts: dict[str, Counts] = dataclasses.field(default_factory=lambda: {k: Counts() for k in KINDS})
    newest: dt.datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "modified_since": self.modified_since,
            "newest": self.newest.isoformat() if self.newest else None,
            "counts": {k: dataclasses.asdict(v) for k, v in self.counts.items()},
        }

    def summary(self) -> str:
        parts = [
            f"{kind}: +{c.created} ~{c.updated} ={c.unchanged}"
            for kind, c in self.counts.items()
            if c.created or c.updated or c.unchanged
        ]
        return "; ".join(parts) or "—"


# ---------------------------------------------------------------- the source's settings


@transaction.atomic
def oparl_source_create(*, actor: Any, data: Mapping[str, Any]) -> OParlSource:
    values = dict(data)
    district = values.pop("district")
    require(actor=actor, permission=OPARL_SOURCE_ADD, district=district)
    unknown = set(values) - SOURCE_FIELDS
    if unknown:
        raise ValueError(f"Unknown OParl source fields: {sorted(unknown)}")
    return create_audited(actor=actor, instance=OParlSource(district=district, **values))


@transaction.atomic
def oparl_source_update(
    *, actor: Any, source: OParlSource, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require(actor=actor, permission=OPARL_SOURCE_CHANGE, obj=source)
    changes = update_audited(
        actor=actor, instance=source, data=data, fields=SOURCE_FIELDS, expected_version=expected_version
    )
    if "system_url" in data or "body_url" in data:
        # Another system or body: the next run fetches everything again.
        OParlSource.objects.filter(pk=source.pk).update(last_modified=None)
        source.last_modified = None
    return changes


# ---------------------------------------------------------------- links to papers


@transaction.atomic
def paper_link_create(*, actor: Any, data: Mapping[str, Any]) -> PaperLink:
    paper, document = data["paper"], data["document"]
    require(actor=actor, permission=PAPER_LINK_ADD, obj=paper)
    same_district_check(district_id=paper.district_id, values={"document": document})
    link = PaperLink(paper=paper, document=document, note=data.get("note", ""))
    return create_audited(actor=actor, instance=link, target=None)


@transaction.atomic
def paper_link_update(
    *, actor: Any, link: PaperLink, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require(actor=actor, permission=PAPER_LINK_ADD, obj=link)
    if "document" in data:
        same_district_check(district_id=link.paper.district_id, values={"document": data["document"]})
    return update_audited(actor=actor, instance=link, data=data, fields={"document", "note"})


@transaction.atomic
def paper_link_delete(*, actor: Any, link: PaperLink) -> None:
    require(actor=actor, permission=PAPER_LINK_DELETE, obj=link)
    delete_audited(actor=actor, instance=link)


# ---------------------------------------------------------------- the import


def _text(value: Any, field: models.Field) -> str:
    text = str(value or "").strip()
    limit = getattr(field, "max_length", None)
    return text[:limit] if limit else text


def _when(value: Any) -> dt.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise OParlError(_("Not a date and time: %(value)s") % {"value": value})
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _day(value: Any) -> dt.date | None:
    if not value:
        return None
    parsed = parse_date(str(value)[:10])
    if parsed is None:
        raise OParlError(_("Not a date: %(value)s") % {"value": value})
    return parsed


class _Run:
    def __init__(self, *, source: OParlSource, client: OParlClient, report: ImportReport) -> None:
        self.source, self.client, self.report = source, client, report
        self.district: District = source.district

    def upsert(
        self, model: type[models.Model], kind: str, item: Mapping[str, Any], values: dict[str, Any]
    ) -> Any:
        oparl_id = item.get("id")
        if not oparl_id or not isinstance(oparl_id, str):
            raise OParlError(_("An OParl object without id: %(item)s") % {"item": str(item)[:200]})
        modified = _when(item.get("modified"))
        if modified and (self.report.newest is None or modified > self.report.newest):
            self.report.newest = modified
        common = {
            "name": item.get("name") or item.get("shortName") or "",
            "web": item.get("web") or "",
            "modified": modified,
            "deleted": bool(item.get("deleted", False)),
        }
        values = common | values
        for name, value in list(values.items()):
            field = model._meta.get_field(name)
            if isinstance(field, models.CharField):
                values[name] = _text(value, field)
        counts = self.report.counts[kind]
        obj = model._default_manager.filter(district=self.district, oparl_id=oparl_id).first()
        if obj is None:
            obj = model(district=self.district, oparl_id=oparl_id, **values)
            obj.full_clean(validate_constraints=False)
            obj.save()
            counts.created += 1
            return obj
        attnames = {n: getattr(model._meta.get_field(n), "attname", n) for n in values}
        changed = [n for n, v in values.items() if getattr(obj, attnames[n]) != v]
        if changed:
            for name in changed:
                setattr(obj, attnames[name], values[name])
            obj.full_clean(validate_constraints=False)
            obj.save(update_fields=[*changed, "updated_at"])
            counts.updated += 1
        else:
            counts.unchanged += 1
        return obj

    def ids(self, model: Any, urls: Any) -> dict[str, Any]:
        wanted = [u for u in (urls or []) if isinstance(u, str)]
        rows = model._default_manager.filter(district=self.district, oparl_id__in=wanted)
        return {row.oparl_id: row.pk for row in rows}

    def run(self) -> None:
        system = self.client.get(self.source.system_url)
        bodies_url = system.get("body")
        if not isinstance(bodies_url, str):
            raise OParlError(
                _("%(url)s is not an OParl system (no body list).") % {"url": self.source.system_url}
            )
        for item in list_items(self.client, bodies_url):
            if self.source.body_url and item.get("id") != self.source.body_url:
                continue
            body = self.upsert(CouncilBody, "bodies", item, {"short_name": item.get("shortName", "")})
            self.body(body, item)

    def body(self, body: CouncilBody, item: Mapping[str, Any]) -> None:
        since = self.report.modified_since
        if isinstance(item.get("organization"), str):
            for org in list_items(self.client, item["organization"], modified_since=since):
                self.upsert(
                    Committee,
                    "committees",
                    org,
                    {
                        "body_id": body.pk,
                        "short_name": org.get("shortName", ""),
                        "classification": org.get("classification") or org.get("organizationType") or "",
                        "start_date": _day(org.get("startDate")),
                        "end_date": _day(org.get("endDate")),
                    },
                )
        if isinstance(item.get("meeting"), str):
            for meeting in list_items(self.client, item["meeting"], modified_since=since):
                self.meeting(body, meeting)
        if isinstance(item.get("paper"), str):
            for paper in list_items(self.client, item["paper"], modified_since=since):
                self.paper(body, paper)

    def meeting(self, body: CouncilBody, item: Mapping[str, Any]) -> None:
        location = item.get("location")
        if isinstance(location, dict):
            location = location.get("description") or location.get("streetAddress") or ""
        meeting = self.upsert(
            CouncilMeeting,
            "meetings",
            item,
            {
                "body_id": body.pk,
                "start": _when(item.get("start")),
                "end": _when(item.get("end")),
                "location": location if isinstance(location, str) else "",
                "cancelled": bool(item.get("cancelled", False)),
            },
        )
        committees = self.ids(Committee, item.get("organization"))
        if set(meeting.committees.values_list("pk", flat=True)) != set(committees.values()):
            meeting.committees.set(committees.values())
        for position, agenda in enumerate(item.get("agendaItem") or []):
            if not isinstance(agenda, dict):
                continue
            self.upsert(
                AgendaItem,
                "agenda_items",
                agenda,
                {
                    "meeting_id": meeting.pk,
                    "number": agenda.get("number", ""),
                    "order": agenda.get("order", position)
                    if isinstance(agenda.get("order"), int)
                    else position,
                    "public": bool(agenda.get("public", True)),
                    "result": agenda.get("result", ""),
                },
            )

    def paper(self, body: CouncilBody, item: Mapping[str, Any]) -> None:
        paper = self.upsert(
            Paper,
            "papers",
            item,
            {
                "body_id": body.pk,
                "reference": item.get("reference", ""),
                "date": _day(item.get("date")),
                "paper_type": item.get("paperType", ""),
            },
        )
        agenda_urls = [c.get("agendaItem") for c in item.get("consultation") or [] if isinstance(c, dict)]
        agenda_ids = list(self.ids(AgendaItem, agenda_urls).values())
        if agenda_ids:
            AgendaItem.objects.filter(pk__in=agenda_ids).exclude(paper=paper).update(paper=paper)


@transaction.atomic
def council_import(
    *, actor: Any, source: OParlSource, commit: bool, client: OParlClient | None = None, full: bool = False
) -> ImportReport:
    """Import the council information system of ``source``'s district. Without ``commit`` the
    run is rolled back (a dry run that reports what would change). ``full`` ignores the newest
    change seen so far and fetches everything. An answer that is not OParl raises ``OParlError``
    and changes nothing."""
    require(actor=actor, permission=OPARL_SOURCE_CHANGE, obj=source)
    since = None if full or source.last_modified is None else source.last_modified.isoformat()
    report = ImportReport(committed=commit, modified_since=since)
    savepoint = transaction.savepoint()
    _Run(source=source, client=client or HttpOParlClient(), report=report).run()
    if not commit:
        transaction.savepoint_rollback(savepoint)
        return report
    transaction.savepoint_commit(savepoint)
    newest = max(filter(None, [source.last_modified, report.newest]), default=None)
    OParlSource.objects.filter(pk=source.pk).update(
        last_modified=newest, last_run_at=timezone.now(), last_report=report.as_dict()
    )
    source.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=source,
        summary=_("OParl import: %(summary)s") % {"summary": report.summary()},
    )
    return report


def council_import_all(*, commit: bool = True) -> dict[str, ImportReport | str]:
    """The nightly run (system actor) over every active source; one failing system does not
    stop the others (its message is returned instead of a report)."""
    results: dict[str, ImportReport | str] = {}
    for source in OParlSource.objects.filter(is_active=True).select_related("district"):
        try:
            results[source.district.key] = council_import(actor=None, source=source, commit=commit)
        except OParlError as error:
            results[source.district.key] = str(error)
    return results
