"""Resolving and writing parsed values: official keys to the district's municipalities (or the
district itself), codes to indicators, duplicates; then everything in one go or nothing.

Built for files of hundreds of thousands of values: every check is a look-up in sets and dicts
built once per file; the values are written without model instances (``planning.importing.bulk``:
multi-row INSERT, COPY on PostgreSQL) inside the caller's transaction."""

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from wegweiser.districts.models import District, Municipality
from wegweiser.hsds.report import ImportReport
from wegweiser.planning.importing import bulk
from wegweiser.planning.importing.parsed import ParsedValue
from wegweiser.planning.models import Indicator

FOUR_PLACES = Decimal("0.0001")
LARGEST = Decimal("1e14")
MAX_PROBLEMS = 1000

# Where a value goes: the indicator's position in the file's indicators, the official key (a
# municipality's or the district's), the date, breakdown and part. Keys of plain strings, ints and
# dates hash fast (UUIDs hash in Python).
Slot = tuple[int, str, datetime.date, str, str]


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
    found = _resolve_indicators(district, parsed, report)
    chosen: list[Indicator] = []
    position: dict[Any, int] = {}
    by_name: dict[tuple[str, bool], int] = {}
    for name, indicator in found.items():
        if indicator.pk not in position:
            position[indicator.pk] = len(chosen)
            chosen.append(indicator)
        by_name[name] = position[indicator.pk]
    district_only = {n for n, i in enumerate(chosen) if i.level == Indicator.Level.DISTRICT}
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
    skipped_foreign = 0
    seen: dict[Slot, tuple[int, Decimal]] = {}
    wanted: dict[Slot, tuple[Decimal, str]] = {}
    problems = report.problems
    district_key = district.key
    for value in parsed:
        if len(problems) >= MAX_PROBLEMS:
            report.error(_("Too many problems; the check stopped here."), file=value.file, row=value.row)
            break
        number = by_name.get((value.indicator, value.by_genesis_code))
        key = value.key
        if key not in municipalities and key != district_key:
            if genesis and (key in elsewhere or len(key) < 5):
                skipped_foreign += 1  # a state-wide table: other regions are left out
            elif key in elsewhere:
                report.error(
                    _("The key %(key)s belongs to %(place)s, not to %(district)s.")
                    % {"key": key, "place": elsewhere[key], "district": district.name},
                    file=value.file,
                    row=value.row,
                    column=value.key_column,
                )
            else:
                report.error(
                    _(
                        "Unknown official key “%(key)s”: expected the 8-digit key of a municipality of "
                        "%(district)s "
                        "or the district key %(district_key)s."
                    )
                    % {"key": key, "district": district.name, "district_key": district_key},
                    file=value.file,
                    row=value.row,
                    column=value.key_column,
                )
            continue
        if number is None:
            continue
        if number in district_only and key != district_key:
            report.error(
                _(
                    "The indicator “%(name)s” has values for the whole district only; use the district "
                    "key %(key)s."
                )
                % {"name": chosen[number].name, "key": district_key},
                file=value.file,
                row=value.row,
                column=value.key_column,
            )
            continue
        if abs(value.value) >= LARGEST:
            report.error(_("The value is too large."), file=value.file, row=value.row, column=value.column)
            continue
        amount = value.value.quantize(FOUR_PLACES)
        slot: Slot = (number, key, value.date, value.breakdown[:40], value.part[:80])
        first = seen.get(slot)
        if first is not None:
            first_row, first_value = first
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
                    % {
                        "row": first_row,
                        "indicator": chosen[number].name,
                        "first": first_value,
                        "second": amount,
                    },
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
            % {"count": skipped_foreign}
        )
    if not report.ok:
        return
    if not wanted:
        report.error(_("The file holds no values for %(district)s.") % {"district": district.name})
        return
    _write(district, wanted, chosen, report, commit)


def _write(
    district: District,
    wanted: dict[Slot, tuple[Decimal, str]],
    chosen: list[Indicator],
    report: ImportReport,
    commit: bool,
) -> None:
    dates = sorted({slot[2] for slot in wanted})
    existing = bulk.existing_values(district=district, indicators=chosen, dates=dates)
    creates: list[tuple[Slot, Decimal, str]] = []
    updates: list[tuple[Any, Decimal, str]] = []
    counts: Counter[tuple[int, str]] = Counter()
    for slot, (amount, note) in wanted.items():
        old = existing.get(slot)
        if old is None:
            counts[slot[0], "created"] += 1
            creates.append((slot, amount, note))
        elif old[1] != amount or old[2] != note:
            counts[slot[0], "updated"] += 1
            updates.append((old[0], amount, note))
        else:
            counts[slot[0], "unchanged"] += 1
    for number, indicator in enumerate(chosen):
        for outcome in ("created", "updated", "unchanged"):
            if counts[number, outcome]:
                report.count(indicator.name, outcome, counts[number, outcome])
    if commit:
        bulk.values_insert(district=district, indicators=chosen, rows=creates)
        bulk.values_update(rows=updates)
        report.committed = True
