"""The template language of committee reports: Markdown with placeholders for blocks.

A placeholder is a block name and optional parameters in double curly braces::

    {{ angebote feld="sprache-bildung" foerderung="esf-armutspraevention" }}

Blocks stand on a line of their own, except ``anzahl``, which may stand inside a sentence
("Im Landkreis gibt es {{ anzahl feld="sprache-bildung" }} Sprachangebote."). Parameter values
are written in double quotes. The blocks and their parameters are in ``BLOCKS``; a template with an
unknown block, an unknown parameter or a value that names nothing in the district is refused when
it is saved, with a German message that names the line, the block and the parameter.

This module only parses and checks; ``snapshot`` computes the blocks' figures and ``rendering``
writes them."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
PARAMETER = re.compile(r'\s*([A-Za-z_][\w-]*)\s*=\s*"([^"]*)"\s*')
NAME = re.compile(r"\s*([A-Za-z_][\w-]*)")

# Filters every offer block understands (values: a term's slug or name, a programme's short name
# or slug, a municipality's name or key).
OFFER_FILTERS = ("feld", "zielgruppe", "foerderung", "gemeinde")


@dataclass(frozen=True)
class BlockSpec:
    name: str
    parameters: tuple[str, ...]
    description: Any
    inline: bool = False
    # Parameters whose value must be one of these (a fixed choice).
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)


BLOCKS: dict[str, BlockSpec] = {
    spec.name: spec
    for spec in [
        BlockSpec(
            "anzahl",
            OFFER_FILTERS,
            gettext_lazy("Number of current offers (may stand inside a sentence)."),
            True,
        ),
        BlockSpec(
            "angebote",
            (*OFFER_FILTERS, "titel"),
            gettext_lazy("Table of current offers: name, provider, where, fields of action, funding."),
        ),
        BlockSpec(
            "karte",
            ("feld", "zielgruppe", "titel"),
            gettext_lazy("Map of the municipalities shaded by offers per 1,000 inhabitants, with its table."),
        ),
        BlockSpec(
            "diagramm",
            ("art", "feld", "zielgruppe", "titel"),
            gettext_lazy('Bar chart by municipality (art="gemeinden") or offers over time (art="verlauf").'),
            choices={"art": ("gemeinden", "verlauf")},
        ),
        BlockSpec(
            "massnahmen",
            ("dokument", "titel"),
            gettext_lazy("Table of the measures of a planning document (its decision number or title)."),
        ),
        BlockSpec(
            "foerdersummen",
            ("von", "bis", "titel"),
            gettext_lazy("Funding per programme and year (years von to bis)."),
        ),
        BlockSpec(
            "aenderungen",
            ("titel",),
            gettext_lazy(
                "What changed since the last report of this template: figures then and now, offers "
                "added and gone."
            ),
        ),
    ]
}


@dataclass
class Placeholder:
    name: str
    params: dict[str, str]
    line: int
    inline: bool  # inside a sentence rather than on a line of its own


def _parse_one(inner: str, line: int) -> Placeholder:
    match = NAME.match(inner)
    if not match:
        raise ValidationError(
            _("Line %(line)s: a placeholder {{ … }} must start with the name of a block.") % {"line": line}
        )
    name, rest, params = match.group(1), inner[match.end() :], {}
    while rest.strip():
        pm = PARAMETER.match(rest)
        if not pm:
            raise ValidationError(
                _(
                    'Line %(line)s, block “%(block)s”: write parameters as name="value" '
                    "(with double quotes), not “%(text)s”."
                )
                % {"line": line, "block": name, "text": rest.strip()}
            )
        params[pm.group(1)] = pm.group(2).strip()
        rest = rest[pm.end() :]
    return Placeholder(name=name, params=params, line=line, inline=False)


def placeholders(body: str) -> list[Placeholder]:
    """Every placeholder of ``body`` in order; raises ValidationError on bad syntax."""
    found = []
    for number, line in enumerate((body or "").splitlines(), start=1):
        if "{{" in line and line.count("{{") != len(PLACEHOLDER.findall(line)):
            raise ValidationError(
                _("Line %(line)s: a placeholder opened with {{ is not closed with }}.") % {"line": number}
            )
        for match in PLACEHOLDER.finditer(line):
            placeholder = _parse_one(match.group(1), number)
            placeholder.inline = line.strip() != match.group(0).strip()
            found.append(placeholder)
    return found


def _spec_check(placeholder: Placeholder) -> list[str]:
    spec = BLOCKS.get(placeholder.name)
    if spec is None:
        return [
            _("Line %(line)s: there is no block “%(block)s”. Known blocks: %(known)s.")
            % {"line": placeholder.line, "block": placeholder.name, "known": ", ".join(BLOCKS)}
        ]
    errors = []
    if placeholder.inline and not spec.inline:
        errors.append(
            _("Line %(line)s: the block “%(block)s” must stand on a line of its own.")
            % {"line": placeholder.line, "block": spec.name}
        )
    for name, value in placeholder.params.items():
        if name not in spec.parameters:
            errors.append(
                _(
                    "Line %(line)s: the block “%(block)s” has no parameter “%(parameter)s”. "
                    "Its parameters: %(known)s."
                )
                % {
                    "line": placeholder.line,
                    "block": spec.name,
                    "parameter": name,
                    "known": ", ".join(spec.parameters) or "–",
                }
            )
        elif name in spec.choices and value not in spec.choices[name]:
            errors.append(
                _("Line %(line)s: “%(value)s” is not a value of “%(parameter)s”; possible: %(known)s.")
                % {
                    "line": placeholder.line,
                    "value": value,
                    "parameter": name,
                    "known": ", ".join(spec.choices[name]),
                }
            )
        elif name in ("von", "bis") and not (value.isdigit() and len(value) == 4):
            errors.append(
                _("Line %(line)s: “%(parameter)s” must be a year, e.g. 2026, not “%(value)s”.")
                % {"line": placeholder.line, "parameter": name, "value": value}
            )
    return errors


def body_check(body: str, *, resolver: Any = None) -> list[Placeholder]:
    """Check a template's text; raises ValidationError (all problems, German) or returns its
    placeholders. ``resolver`` (``snapshot.Resolver``) also checks that each value names
    something in the district."""
    if not (body or "").strip():
        raise ValidationError(_("The report template needs a text."))
    found = placeholders(body)
    errors: list[str] = []
    for placeholder in found:
        problems = _spec_check(placeholder)
        if not problems and resolver is not None:
            problems = resolver.problems(placeholder)
        errors += problems
    if errors:
        raise ValidationError(errors)
    return found


def blocks_help() -> Iterable[tuple[str, str, str]]:
    """(name, parameters, description) of every block, for the admin's help text and the docs."""
    for spec in BLOCKS.values():
        yield spec.name, ", ".join(spec.parameters), spec.description
