"""Computing a report's frozen snapshot: every placeholder of the template becomes a block of
plain data (figures, table rows, the figures' SVG and PNG), in the order of the text. The renderers
(``rendering``) read only this snapshot, so that a report reads the same whenever it is opened."""

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wegweiser.districts.models import District
from wegweiser.planningui.analysis import Params, Table, number, overview_build
from wegweiser.reports import plans_blocks
from wegweiser.reports.blocks import Placeholder, placeholders
from wegweiser.reports.models import ReportTemplate
from wegweiser.reports.selectors import (
    OfferData,
    municipality_find,
    offer_data_load,
    programme_find,
    report_previous,
    term_find,
)

SNAPSHOT_VERSION = 1
FIELD, GROUP = "field_of_action", "target_group"


class Resolver:
    """Turns the values of a template's parameters into objects of the district and names what
    does not exist (German messages for the template's form)."""

    def __init__(self, district: District) -> None:
        self.district = district

    def values(self, placeholder: Placeholder) -> dict[str, Any]:
        p = placeholder.params
        found: dict[str, Any] = {}
        if p.get("feld"):
            found["feld"] = term_find(role=FIELD, value=p["feld"])
        if p.get("zielgruppe"):
            found["zielgruppe"] = term_find(role=GROUP, value=p["zielgruppe"])
        if p.get("foerderung"):
            found["foerderung"] = programme_find(district=self.district, value=p["foerderung"])
        if p.get("gemeinde"):
            found["gemeinde"] = municipality_find(district=self.district, value=p["gemeinde"])
        if p.get("dokument") and placeholder.name == "massnahmen":
            found["dokument"] = plans_blocks.document_find(district=self.district, value=p["dokument"])
        return found

    def problems(self, placeholder: Placeholder) -> list[str]:
        what = {
            "feld": pgettext("report", "field of action"),
            "zielgruppe": pgettext("report", "target group"),
            "foerderung": pgettext("report", "funding programme"),
            "gemeinde": pgettext("report", "municipality"),
            "dokument": pgettext("report", "planning document"),
        }
        return [
            _("Line %(line)s, block “%(block)s”: there is no %(what)s “%(value)s” in %(district)s.")
            % {
                "line": placeholder.line,
                "block": placeholder.name,
                "what": what[name],
                "value": placeholder.params[name],
                "district": self.district.name,
            }
            for name, value in self.values(placeholder).items()
            if value is None
        ]


def _table(caption: str, headers: list[str], rows: list[list[str]], numeric: list[int]) -> dict[str, Any]:
    return {"caption": caption, "headers": headers, "rows": rows, "numeric": numeric}


# The planning overview's columns a committee report shows: municipality, population (or the need
# indicator), offers, offers per 1,000 and whether it is below the benchmark.
REPORT_COLUMNS = (0, 2, 3, 4, 11)


def _from_table(table: Table, columns: tuple[int, ...] | None = None) -> dict[str, Any]:
    keep = list(columns) if columns is not None else list(range(len(table.headers)))
    return _table(
        table.caption,
        [table.headers[i] for i in keep],
        [[row[i].text for i in keep] for row in table.rows],
        [keep.index(i) for i in sorted(table.numeric) if i in keep],
    )


def _describe(values: dict[str, Any]) -> str:
    parts = [str(values[k]) for k in ("feld", "zielgruppe", "foerderung", "gemeinde") if values.get(k)]
    return ", ".join(parts) or _("all offers")


class Builder:
    def __init__(
        self, *, template: ReportTemplate, actor: Any = None, png: Callable[[str], bytes] | None = None
    ) -> None:
        self.template = template
        self.actor = actor
        self.district = template.district
        self.resolver = Resolver(self.district)
        self._offers: OfferData | None = None
        self._overviews: dict[tuple, Any] = {}
        self._png = png

    @property
    def offers(self) -> OfferData:
        if self._offers is None:
            self._offers = offer_data_load(district=self.district)
        return self._offers

    def _selected(self, values: dict[str, Any]) -> list[Any]:
        return self.offers.current(
            terms=[values[k] for k in ("feld", "zielgruppe") if values.get(k)],
            programme=values["foerderung"].pk if values.get("foerderung") else None,
            municipality=values["gemeinde"].pk if values.get("gemeinde") else None,
        )

    def _overview(self, values: dict[str, Any]) -> Any:
        key = (values.get("feld"), values.get("zielgruppe"))
        if key not in self._overviews:
            self._overviews[key] = overview_build(
                district=self.district, params=Params(field=key[0], group=key[1])
            )
        return self._overviews[key]

    def _figure(self, svg: str) -> dict[str, str]:
        if self._png is None:
            from wegweiser.reports.rendering.figures import figure_png

            self._png = figure_png
        return {"svg": svg, "png": base64.b64encode(self._png(svg)).decode("ascii")}

    def block(self, placeholder: Placeholder, previous: dict[str, Any] | None) -> dict[str, Any]:
        values = self.resolver.values(placeholder)
        name, params = placeholder.name, placeholder.params
        base = {"kind": name, "params": params}
        if name == "anzahl":
            offers = self._selected(values)
            return base | {
                "label": _describe(values),
                "count": len(offers),
                "text": number(len(offers)),
                "offers": {str(o.facts.id): o.facts.name for o in offers},
            }
        if name == "angebote":
            offers = self._selected(values)
            data = self.offers
            rows = []
            for o in offers:
                where = (
                    [_("whole district")]
                    if o.facts.whole_district
                    else sorted(data.municipality_names[m] for m in o.facts.area | o.facts.located_in)
                )
                rows.append(
                    [
                        o.facts.name,
                        o.organisation,
                        ", ".join(where) or "–",
                        ", ".join(sorted(data.term_names[t] for t in o.facts.terms if t in self.field_terms))
                        or "–",
                        ", ".join(sorted(data.programme_names.get(p, "") for p in o.programmes)) or "–",
                    ]
                )
            caption = params.get("titel") or _("Offers: %(what)s (%(count)s)") % {
                "what": _describe(values),
                "count": number(len(offers)),
            }
            return base | {
                "label": _describe(values),
                "count": len(offers),
                "offers": {str(o.facts.id): o.facts.name for o in offers},
                "table": _table(
                    caption,
                    [
                        pgettext("report", "Offer"),
                        pgettext("report", "Provider"),
                        pgettext("report", "Where"),
                        pgettext("report", "Fields of action"),
                        pgettext("report", "Funding"),
                    ],
                    rows,
                    [],
                ),
            }
        if name == "karte":
            overview = self._overview(values)
            return base | {
                "caption": params.get("titel") or _("Offers per 1,000 inhabitants by municipality"),
                "figure": self._figure(overview.map_svg),
                "table": _from_table(overview.table, REPORT_COLUMNS),
            }
        if name == "diagramm":
            overview = self._overview(values)
            if params.get("art") == "verlauf":
                return base | {
                    "caption": params.get("titel")
                    or _("Offers over time: %(what)s") % {"what": _describe(values)},
                    "figure": self._figure(overview.line_svg),
                    "table": _from_table(overview.history),
                }
            return base | {
                "caption": params.get("titel")
                or _("Offers per 1,000 inhabitants by municipality: %(what)s") % {"what": _describe(values)},
                "figure": self._figure(overview.bar_svg),
                "table": _from_table(overview.table, REPORT_COLUMNS),
            }
        if name == "massnahmen":
            table = plans_blocks.measures_table(
                actor=self.actor, district=self.district, document=values.get("dokument")
            )
            if params.get("titel"):
                table["caption"] = params["titel"]
            return base | {"table": table}
        if name == "foerdersummen":
            year = timezone.localdate().year
            table = plans_blocks.funding_totals(
                actor=self.actor,
                district=self.district,
                year_from=int(params.get("von") or year),
                year_to=int(params.get("bis") or params.get("von") or year),
            )
            if params.get("titel"):
                table["caption"] = params["titel"]
            return base | {"table": table}
        if name == "aenderungen":
            return base | changes_block(previous, self.blocks_so_far, params.get("titel", ""))
        raise ValueError(f"unknown block {name}")

    @property
    def field_terms(self) -> set[Any]:
        if not hasattr(self, "_field_terms"):
            from wegweiser.catalog.models import TaxonomyTerm

            self._field_terms = set(
                TaxonomyTerm.objects.filter(taxonomy__role=FIELD).values_list("id", flat=True)
            )
        return self._field_terms

    def build(self) -> dict[str, Any]:
        with translation.override("de"):
            previous = report_previous(template=self.template)
            self.blocks_so_far: list[dict[str, Any]] = []
            found = placeholders(self.template.body)
            # "changes" compares the other blocks: compute those first, then the changes.
            computed: dict[int, dict[str, Any]] = {}
            for index, placeholder in enumerate(found):
                if placeholder.name != "aenderungen":
                    computed[index] = self.block(placeholder, None)
                    self.blocks_so_far.append(computed[index])
            for index, placeholder in enumerate(found):
                if placeholder.name == "aenderungen":
                    computed[index] = self.block(placeholder, previous.snapshot if previous else None)
            now = timezone.now()
            return {
                "version": SNAPSHOT_VERSION,
                "title": self.template.title,
                "audience": self.template.audience,
                "district": self.district.name,
                "data_date": timezone.localdate().isoformat(),
                "built_at": now.isoformat(timespec="seconds"),
                "is_demo": self.template.is_demo,
                "previous": (
                    {
                        "built_at": previous.snapshot.get("built_at"),
                        "data_date": previous.snapshot.get("data_date"),
                    }
                    if previous
                    else None
                ),
                "body": self.template.body,
                "blocks": [computed[i] for i in range(len(found))],
            }


def changes_block(
    previous: dict[str, Any] | None, blocks: list[dict[str, Any]], title: str
) -> dict[str, Any]:
    """Figures of the count and list blocks then and now, and the offers added and gone, against
    the previous report of the same template (matched by block and parameters)."""
    caption = title or _("Changes since the last report")
    if not previous:
        return {"caption": caption, "since": None, "table": None, "added": [], "gone": []}
    earlier = {
        (b["kind"], tuple(sorted(b["params"].items()))): b
        for b in previous.get("blocks", [])
        if b.get("kind") in ("anzahl", "angebote")
    }
    rows: list[list[str]] = []
    added: dict[Any, Any] = {}
    gone: dict[Any, Any] = {}
    seen: set[Any] = set()
    for block in blocks:
        if block["kind"] not in ("anzahl", "angebote"):
            continue
        key = (block["kind"], tuple(sorted(block["params"].items())))
        if key in seen:
            continue
        seen.add(key)
        then = earlier.get(key)
        before = then["count"] if then else None
        rows.append(
            [
                block["label"],
                number(before),
                number(block["count"]),
                "–" if before is None else f"{block['count'] - before:+d}",
            ]
        )
        if then:
            old, new = then.get("offers", {}), block.get("offers", {})
            added |= {k: v for k, v in new.items() if k not in old}
            gone |= {k: v for k, v in old.items() if k not in new}
    since = previous.get("data_date")
    since_text = formats.date_format(dt.date.fromisoformat(since), "SHORT_DATE_FORMAT") if since else "–"
    return {
        "caption": caption,
        "since": since,
        "table": _table(
            _("Figures on %(then)s and now") % {"then": since_text},
            [
                pgettext("report", "Offers"),
                pgettext("report", "Last report"),
                pgettext("report", "Now"),
                pgettext("report", "Change"),
            ],
            rows,
            [1, 2, 3],
        ),
        "added": sorted(added.values(), key=str.casefold),
        "gone": sorted(gone.values(), key=str.casefold),
    }


def snapshot_build(
    *, template: ReportTemplate, actor: Any = None, png: Callable[[str], bytes] | None = None
) -> dict[str, Any]:
    return Builder(template=template, actor=actor, png=png).build()
