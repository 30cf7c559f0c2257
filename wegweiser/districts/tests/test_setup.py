"""Setting up a real district from the data the product carries (Destatis GV100AD 30.11.2023 and
BKG VG5000 boundaries): all municipalities with their facts, idempotent, all or nothing."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from wegweiser.access.models import Membership
from wegweiser.access.roles import REVIEWER
from wegweiser.catalog.models import Taxonomy, TaxonomyTerm
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District, Municipality
from wegweiser.districts.municipality_data import district_facts
from wegweiser.districts.setup import district_setup


@pytest.fixture(autouse=True)
def german() -> Any:
    with translation.override("de"):
        yield


@pytest.mark.django_db
def test_setting_up_nordhausen_creates_all_15_municipalities_with_their_facts() -> None:
    result = district_setup(actor=None, key="16062")

    district = District.objects.get(key="16062")
    assert result.created and result.district == district
    assert district.name == "Landkreis Nordhausen"
    assert district.slug == "landkreis-nordhausen"
    assert district.office_name  # a placeholder for staff to replace
    municipalities = Municipality.objects.filter(district=district)
    assert municipalities.count() == 15
    assert sum(m.population for m in municipalities) == 82444
    nordhausen = municipalities.get(ags="16062041")
    assert nordhausen.name == "Nordhausen, Stadt"
    assert nordhausen.kind == Municipality.Kind.CITY
    assert nordhausen.population == 41339
    assert (nordhausen.population_male, nordhausen.population_female) == (20284, 41339 - 20284)
    assert nordhausen.population_date == dt.date(2022, 12, 31)
    assert nordhausen.postcode == "99734"
    assert nordhausen.area_km2 == Decimal("108.24")
    assert nordhausen.boundary is not None
    assert nordhausen.boundary["type"] in ("Polygon", "MultiPolygon")
    # The representative point lies in the town (around 51.5 N, 10.8 E).
    assert nordhausen.latitude is not None and nordhausen.longitude is not None
    assert Decimal("51.4") < nordhausen.latitude < Decimal("51.6")
    assert Decimal("10.7") < nordhausen.longitude < Decimal("10.9")
    assert municipalities.get(ags="16062008").kind == Municipality.Kind.MUNICIPALITY
    assert not result.without_boundary


@pytest.mark.django_db
def test_setup_brings_vocabularies_roles_and_a_first_reviewer() -> None:
    TaxonomyTerm.objects.all().delete()
    Taxonomy.objects.all().delete()

    result = district_setup(actor=None, key="16062", reviewer_email="pruefung@kreis.example")

    assert Taxonomy.objects.filter(role=Taxonomy.Role.FIELD_OF_ACTION).exists()
    assert TaxonomyTerm.objects.filter(taxonomy__role=Taxonomy.Role.TARGET_GROUP).exists()
    user = get_user_model().objects.get(username="pruefung")
    assert user.is_staff and user.email == "pruefung@kreis.example"
    assert Membership.objects.filter(user=user, district=result.district, role=REVIEWER).exists()
    assert result.reviewer_password and user.check_password(result.reviewer_password)
    assert user.has_perm("districts.change_district")


@pytest.mark.django_db
def test_another_states_district_and_an_independent_town_work() -> None:
    district_setup(actor=None, key="05562")  # Kreis Recklinghausen, North Rhine-Westphalia
    district_setup(actor=None, key="09162")  # München, kreisfreie Stadt

    recklinghausen = District.objects.get(key="05562")
    assert recklinghausen.name == "Kreis Recklinghausen"
    assert recklinghausen.municipalities.count() == 10
    munich = District.objects.get(key="09162")
    assert munich.name == "München, Landeshauptstadt"
    assert [m.ags for m in munich.municipalities.all()] == ["09162000"]
    assert munich.municipalities.get().kind == Municipality.Kind.CITY


@pytest.mark.django_db
def test_running_setup_again_updates_facts_and_duplicates_nothing() -> None:
    district_setup(actor=None, key="16062", reviewer_email="pruefung@kreis.example")
    district = District.objects.get(key="16062")
    district.office_name = "Landratsamt Nordhausen"  # edited by staff in the meantime
    district.save()
    Municipality.objects.filter(ags="16062041").update(population=1, postcode="99999")
    entries = AuditEntry.objects.count()

    result = district_setup(actor=None, key="16062", reviewer_email="pruefung@kreis.example")

    assert not result.created
    assert (result.municipalities_created, result.municipalities_updated) == (0, 1)
    assert result.reviewer_password is None  # the account exists; its password is kept
    assert District.objects.count() == 1
    assert Municipality.objects.count() == 15
    nordhausen = Municipality.objects.get(ags="16062041")
    assert (nordhausen.population, nordhausen.postcode) == (41339, "99734")
    district.refresh_from_db()
    assert district.office_name == "Landratsamt Nordhausen"
    assert AuditEntry.objects.count() == entries + 1  # only the municipality that changed
    assert get_user_model().objects.filter(username="pruefung").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["99999", "1606", "abcde", "16999"])
def test_an_unknown_key_is_refused_in_german_and_nothing_is_written(key: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        district_setup(actor=None, key=key, reviewer_email="pruefung@kreis.example")

    assert "Es gibt keinen Landkreis" in " ".join(excinfo.value.messages)
    assert not District.objects.exists()
    assert not Municipality.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_a_failure_halfway_leaves_nothing_behind() -> None:
    district_setup(actor=None, key="16061")  # Eichsfeld
    # Nordhausen's town is claimed by Eichsfeld: setting up Nordhausen must fail as a whole.
    Municipality.objects.filter(ags="16061001").update(ags="16062041")

    with pytest.raises(ValidationError):
        district_setup(actor=None, key="16062", reviewer_email="pruefung@kreis.example")

    assert not District.objects.filter(key="16062").exists()
    assert not Municipality.objects.filter(ags__startswith="16062").exclude(ags="16062041").exists()
    assert not get_user_model().objects.exists()


def test_keys_without_boundary_are_reported_not_fatal() -> None:
    facts = district_facts(key="16063")  # Wartburgkreis: Eisenach joined it after 2021

    missing = [m.ags for m in facts.without_boundary]
    assert missing == ["16063105"]
    eisenach = next(m for m in facts.municipalities if m.ags == "16063105")
    assert eisenach.latitude is not None  # the main postcode's centre instead


@pytest.mark.django_db
def test_the_command_prints_the_reviewer_password_once_and_german_errors(capsys: Any) -> None:
    call_command("district_setup", "16062", "--reviewer-email", "pruefung@kreis.example")
    out = capsys.readouterr().out
    assert "Landkreis Nordhausen (16062) angelegt" in out
    assert "Gemeinden: 15" in out
    assert "Startpasswort" in out
    assert "GeoBasis-DE / BKG 2021" in out

    call_command("district_setup", "16062", "--reviewer-email", "pruefung@kreis.example")
    assert "Startpasswort" not in capsys.readouterr().out

    with pytest.raises(CommandError, match="Es gibt keinen Landkreis"):
        call_command("district_setup", "12345")
