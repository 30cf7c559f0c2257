"""Facet counts of the public directory, computed by the database per request.

Facets are disjunctive: values within one facet are alternatives (OR), facets combine with AND,
and each facet's counts are computed with every other facet's selection applied but not its own.
All counts and the number of results come from one SQL statement: each filtered set is a
materialised CTE, counted with one GROUP BY per facet family over the offers' link tables.
Nothing is cached in the process. See docs/search.md.
"""

# ruff: noqa: S608 - SQL built here from model table names and fixed fragments; values are parameters
import dataclasses
import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, Prefetch, Q, QuerySet
from django.db.models.functions import Collate, Lower
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models import (
    Location,
    Offer,
    OfferLocation,
    Taxonomy,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from wegweiser.catalog.selectors.public import translations_for
from wegweiser.catalog.translation import Localised, localise
from wegweiser.core.caches import versioned_get
from wegweiser.core.models import Language
from wegweiser.districts.models import District, Municipality

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


@dataclass(frozen=True)
class FacetLabels:
    """Display labels of the facets and of the result cards, loaded per request (small tables)."""

    facets: dict[str, list[tuple[str, str, str]]]  # facet → (value, label, label language)
    term_values: dict[uuid.UUID, tuple[str, str]]  # term id → (facet key, slug)
    municipality_slugs: dict[uuid.UUID, str]
    term_labels: dict[uuid.UUID, tuple[tuple[bool, int], Localised]]
    language_names: dict[str, str]
    catalog_version: int = 0  # the district's catalog version these labels belong to


# Labels per (district, catalog version, content language, interface language): a few small
# entries, at most LABELS_CACHE_SIZE of them, one version per district and languages (an entry
# of an older version is dropped when the new one is stored), so memory stays bounded however
# many districts a worker serves. Every change of a term, taxonomy or district catalog raises
# the district's ``catalog_version`` (``district_catalog_changed``).
LABELS_CACHE_SIZE = 64
_LABELS: OrderedDict[tuple[Any, int, str, str], FacetLabels] = OrderedDict()
_LABELS_LOCK = threading.Lock()


def facet_labels(district: District, language: str, ui: str, *, version: int | None = None) -> FacetLabels:
    """The facets' and cards' labels: one query (the district's current catalog version; none
    when the caller passes the ``version`` it has just read) when they are cached for that
    version, else read from the small label tables."""
    if version is None:
        version = District.objects.filter(pk=district.pk).values_list("catalog_version", flat=True).first()
    key = (district.pk, version or 0, language, ui)
    return versioned_get(
        _LABELS,
        _LABELS_LOCK,
        key,
        LABELS_CACHE_SIZE,
        lambda: dataclasses.replace(_facet_labels_load(district, language, ui), catalog_version=key[1]),
    )


def _facet_labels_load(district: District, language: str, ui: str) -> FacetLabels:
    facets: dict[str, list[tuple[str, str, str]]] = {}
    terms = TaxonomyTerm.objects.select_related("taxonomy").prefetch_related(
        Prefetch("translations", queryset=translations_for(TaxonomyTermTranslation, language))
    )
    role_to_key: dict[str, str] = {str(role): key for key, (role, _label) in TAXONOMY_FACETS.items()}
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
    return FacetLabels(
        facets=facets,
        term_values=term_values,
        municipality_slugs={m.pk: m.slug for m in municipalities},
        term_labels=term_labels,
        language_names={lang.code: lang.name_for(ui) for lang in languages},
    )


def facet_selection(district: District, key: str, wanted: set[str]) -> Q:
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


SQL = tuple[str, list]


def _counts_sql(
    scopes: dict[str, QuerySet[Offer]],
    families: dict[str, set[str]],
    *,
    ctes: SQL | None = None,
    extra: SQL | None = None,
) -> tuple[str, list]:
    """One statement for every count: each scope is computed once (a materialised CTE: the
    offers' ids, flags and lower-case name), then one GROUP BY per facet family over the offers'
    link tables. Rows: (scope, part, value as text, count). ``ctes`` come first (e.g. the search
    hits the scopes refer to), ``extra`` is one more part of the same shape (e.g. the page)."""
    qn = connection.ops.quote_name
    tables = {
        "terms": qn(Offer.terms.through._meta.db_table),
        "languages": qn(Offer.languages.through._meta.db_table),
        "area": qn(Offer.municipalities.through._meta.db_table),
        "places": qn(OfferLocation._meta.db_table),
        "locations": qn(Location._meta.db_table),
    }
    definitions: list[str] = []
    parts: list[str] = []
    params: list = []
    if ctes is not None:
        definitions.append(ctes[0])
        params += ctes[1]
    part_params: list = []
    for name, scope in scopes.items():
        columns = ("pk", "cost_free", "childcare_available", "serves_whole_district", "sort_name")
        try:
            sql, scope_params = (
                scope.order_by()
                .annotate(sort_name=name_order())
                .values_list(*columns)
                .query.sql_with_params()
            )
        except EmptyResultSet:  # a selection no offer can have (e.g. an unknown value)
            empty = Offer.objects.filter(pk__isnull=True).annotate(sort_name=name_order())
            sql, scope_params = empty.values_list(*columns).query.sql_with_params()
        definitions.append(f"{name}(pk, free, childcare, whole, sort_name) AS MATERIALIZED ({sql})")
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
    ordered: list = []
    for part in parts:
        if "%s" in part:
            ordered.append(part_params.pop(0))
    if extra is not None:
        parts.append(extra[0])
        ordered += extra[1]
    sql = "WITH " + ", ".join(definitions) + " " + " UNION ALL ".join(parts)
    return sql, params + ordered


def as_uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


FAMILY = {**dict.fromkeys(TAXONOMY_FACETS, "terms"), "language": "language", "municipality": "municipality"}
FAMILY |= dict.fromkeys(FLAG_FACETS, "flags")


def name_order() -> Lower | Collate:
    """Offer names in code-point order, ignoring case (not the database's locale)."""
    if connection.vendor == "postgresql":
        return Collate(Lower("name"), "C")
    return Lower("name")


@dataclass(frozen=True)
class PageRow:
    offer_id: uuid.UUID
    rank: float


def facet_counts(
    labels: FacetLabels,
    chosen: dict[str, Q],
    scope_without: Callable[[str | None], QuerySet[Offer]],
    *,
    ctes: SQL | None = None,
    page: SQL | None = None,
) -> tuple[dict[str, dict[str, int]], int]:
    """Counts per facet and value, and the number of results, in one query. Facets without a
    selection share one scope (every selection applied); a facet with a selection is counted
    over the scope of every other facet's selection."""
    counts, total, _rows = facet_counts_and_page(labels, chosen, scope_without, ctes=ctes, page=page)
    return counts, total


def facet_counts_and_page(
    labels: FacetLabels,
    chosen: dict[str, Q],
    scope_without: Callable[[str | None], QuerySet[Offer]],
    *,
    ctes: SQL | None = None,
    page: SQL | None = None,
) -> tuple[dict[str, dict[str, int]], int, list[PageRow]]:
    """``facet_counts`` and, in the same statement, the rows of ``page``: a part over the
    scope ``s_all`` (every selection applied) with the rows ('page', position, offer id, rank),
    e.g. the ids of one page of results (``directory``). ``ctes`` are defined before the scopes,
    which may refer to them (e.g. the search hits, computed once for the counts and the page)."""
    scopes = {"s_all": scope_without(None)}
    families: dict[str, set[str]] = {"s_all": {"total", "terms", "language", "flags", "municipality"}}
    scope_of: dict[str, str] = {}
    for n, key in enumerate(chosen):
        name = f"s_{n}"
        scopes[name] = scope_without(key)
        families[name] = {FAMILY[key]} | ({"flags"} if key == "municipality" else set())
        scope_of[key] = name
    sql, params = _counts_sql(scopes, families, ctes=ctes, extra=page)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    paged: list[tuple[int, PageRow]] = []
    for scope, part, value, n in rows:
        if scope == "page":
            paged.append((int(part), PageRow(as_uuid(value), float(n))))
        else:
            found[(scope, part)][value] += int(n)
    counts: dict[str, dict[str, int]] = {key: defaultdict(int) for key in FACET_KEYS}
    for key in FACET_KEYS:
        scope = scope_of.get(key, "s_all")
        family = FAMILY[key]
        if family == "terms":
            for term_id, n in found[(scope, "terms")].items():
                facet, slug = labels.term_values.get(as_uuid(term_id), ("", ""))
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
    return counts, total, [row for _position, row in sorted(paged, key=lambda p: p[0])]
