"""The public label of machine translations that no person has reviewed yet."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wegweiser.catalog.translation import localise

register = template.Library()


@register.simple_tag(takes_context=True)
def machine_translation_note(context: dict[str, Any], offer: Any) -> SafeString:
    """ "machine-translated" (in the interface language) when the offer's texts on this page come
    from a machine translation not reviewed yet; nothing otherwise. Reads the prefetched rows."""
    ui = get_language() or "de"
    shown = localise(offer, "name", context.get("content_language") or ui, also=(ui,)).language
    row = next((t for t in offer.translations.all() if t.language_id == shown), None)
    if row is None or not row.needs_review_label:
        return mark_safe("")
    label = _("machine-translated (demo)") if row.machine_engine == "demo" else _("machine-translated")
    hint = _("Translated by a machine and not yet checked by a person. The German text is binding.")
    return format_html('<p class="machine-translation-note" title="{}">{}</p>', hint, label)
