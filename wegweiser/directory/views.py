"""The public directory: thin views over the catalog's selectors, server-rendered."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from wegweiser.catalog.selectors.cards import offer_cards
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.selectors.public import (
    offer_public_detail,
    organisation_public_detail,
    organisation_public_offer_ids,
)
from wegweiser.catalog.translation import localise
from wegweiser.directory.cards import cards_html, shown_cards
from wegweiser.directory.facets import shown_facets
from wegweiser.directory.forms import OfferReportForm, ReportCheck, SearchForm, report_token
from wegweiser.directory.result_map import result_map, weekday_choices
from wegweiser.districts.models import District
from wegweiser.districts.requests import district_of
from wegweiser.districts.selectors import district_public_facts
from wegweiser.feedback.services import missed_search_record, offer_report_submit
from wegweiser.freshness.selectors import offer_is_overdue
from wegweiser.publishing.selectors import edition_released_document, editions_released


def _language_context(request: HttpRequest, district: District) -> dict[str, Any]:
    """UI language from the URL; content language from ``?lang=`` among the district's
    languages, else the UI language."""
    facts = district_public_facts(district=district)
    languages = list(facts.content_languages)
    codes = facts.language_codes
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
        catalog_version=district.catalog_version,
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
        catalog_version=district.catalog_version,  # read with the district for this request
    )
    if criteria.text and result.total == 0:
        _count_missed_search(request, district, criteria.text, context["content_language"], criteria.selected)
    ui, content = get_language() or "de", context["content_language"]
    the_map = result_map(
        district=district,
        cards=result.cards,
        first_number=result.page.start_index(),
        near=result.near,
        name_of=lambda card: localise(card.offer, "name", content, also=(ui,)).text,
    )
    return render(
        request,
        "directory/offer_list.html",
        context
        | {
            "form": form,
            "criteria": criteria,
            "result": result,
            "shown_facets": shown_facets(result.facets),
            "cards_html": cards_html(
                shown_cards(
                    result.cards,
                    content_language=content,
                    ui=ui,
                    lang_param=context["lang_param"],
                    first_number=result.page.start_index(),
                )
            ),
            "result_map": the_map,
            "weekdays": weekday_choices(),
            "municipality_names": [
                name for name, _slug in district_public_facts(district=district).municipality_names
            ],
        },
    )


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_of(request)
    context = _language_context(request, district)
    offer = offer_public_detail(district=district, slug=slug, language=context["content_language"])
    if offer is None:
        raise Http404("No such offer.")
    is_stale = offer_is_overdue(district=district, offer=offer)
    return render(request, "directory/offer_detail.html", context | {"offer": offer, "is_stale": is_stale})


def _count_missed_search(
    request: HttpRequest, district: District, text: str, content_language: str, selected: dict[str, set[str]]
) -> None:
    """Count a search that found nothing (text, languages, the one municipality chosen if any;
    nothing about the visitor)."""
    chosen = selected.get("municipality", set())
    municipality = (
        district.municipalities.filter(slug=next(iter(chosen))).first() if len(chosen) == 1 else None
    )
    missed_search_record(
        district=district,
        text=text,
        ui_language=get_language() or "de",
        content_language=content_language,
        municipality=municipality,
    )


def _with_lang(url: str, lang_param: str) -> str:
    return f"{url}?lang={lang_param}" if lang_param else url


def offer_report(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Angabe falsch oder veraltet?": a short form for a visitor's report on one offer."""
    district = district_of(request)
    context = _language_context(request, district)
    offer = offer_public_detail(district=district, slug=slug, language=context["content_language"])
    if offer is None:
        raise Http404("No such offer.")
    problem = ""
    status = 200
    if request.method == "POST":
        form = OfferReportForm(request.POST)
        if is_ratelimited(
            request,
            group="directory.offer_report",
            key="ip",
            rate=settings.WEGWEISER_FEEDBACK_RATE,
            method="POST",
            increment=True,
        ):
            problem = _(
                "Many reports have been sent from your connection in a short time. Please try again "
                "later or write to the coordinating office."
            )
            status = 429
        elif form.is_valid():
            check = form.check(offer_id=offer.pk)
            done = reverse("directory:offer_report_done", args=[offer.slug])
            if check is ReportCheck.BOT:
                return redirect(_with_lang(done, context["lang_param"]))
            if check is ReportCheck.OK:
                try:
                    offer_report_submit(
                        offer=offer,
                        message=form.cleaned_data["message"],
                        email=form.cleaned_data["email"],
                        ui_language=get_language() or "de",
                        content_language=context["content_language"],
                    )
                except ValidationError as error:
                    for field, messages in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, messages)
                else:
                    return redirect(_with_lang(done, context["lang_param"]))
            elif check is ReportCheck.TOO_FAST:
                problem = _("That was very quick. Please check your report and send it again.")
            else:
                problem = _("The form was open for a long time. Please check your report and send it again.")
        # A fresh time stamp for the next try; what was typed stays.
        data = request.POST.copy()
        data["started"] = report_token(offer_id=offer.pk)
        form.data = data
    else:
        form = OfferReportForm(initial={"started": report_token(offer_id=offer.pk)})
    return render(
        request,
        "directory/offer_report.html",
        context | {"offer": offer, "form": form, "problem": problem},
        status=status,
    )


def offer_report_done(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_of(request)
    context = _language_context(request, district)
    offer = offer_public_detail(district=district, slug=slug, language=context["content_language"])
    if offer is None:
        raise Http404("No such offer.")
    return render(request, "directory/offer_report_done.html", context | {"offer": offer})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_of(request)
    context = _language_context(request, district)
    organisation = organisation_public_detail(
        district=district, slug=slug, language=context["content_language"]
    )
    if organisation is None:
        raise Http404("No such organisation.")
    ui = get_language() or "de"
    cards = offer_cards(
        offer_ids=organisation_public_offer_ids(organisation=organisation),
        language=context["content_language"],
        ui=ui,
    )
    shown = shown_cards(
        cards, content_language=context["content_language"], ui=ui, lang_param=context["lang_param"]
    )
    return render(
        request,
        "directory/organisation_detail.html",
        context | {"organisation": organisation, "cards": shown, "cards_html": cards_html(shown)},
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
