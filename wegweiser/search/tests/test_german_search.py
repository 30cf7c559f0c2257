"""Search that understands German (issue 16 part 5): compounds, the default synonym list, queries
in Arabic, Farsi, Ukrainian, Russian and Turkish, and a word found in every offer. CI runs this
file on SQLite and PostgreSQL."""

from collections.abc import Callable

import pytest

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.services.components import component_save
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.search.compounds import hyphen_joined, split_unknown
from wegweiser.search.models import Synonym
from wegweiser.search.seed import DEFAULT_SYNONYMS, synonyms_seed
from wegweiser.search.selectors import offer_text_search

LANGS = ["de", "en", "ar", "fa", "uk", "ru", "tr"]


def found(district: District, text: str) -> set[str]:
    ranks = offer_text_search(district=district, text=text, languages=LANGS)
    return set(Offer.objects.filter(pk__in=ranks).values_list("name", flat=True))


@pytest.fixture
def courses(make_offer: Callable) -> None:
    make_offer("Berufssprachkurs B2", short_description="Deutsch für den Beruf.")
    make_offer("Deutsch-Kurs für Eltern", short_description="Am Vormittag, mit Kinderbetreuung.")
    make_offer("Deutschkurs am Abend", short_description="Für Berufstätige.")
    make_offer("Fußball für alle", short_description="Offenes Training.")


def test_hyphenated_words_are_also_written_as_one() -> None:
    assert hyphen_joined("Deutsch-Kurs für Mutter-Kind-Gruppen") == ["deutschkurs", "mutterkindgruppen"]
    assert hyphen_joined("Tel. 03631-123456") == []


@pytest.mark.django_db
def test_a_word_finds_the_compounds_it_is_the_head_of(
    district: District, courses: None, make_offer: Callable
) -> None:
    assert found(district, "Sprachkurs") == {"Berufssprachkurs B2"}
    assert found(district, "Sprachkurse") == {"Berufssprachkurs B2"}
    # A "Kurs" is the head of every course here; the football is none.
    assert found(district, "Kurs") == {
        "Berufssprachkurs B2",
        "Deutsch-Kurs für Eltern",
        "Deutschkurs am Abend",
    }
    # Words that start like the parts of "Sprachkurs" do not match: a known head is not cut in two.
    make_offer("Sprach-Café", short_description="Ein Kurs in vielen Sprachen, kurze Wege.")
    assert found(district, "Sprachkurs") == {"Berufssprachkurs B2"}


@pytest.mark.django_db
def test_closed_and_hyphenated_compounds_find_each_other(district: District, courses: None) -> None:
    both = {"Deutsch-Kurs für Eltern", "Deutschkurs am Abend"}
    assert found(district, "Deutschkurs") == both
    assert found(district, "Deutsch-Kurs") == both
    assert found(district, "Deutschkurse") == both


@pytest.mark.django_db
def test_an_unknown_compound_is_searched_as_its_known_parts(district: District, make_offer: Callable) -> None:
    make_offer("Sprachkurs für den Beruf")
    make_offer("Sprachkurs am Abend")
    assert split_unknown("Berufssprachkurs") == ["beruf", "sprachkurs"]
    assert found(district, "Berufssprachkurs") == {"Sprachkurs für den Beruf"}
    assert split_unknown("Sprachkurs") == []  # known words are not cut


@pytest.mark.django_db
def test_a_short_word_does_not_find_longer_words_ending_like_it(
    district: District, make_offer: Callable
) -> None:
    make_offer("Beirat für Integration")
    assert found(district, "Rat") == set()


@pytest.mark.django_db
def test_every_district_set_up_gets_the_default_synonyms_once(
    district: District, make_offer: Callable
) -> None:
    assert synonyms_seed(actor=None, district=district) == len(DEFAULT_SYNONYMS)
    assert synonyms_seed(actor=None, district=district) == 0  # idempotent
    make_offer("Kita Sonnenschein")
    make_offer("Migrationsamt des Landkreises", short_description="Aufenthalt, Visum, Einbürgerung.")
    make_offer("Kindertagesstätte Regenbogen")
    assert found(district, "Kindergarten") == {"Kita Sonnenschein", "Kindertagesstätte Regenbogen"}
    assert found(district, "Kita") == {"Kita Sonnenschein", "Kindertagesstätte Regenbogen"}
    assert found(district, "Ausländerbehörde") == {"Migrationsamt des Landkreises"}
    assert found(district, "Arbeitsamt") == set()


@pytest.mark.django_db
def test_staff_changes_to_a_default_entry_survive_seeding_again(district: District) -> None:
    synonyms_seed(actor=None, district=district)
    Synonym.objects.filter(district=district, term="Kita").update(equivalents="Krippe")
    synonyms_seed(actor=None, district=district)
    assert Synonym.objects.get(district=district, term="Kita").equivalents == "Krippe"


def _translate(offer: Offer, code: str, name: str, short: str) -> None:
    component_save(
        actor=None,
        parent=offer,
        component=OfferTranslation(
            master=offer, language=Language.objects.get(code=code), name=name, short_description=short
        ),
    )


@pytest.fixture
def translated(make_offer: Callable) -> None:
    course = make_offer("Deutschkurs für Frauen", short_description="Deutsch lernen mit Kinderbetreuung.")
    _translate(course, "ar", "دورة اللغة الألمانية للنساء", "تعلم الألمانية مع رعاية الأطفال.")
    _translate(course, "fa", "کلاس زبان آلمانی برای زنان", "یادگیری زبان آلمانی با مراقبت از کودک.")
    _translate(course, "uk", "Курси німецької мови для жінок", "Вивчення німецької з доглядом за дітьми.")
    _translate(course, "ru", "Курс немецкого языка для женщин", "Изучение немецкого с присмотром за детьми.")
    _translate(course, "tr", "Kadınlar için Almanca kursu", "Çocuk bakımı ile Almanca öğrenin.")
    counselling = make_offer("Beratung für Familien", short_description="Fragen zu Schule und Kita.")
    _translate(counselling, "ar", "استشارة للعائلات", "أسئلة حول المدرسة والحضانة.")
    _translate(counselling, "ru", "Консультации для семей", "Вопросы о школе и детском саде.")
    _translate(counselling, "tr", "Aileler için danışmanlık", "Okul ve kreş hakkında sorular.")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الدورات", "Deutschkurs für Frauen"),  # Arabic, plural with article → stem of "دورة"
        ("للعائلات", "Beratung für Familien"),
        ("کلاس‌ها", "Deutschkurs für Frauen"),  # Farsi, plural
        ("زبان", "Deutschkurs für Frauen"),
        ("курс", "Deutschkurs für Frauen"),  # Ukrainian (no Snowball stemmer): prefix of "Курси"
        ("жінок", "Deutschkurs für Frauen"),
        ("курсы", "Deutschkurs für Frauen"),  # Russian, plural → "курс"
        ("консультация", "Beratung für Familien"),
        ("kursları", "Deutschkurs für Frauen"),  # Turkish, plural with suffix → "kurs"
        ("danışmanlığı", "Beratung für Familien"),
    ],
)
def test_queries_in_the_visitors_languages_find_offers_through_their_translations(
    district: District, translated: None, query: str, expected: str
) -> None:
    assert found(district, query) == {expected}


@pytest.mark.django_db
def test_a_word_in_every_offer_ranks_the_offers_named_so_first(
    district: District, make_offer: Callable
) -> None:
    for n in range(6):
        make_offer(f"Treffpunkt {n}", short_description="Sprachmittlung auf Anfrage, bitte kurz anrufen.")
    make_offer("Sprachcafé", short_description="Deutsche Sprache üben.")
    make_offer("Sprache und Beruf", short_description="Fachsprache für die Pflege.")
    result = offer_directory_search(
        district=district, criteria=Criteria(text="Sprache"), language="de", search_languages=LANGS
    )
    names = [card.offer.name for card in result.cards]
    # Names that say it first; the boilerplate's "Sprachmittlung" (a prefix match) last.
    assert set(names[:2]) == {"Sprache und Beruf", "Sprachcafé"}
    assert set(names[2:]) == {f"Treffpunkt {n}" for n in range(6)}


def test_seeded_entries_are_valid_single_words() -> None:
    from wegweiser.search.normalise import words

    for term, equivalents, _two_way in DEFAULT_SYNONYMS:
        assert len(words(term)) == 1
        assert all(len(words(w)) == 1 for w in equivalents.split(","))


@pytest.mark.django_db
def test_an_unknown_word_asks_the_vocabulary_for_its_compounds_once(
    district: District, courses: None
) -> None:
    """A word the vocabulary does not know is looked up as a head of compounds while it is split
    (``query_parts``) and again for its group: the second look-up is answered from the first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wegweiser.search.selectors import parse_query

    with CaptureQueriesContext(connection) as queries:
        parse_query(text="Sprachkuts", languages=["de", "en"])
    substring = [
        q["sql"]
        for q in queries.captured_queries
        if "search_term_trgm MATCH" in q["sql"] or "LIKE '%" in q["sql"] or "LIKE %s" in q["sql"]
    ]
    contained = [sql for sql in substring if "%sprach" in sql or '"sprach' in sql]
    assert len(contained) == 1, contained


@pytest.mark.django_db
def test_a_query_word_asks_the_vocabulary_its_first_questions_in_one_query_on_postgresql(
    district: District, courses: None, make_offer: Callable
) -> None:
    """Whether a word starts like the query word's stems and which words contain it (for the
    compounds it is the head of) are asked together on PostgreSQL (``vocabulary_probe``), and
    so, for a word that nothing starts like (a typo, an unknown compound), are the questions
    asked next: which parts of its cuts are words and which words are similar to it. The parse
    is the same as asked one by one (SQLite, in-process, asks one by one)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wegweiser.search import compounds
    from wegweiser.search.selectors import parse_query

    make_offer("Sprachkurs für den Beruf")  # "Berufssprachkurse" is then cut into known parts
    texts = ["Sprachkurs", "Sprachkuts", "Deutsch-Kurs", "Kurs Frauen", "Berufssprachkurse", "Fusball"]
    for text in texts:
        with CaptureQueriesContext(connection) as queries:
            probed = parse_query(text=text, languages=["de", "en"])
        vocabulary = [q["sql"] for q in queries.captured_queries if "search_searchterm" in q["sql"]]
        if connection.vendor == "postgresql":
            probes = [sql for sql in vocabulary if "EXISTS" in sql]
            assert len(probes) == len(compounds.query_words(text)), vocabulary  # one per query word
            alone = [
                sql
                for sql in vocabulary
                if sql.endswith("LIMIT 1")
                or ("LIMIT 200" in sql and "EXISTS" not in sql)
                or ("similarity" in sql and "EXISTS" not in sql)
                or ("term >= " in sql and " OR " in sql and "EXISTS" not in sql)  # a cut's parts
            ]
            assert not alone, alone  # no question asked on its own
            if text in ("Sprachkuts", "Fusball"):  # a typo: one query in all
                assert len(vocabulary) == 1, vocabulary
        original = compounds.vocabulary_probe
        compounds.vocabulary_probe = lambda *args, **kwargs: None  # type: ignore[assignment]
        try:
            import wegweiser.search.selectors as selectors

            selectors.vocabulary_probe = compounds.vocabulary_probe  # type: ignore[attr-defined]
            assert parse_query(text=text, languages=["de", "en"]) == probed
        finally:
            compounds.vocabulary_probe = original
            selectors.vocabulary_probe = original  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_postgresql_looks_up_similar_words_by_a_gist_trigram_index() -> None:
    """Typo tolerance's ``term % word ORDER BY similarity`` over the vocabulary: GiST answers
    it from the index (GIN read every entry of the word's common trigrams)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        assert {"search_term_trgm"} <= set(connection.introspection.table_names())  # FTS5 trigram
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'search_searchterm'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gist (term gist_trgm_ops)" in d for d in definitions), definitions
    assert not any("gin_trgm_ops" in d for d in definitions)
