"""The facets' checkboxes as the result page shows them (``directory/offer_list.html``).

A result page shows some fifty facet values. Placed one by one by the template (field id, name,
value, state, label with ``lang`` where it is not in the page's language, count), they took
about 40 µs each, as long as the twenty result cards together; here each checkbox is one
``CHECKBOX`` filled in."""

from dataclasses import dataclass
from html import escape

from django.utils.formats import localize
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


def _label(facet: Facet, label: str, language: str, yes: str) -> str:
    if facet.is_flag:
        return escape(yes)
    if language:
        return f'<span lang="{escape(language)}">{escape(label)}</span>'
    return f"<span>{escape(label)}</span>"


def shown_facets(facets: list[Facet]) -> list[ShownFacet]:
    """The facets that have values to show, with their checkboxes (every value escaped here:
    ``html.escape`` as Django's ``escape``, without ``format_html``'s cost per argument)."""
    shown = []
    yes = _("yes")
    for facet in facets:
        if not facet.options:
            continue
        name = escape(facet.key)
        boxes = [
            CHECKBOX.format(
                id=escape(f"f-{facet.key}-{option.value}"),
                name=name,
                value=escape(option.value),
                checked=" checked" if option.selected else "",
                label=_label(facet, option.label, option.language, yes),
                count=localize(option.count),
            )
            for option in facet.options
        ]
        checkboxes = mark_safe("\n      ".join(boxes))  # noqa: S308 — every value escaped above
        shown.append(ShownFacet(facet.key, facet.label, checkboxes))
    return shown
