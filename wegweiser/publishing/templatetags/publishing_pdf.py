"""Template helpers of the printed catalog."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from wegweiser.core.languages import text_direction
from wegweiser.publishing.facts import Run, fallback_note

register = template.Library()


@register.simple_tag
def lang_attrs(text: dict[str, Any], document_language: str) -> SafeString:
    """``lang`` and ``dir`` for a text that fell back to another language than the document's
    (a German offer name in the Arabic catalog is set left to right, and hyphenated as German)."""
    language = text.get("lang") or document_language
    if language == document_language:
        return SafeString("")
    return format_html(' lang="{}" dir="{}"', language, text_direction(language))


@register.simple_tag
def fallback_mark(text: dict[str, Any], document_language: str) -> SafeString:
    """ "(auf Deutsch)" after a text that fell back to German (see ``facts.fallback_note``)."""
    language = text.get("lang") or document_language
    if language == document_language:
        return SafeString("")
    return format_html(' <span class="fallback">{}</span>', fallback_note(document_language))


@register.simple_tag
def pdf_run(run: Run, document_language: str) -> SafeString:
    """One run of an offer's line of facts (see ``publishing.facts``) as HTML."""
    if run.strong:
        return format_html("<b>{}</b>", run.text)
    if run.lang and run.lang != document_language:
        return format_html(
            '<span lang="{}" dir="{}">{}</span> <span class="fallback">{}</span>',
            run.lang,
            text_direction(run.lang),
            run.text,
            fallback_note(document_language),
        )
    if run.ltr:
        return format_html('<span dir="ltr">{}</span>', run.text)
    return format_html("{}", run.text)
