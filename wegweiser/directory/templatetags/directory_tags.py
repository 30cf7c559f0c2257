"""Showing content in the visitor's language, marked where it falls back to German."""

import functools
from typing import Any

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from wegweiser.catalog.schedule_text import schedule_describe
from wegweiser.catalog.translation import Localised
from wegweiser.core.languages import endonym, text_direction
from wegweiser.core.languages import html_lang as _html_lang
from wegweiser.core.links import slug_path
from wegweiser.directory.text import label_html, label_items_html, localised_html

register = template.Library()


@register.simple_tag(takes_context=True)
def tr(
    context: dict[str, Any], obj: Any, field: str, markdown: bool = False, note: bool = True
) -> SafeString:
    """``obj.field`` in the content language, else the interface language, else German.
    Text in another language than the page gets ``lang``/``dir``; German fallback on a
    non-German page gets a visible note (``note=False`` for short labels such as tags)."""
    ui = get_language() or "de"
    requested = context.get("content_language") or ui
    return localised_html(obj, field, requested, ui, markdown=markdown, note=note)


@register.simple_tag
def labelled(text: Localised) -> SafeString:
    """A short label (e.g. a category) with ``lang``/``dir`` when not in the page's language."""
    return mark_safe(label_html(text, get_language() or "de"))  # noqa: S308 — escaped


@register.simple_tag
def label_items(texts: list[Localised]) -> SafeString:
    """``<li>`` per label (``labelled``): one tag for a list of categories instead of one each."""
    return label_items_html(texts, get_language() or "de")


@register.simple_tag
def offer_href(slug: str, lang_param: str = "") -> str:
    """The offer page's address (``directory:offer_detail``), with ``?lang=`` when the content
    language is not the interface language (``slug_path``: reversed once per language)."""
    url = slug_path("directory:offer_detail", slug)
    return f"{url}?lang={lang_param}" if lang_param else url


@register.simple_tag(takes_context=True)
def schedule_text(context: dict[str, Any], schedule: Any) -> str:
    language = get_language() or "de"
    return schedule_describe(schedule, language="de" if language == "de-ls" else language)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def direction(code: str) -> str:
    return text_direction(code)


@register.filter
def html_lang(code: str) -> str:
    """A language code as a ``lang`` attribute value (``de-ls`` -> ``de-x-ls``)."""
    return _html_lang(code)


@register.simple_tag
def interface_languages() -> tuple[dict[str, str], ...]:
    """The interface languages for the chooser, each named in itself (the same on every page)."""
    return _interface_languages(tuple(code for code, _name in settings.LANGUAGES))


@functools.cache
def _interface_languages(codes: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    return tuple(
        {"code": code, "name": endonym(code), "lang": _html_lang(code), "dir": text_direction(code)}
        for code in codes
    )
