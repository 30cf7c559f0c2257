"""Content in the visitor's language as HTML: marked with ``lang``/``dir`` where it is in
another language than the page, and with a note where it falls back to German."""

import html

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wegweiser.catalog.translation import Localised, localise
from wegweiser.core.languages import html_lang, text_direction
from wegweiser.core.markdown import render_markdown


def wrap_html(tag: str, inner: str, language: str, page: str) -> str:
    """``inner`` (HTML) in ``tag`` with ``lang``/``dir`` when ``language`` is not the page's
    (a ``span`` in the page's language is left out)."""
    if language == page:
        return f"<{tag}>{inner}</{tag}>" if tag == "div" else inner
    return f'<{tag} lang="{html_lang(language)}" dir="{text_direction(language)}">{inner}</{tag}>'


def localised_html(
    obj: object, field: str, requested: str, ui: str, *, markdown: bool = False, note: bool = True
) -> SafeString:
    """``obj.field`` in ``requested``, else in ``ui`` (the page's language), else German; a German
    fallback on a non-German page gets a visible note (``note=False`` for short labels)."""
    text = localise(obj, field, requested, also=(ui,))
    if not text.text:
        return mark_safe("")
    inner = str(render_markdown(text.text)) if markdown else html.escape(text.text)
    out = wrap_html("div" if markdown else "span", inner, text.language, ui)
    if text.is_fallback and text.language == "de" and note:
        out += str(format_html(' <span class="fallback-note">{}</span>', _("(in German)")))
    return mark_safe(out)  # noqa: S308 — parts escaped or sanitised above


def label_html(text: Localised, page: str) -> str:
    """A short label (e.g. a category), with ``lang``/``dir`` when not in the page's language."""
    return wrap_html("span", html.escape(text.text), text.language, page)


def label_items_html(texts: list[Localised], page: str) -> SafeString:
    """``<li>`` per label (``label_html``)."""
    return mark_safe("".join(f"<li>{label_html(text, page)}</li>" for text in texts))  # noqa: S308 — escaped
