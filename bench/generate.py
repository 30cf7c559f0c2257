"""A synthetic nation-scale catalog: 100,000 offers over the 400 German districts, with the real
municipalities (from ../shared/data, Destatis GV100AD) and invented offers. Fixed seed.

Everything is written with bulk inserts, the search index too: its documents are built here from
the generated texts with the same normalisation as ``search_index_offers`` (name; descriptions,
term names, organisation, places and language names as body), which takes seconds where the
service (model instances and prefetches per batch) takes minutes at 100,000 offers."""

import csv
import datetime as dt
import os
import random
import uuid
from collections import defaultdict
from pathlib import Path

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from wegweiser.catalog.models import (
    Location,
    Offer,
    OfferLocation,
    OfferTranslation,
    Organisation,
    TaxonomyTerm,
)
from wegweiser.core.models import Language
from wegweiser.districts.models import District, Municipality
from wegweiser.search.bitmaps import facet_bitmaps_rebuild
from wegweiser.search.models import OfferSlot, SearchDocument, SearchTerm, Synonym
from wegweiser.search.normalise import stem, strip_diacritics, words
from wegweiser.search.seed import default_synonyms_add

MUNICIPALITIES_CSV = Path(
    os.environ.get(
        "BENCH_MUNICIPALITIES_CSV",  # for checkouts not beside ../shared (e.g. git worktrees)
        Path(__file__).resolve().parents[2] / "shared/data/gemeinden-gv100ad-2023-11-30.csv",
    )
)
TOPICS = [
    "Deutschkurs",
    "Sprachkurs",
    "Integrationskurs",
    "Sprachcafé",
    "Migrationsberatung",
    "Sozialberatung",
    "Bewerbungstraining",
    "Berufsorientierung",
    "Elterncafé",
    "Hausaufgabenhilfe",
    "Frauentreff",
    "Jugendtreff",
    "Gesundheitslotsen",
    "Wohnungssuche",
    "Ausbildungspatenschaft",
    "Begegnungscafé",
    "Fußballtraining",
    "Schwimmkurs",
    "Computerkurs",
    "Asylberatung",
    "Anerkennungsberatung",
    "Lernwerkstatt",
    "Familienpatenschaft",
    "Nähcafé",
    "Chor",
    "Demokratiewerkstatt",
]
AUDIENCES = [
    "für Frauen",
    "für Familien",
    "für Jugendliche",
    "für Geflüchtete",
    "für Senior:innen",
    "für Neuzugewanderte",
    "am Abend",
    "am Vormittag",
    "international",
    "mit Kinderbetreuung",
]
SENTENCES = [
    "Wir helfen bei Anträgen, Behörden und Fragen des Alltags.",
    "Das Angebot ist offen für alle, eine Anmeldung ist erwünscht.",
    "Sie lernen Deutsch im Gespräch und mit praktischen Übungen.",
    "Kinder werden während der Kurszeit betreut.",
    "Beratung zu Arbeit, Ausbildung und Anerkennung von Abschlüssen.",
    "Treffpunkt für Austausch, Kaffee und gemeinsame Aktivitäten.",
    "Ehrenamtliche begleiten Sie zu Ärztinnen, Ämtern und Schulen.",
    "Sprachmittlung in mehreren Sprachen ist möglich.",
]
LANGUAGES = ["en", "ar", "uk", "ru", "fa", "tr", "prs", "ps", "ti", "bg", "ro", "pl"]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _districts(limit: int) -> dict[str, list[dict]]:
    by_district: dict[str, list[dict]] = defaultdict(list)
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_district[row["district_ags"]].append(row)
    largest = sorted(by_district, key=lambda k: -sum(int(r["population"] or 0) for r in by_district[k]))
    return {k: by_district[k] for k in sorted(largest[:limit])}


@transaction.atomic
def generate(*, offers: int = 100_000, districts: int = 400, seed: int = 20261121) -> dict:
    rng = random.Random(seed)
    source = _districts(districts)
    population = {k: sum(int(r["population"] or 0) for r in rows) for k, rows in source.items()}
    total_population = sum(population.values())
    terms = defaultdict(list)
    term_names = {}
    for term in TaxonomyTerm.objects.select_related("taxonomy"):
        terms[term.taxonomy.role].append(term.pk)
        term_names[term.pk] = term.name
    language_words = {
        code: f"{de} {en} {native}"
        for code, de, en, native in Language.objects.values_list("code", "name_de", "name_en", "native_name")
    }
    vocabulary: dict[str, str] = {}
    # Written after the slots are numbered, each once and complete, as ``search_index_offers``
    # writes them: inserting them first and numbering them in place left a dead row version of
    # every document, half of PostgreSQL's table (autovacuum is off on these machines).
    pending_documents: list[SearchDocument] = []
    today = timezone.localdate()
    made = 0
    keys = list(source)
    for index, key in enumerate(keys):
        rows = source[key]
        share = (
            offers - made
            if index == len(keys) - 1
            else max(20, round(offers * population[key] / total_population))
        )
        share = min(share, offers - made)
        district = District.objects.create(
            key=key,
            name=rows[0]["district_name"],
            slug=f"kreis-{key}",
            office_name="Koordinierungsstelle",
            hostname=f"d{key}.bench",
        )
        municipalities = Municipality.objects.bulk_create(
            [
                Municipality(
                    id=_uuid(rng),
                    district=district,
                    ags=r["ags"],
                    name=r["name"],
                    slug=f"g-{r['ags']}",
                    population=int(r["population"] or 0),
                    postcode=r["postcode"],
                )
                for r in rows
            ]
        )
        weights = [max(m.population or 1, 1) for m in municipalities]
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(id=_uuid(rng), district=district, name=f"Träger {key}-{n}", slug=f"traeger-{n}")
                for n in range(max(3, share // 8))
            ]
        )
        places = Location.objects.bulk_create(
            [
                Location(
                    id=_uuid(rng),
                    district=district,
                    organisation=org,
                    name=f"Haus {org.name}",
                    municipality=(m := rng.choices(municipalities, weights)[0]),
                    city=m.name,
                    postal_code=m.postcode,
                    accessibility=rng.choice(["yes", "partly", "no", "unknown"]),
                )
                for org in orgs
            ]
        )
        batch = []
        for n in range(share):
            topic, audience = rng.choice(TOPICS), rng.choice(AUDIENCES)
            batch.append(
                Offer(
                    id=_uuid(rng),
                    district=district,
                    organisation=orgs[n % len(orgs)],
                    name=f"{topic} {audience}",
                    slug=f"angebot-{n}",
                    short_description=" ".join(rng.sample(SENTENCES, 2)),
                    description="\n\n".join(rng.sample(SENTENCES, 4)),
                    state=Offer.State.PUBLISHED,
                    status=Offer.Status.ACTIVE,
                    cost_free=rng.random() < 0.7,
                    childcare_available=rng.random() < 0.2,
                    serves_whole_district=rng.random() < 0.2,
                    assured_date=today - dt.timedelta(days=rng.randint(0, 500)),
                )
            )
        Offer.objects.bulk_create(batch, batch_size=2000)
        through_terms, through_langs, through_munis, at_places, translations = [], [], [], [], []
        search_documents = []
        for n, offer in enumerate(batch):
            chosen = (
                rng.sample(terms["field_of_action"], rng.randint(1, 2))
                + rng.sample(terms["target_group"], rng.randint(1, 3))
                + [rng.choice(terms["kind"])]
            )
            through_terms += [Offer.terms.through(offer_id=offer.pk, taxonomyterm_id=t) for t in chosen]
            codes = ["de", *rng.sample(LANGUAGES, rng.randint(0, 3))]
            through_langs += [Offer.languages.through(offer_id=offer.pk, language_id=c) for c in codes]
            served = {rng.choices(municipalities, weights)[0] for _ in range(rng.randint(1, 2))}
            through_munis += [
                Offer.municipalities.through(offer_id=offer.pk, municipality_id=m.pk) for m in served
            ]
            place = places[n % len(places)]
            at_places.append(OfferLocation(id=_uuid(rng), offer=offer, location=place))
            shared_body = [
                offer.organisation.name,
                place.name,
                place.city,
                place.postal_code,
                *[m.name for m in served],
                *[language_words.get(c, "") for c in codes],
            ]
            body = [offer.short_description, offer.description, *[term_names[t] for t in chosen]]
            search_documents.append(_document(offer, "de", offer.name, body + shared_body, vocabulary))
            if rng.random() < 0.1:
                translation = OfferTranslation(
                    master=offer,
                    language_id="en",
                    name=f"Offer {n}: language course and counselling",
                    short_description="Help with everyday questions.",
                )
                translations.append(translation)
                search_documents.append(
                    _document(
                        offer,
                        "en",
                        translation.name,
                        [translation.short_description, *shared_body],
                        vocabulary,
                    )
                )
        Offer.terms.through.objects.bulk_create(through_terms, batch_size=5000)
        Offer.languages.through.objects.bulk_create(through_langs, batch_size=5000)
        Offer.municipalities.through.objects.bulk_create(through_munis, batch_size=5000)
        OfferLocation.objects.bulk_create(at_places, batch_size=5000)
        OfferTranslation.objects.bulk_create(translations, batch_size=5000)
        pending_documents += search_documents
        made += share
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, stem=s) for t, s in vocabulary.items()], ignore_conflicts=True, batch_size=2000
    )
    # The facet bitmaps and slots, as the services keep them; then the documents with their
    # slots and sort names (the database's ``LOWER(name)``).
    facet_bitmaps_rebuild(district_ids=list(District.objects.values_list("pk", flat=True)))
    slots = dict(OfferSlot.objects.values_list("offer_id", "slot"))
    sort_names = dict(Offer.objects.annotate(lowered=Lower("name")).values_list("pk", "lowered"))
    for document in pending_documents:
        document.slot = slots.get(document.offer_id, 0)
        document.sort_name = sort_names.get(document.offer_id, "")
    SearchDocument.objects.bulk_create(pending_documents, batch_size=2000)
    documents = len(pending_documents)
    # The default synonyms every district starts with: searches run with them on, as in
    # production (issue 16: "Sprachkurs" also finds "Deutschkurs", "Integrationskurs", …).
    for district_id in District.objects.values_list("pk", flat=True):
        default_synonyms_add(synonym_model=Synonym, district_id=district_id)
    return {"districts": len(keys), "offers": made, "documents": documents}


def analyse() -> None:
    """PostgreSQL: gather the planner's statistics after the bulk insert. Autovacuum would do
    this in time on a live instance, but not before the benchmark starts (on a busy machine not
    for many minutes): without statistics, the facet-counting statement at 100,000 offers was
    still running after 22 minutes. SQLite is left without statistics, as a fresh instance is."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _document(offer: Offer, language: str, name: str, body: list[str], vocabulary: dict) -> SearchDocument:
    """The search document ``search_index_offers`` writes for these texts (bulk-insert version)."""
    name_words, body_words = words(name), words(" ".join(body))
    for word in name_words + body_words:
        vocabulary.setdefault(strip_diacritics(word)[:100], stem(word, language))
    return SearchDocument(
        offer_id=offer.pk,
        district_id=offer.district_id,
        language=language,
        name_terms=" ".join(stem(w, language) for w in name_words),
        body_terms=" ".join(stem(w, language) for w in body_words),
        scope=f"d{offer.district.key}",
    )
