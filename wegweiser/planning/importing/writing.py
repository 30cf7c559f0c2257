"""Resolving and writing parsed values: official keys to the district's municipalities (or the
district itself), codes to indicators, duplicates; then everything in one go or nothing."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from wegweiser.districts.models import District, Municipality
from wegweiser.hsds.report import ImportReport
from wegweiser.planning.importing.parsed import ParsedValue
from wegweiser.planning.models import Indicator, IndicatorValue

FOUR_PLACES = Decimal("0.0001")
LARGEST = Decimal("1e14")
BATCH = 2000
MAX_PROBLEMS = 1000

Slot = tuple[Any, Any, Any, str, str]  # indicator id, municipality id or None, date, breakdown, part


def _resolve_indicators(
    district: District, parsed: list[ParsedValue], report: ImportReport
) -> dict[tuple[str, bool], Indicator]:
    indicators = list(Indicator.objects.filter(district=district))
    by_code = {i.code.lower(): i for i in indicators}
    by_genesis = {i.genesis_code.strip().upper(): i for i in indicators if i.genesis_code.strip()}
    found: dict[tuple[str, bool], Indicator] = {}
    reported: set[tuple[str, bool]] = set()
    for value in parsed:
        name = (value.indicator, value.by_genesis_code)
        if name in found or name in reported:
            continue
        indicator = (
            by_genesis.get(value.indicator.upper()) or by_code.get(value.indicator.lower())
            if value.by_genesis_code
            else by_code.get(value.indicator.lower())
        )
        if indicator is not None:
            found[name] = indicator
            continue
        reported.add(name)
        if value.by_genesis_code:
            message = _(
                "No indicator has the GENESIS code “%(code)s”. Create the indicator (or enter the code "
                "in an existing one) first; lines of this code: from line %(row)s."
            )
        else:
            message = _(
                "Unknown indicator “%(code)s”. Create it first or correct the code; the codes of this "
                "district's indicators are listed on the import page. First line: %(row)s."
            )
        report.error(
            message % {"code": value.indicator, "row": value.row},
            file=value.file,
            row=value.row,
            column=value.indicator_column,
        )
    return found


def indicator_values_apply(
    *, district: District, parsed: list[ParsedValue], report: ImportReport, commit: bool, genesis: bool
) -> None:
    """Check ``parsed`` against the district and (with ``commit`` and no errors) write it:
    new values are created, changed values updated, the rest left alone. Counts go to
    ``report.counts`` per indicator. The caller holds the transaction."""
    if not parsed and report.ok:
        report.error(_("The file holds no values."))
        return
    municipalities = dict(Municipality.objects.filter(district=district).values_list("ags", "pk"))
    indicators = _resolve_indicators(district, parsed, report)
    keys = {v.key for v in parsed}
    strange = keys - set(municipalities) - {district.key}
    elsewhere = dict(
        Municipality.objects.filter(ags__in=[k for k in strange if len(k) == 8]).values_list(
            "ags", "district__name"
        )
    )
    elsewhere |= dict(
        District.objects.filter(key__in=[k for k in strange if len(k) == 5]).values_list("key", "name")
    )
    skipped_foreign: list[int] = []
    seen: dict[Slot, tuple[int, Decimal]] = {}
    wanted: dict[Slot, tuple[Decimal, str]] = {}
    for value in parsed:
        if len(report.problems) >= MAX_PROBLEMS:
            report.error(_("Too many problems; the check stopped here."), file=value.file, row=value.row)
            break
        indicator = indicators.get((value.indicator, value.by_genesis_code))
        if value.key in municipalities:
            municipality = municipalities[value.key]
        elif value.key == district.key:
            municipality = None
        elif genesis and (value.key in elsewhere or len(value.key) < 5):
            skipped_foreign.append(value.row)  # a state-wide table: other regions are left out
            continue
        elif value.key in elsewhere:
            report.error(
                _("The key %(key)s belongs to %(place)s, not to %(district)s.")
                % {"key": value.key, "place": elsewhere[value.key], "district": district.name},
                file=value.file,
                row=value.row,
                column=value.key_column,
            )
            continue
        else:
            report.error(
                _(
                    "Unknown official key “%(key)s”: expected the 8-digit key of a municipality of "
                    "%(district)s "
                    "or the district key %(district_key)s."
                )
                % {"key": value.key, "district": district.name, "district_key": district.key},
                file=value.file,
                row=value.row,
                column=value.key_column,
            )
            continue
        if indicator is None:
            continue
        if municipality is not None and indicator.level == Indicator.Level.DISTRICT:
            report.error(
                _(
                    "The indicator “%(name)s” has values for the whole district only; use the district "
                    "key %(key)s."
                )
                % {"name": indicator.name, "key": district.key},
                file=value.file,
                row=value.row,
                column=value.key_column,
            )
            continue
        if abs(value.value) >= LARGEST:
            report.error(_("The value is too large."), file=value.file, row=value.row, column=value.column)
            continue
        amount = value.value.quantize(FOUR_PLACES)
        slot: Slot = (indicator.pk, municipality, value.date, value.breakdown[:40], value.part[:80])
        if slot in seen:
            first_row, first_value = seen[slot]
            if first_value == amount:
                report.warn(
                    _("The same value as in line %(row)s; the repetition is ignored.") % {"row": first_row},
                    file=value.file,
                    row=value.row,
                )
            else:
                report.error(
                    _(
                        "Duplicate: line %(row)s already gives %(indicator)s for this place, date and "
                        "breakdown "
                        "(%(first)s, here %(second)s). Keep one of the two lines."
                    )
                    % {"row": first_row, "indicator": indicator.name, "first": first_value, "second": amount},
                    file=value.file,
                    row=value.row,
                    column=value.column,
                )
            continue
        seen[slot] = (value.row, amount)
        wanted[slot] = (amount, value.note)
    if skipped_foreign:
        report.warn(
            _("%(count)s values of other regions (other districts, states, Germany) were left out.")
            % {"count": len(skipped_foreign)}
        )
    if not report.ok:
        return
    if not wanted:
        report.error(_("The file holds no values for %(district)s.") % {"district": district.name})
        return
    _write(wanted, indicators, report, commit)


def _write(
    wanted: dict[Slot, tuple[Decimal, str]],
    indicators: dict[Any, Indicator],
    report: ImportReport,
    commit: bool,
) -> None:
    names = {i.pk: i.name for i in indicators.values()}
    dates_by_indicator: dict[Any, set[Any]] = {}
    for indicator_id, _m, date, _b, _p in wanted:
        dates_by_indicator.setdefault(indicator_id, set()).add(date)
    existing: dict[Slot, tuple[Any, Decimal, str]] = {}
    for indicator_id, dates in dates_by_indicator.items():
        rows = IndicatorValue.objects.filter(indicator_id=indicator_id, date__in=sorted(dates)).values_list(
            "pk", "municipality_id", "date", "breakdown", "breakdown_value", "value", "note"
        )
        for pk, municipality, date, breakdown, part, stored, note in rows:
            existing[(indicator_id, municipality, date, breakdown, part)] = (pk, stored, note)
    creates: list[IndicatorValue] = []
    updates: list[IndicatorValue] = []
    for slot, (amount, note) in wanted.items():
        indicator_id, municipality, date, breakdown, part = slot
        name = names[indicator_id]
        old = existing.get(slot)
        if old is None:
            report.count(name, "created")
            creates.append(
                IndicatorValue(
                    indicator_id=indicator_id,
                    municipality_id=municipality,
                    date=date,
                    breakdown=breakdown,
                    breakdown_value=part,
                    value=amount,
                    note=note,
                )
            )
        elif old[1] != amount or old[2] != note:
            report.count(name, "updated")
            updates.append(IndicatorValue(pk=old[0], value=amount, note=note))
        else:
            report.count(name, "unchanged")
    if commit:
        IndicatorValue.objects.bulk_create(creates, batch_size=BATCH)
        IndicatorValue.objects.bulk_update(updates, ["value", "note"], batch_size=BATCH)
        report.committed = True
