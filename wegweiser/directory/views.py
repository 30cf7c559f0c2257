"""The public directory: thin views over the catalog's selectors, server-rendered."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from wegweiser.catalog.selectors.cards import offer_cards
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.selectors.public import (
    offer_public_detail,
    organisation_public_detail,
    organisation_public_offer_ids,
)
from wegweiser.directory.forms import SearchForm
from wegweiser.districts.models import District
from wegweiser.districts.requests import district_of
from wegweiser.districts.selectors import district_content_languages
from wegweiser.freshness.selectors import offer_is_overdue
from wegweiser.publishing.selectors import edition_released_document, editions_released


def _language_context(request: HttpRequest, district: District) -> dict[str, Any]:
    """UI language from the URL; content language from ``?lang=`` among the district's
    languages, else the UI language."""
    languages = list(district_content_languages(district=district))
    codes = [lang.code for lang in languages]
    ui = get_language() or "de"
    requested = request.GET.get("lang", "")
    content = requested if requested in codes else ui
    return {
        "content_language": content,
        "content_languages": languages,
        "search_languages": list(dict.fromkeys(["de", "en", *codes])),
        "lang_param": requested if requested in codes and requested != ui else "",
    }


def home(request: HttpRequest) -> HttpResponse:
    district = district_of(request)
    context = _language_context(request, district)
    result = offer_directory_search(
        district=district,
        criteria=Criteria(),
        language=context["content_language"],
        search_languages=context["search_languages"],
        ui_language=get_language() or "de",
        page_size=1,
    )
    fields = next(f for f in result.facets if f.key == "field")
    return render(
        request,
        "directory/home.html",
        context | {"fields_of_action": fields.options, "total": result.total},
    )


def offer_list(request: HttpRequest) -> HttpResponse:
    district = district_of(request)
    context = _language_context(request, district)
    form = SearchForm(request.GET)
    criteria = form.criteria(dict(request.GET.lists()))
    result = offer_directory_search(
        district=district,
        criteria=criteria,
        language=context["content_language"],
        search_languages=context["search_languages"],
        ui_language=get_language() or "de",
        page_size=settings.WEGWEISER_DIRECTORY_PAGE_SIZE,
    )
    return render(
        request,
        "directory/offer_list.html",
        context | {"form": form, "criteria": criteria, "result": result},
    )


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_of(request)
    context = _language_context(request, district)
    offer = offer_public_detail(district=district, slug=slug, language=context["content_language"])
    if offer is None:
        raise Http404("No such offer.")
    is_stale = offer_is_overdue(district=district, offer=offer)
    return render(request, "directory/offer_detail.html", context | {"offer": offer, "is_stale": is_stale})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_of(request)
    context = _language_context(request, district)
    organisation = organisation_public_detail(
        district=district, slug=slug, language=context["content_language"]
    )
    if organisation is None:
        raise Http404("No such organisation.")
    cards = offer_cards(
        offer_ids=organisation_public_offer_ids(organisation=organisation),
        language=context["content_language"],
        ui=get_language() or "de",
    )
    return render(
        request,
        "directory/organisation_detail.html",
        context | {"organisation": organisation, "cards": cards},
    )


def edition_list(request: HttpRequest) -> HttpResponse:
    """The released printed catalogs of the district, to download."""
    district = district_of(request)
    context = _language_context(request, district)
    editions = list(editions_released(district=district))
    return render(request, "directory/edition_list.html", context | {"editions": editions})


def edition_download(request: HttpRequest, number: int, language: str) -> HttpResponse:
    district = district_of(request)
    document = edition_released_document(district=district, number=number, language=language)
    if document is None:
        raise Http404("No such edition.")
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.edition.file_name}"'
    response["Content-Length"] = str(document.size)
    response["Cache-Control"] = "public, max-age=86400, immutable"  # released editions never change
    return response
