"""The district's settings change only through ``district_update``, which allows a fixed list of fields."""

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.districts.services import district_update


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["key", "slug", "catalog_version", "is_default", "is_demo"])
def test_district_update_refuses_fields_outside_the_allow_list(field: str, district: District) -> None:
    with pytest.raises(ValueError):
        district_update(actor=None, district=district, data={field: "x", "office_phone": "1"})
    district.refresh_from_db()
    assert district.office_phone == ""


@pytest.mark.django_db
def test_district_update_needs_the_permission(editor: Any, district: District) -> None:
    with pytest.raises(PermissionDenied):
        district_update(actor=editor, district=district, data={"stale_after_months": 3})


@pytest.mark.django_db
def test_reviewer_updates_the_settings_with_an_audit_entry(reviewer: Any, district: District) -> None:
    changes = district_update(actor=reviewer, district=district, data={"stale_after_months": 3})

    assert list(changes.values()) == [["12", "3"]]
    assert AuditEntry.objects.get(object_type="districts.district", actor=reviewer).changes == changes


@pytest.mark.django_db
def test_a_renamed_municipality_is_found_and_shown_under_its_new_name(
    district: District, make_offer: Any
) -> None:
    """A municipality's name (e.g. after a merger) is in the search documents of the offers
    serving it and in the directory's facet labels, which are cached per catalog version: a
    rename re-indexes those offers and raises the version."""
    from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
    from wegweiser.districts.services import municipality_update

    nordhausen = district.municipalities.get(slug="nordhausen")
    make_offer("Deutschkurs am Abend", serves_whole_district=False, municipalities=[nordhausen])
    make_offer("Fußball für alle")

    def search(text: str = "") -> Any:
        return offer_directory_search(
            district=District.objects.get(pk=district.pk),
            criteria=Criteria(text=text),
            language="de",
            search_languages=["de"],
        )

    def labels(result: Any) -> set[str]:
        return {o.label for f in result.facets if f.key == "municipality" for o in f.options}

    assert search("Nordhausen").total == 1 and "Nordhausen" in labels(search())  # cached now
    version = District.objects.get(pk=district.pk).catalog_version
    assert municipality_update(actor=None, municipality=nordhausen, data={"name": "Nordhausen-Süd"})
    assert District.objects.get(pk=district.pk).catalog_version > version
    assert [card.offer.name for card in search("Nordhausen-Süd").cards] == ["Deutschkurs am Abend"]
    assert search("Süd").total == 1
    assert "Nordhausen-Süd" in labels(search()) and "Nordhausen" not in labels(search())
    municipality_update(actor=None, municipality=nordhausen, data={"population": 40000})  # no rename
    assert search("Süd").total == 1


@pytest.mark.django_db
def test_changing_the_content_languages_raises_the_version_and_the_directory_offers_them(
    client: Any, district: District, make_offer: Any
) -> None:
    """The directory reads a district's content languages once per catalog version
    (``district_public_facts``): a change of the languages raises the version, so the next
    page offers the new language at once; other settings leave it alone."""
    from wegweiser.core.models import Language

    make_offer("Deutschkurs am Abend")
    district.languages.set(Language.objects.filter(code="en"))

    def offered() -> set[str]:  # the choices of "Offer texts in"
        html = client.get("/de/angebote/").content.decode()
        chooser = html.split('id="lang-content"', 1)[1].split("</select>", 1)[0]
        return set(re.findall(r'<option value="(\w+)"', chooser))

    before = offered()
    assert "uk" not in before and "en" in before
    version = District.objects.get(pk=district.pk).catalog_version
    stored = District.objects.get(pk=district.pk)
    languages = Language.objects.filter(code__in=["en", "uk"])
    district_update(actor=None, district=stored, data={"languages": languages})
    assert District.objects.get(pk=district.pk).catalog_version == version + 1
    assert "uk" in offered()
    district_update(actor=None, district=stored, data={"office_phone": "03631 0000"})
    assert District.objects.get(pk=district.pk).catalog_version == version + 1
