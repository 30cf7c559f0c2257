"""The district's synonym list: a search for a word also finds offers with the words staff
declared as meaning the same. CI runs this file on SQLite and PostgreSQL."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from wegweiser.catalog.models import Offer
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.search.models import Synonym
from wegweiser.search.selectors import offer_text_search
from wegweiser.search.services import synonym_create, synonym_delete, synonym_update

LANGS = ["de", "en"]


def found(district: District, text: str) -> set[str]:
    ranks = offer_text_search(district=district, text=text, languages=LANGS)
    return set(Offer.objects.filter(pk__in=ranks).values_list("name", flat=True))


@pytest.fixture
def catalog(make_offer: Callable) -> None:
    make_offer("Kita Sonnenschein", short_description="Betreuung für Kinder von 1 bis 6 Jahren.")
    make_offer("Berufssprachkurs B2", short_description="Deutsch für den Beruf.")
    make_offer("Fußball für alle", short_description="Offenes Training.")


@pytest.mark.django_db
def test_after_adding_kita_as_synonym_of_kindergarten_searching_kindergarten_finds_the_kita(
    district: District, catalog: None, editor: Any
) -> None:
    assert found(district, "Kindergarten") == set()
    synonym_create(actor=editor, data={"district": district, "term": "Kindergarten", "equivalents": "Kita"})
    assert found(district, "Kindergarten") == {"Kita Sonnenschein"}
    assert found(district, "Kindergärten") == {"Kita Sonnenschein"}  # compared by index term
    assert found(district, "kindergarten betreuung") == {"Kita Sonnenschein"}


@pytest.mark.django_db
def test_a_one_way_entry_does_not_find_back(district: District, make_offer: Callable, editor: Any) -> None:
    make_offer("Sprachkurs am Abend")
    make_offer("Berufssprachkurs B2")
    synonym_create(
        actor=editor,
        data={
            "district": district,
            "term": "Sprachkurs",
            "equivalents": "Berufssprachkurs",
            "two_way": False,
        },
    )
    assert found(district, "Sprachkurs") == {"Sprachkurs am Abend", "Berufssprachkurs B2"}
    assert found(district, "Berufssprachkurs") == {"Berufssprachkurs B2"}


@pytest.mark.django_db
def test_a_two_way_entry_makes_all_its_words_find_each_other(
    district: District, make_offer: Callable, editor: Any
) -> None:
    make_offer("Kindertagesstätte Regenbogen")
    make_offer("Kita Sonnenschein")
    synonym_create(
        actor=editor,
        data={"district": district, "term": "Kindergarten", "equivalents": "Kita, Kindertagesstätte"},
    )
    assert found(district, "Kita") == {"Kita Sonnenschein", "Kindertagesstätte Regenbogen"}


@pytest.mark.django_db
def test_another_districts_synonyms_do_not_apply(
    district: District, other_district: District, catalog: None, other_editor: Any
) -> None:
    synonym_create(
        actor=other_editor, data={"district": other_district, "term": "Kindergarten", "equivalents": "Kita"}
    )
    assert found(district, "Kindergarten") == set()


@pytest.mark.django_db
def test_the_public_search_uses_the_synonyms(
    client: Client, district: District, catalog: None, editor: Any
) -> None:
    synonym_create(actor=editor, data={"district": district, "term": "Kindergarten", "equivalents": "Kita"})
    page = client.get("/de/angebote/?q=Kindergarten").content.decode()
    assert "Kita Sonnenschein" in page and "Fußball für alle" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"term": "Deutsch Kurs", "equivalents": "Sprachkurs"}, "term", "einzelnes Wort"),
        ({"term": "und", "equivalents": "Kita"}, "term", "einzelnes Wort"),
        ({"term": "Kita", "equivalents": "Kita"}, "equivalents", "mindestens ein anderes Wort"),
        ({"term": "Kurs", "equivalents": "Deutsch als Fremdsprache"}, "equivalents", "einzelne Wörter"),
        (
            {"term": "Kurs", "equivalents": ",".join(f"w{i}" for i in range(11))},
            "equivalents",
            "Höchstens 10",
        ),
    ],
)
def test_bad_entries_are_refused_with_a_german_message(
    district: District, editor: Any, data: dict, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        synonym_create(actor=editor, data={"district": district, **data})
    assert message in " ".join(refused.value.message_dict[field])
    assert not Synonym.objects.exists()


@pytest.mark.django_db
def test_one_entry_per_word_and_district(
    district: District, other_district: District, editor: Any, superuser: Any
) -> None:
    synonym_create(actor=editor, data={"district": district, "term": "Kita", "equivalents": "Kindergarten"})
    with pytest.raises(ValidationError, match="schon einen Eintrag"):
        synonym_create(actor=editor, data={"district": district, "term": "kita", "equivalents": "Hort"})
    synonym_create(actor=superuser, data={"district": other_district, "term": "Kita", "equivalents": "Hort"})


@pytest.mark.django_db
def test_entries_are_tidied(district: District, editor: Any) -> None:
    synonym = synonym_create(
        actor=editor,
        data={
            "district": district,
            "term": "  Kita ",
            "equivalents": "Kindergarten,  Hort,,kindergarten, Kita",
        },
    )
    assert synonym.term == "Kita" and synonym.equivalents == "Kindergarten, Hort, kindergarten"


@pytest.mark.django_db
def test_planners_and_other_districts_may_not_change_the_list(
    district: District, planner: Any, other_editor: Any, editor: Any
) -> None:
    for actor in (planner, other_editor):
        with pytest.raises(PermissionDenied):
            synonym_create(actor=actor, data={"district": district, "term": "Kita", "equivalents": "Hort"})
    synonym = synonym_create(actor=editor, data={"district": district, "term": "Kita", "equivalents": "Hort"})
    for actor in (planner, other_editor):
        with pytest.raises(PermissionDenied):
            synonym_update(actor=actor, synonym=synonym, data={"equivalents": "Krippe"})
        with pytest.raises(PermissionDenied):
            synonym_delete(actor=actor, synonym=synonym)


@pytest.mark.django_db
def test_changes_are_in_the_audit_trail_and_apply_at_once(
    district: District, catalog: None, reviewer: Any
) -> None:
    synonym = synonym_create(
        actor=reviewer, data={"district": district, "term": "Kindergarten", "equivalents": "Hort"}
    )
    assert found(district, "Kindergarten") == set()
    synonym_update(actor=reviewer, synonym=synonym, data={"equivalents": "Hort, Kita"})
    assert found(district, "Kindergarten") == {"Kita Sonnenschein"}
    key = str(synonym.pk)
    synonym_delete(actor=reviewer, synonym=synonym)
    assert found(district, "Kindergarten") == set()
    actions = list(
        AuditEntry.objects.filter(object_type="search.synonym", object_id=key).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete", "update"]


def test_the_map_is_worked_out_once_per_list_of_entries(district: District, reviewer: Any) -> None:
    """``synonym_map`` reads the entries every time (one query) but stems their words only for
    a list it has not seen: the same entries give the same map, a changed entry a new one."""
    from wegweiser.search.synonyms import synonym_map

    synonym = synonym_create(
        actor=reviewer, data={"district": district, "term": "Kindergarten", "equivalents": "Hort"}
    )
    first = synonym_map(district_id=district.pk, languages=["de"])
    assert synonym_map(district_id=district.pk, languages=["de"]) is first
    synonym_update(actor=reviewer, synonym=synonym, data={"equivalents": "Hort, Kita"})
    changed = synonym_map(district_id=district.pk, languages=["de"])
    assert changed is not first and "Kita" in changed["kindergart"]
