"""Searches that found nothing as a demand signal for planning.

The public directory counts every text search without a result (``feedback.MissedSearch``: per
district, normalised text, languages, the municipality if the visitor chose exactly one, and
day). Here those counts are read for one district, over a period ending on the planner's *as of*
date, compared with the same period ending on the *change since* date, and mapped to fields of
action: a search text belongs to a field of action when one of its words — or a word the
district's synonym list gives for it — matches a word of the field's name, of its sub-terms'
names or of their translations (compared as stems, German and English; a longer German word
counts when it starts or ends with the field's word, e.g. "Sprachkurs" → "Sprache"). A text can
belong to several fields of action, or to none.

Reading only; the actor must be allowed to plan in the district (``PLANNING_VIEW``) and to read
the searches (``MISSED_SEARCH_VIEW``). Five queries, whatever the number of searches."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone

from wegweiser.access.permissions import MISSED_SEARCH_VIEW, PLANNING_VIEW
from wegweiser.access.policy import require, scope
from wegweiser.catalog.models import Taxonomy, TaxonomyTerm, TaxonomyTermTranslation
from wegweiser.districts.models import District, Municipality
from wegweiser.feedback.models import MissedSearch
from wegweiser.search.models import Synonym
from wegweiser.search.normalise import query_variants, words

PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 90
STEM_LANGUAGES = ["de", "en"]
# A field's word of this length or more also matches as the start or the end of a longer
# (German compound) word: "kinder" → "Kinderbetreuung", "beratung" → "Schuldnerberatung".
COMPOUND_MIN = 4


@dataclass
class DemandText:
    """One search text: searches in the period and in the period before the comparison date."""

    text: str
    now: int
    then: int | None
    field_ids: list[Any] = field(default_factory=list)
    municipalities: list[tuple[str, int]] = field(default_factory=list)  # in the period

    @property
    def change(self) -> int | None:
        return None if self.then is None else self.now - self.then


@dataclass
class DemandField:
    """A field of action (``term`` None: texts matching none) with its searches."""

    term: TaxonomyTerm | None
    now: int = 0
    then: int | None = None
    texts: list[DemandText] = field(default_factory=list)

    @property
    def change(self) -> int | None:
        return None if self.then is None else self.now - self.then


@dataclass
class Demand:
    district: District
    municipality: Municipality | None
    start: dt.date  # first day of the period
    end: dt.date  # last day of the period (the as-of date)
    days: int
    since_start: dt.date | None  # the comparison period, ending on the change-since date
    since_end: dt.date | None
    kept_from: dt.date  # counts of earlier days are deleted (WEGWEISER_MISSED_SEARCH_DAYS)
    fields: list[DemandField]
    texts: list[DemandText]  # most frequent first

    @property
    def total(self) -> int:
        return sum(t.now for t in self.texts)

    @property
    def total_then(self) -> int | None:
        return None if self.since_end is None else sum(t.then or 0 for t in self.texts)

    @property
    def change(self) -> int | None:
        then = self.total_then
        return None if then is None else self.total - then

    @property
    def incomplete(self) -> bool:
        """A period reaches back before the oldest counts kept: its figures are too low."""
        first = self.since_start or self.start
        return min(first, self.start) < self.kept_from


def _window(end: dt.date, days: int) -> tuple[dt.date, dt.date]:
    return end - dt.timedelta(days=days - 1), end


def _stems(text: str) -> set[str]:
    return {s for w in words(text) for s in query_variants(w, STEM_LANGUAGES) if s}


def field_vocabulary() -> dict[Any, set[str]]:
    """Per top-level field of action: the stems of its name, slug and the names of its
    sub-terms, in German and every translation (two queries)."""
    terms = list(
        TaxonomyTerm.objects.filter(taxonomy__role=Taxonomy.Role.FIELD_OF_ACTION).values_list(
            "pk", "parent_id", "name", "slug"
        )
    )
    parents = {pk: parent for pk, parent, _n, _s in terms}

    def top(pk: Any) -> Any:
        seen = set()
        while parents.get(pk) is not None and pk not in seen:
            seen.add(pk)
            pk = parents[pk]
        return pk

    vocabulary: dict[Any, set[str]] = defaultdict(set)
    for pk, _parent, name, slug in terms:
        vocabulary[top(pk)] |= _stems(name) | _stems(slug.replace("-", " "))
    for master_id, name in TaxonomyTermTranslation.objects.filter(
        master__taxonomy__role=Taxonomy.Role.FIELD_OF_ACTION
    ).values_list("master_id", "name"):
        if name and master_id in parents:
            vocabulary[top(master_id)] |= _stems(name)
    return dict(vocabulary)


def synonym_words(synonyms: Iterable[tuple[str, str, bool]]) -> dict[str, set[str]]:
    """What a search word also finds, from the district's synonym list (term, equivalents,
    two_way): the term finds its equivalents; in a two-way entry every word finds the others."""
    found: dict[str, set[str]] = defaultdict(set)
    for term, equivalents, two_way in synonyms:
        group = [term.lower()] + [w.strip().lower() for w in equivalents.split(",") if w.strip()]
        found[group[0]] |= set(group[1:])
        if two_way:
            for word in group[1:]:
                found[word] |= set(group) - {word}
    return dict(found)


def fields_for_text(
    text: str, *, vocabulary: dict[Any, set[str]], synonyms: dict[str, set[str]]
) -> list[Any]:
    """The fields of action (ids) a search text belongs to, in the order of ``vocabulary``. A
    word that is one of a field's words exactly belongs to that field only ("ausbildung": not
    also "Bildung"); otherwise a compound counts for each field word it starts or ends with."""
    candidates = set(words(text))
    for word in list(candidates):
        candidates |= synonyms.get(word, set())
    stems = {s for w in candidates for s in query_variants(w, STEM_LANGUAGES) if s}
    found: set[Any] = set()
    for stem in stems:
        exact = {pk for pk, known in vocabulary.items() if stem in known}
        found |= exact or {
            pk
            for pk, known in vocabulary.items()
            if any(len(k) >= COMPOUND_MIN and (stem.startswith(k) or stem.endswith(k)) for k in known)
        }
    return [pk for pk in vocabulary if pk in found]


def missed_search_demand(
    *,
    actor: Any,
    district: District,
    on: dt.date | None = None,
    days: int = DEFAULT_PERIOD,
    since: dt.date | None = None,
    municipality: Municipality | None = None,
) -> Demand:
    """Searches without results in ``district`` (or those where the visitor chose
    ``municipality``) over the ``days`` ending on ``on`` (default today), compared with the
    ``days`` ending on ``since``, per search text and per field of action."""
    require(actor=actor, permission=PLANNING_VIEW, district=district)
    require(actor=actor, permission=MISSED_SEARCH_VIEW, district=district)
    if municipality is not None and municipality.district_id != district.pk:
        raise ValueError("municipality of another district")
    end = on or timezone.localdate()
    start, _end = _window(end, days)
    now_window = Q(day__gte=start, day__lte=end)
    windows = now_window
    sums = {"now": Sum("count", filter=now_window)}
    since_start = since_end = None
    if since is not None:
        since_start, since_end = _window(since, days)
        then_window = Q(day__gte=since_start, day__lte=since_end)
        windows |= then_window
        sums["then"] = Sum("count", filter=then_window)
    rows = scope(
        actor=actor, queryset=MissedSearch.objects.filter(district=district), permission=MISSED_SEARCH_VIEW
    )
    if municipality is not None:
        rows = rows.filter(municipality=municipality)
    texts: dict[str, DemandText] = {}
    for r in rows.filter(windows).values("text").annotate(**sums).order_by():
        texts[r["text"]] = DemandText(
            text=r["text"], now=r["now"] or 0, then=(r.get("then") or 0) if since is not None else None
        )
    if municipality is None and texts:
        for r in (
            rows.filter(now_window, municipality__isnull=False)
            .values("text", "municipality__name")
            .annotate(n=Sum("count"))
            .order_by("-n", "municipality__name")
        ):
            texts[r["text"]].municipalities.append((r["municipality__name"], r["n"]))
    vocabulary = field_vocabulary() if texts else {}
    synonyms = synonym_words(
        scope(actor=actor, queryset=Synonym.objects.filter(district=district), permission=MISSED_SEARCH_VIEW)
        .values_list("term", "equivalents", "two_way")
        .order_by("term")
        if texts
        else []
    )
    ordered = sorted(texts.values(), key=lambda t: (-t.now, -(t.then or 0), t.text))
    terms = {
        t.pk: t
        for t in TaxonomyTerm.objects.filter(pk__in=list(vocabulary), parent__isnull=True).order_by(
            "sort_order", "name"
        )
    }
    groups = {pk: DemandField(term=term, then=0 if since else None) for pk, term in terms.items()}
    unassigned = DemandField(term=None, then=0 if since else None)
    for text in ordered:
        text.field_ids = [
            pk for pk in fields_for_text(text.text, vocabulary=vocabulary, synonyms=synonyms) if pk in groups
        ]
        for group in [groups[pk] for pk in text.field_ids] or [unassigned]:
            group.now += text.now
            if group.then is not None:
                group.then += text.then or 0
            group.texts.append(text)
    fields = sorted(groups.values(), key=lambda g: (-g.now, list(terms).index(g.term.pk) if g.term else 0))
    fields = [g for g in fields if g.now or g.then] + ([unassigned] if unassigned.texts else [])
    return Demand(
        district=district,
        municipality=municipality,
        start=start,
        end=end,
        days=days,
        since_start=since_start,
        since_end=since_end,
        kept_from=timezone.localdate() - dt.timedelta(days=settings.WEGWEISER_MISSED_SEARCH_DAYS),
        fields=fields,
        texts=ordered,
    )
