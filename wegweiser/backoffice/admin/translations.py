"""Translations of offers in the back office (``wegweiser.translations``): an offer's
translations page (machine-translate into chosen languages, links to review each language and to
its XLIFF file), reviewing or writing one translation (with the readability check for Leichte
Sprache), the district's overview per language with the machine translation budget, XLIFF
import, and the list action "XLIFF export" for selected offers × one language."""

import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access import permissions
from wegweiser.access.policy import has
from wegweiser.backoffice.admin.open_data import _chosen_district, _districts
from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.core.models import Language
from wegweiser.translations.readability import readability_check
from wegweiser.translations.selectors import offer_translation_rows, translation_budget, translation_status
from wegweiser.translations.services import (
    LEICHTE_SPRACHE,
    offer_machine_translate,
    offer_translation_confirm,
    offer_translations_import,
    translatable_languages,
    translation_budget_set,
    writable_languages,
)
from wegweiser.translations.xliff import text_field, xliff_build


class MachineTranslateForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Target languages"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = choices  # type: ignore[attr-defined]


class TranslationForm(forms.Form):
    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in OfferTranslation.translated_fields:
            german = getattr(offer, name) or ""
            model_field = text_field(name)
            long = model_field.get_internal_type() == "TextField"
            self.fields[name] = forms.CharField(
                label=str(model_field.verbose_name).capitalize(),
                required=False,
                max_length=model_field.max_length,
                widget=forms.Textarea(attrs={"rows": 6 if long else 2, "dir": "auto"}),
                help_text=german,
            )


class BudgetForm(forms.Form):
    characters_per_month = forms.IntegerField(label=gettext_lazy("Characters per month"), min_value=0)


class XliffImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("XLIFF file"))


class XliffExportForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Target language"), choices=())


def _language_choices(codes: list[str]) -> list[tuple[str, str]]:
    names = {lang.code: lang for lang in Language.objects.filter(code__in=codes)}
    return [(c, f"{names[c].name_de} ({names[c].native_name})") for c in codes if c in names]


def _xliff_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/x-xliff+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class OfferTranslationsMixin:
    """Adds the translation pages to the offer admin."""

    admin_site: Any

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("translations/", wrap(self.translation_status_view), name="catalog_translation_status"),
            path(
                "translations/import/", wrap(self.translation_import_view), name="catalog_translation_import"
            ),
            path(
                "<uuid:pk>/translations/",
                wrap(self.offer_translations_view),
                name="catalog_offer_translations",
            ),
            path(
                "<uuid:pk>/translations/<str:language>/",
                wrap(self.offer_translation_edit_view),
                name="catalog_offer_translation_edit",
            ),
            path(
                "<uuid:pk>/translations/<str:language>/xliff/",
                wrap(self.offer_xliff_view),
                name="catalog_offer_xliff",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def _offer(self, request: HttpRequest, pk: uuid.UUID, permission: str) -> Offer:
        offer = self.get_queryset(request).filter(pk=pk).first()  # type: ignore[attr-defined]
        if offer is None:
            raise Http404
        if not has(actor=request.user, permission=permission, obj=offer):
            raise PermissionDenied
        return offer

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": Offer._meta, "title": title, **extra}

    def offer_translations_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        offer = self._offer(request, pk, permissions.OFFER_TRANSLATION_VIEW)
        may_change = has(actor=request.user, permission=permissions.OFFER_TRANSLATION_CHANGE, obj=offer)
        choices = _language_choices(translatable_languages(district=offer.district))
        form = MachineTranslateForm(request.POST if request.method == "POST" else None, choices=choices)
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            if form.is_valid():
                try:
                    result = offer_machine_translate(
                        actor=request.user, offer=offer, languages=form.cleaned_data["languages"]
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    done = ", ".join(result.translated) or "–"
                    self.message_user(  # type: ignore[attr-defined]
                        request,
                        _("Machine-translated into: %(languages)s (%(characters)s characters).")
                        % {"languages": done, "characters": result.characters},
                        level=messages.SUCCESS,
                    )
                    if result.unchanged:
                        self.message_user(  # type: ignore[attr-defined]
                            request,
                            _("Already translated and reviewed, left as it is: %(languages)s.")
                            % {"languages": ", ".join(result.unchanged)},
                            level=messages.INFO,
                        )
                    return HttpResponseRedirect(reverse("admin:catalog_offer_translations", args=[offer.pk]))
        rows = offer_translation_rows(offer=offer)
        languages = [
            (code, label, rows.get(code))
            for code, label in _language_choices(writable_languages(district=offer.district))
        ]
        context = self._context(
            request,
            _("Translations: %(offer)s") % {"offer": offer},
            original=offer,
            form=form,
            may_change=may_change,
            languages=languages,
            budget=translation_budget(district=offer.district),
        )
        return TemplateResponse(request, "backoffice/offer_translations.html", context)

    def offer_translation_edit_view(self, request: HttpRequest, pk: uuid.UUID, language: str) -> HttpResponse:
        offer = self._offer(request, pk, permissions.OFFER_TRANSLATION_CHANGE)
        if language not in writable_languages(district=offer.district):
            raise Http404
        row = offer_translation_rows(offer=offer).get(language)
        initial = {name: getattr(row, name) for name in OfferTranslation.translated_fields} if row else {}
        form = TranslationForm(
            request.POST if request.method == "POST" else None, offer=offer, initial=initial
        )
        if request.method == "POST" and form.is_valid() and "_check" not in request.POST:
            try:
                offer_translation_confirm(
                    actor=request.user, offer=offer, language=language, data=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(  # type: ignore[attr-defined]
                    request,
                    _("The translation into %(language)s was saved and counts as reviewed.")
                    % {"language": language},
                    level=messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:catalog_offer_translations", args=[offer.pk]))
        readability = None
        if language == LEICHTE_SPRACHE:
            texts = form.data if form.is_bound else initial
            readability = [
                (form[name].label, readability_check(texts.get(name) or ""))
                for name in ("name", "short_description", "description")
                if texts.get(name)
            ]
        context = self._context(
            request,
            _("Translation into %(language)s: %(offer)s")
            % {"language": Language.objects.get(code=language).name_de, "offer": offer},
            original=offer,
            form=form,
            row=row,
            language=language,
            direction="rtl" if Language.objects.filter(code=language, is_rtl=True).exists() else "ltr",
            readability=readability,
        )
        return TemplateResponse(request, "backoffice/offer_translation_edit.html", context)

    def offer_xliff_view(self, request: HttpRequest, pk: uuid.UUID, language: str) -> HttpResponse:
        offer = self._offer(request, pk, permissions.OFFER_TRANSLATION_VIEW)
        if language not in writable_languages(district=offer.district):
            raise Http404
        content = xliff_build(offers=[offer], language=language)
        return _xliff_response(content, f"{offer.slug}-{language}.xlf")

    def translation_status_view(self, request: HttpRequest) -> HttpResponse:
        if not has(actor=request.user, permission=permissions.OFFER_TRANSLATION_VIEW):
            raise PermissionDenied
        district = _chosen_district(request, permissions.OFFER_TRANSLATION_VIEW)
        if district is None:
            context = self._context(
                request,
                _("Choose a district"),
                districts=_districts(request, permissions.OFFER_TRANSLATION_VIEW),
            )
            return TemplateResponse(request, "backoffice/district_choice.html", context)
        may_budget = has(
            actor=request.user, permission=permissions.TRANSLATION_BUDGET_CHANGE, district=district
        )
        budget = translation_budget(district=district)
        form = BudgetForm(
            request.POST if request.method == "POST" else None,
            initial={"characters_per_month": budget.budget},
        )
        if request.method == "POST":
            if not may_budget:
                raise PermissionDenied
            if form.is_valid():
                translation_budget_set(
                    actor=request.user,
                    district=district,
                    characters_per_month=form.cleaned_data["characters_per_month"],
                )
                self.message_user(request, _("The budget was saved."), level=messages.SUCCESS)  # type: ignore[attr-defined]
                return HttpResponseRedirect(request.get_full_path())
        context = self._context(
            request,
            _("Translations by language"),
            district=district,
            rows=translation_status(district=district),
            budget=budget,
            budget_form=form if may_budget else None,
            may_import=has(
                actor=request.user, permission=permissions.OFFER_TRANSLATION_CHANGE, district=district
            ),
        )
        return TemplateResponse(request, "backoffice/translation_status.html", context)

    def translation_import_view(self, request: HttpRequest) -> HttpResponse:
        if not has(actor=request.user, permission=permissions.OFFER_TRANSLATION_CHANGE):
            raise PermissionDenied
        form = XliffImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                counts = offer_translations_import(
                    actor=request.user, content=form.cleaned_data["file"].read()
                )
            except ValidationError as error:
                problems = error.messages
            else:
                self.message_user(  # type: ignore[attr-defined]
                    request,
                    _("Imported: %(texts)s texts of %(offers)s offers.") % counts,
                    level=messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:catalog_translation_status"))
        context = self._context(request, _("Import translations (XLIFF)"), form=form, problems=problems)
        return TemplateResponse(request, "backoffice/translation_import.html", context)

    @admin.action(
        description=gettext_lazy("Export selected offers for translators (XLIFF)"), permissions=["view"]
    )
    def export_xliff(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        codes: list[str] = []
        for district in _districts(request, permissions.OFFER_TRANSLATION_VIEW)[:20]:
            codes += [c for c in writable_languages(district=district) if c not in codes]
        form = XliffExportForm(request.POST if "language" in request.POST else None)
        form.fields["language"].choices = _language_choices(codes)  # type: ignore[attr-defined]
        if form.is_valid():
            offers = queryset.prefetch_related("translations").order_by("name")
            content = xliff_build(offers=offers, language=form.cleaned_data["language"])
            return _xliff_response(content, f"angebote-{form.cleaned_data['language']}.xlf")
        context = self._context(
            request,
            _("Export for translators (XLIFF)"),
            form=form,
            offers=queryset.order_by("name"),
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )
        return TemplateResponse(request, "backoffice/translation_export.html", context)
