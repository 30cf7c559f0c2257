"""Interface languages: lang/dir on every page, Accept-Language and the cookie on the first
visit, the language chooser keeping path, search and filters, staff pages staying German."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation import check_for_language

from wegweiser.districts.models import District

EXPECTED = {  # code: (html lang, dir, a word of the start page in that language)
    "de": ("de", "ltr", "Was suchen Sie?"),
    "en": ("en", "ltr", "What are you looking for?"),
    "uk": ("uk", "ltr", "Що ви шукаєте?"),
    "ru": ("ru", "ltr", "Что вы ищете?"),
    "ar": ("ar", "rtl", "عمّ تبحث؟"),
    "fa": ("fa", "rtl", "دنبال چه می‌گردید؟"),
    "tr": ("tr", "ltr", "Ne arıyorsunuz?"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_interface_language_serves_the_start_page_with_its_lang_and_direction(
    client: Client, district: District, code: str
) -> None:
    if not check_for_language(code):
        pytest.skip(f"no catalog for {code} in this branch (helper i18n2 writes it)")
    response = client.get(f"/{code}/")
    html = response.content.decode()
    assert response.status_code == 200
    lang = {"de-ls": "de-x-ls"}.get(code, code)
    direction = "rtl" if code in ("ar", "fa", "ps") else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    if code in EXPECTED:
        assert EXPECTED[code][2] in html


@pytest.mark.django_db
def test_leichte_sprache_has_its_own_prefix_and_falls_back_to_german(
    client: Client, district: District
) -> None:
    html = client.get("/de-ls/angebote/?q=Kurs").content.decode()
    assert '<html lang="de-x-ls" dir="ltr">' in html
    assert "Was suchen Sie?" in html  # no entry in de_LS yet: German, never the English msgid


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("ar-SY,ar;q=0.9,en;q=0.5", "/ar/"),
        ("uk", "/uk/"),
        ("fa-IR", "/fa/"),
        ("tr-TR,tr", "/tr/"),
        ("pl", "/de/"),
    ],
)
def test_the_first_visit_follows_accept_language(
    client: Client, district: District, accept: str, target: str
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.django_db
def test_the_chooser_keeps_path_search_and_filters_and_remembers_the_choice(
    client: Client, district: District
) -> None:
    response = client.get(
        "/sprache/", {"language": "ar", "next": "/de/angebote/?q=Beratung&field=beratung&page=2"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/angebote/?q=Beratung&field=beratung&page=2"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ar"
    assert cookie["samesite"] == "Lax"
    # The next visit of the root URL goes to the chosen language, whatever the browser says.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/ar/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("next_url", "content", "target"),
    [
        # content follows the interface language: an old ?lang= equal to nothing chosen is dropped
        ("/de/angebote/?q=Kurs&lang=uk", "", "/ru/angebote/?q=Kurs"),
        # the visitor chooses other offer texts than the interface
        ("/de/angebote/?q=Kurs", "uk", "/ru/angebote/?q=Kurs&lang=uk"),
        # choosing the interface's own language is no separate choice
        ("/de/angebote/?q=Kurs&lang=uk", "ru", "/ru/angebote/?q=Kurs"),
    ],
)
def test_the_content_language_follows_the_interface_unless_chosen(
    client: Client, district: District, make_offer: Callable, next_url: str, content: str, target: str
) -> None:
    response = client.get("/sprache/", {"language": "ru", "content": content, "next": next_url})
    assert response["Location"] == target


@pytest.mark.django_db
def test_the_chooser_switches_an_offer_page_and_the_partner_portal(
    client: Client, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    response = client.get("/sprache/", {"language": "tr", "next": f"/en/angebote/{offer.slug}/"})
    assert response["Location"] == f"/tr/angebote/{offer.slug}/"
    response = client.get("/sprache/", {"language": "fa", "next": "/de/partner/anmelden/?next=/de/partner/"})
    assert response["Location"] == "/fa/partner/anmelden/?next=%2Fde%2Fpartner%2F"
    page = client.get("/fa/partner/anmelden/").content.decode()
    assert '<html lang="fa" dir="rtl">' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/de/", "javascript:alert(1)", ""]
)
def test_the_chooser_goes_nowhere_else_than_this_site(
    client: Client, district: District, next_url: str
) -> None:
    response = client.get("/sprache/", {"language": "uk", "next": next_url})
    assert response["Location"] == "/uk/"


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client: Client, district: District) -> None:
    response = client.get("/sprache/", {"language": "xx", "next": "/de/angebote/?q=Kurs"})
    assert response["Location"] == "/de/angebote/?q=Kurs"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_every_page_has_the_chooser_with_endonyms_and_the_current_address(
    client: Client, district: District
) -> None:
    html = client.get("/uk/angebote/?q=Kurs&lang=ar").content.decode()
    assert 'action="/sprache/"' in html
    assert 'name="next" value="/uk/angebote/?q=Kurs&amp;lang=ar"' in html
    for code, name in [("de", "Deutsch"), ("ar", "العربية"), ("uk", "Українська"), ("ti", "ትግርኛ")]:
        assert f'<option value="{code}" lang="{code}"' in html
        assert name in html
    assert '<option value="uk" lang="uk" dir="ltr" selected>' in html
    assert '<option value="ar" lang="ar" dir="rtl">' in html


@pytest.mark.django_db
def test_staff_pages_stay_in_the_staff_languages(client: Client, district: District) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert client.get("/planung/", HTTP_ACCEPT_LANGUAGE="ar")["Content-Language"] == "de"
    assert client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ar")["Content-Language"] == "de"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/planung/")["Content-Language"] == "en"
