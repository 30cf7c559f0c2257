"""The facets' checkboxes as the result page shows them (``directory/offer_list.html``).

A result page shows some fifty facet values. Placed one by one by the template (field id, name,
value, state, label with ``lang`` where it is not in the page's language, count), they took
about 40 µs each, as long as the twenty result cards together; here each checkbox is one
``format_html`` of ``CHECKBOX``."""

from dataclasses import dataclass

from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wegweiser.catalog.selectors.directory import Facet

CHECKBOX = (
    '<div class="check">\n'
    '        <input type="checkbox" id="{id}" name="{name}" value="{value}"{checked}>\n'
    '        <label for="{id}">{label} <span class="count">({count})</span></label>\n'
    "      </div>"
)


@dataclass(frozen=True)
class ShownFacet:
    key: str
    label: str
    checkboxes: SafeString  # one ``CHECKBOX`` per value, each on its own line


def _label(facet: Facet, label: str, language: str, yes: str) -> SafeString:
    if facet.is_flag:
        return format_html("{}", yes)
    if language:
        return format_html('<span lang="{}">{}</span>', language, label)
    return format_html("<span>{}</span>", label)


def shown_facets(facets: list[Facet]) -> list[ShownFacet]:
    """The facets that have values to show, with their checkboxes."""
    shown = []
    yes = _("yes")
    for facet in facets:
        if not facet.options:
            continue
        boxes = [
            format_html(
                CHECKBOX,
                id=f"f-{facet.key}-{option.value}",
                name=facet.key,
                value=option.value,
                checked=mark_safe(" checked") if option.selected else "",
                label=_label(facet, option.label, option.language, yes),
                count=localize(option.count),
            )
            for option in facet.options
        ]
        shown.append(ShownFacet(facet.key, facet.label, mark_safe("\n      ".join(boxes))))  # noqa: S308 — format_html
    return shown
