"""The seeded vocabularies (fields of action, target groups, kinds of offer, residence status)
and the language names come in every content language of the directory (issue 16)."""

from collections.abc import Callable

import pytest

from wegweiser.catalog.models import Taxonomy, TaxonomyTerm, TaxonomyTermTranslation
from wegweiser.catalog.seed import TAXONOMIES
from wegweiser.catalog.selectors.facets import _facet_labels_load
from wegweiser.catalog.vocabulary import ROLES, VOCABULARY_LANGUAGES, term_names
from wegweiser.core.language_names import language_names
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.districts.setup import vocabularies_ensure

PUBLIC_ROLES = [
    Taxonomy.Role.FIELD_OF_ACTION,
    Taxonomy.Role.TARGET_GROUP,
    Taxonomy.Role.KIND,
    Taxonomy.Role.ELIGIBILITY,
]


def test_the_translation_tables_cover_exactly_the_seeded_terms_with_their_german_names() -> None:
    seeded = {role: [(slug, de, en) for slug, de, en in terms] for role, _de, _en, terms in TAXONOMIES}
    assert set(ROLES) == set(seeded) == {str(role) for role in PUBLIC_ROLES}
    for role in ROLES:
        names = term_names(role)
        assert [(slug, names[slug]["de"], names[slug]["en"]) for slug in names] == seeded[role]


def test_every_seeded_term_has_a_name_in_every_vocabulary_language() -> None:
    for role in ROLES:
        for slug, names in term_names(role).items():
            missing = [code for code in VOCABULARY_LANGUAGES if not names.get(code)]
            assert not missing, f"{role}:{slug} lacks {missing}"


@pytest.mark.django_db
def test_every_public_vocabulary_term_has_a_translation_in_each_language() -> None:
    terms = TaxonomyTerm.objects.filter(taxonomy__role__in=PUBLIC_ROLES).prefetch_related("translations")
    assert terms.count() == sum(len(terms) for _role, _de, _en, terms in TAXONOMIES)
    for term in terms:
        have = {t.language_id for t in term.translations.all() if t.name.strip()}
        missing = set(VOCABULARY_LANGUAGES) - have
        assert not missing, f"{term.taxonomy.role}:{term.slug} lacks {sorted(missing)}"


@pytest.mark.django_db
def test_leichte_sprache_is_a_content_language() -> None:
    easy = Language.objects.get(code="de-ls")
    assert (easy.name_de, easy.is_rtl) == ("Leichte Sprache", False)


@pytest.mark.django_db
def test_seeding_again_keeps_a_translation_staff_wrote_and_restores_a_deleted_one(
    term: Callable[[str, str], TaxonomyTerm],
) -> None:
    women = term("target_group", "frauen")
    women.translations.filter(language_id="uk").update(name="Жінки та дівчата")
    women.translations.filter(language_id="ar").delete()
    women.translations.filter(language_id="tr").update(name="")
    vocabularies_ensure()
    names = dict(TaxonomyTermTranslation.objects.filter(master=women).values_list("language_id", "name"))
    assert names["uk"] == "Жінки та дівчата"
    assert names["ar"] == "النساء"
    assert names["tr"] == "Kadınlar"


@pytest.mark.django_db
def test_facets_show_terms_and_languages_in_the_visitors_language(district: District) -> None:
    labels = _facet_labels_load(district, "uk", "uk")
    assert ("frauen", "Жінки", "uk") in labels.facets["group"]
    assert ("ar", "Арабська", "uk") in labels.facets["language"]
    labels = _facet_labels_load(district, "ti", "ti")
    assert ("kurs", "ኮርስ", "ti") in labels.facets["kind"]


def test_every_seeded_language_is_named_in_every_interface_language() -> None:
    from wegweiser.core.seed import LANGUAGES

    table = language_names()
    assert set(table) == {code for code, *_rest in LANGUAGES} | {"de-ls"}
    for code, de, en, _native, _rtl in LANGUAGES:
        assert (table[code]["de"], table[code]["en"]) == (de, en)
        missing = [ui for ui in ("de", *VOCABULARY_LANGUAGES) if not table[code].get(ui)]
        assert not missing, f"{code} lacks a name in {missing}"


@pytest.mark.django_db
def test_a_language_is_named_in_the_interface_language_with_english_as_fallback() -> None:
    arabic = Language.objects.get(code="ar")
    assert arabic.name_for("de") == "Arabisch"
    assert arabic.name_for("en") == "Arabic"
    assert arabic.name_for("ru") == "Арабский"
    assert arabic.name_for("de-ls") == "Arabisch"
    assert Language.objects.get(code="ku").name_for("kmr") == "Kurdî (Kurmancî)"
    assert arabic.name_for("ja") == "Arabic"
