"""Showing content in the visitor's language, marked where it falls back to German."""

from typing import Any
from urllib.parse import quote

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import get_script_prefix, reverse
from django.utils.html import escape, format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wegweiser.catalog.schedule_text import schedule_describe
from wegweiser.catalog.translation import Localised, localise
from wegweiser.core.languages import endonym, text_direction
from wegweiser.core.languages import html_lang as _html_lang
from wegweiser.core.markdown import render_markdown

register = template.Library()


def _wrap(tag: str, html: str, language: str) -> str:
    if language == (get_language() or "de"):
        return f"<{tag}>{html}</{tag}>" if tag == "div" else html
    return f'<{tag} lang="{_html_lang(language)}" dir="{text_direction(language)}">{html}</{tag}>'


@register.simple_tag(takes_context=True)
def tr(
    context: dict[str, Any], obj: Any, field: str, markdown: bool = False, note: bool = True
) -> SafeString:
    """``obj.field`` in the content language, else the interface language, else German.
    Text in another language than the page gets ``lang``/``dir``; German fallback on a
    non-German page gets a visible note (``note=False`` for short labels such as tags)."""
    ui = get_language() or "de"
    requested = context.get("content_language") or ui
    text = localise(obj, field, requested, also=(ui,))
    if not text.text:
        return mark_safe("")
    html = str(render_markdown(text.text)) if markdown else str(escape(text.text))
    out = _wrap("div" if markdown else "span", html, text.language)
    if text.is_fallback and text.language == "de" and note:
        out += str(format_html(' <span class="fallback-note">{}</span>', _("(in German)")))
    return mark_safe(out)  # noqa: S308 — parts escaped or sanitised above


@register.simple_tag
def labelled(text: Localised) -> SafeString:
    """A short label (e.g. a category) with ``lang``/``dir`` when not in the page's language."""
    return mark_safe(_wrap("span", str(escape(text.text)), text.language))  # noqa: S308 — escaped


@register.simple_tag
def label_items(texts: list[Localised]) -> SafeString:
    """``<li>`` per label (``labelled``): one tag for a card's categories instead of one each
    (a search page shows about a hundred)."""
    return mark_safe("".join(f"<li>{labelled(text)}</li>" for text in texts))  # noqa: S308 — escaped


# The offer page's address per interface language and script prefix, with a placeholder for
# the slug: a result page links twenty offers, and ``reverse`` costs 30 µs each.
_SLUG = "wegweiser-slug-placeholder"
_OFFER_URLS: dict[tuple[str, str], str] = {}


@register.simple_tag
def offer_href(slug: str, lang_param: str = "") -> str:
    """The offer page's address (``directory:offer_detail``), with ``?lang=`` when the content
    language is not the interface language; the slug quoted as ``reverse`` quotes it."""
    key = (get_language() or "", get_script_prefix())
    if key not in _OFFER_URLS:
        _OFFER_URLS[key] = reverse("directory:offer_detail", args=[_SLUG])
    url = _OFFER_URLS[key].replace(_SLUG, quote(str(slug), safe=RFC3986_SUBDELIMS + "/~:@"))
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
def interface_languages() -> list[dict[str, str]]:
    """The interface languages for the chooser, each named in itself."""
    return [
        {"code": code, "name": endonym(code), "lang": _html_lang(code), "dir": text_direction(code)}
        for code, _name in settings.LANGUAGES
    ]
