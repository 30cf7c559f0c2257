import datetime as dt

import pytest
from django.utils import timezone

from wegweiser.catalog.models import Offer, OfferTranslation, Taxonomy
from wegweiser.demo.facts import MUNICIPALITIES
from wegweiser.demo.services import demo_district_load
from wegweiser.districts.models import District


@pytest.fixture
def demo(db: None) -> District:
    demo_district_load()
    return District.objects.get(key="16062")


@pytest.mark.django_db
def test_demo_district_has_the_real_municipalities(demo: District) -> None:
    assert demo.is_demo and demo.is_default
    rows = set(demo.municipalities.values_list("ags", "name", "population", "postcode"))
    assert rows == {(ags, name, pop, plz) for ags, name, _kind, pop, plz in MUNICIPALITIES}
    assert sum(p for *_, p, _ in MUNICIPALITIES) == 82444
    nordhausen = demo.municipalities.get(ags="16062041")
    assert nordhausen.latitude is not None  # postcode centroid


@pytest.mark.django_db
def test_demo_offers_cover_every_field_of_action_and_target_group(demo: District) -> None:
    offers = Offer.objects.filter(district=demo, state=Offer.State.PUBLISHED)
    assert 55 <= offers.count() <= 70
    assert offers.values("organisation").distinct().count() >= 15
    for role in [Taxonomy.Role.FIELD_OF_ACTION, Taxonomy.Role.TARGET_GROUP, Taxonomy.Role.KIND]:
        used = set(offers.filter(terms__taxonomy__role=role).values_list("terms__slug", flat=True))
        seeded = set(Taxonomy.objects.get(role=role).terms.values_list("slug", flat=True))
        assert used == seeded, role
    served = {m for o in offers for m in o.municipalities.values_list("ags", flat=True)}
    assert len(served) == 15 or offers.filter(serves_whole_district=True).exists()
    assert offers.filter(is_mobile=True).exists()


@pytest.mark.django_db
def test_demo_has_translations_and_stale_entries(demo: District) -> None:
    languages = set(OfferTranslation.objects.values_list("language_id", flat=True))
    assert {"en", "ar", "uk"} <= languages
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    assert Offer.objects.filter(assured_date__lt=year_ago).count() >= 3


@pytest.mark.django_db
def test_demo_people_and_addresses_are_visibly_invented(demo: District) -> None:
    from wegweiser.catalog.models import Contact, Phone

    assert all(e.endswith("example.org") for e in Offer.objects.values_list("email", flat=True))
    assert all("(Demo)" in n for n in Contact.objects.values_list("name", flat=True))
    assert all(p.description == "Demo-Nummer" for p in Phone.objects.all())


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo: District) -> None:
    before = Offer.objects.count()
    assert demo_district_load()["loaded"] is False
    assert Offer.objects.count() == before


@pytest.mark.django_db
def test_every_page_says_demo(client, demo: District) -> None:  # type: ignore[no-untyped-def]
    for url in ["/de/", "/en/angebote/"]:
        assert "demo-banner" in client.get(url).content.decode()


@pytest.mark.django_db
def test_demo_freshness_is_varied_with_open_requests_and_a_marked_trend(demo: District) -> None:
    from wegweiser.freshness.models import ConfirmationRequest, FreshnessSnapshot, OfferConfirmation
    from wegweiser.freshness.selectors import freshness_overall, offers_overdue

    share = freshness_overall(district=demo)
    assert 60 <= share.percent <= 95 and offers_overdue(district=demo).count() >= 3
    due_soon = Offer.objects.filter(
        district=demo,
        assured_date__gt=timezone.localdate() - dt.timedelta(days=366),
        assured_date__lt=timezone.localdate() - dt.timedelta(days=330),
    )
    assert due_soon.count() >= 3
    open_requests = ConfirmationRequest.objects.filter(district=demo, answered_at__isnull=True)
    assert open_requests.count() >= 4 and open_requests.filter(escalated_at__isnull=False).exists()
    methods = set(OfferConfirmation.objects.filter(district=demo).values_list("method", flat=True))
    assert {"publication", "link", "phone", "office"} <= methods
    trend = FreshnessSnapshot.objects.filter(district=demo)
    assert trend.filter(is_demo=True).count() >= 180
    measured = trend.get(is_demo=False)
    assert measured.day == timezone.localdate() and measured.confirmed == share.confirmed


def test_demo_indicators_are_marked_and_foreign_nationals_add_up_to_the_district_total(
    demo: District,
) -> None:
    from wegweiser.planning import selectors
    from wegweiser.planning.models import Indicator, IndicatorValue

    demo_indicators = Indicator.objects.filter(district=demo, is_demo=True)
    assert demo_indicators.count() == 5
    assert all(i.name.endswith("(Demo)") and "Erfunden" in i.source for i in demo_indicators)
    foreign = selectors.indicator_values_for(district=demo, indicator="auslaender")
    assert len(foreign) == len(MUNICIPALITIES) and sum(foreign.values()) == 7200
    by_group = selectors.indicator_parts_for(
        district=demo, indicator="auslaender", breakdown="nationality_group"
    )
    assert sum(sum(parts.values()) for parts in by_group.values()) == 7200
    assert len(selectors.indicator_dates(indicator=demo_indicators.get(code="kinder-unter-6"))) == 5
    assert selectors.indicator_district_value(district=demo, indicator="bevoelkerung") == sum(
        p for *_rest, p, _c in MUNICIPALITIES
    )
    assert selectors.languages_needed_for(district=demo, indicator="auslaender")
    values = IndicatorValue.objects.count()
    demo_district_load()  # idempotent
    assert IndicatorValue.objects.count() == values


def test_the_demo_municipalities_have_their_real_boundaries_for_the_planning_maps(demo: District) -> None:
    municipalities = list(demo.municipalities.all())
    assert municipalities and all(m.boundary and m.area_km2 for m in municipalities)
    nordhausen = next(m for m in municipalities if m.ags == "16062041")
    assert nordhausen.population_male and nordhausen.population_female


@pytest.mark.django_db
def test_the_demo_has_invented_searches_without_results_for_the_planning_demand_signal(
    demo: District,
) -> None:
    from wegweiser.feedback.models import MissedSearch
    from wegweiser.planning.demand import missed_search_demand

    assert MissedSearch.objects.filter(district=demo).count() > 20
    assert MissedSearch.objects.filter(district=demo, municipality__isnull=False).exists()
    demand = missed_search_demand(actor=None, district=demo, days=90)
    assert demand.total == 54  # the recent counts of demo.demand.SEARCHES
    fields = {g.term.slug if g.term else "-" for g in demand.fields}
    assert {"familie-kinder", "sprache-bildung", "wohnen", "-"} <= fields  # "kita", "deutschkurs": synonyms
    assert [g.now for g in demand.fields if g.term and g.term.slug == "sprache-bildung"] == [19]
