"""Template helpers of the printed catalog."""

import datetime as dt
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString

from wegweiser.core.languages import text_direction

register = template.Library()


@register.simple_tag
def lang_attrs(text: dict[str, Any], document_language: str) -> SafeString:
    """``lang`` and ``dir`` for a text that fell back to another language than the document's
    (a German offer name in the Arabic catalog is set left to right, and hyphenated as German)."""
    language = text.get("lang") or document_language
    if language == document_language:
        return SafeString("")
    return format_html(' lang="{}" dir="{}"', language, text_direction(language))


@register.filter
def date_iso(value: str | None) -> str:
    """An ISO date from the snapshot in the active language's long date format."""
    if not value:
        return ""
    return formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
