"""Reading an import source (a zipped data package, a folder of CSV files, an Excel workbook or
HSDS JSON) into raw tables of text cells, each row remembering its file and line.

Nothing here touches the database; every problem is reported, none raised."""

import csv
import datetime as dt
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from wegweiser.hsds.formats import cell_text, csv_cell_unescape
from wegweiser.hsds.report import ImportReport
from wegweiser.hsds.tables import TABLE_BY_NAME, TABLE_BY_PATH, empty_tables, flatten


@dataclass
class RawRow:
    file: str
    line: int
    values: dict[str, str]


@dataclass
class RawTables:
    """Rows per table, and the header of every file read (file, table, column names)."""

    rows: dict[str, list[RawRow]] = field(default_factory=dict)
    headers: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def add(self, table: str, row: RawRow) -> None:
        self.rows.setdefault(table, []).append(row)


def max_upload_bytes() -> int:
    return int(settings.WEGWEISER_IMPORT_MAX_MB) * 1024 * 1024


def read_source(
    *, name: str, data: bytes | None = None, path: Path | None = None, report: ImportReport
) -> RawTables:
    """Read the source named ``name`` from ``data`` (an upload) or ``path`` (file or folder)."""
    tables = RawTables()
    limit = max_upload_bytes()
    if path is not None and path.is_dir():
        files = {p.name: p for p in sorted(path.iterdir()) if p.is_file()}
        size = sum(p.stat().st_size for p in files.values())
        if size > limit:
            report.error(_too_big(size, limit), file=name)
            return tables
        contents = {file_name: p.read_bytes() for file_name, p in files.items()}
        _read_csv_files(contents, name, tables, report)
        return tables
    if data is None:
        if path is None or not path.exists():
            report.error(_("The file was not found."), file=name)
            return tables
        size = path.stat().st_size
        if size > limit:
            report.error(_too_big(size, limit), file=name)
            return tables
        data = path.read_bytes()
    if len(data) > limit:
        report.error(_too_big(len(data), limit), file=name)
        return tables
    lower = name.lower()
    if lower.endswith(".zip") or (data[:4] == b"PK\x03\x04" and not lower.endswith(".xlsx")):
        _read_zip(data, name, tables, report)
    elif lower.endswith(".xlsx"):
        _read_workbook(data, name, tables, report)
    elif lower.endswith(".json"):
        _read_json(data, name, tables, report)
    elif lower.endswith(".csv"):
        _read_csv_files({PurePosixPath(name).name: data}, "", tables, report)
    else:
        report.error(
            _(
                "Unknown file type. Upload a data package (.zip), an Excel workbook (.xlsx) or HSDS JSON (.json)."
            ),
            file=name,
        )
    return tables


def _too_big(size: int, limit: int) -> str:
    return _(
        "The file is %(size)s MB; at most %(limit)s MB can be imported. Split it or leave out attachments."
    ) % {
        "size": round(size / 1024 / 1024, 1),
        "limit": limit // 1024 // 1024,
    }


# Most files a zip may hold: an HSDS data package has about 25.
MAX_ZIP_MEMBERS = 200
# Bytes decompressed per read: the decompressor never produces more than this at once.
UNZIP_CHUNK = 64 * 1024


class ZipBudgetExceeded(Exception):
    """The archive holds more (files or bytes) than the budget allows; the message is for staff."""


def unzip_budget() -> int:
    """How many bytes the members of an import zip may unpack to in total."""
    return 10 * max_upload_bytes()


def unzip_members(
    data: bytes, *, budget: int, keep: bool = True, max_members: int = MAX_ZIP_MEMBERS
) -> dict[str, bytes]:
    """The members of the zip in ``data`` by file name, decompressed in small chunks while
    counting the bytes actually produced against ``budget``. The sizes in the archive's headers
    are never consulted: whatever they claim, unpacking stops as soon as the real content
    exceeds the budget (and zipfile itself stops a member at its declared size and then fails
    its checksum, which is reported as a damaged archive). ``keep=False`` only checks (for workbooks opened by openpyxl later).
    Raises :class:`ZipBudgetExceeded`, or zipfile's errors for a damaged archive."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > max_members:
        raise ZipBudgetExceeded(
            _("The zip archive holds %(count)s files; at most %(limit)s are accepted.")
            % {"count": len(members), "limit": max_members}
        )
    contents: dict[str, bytes] = {}
    total = 0
    for member in members:
        parts: list[bytes] = []
        with archive.open(member) as stream:
            while chunk := stream.read(UNZIP_CHUNK):
                total += len(chunk)
                if total > budget:
                    raise ZipBudgetExceeded(_unpacked_too_big(budget))
                if keep:
                    parts.append(chunk)
        if keep and not member.filename.startswith("__MACOSX"):
            contents[PurePosixPath(member.filename).name] = b"".join(parts)
    return contents


def _unpacked_too_big(budget: int) -> str:
    return _(
        "The zip archive unpacks to more than %(limit)s MB; it cannot be imported. Split it into smaller files."
    ) % {"limit": budget // 1024 // 1024}


def _zip_damaged(exc: Exception) -> str:
    return _(
        "The zip archive is damaged or incomplete (%(reason)s). Create it again and upload it once more."
    ) % {"reason": exc}


def _read_zip(data: bytes, name: str, tables: RawTables, report: ImportReport) -> None:
    try:
        contents = unzip_members(data, budget=unzip_budget())
    except ZipBudgetExceeded as exc:
        report.error(str(exc), file=name)
        return
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, zlib.error) as exc:
        report.error(_zip_damaged(exc), file=name)
        return
    _read_csv_files(contents, name, tables, report)


def _decode(data: bytes, file: str, report: ImportReport) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.warn(
            _("The file is not UTF-8; it was read as Windows-1252 (Excel's CSV). Check umlauts."), file=file
        )
        return data.decode("cp1252", errors="replace")


def _read_csv_files(
    contents: dict[str, bytes], container: str, tables: RawTables, report: ImportReport
) -> None:
    paths = dict(TABLE_BY_PATH)
    descriptor = contents.get("datapackage.json")
    if descriptor is not None:
        try:
            package = json.loads(descriptor.decode("utf-8-sig"))
            for resource in package.get("resources", []):
                if resource.get("name") in TABLE_BY_NAME and resource.get("path"):
                    paths[PurePosixPath(resource["path"]).name] = TABLE_BY_NAME[resource["name"]]
        except (ValueError, AttributeError, TypeError):
            report.warn(
                _("datapackage.json could not be read; the standard HSDS 3.0 file names are assumed."),
                file=_where(container, "datapackage.json"),
            )
    found = False
    for file_name, data in sorted(contents.items()):
        if not file_name.lower().endswith(".csv"):
            continue
        table = paths.get(file_name) or TABLE_BY_NAME.get(file_name[:-4])
        where = _where(container, file_name)
        if table is None:
            report.warn(_("Unknown table; the file is ignored."), file=where)
            continue
        found = True
        text = _decode(data, where, report)
        try:
            reader = csv.reader(io.StringIO(text, newline=""), strict=True)
            rows = list(reader)
        except csv.Error as exc:
            report.error(_("The CSV file cannot be read: %(reason)s") % {"reason": exc}, file=where)
            continue
        if not rows:
            report.error(_("The file is empty; the first line must name the columns."), file=where)
            continue
        header = [h.strip() for h in rows[0]]
        tables.headers.append((where, table.name, header))
        tables.rows.setdefault(table.name, [])
        for line, cells in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                report.error(
                    _("The line has %(found)s cells, the header %(expected)s.")
                    % {"found": len(cells), "expected": len(header)},
                    file=where,
                    row=line,
                )
                continue
            values = [csv_cell_unescape(cell) for cell in cells]
            tables.add(table.name, RawRow(where, line, dict(zip(header, values, strict=True))))
    if not found:
        report.error(_("No HSDS tables found (such as services.csv or organizations.csv)."), file=container)


def _where(container: str, file_name: str) -> str:
    return f"{container} › {file_name}" if container else file_name


def _excel_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return cell_text(value).strip()


def _read_workbook(data: bytes, name: str, tables: RawTables, report: ImportReport) -> None:
    from openpyxl import load_workbook

    try:  # a workbook is a zip: check what it unpacks to before openpyxl opens it
        unzip_members(data, budget=unzip_budget(), keep=False)
    except ZipBudgetExceeded as exc:
        report.error(str(exc), file=name)
        return
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, zlib.error) as exc:
        report.error(_("The Excel file cannot be opened (%(reason)s).") % {"reason": exc}, file=name)
        return
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        report.error(_("The Excel file cannot be opened (%(reason)s).") % {"reason": exc}, file=name)
        return
    found = False
    for sheet in workbook.worksheets:
        table = TABLE_BY_NAME.get(sheet.title) or TABLE_BY_PATH.get(f"{sheet.title}.csv")
        where = _where(name, sheet.title)
        if table is None:
            continue
        found = True
        for merged in sheet.merged_cells.ranges:
            report.error(
                _("Merged cells (%(range)s) cannot be imported; unmerge them and fill every cell.")
                % {"range": merged.coord},
                file=where,
                row=merged.min_row,
            )
        rows = list(sheet.iter_rows())
        if not rows:
            continue
        header = [_excel_text(c.value) for c in rows[0]]
        tables.headers.append((where, table.name, [h for h in header if h]))
        tables.rows.setdefault(table.name, [])
        for cells in rows[1:]:
            values: dict[str, str] = {}
            for column, cell in zip(header, cells, strict=False):
                if not column:
                    continue
                if cell.data_type == "f":
                    report.error(
                        _(
                            "Cell %(cell)s contains a formula; paste the values instead (Paste special › Values)."
                        )
                        % {"cell": cell.coordinate},
                        file=where,
                        row=cell.row,
                        column=column,
                    )
                    continue
                values[column] = _excel_text(cell.value)
            if any(values.values()):
                tables.add(table.name, RawRow(where, cells[0].row, values))
    if not found:
        report.error(_("The workbook has no sheet named after an HSDS table (such as service)."), file=name)


def _read_json(data: bytes, name: str, tables: RawTables, report: ImportReport) -> None:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        report.error(_("The JSON file cannot be read: %(reason)s") % {"reason": exc}, file=name)
        return
    if isinstance(document, dict):
        document = document.get("contents", [document])
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        report.error(_("Expected a list of HSDS services."), file=name)
        return
    objects = empty_tables()
    flatten(document, "service", objects)
    for table_name, rows in objects.items():
        tables.rows.setdefault(table_name, [])
        for index, row in enumerate(rows, start=1):
            values = {k: cell_text(v) for k, v in row.items() if TABLE_BY_NAME[table_name].column(k)}
            tables.add(table_name, RawRow(_where(name, table_name), index, values))
