"""The public directory's search: full text plus facets with counts.

Facets are disjunctive, as in every mature faceted search: values within one facet are
alternatives (OR), facets combine with AND, and each facet's counts are computed with every
other facet's selection applied but not its own, so that counts say what a click will give.

Everything is computed by the database per request, so nothing is cached per process and an
edit is visible (and cheap) at once: the filtered set is a subquery; the counts are GROUP BY
queries over the offer's link tables restricted to that subquery (one per facet family, plus one
per facet with a selection); the page is ``ORDER BY rank DESC, name LIMIT``, with the rank
computed by the search index (see ``wegweiser.search.selectors.TextQuery``). Only one page of
ids comes back to Python. See docs/search.md.
"""

# ruff: noqa: S608 - SQL built here from model table names and fixed fragments; values are parameters
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, Field, Func, Prefetch, Q, QuerySet
from django.db.models.functions import Collate, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models import (
    Location,
    Offer,
    OfferLocation,
    Taxonomy,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from wegweiser.catalog.selectors.cards import Card, offer_cards
from wegweiser.catalog.selectors.public import offer_public_queryset, translations_for
from wegweiser.catalog.translation import Localised, localise
from wegweiser.core.models import Language
from wegweiser.districts.models import District, Municipality
from wegweiser.search.selectors import Ranked, TextQuery, offer_text_query, ranked_from_rank
from wegweiser.search.services import PUBLIC_STATUSES

TAXONOMY_FACETS = {
    "field": (Taxonomy.Role.FIELD_OF_ACTION, _("Field of action")),
    "group": (Taxonomy.Role.TARGET_GROUP, _("Target group")),
    "kind": (Taxonomy.Role.KIND, _("Kind of offer")),
}
FLAG_FACETS = {
    "free": _("Free of charge"),
    "childcare": _("Childcare"),
    "accessible": _("Barrier-free"),
}
FACET_KEYS = [*TAXONOMY_FACETS, "language", "municipality", *FLAG_FACETS]


@dataclass
class Criteria:
    """What the visitor asked for; values are slugs or codes as they appear in the URL."""

    text: str = ""
    selected: dict[str, set[str]] = field(default_factory=dict)
    page: int = 1

    @property
    def selected_count(self) -> int:
        return sum(len(values) for values in self.selected.values())


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    language: str = ""  # language of the label when it is not the requested one


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    options: list[FacetOption]
    is_flag: bool = False


@dataclass
class DirectoryResult:
    page: Page
    cards: list[Card]
    facets: list[Facet]
    total: int
    ranks: dict[uuid.UUID, Ranked]


@dataclass(frozen=True)
class _Labels:
    """Display labels of the facets and of the result cards, loaded per request (small tables)."""

    facets: dict[str, list[tuple[str, str, str]]]  # facet → (value, label, label language)
    term_values: dict[uuid.UUID, tuple[str, str]]  # term id → (facet key, slug)
    municipality_slugs: dict[uuid.UUID, str]
    term_labels: dict[uuid.UUID, tuple[tuple[bool, int], Localised]]
    language_names: dict[str, str]


def _labels(district: District, language: str, ui: str) -> _Labels:
    facets: dict[str, list[tuple[str, str, str]]] = {}
    terms = TaxonomyTerm.objects.select_related("taxonomy").prefetch_related(
        Prefetch("translations", queryset=translations_for(TaxonomyTermTranslation, language))
    )
    role_to_key = {role: key for key, (role, _label) in TAXONOMY_FACETS.items()}
    by_role: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    term_values: dict[uuid.UUID, tuple[str, str]] = {}
    term_labels: dict[uuid.UUID, tuple[tuple[bool, int], Localised]] = {}
    for term in terms.order_by("sort_order", "name"):
        text = localise(term, "name", language, also=(ui,))
        role = term.taxonomy.role
        by_role[role].append((term.slug, text.text, text.language))
        term_labels[term.pk] = ((role != Taxonomy.Role.FIELD_OF_ACTION, term.sort_order), text)
        if role in role_to_key:
            term_values[term.pk] = (role_to_key[role], term.slug)
    for key, (role, _label) in TAXONOMY_FACETS.items():
        facets[key] = by_role.get(role, [])
    languages = list(Language.objects.all())
    facets["language"] = [(lang.code, lang.name_for(ui), ui) for lang in languages]
    municipalities = list(district.municipalities.order_by("name"))
    facets["municipality"] = [(m.slug, m.short_name, "de") for m in municipalities]
    for key in FLAG_FACETS:
        facets[key] = [("1", str(FLAG_FACETS[key]), ui)]
    return _Labels(
        facets=facets,
        term_values=term_values,
        municipality_slugs={m.pk: m.slug for m in municipalities},
        term_labels=term_labels,
        language_names={lang.code: (lang.name_de if ui == "de" else lang.name_en) for lang in languages},
    )


def _selection(district: District, key: str, wanted: set[str]) -> Q:
    """Offers having any of the wanted values of one facet (a condition on ``Offer``)."""
    if key in TAXONOMY_FACETS:
        links = Offer.terms.through.objects.filter(
            taxonomyterm__taxonomy__role=TAXONOMY_FACETS[key][0], taxonomyterm__slug__in=wanted
        )
        return Q(pk__in=links.values("offer_id"))
    if key == "language":
        return Q(pk__in=Offer.languages.through.objects.filter(language_id__in=wanted).values("offer_id"))
    if key == "municipality":
        places = Municipality.objects.filter(district=district, slug__in=wanted)
        return (
            (Q(serves_whole_district=True) & Q(Exists(places)))
            | Q(
                pk__in=Offer.municipalities.through.objects.filter(municipality__in=places).values("offer_id")
            )
            | Q(pk__in=OfferLocation.objects.filter(location__municipality__in=places).values("offer_id"))
        )
    if "1" not in wanted:  # flags have the one value "1"
        return Q(pk__in=[])
    if key == "free":
        return Q(cost_free=True)
    if key == "childcare":
        return Q(childcare_available=True)
    return Q(pk__in=_accessible_places().values("offer_id"))


def _accessible_places() -> QuerySet[OfferLocation]:
    return OfferLocation.objects.filter(location__accessibility=Location.Accessibility.YES)


FLAG_BITS = {"free": 1, "childcare": 2, "whole": 4}


def _counts_sql(scopes: dict[str, QuerySet[Offer]], families: dict[str, set[str]]) -> tuple[str, list]:
    """One statement for every count: each scope is computed once (a materialised CTE: the
    offers' ids and flags), then one GROUP BY per facet family over the offers' link tables.
    Rows: (scope, part, value as text, count)."""
    qn = connection.ops.quote_name
    tables = {
        "terms": qn(Offer.terms.through._meta.db_table),
        "languages": qn(Offer.languages.through._meta.db_table),
        "area": qn(Offer.municipalities.through._meta.db_table),
        "places": qn(OfferLocation._meta.db_table),
        "locations": qn(Location._meta.db_table),
    }
    ctes, params, parts, part_params = [], [], [], []
    for name, scope in scopes.items():
        sql, scope_params = (
            scope.order_by()
            .values_list("pk", "cost_free", "childcare_available", "serves_whole_district")
            .query.sql_with_params()
        )
        ctes.append(f"{name}(pk, free, childcare, whole) AS MATERIALIZED ({sql})")
        params += scope_params
        ids = f"(SELECT pk FROM {name})"
        wanted = families[name]
        if "total" in wanted:
            parts.append(f"SELECT '{name}', 'total', '', COUNT(*) FROM {name}")
        if "terms" in wanted:
            parts.append(
                f"SELECT '{name}', 'terms', CAST(t.taxonomyterm_id AS TEXT), COUNT(*) "
                f"FROM {tables['terms']} t WHERE t.offer_id IN {ids} GROUP BY t.taxonomyterm_id"
            )
        if "language" in wanted:
            parts.append(
                f"SELECT '{name}', 'language', CAST(l.language_id AS TEXT), COUNT(*) "
                f"FROM {tables['languages']} l WHERE l.offer_id IN {ids} GROUP BY l.language_id"
            )
        if "flags" in wanted:
            bits = (
                "(CASE WHEN free THEN 1 ELSE 0 END) + (CASE WHEN childcare THEN 2 ELSE 0 END)"
                " + (CASE WHEN whole THEN 4 ELSE 0 END)"
            )
            parts.append(
                f"SELECT '{name}', 'flags', CAST({bits} AS TEXT), COUNT(*) FROM {name} GROUP BY {bits}"
            )
            parts.append(
                f"SELECT '{name}', 'accessible', '', COUNT(DISTINCT ol.offer_id) FROM {tables['places']} ol "
                f"JOIN {tables['locations']} loc ON loc.id = ol.location_id "
                f"WHERE ol.offer_id IN {ids} AND loc.accessibility = %s"
            )
            part_params.append(Location.Accessibility.YES)
        if "municipality" in wanted:
            narrow = f"(SELECT pk FROM {name} WHERE NOT whole)"
            parts.append(
                f"SELECT '{name}', 'municipality', CAST(u.m AS TEXT), COUNT(*) FROM ("
                f"SELECT a.offer_id AS o, a.municipality_id AS m FROM {tables['area']} a "
                f"WHERE a.offer_id IN {narrow} "
                f"UNION SELECT ol.offer_id, loc.municipality_id FROM {tables['places']} ol "
                f"JOIN {tables['locations']} loc ON loc.id = ol.location_id "
                f"WHERE ol.offer_id IN {narrow} AND loc.municipality_id IS NOT NULL"
                ") u GROUP BY u.m"
            )
    # Parameters: the CTEs' first, then the parts' (in the order the placeholders appear).
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts)
    ordered: list = []
    for part in parts:
        if "%s" in part:
            ordered.append(part_params.pop(0))
    return sql, params + ordered


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


FAMILY = {**dict.fromkeys(TAXONOMY_FACETS, "terms"), "language": "language", "municipality": "municipality"}
FAMILY |= dict.fromkeys(FLAG_FACETS, "flags")


def _facet_counts(
    labels: _Labels,
    chosen: dict[str, Q],
    scope_without: Callable[[str | None], QuerySet[Offer]],
) -> tuple[dict[str, dict[str, int]], int]:
    """Counts per facet and value, and the number of results, in one query. Facets without a
    selection share one scope (every selection applied); a facet with a selection is counted
    over the scope of every other facet's selection."""
    scopes = {"s_all": scope_without(None)}
    families: dict[str, set[str]] = {"s_all": {"total", "terms", "language", "flags", "municipality"}}
    scope_of: dict[str, str] = {}
    for n, key in enumerate(chosen):
        name = f"s_{n}"
        scopes[name] = scope_without(key)
        families[name] = {FAMILY[key]} | ({"flags"} if key == "municipality" else set())
        scope_of[key] = name
    sql, params = _counts_sql(scopes, families)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for scope, part, value, n in rows:
        found[(scope, part)][value] += n
    counts: dict[str, dict[str, int]] = {key: defaultdict(int) for key in FACET_KEYS}
    for key in FACET_KEYS:
        scope = scope_of.get(key, "s_all")
        family = FAMILY[key]
        if family == "terms":
            for term_id, n in found[(scope, "terms")].items():
                facet, slug = labels.term_values.get(_uuid(term_id), ("", ""))
                if facet == key:
                    counts[key][slug] += n
        elif family == "language":
            counts[key] = dict(found[(scope, "language")])
        elif family == "flags":
            if key == "accessible":
                counts[key]["1"] = found[(scope, "accessible")].get("", 0)
            else:
                bit = FLAG_BITS[key]
                counts[key]["1"] = sum(n for bits, n in found[(scope, "flags")].items() if int(bits) & bit)
        else:
            whole = sum(n for bits, n in found[(scope, "flags")].items() if int(bits) & FLAG_BITS["whole"])
            by_id = found[(scope, "municipality")]
            counts[key] = {
                slug: whole + by_id.get(str(pk), 0) + by_id.get(pk.hex, 0)
                for pk, slug in labels.municipality_slugs.items()
            }
    total = found[("s_all", "total")].get("", 0)
    return counts, total


def _public_offers(district: District, *, text: bool) -> QuerySet[Offer]:
    """The district's public offers (``offer_public_queryset``). With a text search on SQLite,
    the district, state and status conditions are written so that no index serves them
    (``+column``): SQLite (without statistics) would otherwise walk every public offer of the
    district through that index and test each against the text's matches, where looking the
    matches up by primary key touches only them. PostgreSQL plans this from its statistics."""
    if not text or connection.vendor != "sqlite":
        return offer_public_queryset(district=district)
    # The same conditions as offer_public_queryset (wegweiser/catalog/selectors/public.py).
    offers = Offer.objects.alias(
        plus_district=_unindexed("district_id", Offer._meta.get_field("district").target_field),
        plus_state=_unindexed("state", Offer._meta.get_field("state")),
        plus_status=_unindexed("status", Offer._meta.get_field("status")),
    ).filter(
        plus_district=district.pk,
        plus_state=Offer.State.PUBLISHED,
        plus_status__in=PUBLIC_STATUSES,
    )
    return offers.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))


def _unindexed(column: str, output_field: Field) -> Func:
    return Func(F(column), template="+%(expressions)s", output_field=output_field)


def _name_order() -> Lower | Collate:
    """Offer names in code-point order, ignoring case (not the database's locale)."""
    if connection.vendor == "postgresql":
        return Collate(Lower("name"), "C")
    return Lower("name")


class _RankedIds:
    """The ids of ``scope`` that match ``text_query``, best first, fetched one page (slice) at a
    time: what ``Paginator`` needs, without loading every hit."""

    def __init__(self, scope: QuerySet[Offer], text_query: TextQuery, total: int) -> None:
        self.scope = scope
        self.text_query = text_query
        self.total = total
        self.ranks: dict[uuid.UUID, Ranked] = {}

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[uuid.UUID]:
        return iter(self[0 : self.count()])

    def __getitem__(self, item: slice) -> list[uuid.UUID]:
        start = item.start or 0
        stop = self.count() if item.stop is None else item.stop
        if stop <= start:
            return []
        ranked_sql, ranked_params = self.text_query.ranked_sql()
        # The scope's conditions apply to the joined offer row (its table under its own name).
        query = self.scope.query
        where_sql, where_params = query.get_compiler(connection=connection).compile(query.where)
        table = connection.ops.quote_name(Offer._meta.db_table)
        name = f"lower({table}.name)" + (' COLLATE "C"' if connection.vendor == "postgresql" else "")
        sql = (
            f"SELECT r.offer_id, r.rank FROM ({ranked_sql}) r "
            f"JOIN {table} ON {table}.id = r.offer_id "
            f"WHERE {where_sql} ORDER BY r.rank DESC, {name}, {table}.id LIMIT %s OFFSET %s"
        )
        params = [*ranked_params, *where_params, stop - start, start]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        page = []
        for offer_id, rank in rows:
            pk = _uuid(offer_id)
            self.ranks[pk] = ranked_from_rank(float(rank))
            page.append(pk)
        return page


class _Counted:
    """A queryset whose length is already known (from the counting query)."""

    def __init__(self, queryset: QuerySet, total: int) -> None:
        self.queryset = queryset
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item: slice) -> list:
        return list(self.queryset[item])


def offer_directory_search(
    *,
    district: District,
    criteria: Criteria,
    language: str,
    search_languages: list[str],
    ui_language: str = "de",
    page_size: int = 20,
) -> DirectoryResult:
    """Search the public offers of ``district``: text, facets, counts, one page of results."""
    ui = ui_language
    labels = _labels(district, language, ui)
    text_query: TextQuery | None = None
    nothing = False
    if criteria.text.strip():
        text_query = offer_text_query(district=district, text=criteria.text, languages=search_languages)
        nothing = text_query is None  # only stop words: nothing matches
    public = _public_offers(district, text=text_query is not None)
    chosen = {k: _selection(district, k, v) for k, v in criteria.selected.items() if v and k in FACET_KEYS}
    if nothing:
        public = public.none()

    def scope_without(excluded: str | None, *, text: bool = True) -> QuerySet[Offer]:
        """Public offers matching the text and every facet's selection except ``excluded``'s."""
        scope = public
        if text and text_query is not None:
            scope = scope.filter(text_query.filter())
        for key, condition in chosen.items():
            if key != excluded:
                scope = scope.filter(condition)
        return scope

    if nothing:
        counts: dict[str, dict[str, int]] = {key: {} for key in FACET_KEYS}
        total = 0
    else:
        counts, total = _facet_counts(labels, chosen, scope_without)
    facets: list[Facet] = []
    for key, options in labels.facets.items():
        wanted = criteria.selected.get(key, set())
        shown = []
        for value, label, label_lang in options:
            count = counts[key].get(value, 0)
            if count or value in wanted:
                shown.append(
                    FacetOption(value, label, count, value in wanted, label_lang if label_lang != ui else "")
                )
        title = TAXONOMY_FACETS[key][1] if key in TAXONOMY_FACETS else FLAG_FACETS.get(key)
        if key == "language":
            title = _("Language of the offer")
        elif key == "municipality":
            title = _("Municipality")
        facets.append(Facet(key, str(title), shown, is_flag=key in FLAG_FACETS))

    ranked: _RankedIds | None = None
    results: _RankedIds | QuerySet
    if text_query is not None:
        ranked = _RankedIds(scope_without(None, text=False), text_query, total)
        results = ranked
    else:
        results = _Counted(
            scope_without(None).order_by(_name_order(), "pk").values_list("pk", flat=True), total
        )
    paginator = Paginator(results, page_size)
    page = paginator.get_page(criteria.page)
    page_ids = list(page.object_list)
    cards = offer_cards(
        offer_ids=page_ids,
        language=language,
        ui=ui,
        labels=labels.term_labels,
        names=labels.language_names,
    )
    ranks = ranked.ranks if ranked is not None else {}
    return DirectoryResult(page=page, cards=cards, facets=facets, total=paginator.count, ranks=ranks)
