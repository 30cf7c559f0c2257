"""Reading what visitors told the office, scoped to the actor's districts."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum

from wegweiser.access.permissions import MISSED_SEARCH_VIEW, OFFER_REPORT_VIEW, SYNONYM_VIEW
from wegweiser.access.policy import scope
from wegweiser.feedback.models import MissedSearch, OfferReport
from wegweiser.search.models import Synonym

GROUPS_SHOWN = 200


def offer_report_list(*, actor: Any) -> QuerySet[OfferReport]:
    return scope(
        actor=actor,
        queryset=OfferReport.objects.select_related("offer", "district"),
        permission=OFFER_REPORT_VIEW,
    )


@dataclass
class MissedGroup:
    """One search text that found nothing, over a period: how often, on how many days, in
    which languages and municipalities."""

    district_id: Any
    district_name: str
    text: str
    total: int
    days: int
    last_day: dt.date
    languages: list[tuple[str, int]] = field(default_factory=list)  # (ui/content, count)
    municipalities: list[tuple[str, int]] = field(default_factory=list)
    has_synonym: bool = False


def missed_searches_grouped(*, actor: Any, since: dt.date, limit: int = GROUPS_SHOWN) -> list[MissedGroup]:
    """The searches without results since ``since`` in the actor's districts, grouped by text
    and counted, most frequent first (four queries, whatever the number of rows)."""
    rows = scope(
        actor=actor, queryset=MissedSearch.objects.filter(day__gte=since), permission=MISSED_SEARCH_VIEW
    )
    top = list(
        rows.values("district_id", "district__name", "text")
        .annotate(total=Sum("count"), days=Count("day", distinct=True), last_day=Max("day"))
        .order_by("-total", "-last_day", "text")[:limit]
    )
    groups = {
        (r["district_id"], r["text"]): MissedGroup(
            district_id=r["district_id"],
            district_name=r["district__name"],
            text=r["text"],
            total=r["total"],
            days=r["days"],
            last_day=r["last_day"],
        )
        for r in top
    }
    if not groups:
        return []
    texts = {text for _district, text in groups}
    languages: dict[tuple, dict[str, int]] = defaultdict(dict)
    for r in (
        rows.filter(text__in=texts)
        .values("district_id", "text", "ui_language", "content_language")
        .annotate(n=Sum("count"))
        .order_by("-n")
    ):
        label = (
            r["ui_language"]
            if r["ui_language"] == r["content_language"]
            else f"{r['ui_language']}/{r['content_language']}"
        )
        languages[(r["district_id"], r["text"])][label] = r["n"]
    places: dict[tuple, dict[str, int]] = defaultdict(dict)
    for r in (
        rows.filter(text__in=texts, municipality__isnull=False)
        .values("district_id", "text", "municipality__name")
        .annotate(n=Sum("count"))
        .order_by("-n")
    ):
        places[(r["district_id"], r["text"])][r["municipality__name"]] = r["n"]
    synonyms = scope(
        actor=actor,
        queryset=Synonym.objects.filter(district_id__in={d for d, _t in groups}),
        permission=SYNONYM_VIEW,
    )
    with_synonym = {(d, term.lower()) for d, term in synonyms.values_list("district_id", "term")}
    for key, group in groups.items():
        group.languages = list(languages.get(key, {}).items())
        group.municipalities = list(places.get(key, {}).items())
        group.has_synonym = any((group.district_id, w) in with_synonym for w in group.text.split())
    return list(groups.values())
