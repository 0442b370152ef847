"""``python -m generator import``: a spreadsheet of exemplars (.xlsx or .csv) into records.

Staff keep their lists in spreadsheets, one row per exemplar. Each row is read
into a record, written out as YAML and checked by the same validator as any
record, so a row is judged exactly as the file it would become. A row with an
error is not written at all; a row whose file already says the same thing is
left alone, so importing the same sheet twice changes nothing; an existing
record that differs is kept unless ``--overwrite`` is given.

The column layout is data (``import_columns.yml``), and so is its wording
(``messages.yml``): both can change without touching this code.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Literal

import openpyxl
import yaml
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .load import LoadError, YamlDocument, exemplar_files, load_project, parse_yaml
from .problems import Problem, ProblemList, explain, message
from .project import Project
from .scaffold import schema_document, schema_reference
from .validate import validate_exemplar, validate_project
from .vietnamese import SLUG_PATTERN, fold, nfc, slugify
from .write import write_atomically

COLUMNS_FILE = Path(__file__).with_name("import_columns.yml")
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serial numbers (as Excel counts them after 1900-03-01)
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d|2100)(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_HEADER_SEARCH_ROWS = 10
_LIST_SEPARATORS = re.compile(r"[;\n]")
# Validator codes for a key that is not there, and how to say it of a sheet's cell.
_CELL_MESSAGES = {
    "missing-key": "import-required-cell",
    "consent-date-required": "import-required-cell",
    "consent-covers-required": "import-required-cell",
    "consent-given-by-required": "import-required-cell",
    "consent-channel-required": "import-required-cell",
    "consent-text-version-required": "import-required-cell",
    "consent-required": "import-consent-cell",
    "story-required": "import-story-cell",
}

Outcome = Literal["created", "updated", "unchanged", "duplicate", "skipped"]


class SheetError(Exception):
    """The sheet as a whole cannot be imported; ``code`` names the message in ``messages.yml``."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Column:
    header: str
    key: tuple  # where the value goes: ("place", "province"), ("awards", 0, "award")
    type: str
    required: bool = False
    also: tuple[str, ...] = ()
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (id, Vietnamese words)
    default: str | None = None
    note: str = ""
    example: object = ""

    def choice_words(self) -> list[str]:
        return [words[0] for _, words in self.choices]


@cache
def load_columns() -> tuple[Column, ...]:
    """The spreadsheet layout, from ``import_columns.yml``."""
    spec = yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Column(
            header=item["header"],
            key=tuple(int(part) if part.isdigit() else part for part in item["key"].split(".")),
            type=item["type"],
            required=item.get("required", False),
            also=tuple(item.get("also", ())),
            choices=tuple((key, tuple(words)) for key, words in item.get("choices", {}).items()),
            default=item.get("default"),
            note=item.get("note", ""),
            example=item.get("example", ""),
        )
        for item in spec["columns"]
    )


# --- reading the sheet ---------------------------------------------------------------------------


def read_sheet(path: Path) -> tuple[list[tuple[int, list[Any]]], list[str]]:
    """The rows of the sheet at ``path`` (numbered as a spreadsheet shows them) and notes about reading it."""
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise SheetError("import-wrong-type", suffix=suffix or "(không có)")
    if not path.is_file():
        raise SheetError("import-not-found")
    if suffix == ".csv":
        return _read_csv(path)
    return _read_xlsx(path), []


def _read_xlsx(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        # data_only: a formula cell gives the value Excel last computed, not the formula.
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetError("import-unreadable", detail=str(error) or type(error).__name__) from None
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    # A merged cell holds its value in the top-left cell only; staff mean it for every row it spans.
    for merged in sheet.merged_cells.ranges:
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row - 1, merged.max_row):
            for col in range(merged.min_col - 1, merged.max_col):
                rows[row][col] = value
    workbook.close()
    return list(enumerate(rows, start=1))


def _read_csv(path: Path) -> tuple[list[tuple[int, list[Any]]], list[str]]:
    raw = path.read_bytes()
    notes = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on a Vietnamese Windows saves in code page 1258.
        text = raw.decode("cp1258", errors="replace")
        notes.append("import-csv-encoding")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    return list(enumerate(rows, start=1)), notes


# --- matching headers ----------------------------------------------------------------------------


@dataclass
class Layout:
    """Which column of the sheet holds what."""

    header_row: int
    columns: dict[int, Column]  # sheet column index → column
    ignored: list[tuple[int, str, list[str]]] = field(default_factory=list)  # index, header, suggestions


def _header_names(column: Column) -> list[str]:
    return [column.header, *column.also, ".".join(map(str, column.key))]


def match_layout(rows: list[tuple[int, list[Any]]]) -> Layout:
    """Find the header row and match its headers to the known columns, whatever their case and marks."""
    known = {fold(name): column for column in load_columns() for name in _header_names(column)}
    # Official sheets often open with a title or a date above the headers: the header row is the
    # one of the first few that names the most known columns.
    filled = [(n, cells) for n, cells in rows if any(_text(c) for c in cells)][:_HEADER_SEARCH_ROWS]
    header_row, headers = max(filled, key=lambda row: sum(fold(_text(c)) in known for c in row[1]),
                              default=(0, []))
    layout = Layout(header_row, {})
    seen: dict[Column, int] = {}
    for index, cell in enumerate(headers):
        header = _text(cell)
        if not header:
            continue
        column = known.get(fold(header))
        if column is None:
            layout.ignored.append((index, header, difflib.get_close_matches(fold(header), known, n=2, cutoff=0.6)))
        elif column in seen:
            raise SheetError("import-repeated-column", header=header, first=get_column_letter(seen[column] + 1),
                             second=get_column_letter(index + 1))
        else:
            seen[column] = index
            layout.columns[index] = column
    missing = [c.header for c in load_columns() if c.required and c not in seen]
    if missing:
        raise SheetError("import-missing-columns", row=header_row or 1, missing=", ".join(missing),
                         expected=", ".join(c.header for c in load_columns()))
    return layout


# --- reading one row -----------------------------------------------------------------------------


class CellError(Exception):
    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date()
    return nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


def _line(value: Any) -> str:
    return " ".join(_text(value).split())


def _prose(value: Any) -> str:
    lines = [" ".join(line.split()) for line in _text(value).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _list(value: Any) -> list[str]:
    return [item for item in (" ".join(part.split()) for part in _LIST_SEPARATORS.split(_text(value))) if item]


def _excel_day(serial: float) -> date:
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _year(value: Any) -> int:
    if isinstance(value, (datetime, date)):
        return value.year
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1945 <= value <= 2100 and float(value).is_integer():
            return int(value)
        if 16438 <= value <= 73415:  # an Excel date serial between 1945 and 2100
            return _excel_day(value).year
        raise CellError("import-bad-year", value=_text(value))
    years = set(_YEAR_IN_TEXT.findall(_text(value)))  # "2017", "12/2017", "năm 2017"
    if len(years) != 1:
        raise CellError("import-bad-year", value=_text(value))
    return int(years.pop())


def _date(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 16438 <= value <= 73415:
        return _excel_day(value).isoformat()
    text = _line(value)
    try:
        if match := _DAY_MONTH_YEAR.match(text):  # Vietnamese order: day/month/year
            day, month, year = map(int, match.groups())
            return date(year, month, day).isoformat()
        if match := _YEAR_MONTH_DAY.match(text):
            year, month, day = map(int, match.groups())
            return date(year, month, day).isoformat()
    except ValueError:
        pass
    raise CellError("import-bad-date", value=text)


def _choice(value: Any, column: Column) -> str:
    text = _line(value)
    for choice_id, words in column.choices:
        if fold(text) in {fold(choice_id), *map(fold, words)}:
            return choice_id
    words = column.choice_words()
    raise CellError("import-bad-choice", value=text, allowed=", ".join(words),
                    suggestions=difflib.get_close_matches(text, words, n=2, cutoff=0.5))


@dataclass(frozen=True)
class Lookups:
    """Movement and field ids by the ways staff write them: the id or the name, with or without marks."""

    movements: dict[str, str]
    fields: dict[str, str]


def _ids(value: Any, table: dict[str, str], code: str) -> list[str]:
    ids = []
    for item in _list(value):
        found = table.get(slugify(item))
        if found is None:
            raise CellError(code, value=item,
                            suggestions=[table[s] for s in difflib.get_close_matches(slugify(item), table, n=3)])
        ids.append(found)
    return list(dict.fromkeys(ids))


def cell_value(value: Any, column: Column, lookups: Lookups) -> Any:
    """The record value for one cell; raises :class:`CellError` when it cannot be read."""
    match column.type:
        case "text":
            return _line(value)
        case "prose":
            return _prose(value)
        case "list":
            return _list(value)
        case "year":
            return _year(value)
        case "date":
            return _date(value)
        case "choice":
            return _choice(value, column)
        case "movements":
            return _ids(value, lookups.movements, "import-unknown-movement")
        case "fields":
            return _ids(value, lookups.fields, "import-unknown-field")
    raise ValueError(f"import_columns.yml: unknown column type {column.type!r}")


def _place(record: dict, key: tuple, value: Any) -> None:
    """Set ``value`` at ``key`` in ``record``, making the dicts and lists of dicts on the way."""
    node: Any = record
    for part, following in zip(key, key[1:]):
        if isinstance(node, list):
            node.extend({} for _ in range(part + 1 - len(node)))
            node = node[part]
        else:
            node = node.setdefault(part, [] if isinstance(following, int) else {})
    if isinstance(node, list):
        node.extend({} for _ in range(key[-1] + 1 - len(node)))
    node[key[-1]] = value


@dataclass
class RowProblem:
    column: Column | None
    letter: str
    text: str
    severity: str = "error"


def read_row(cells: list[Any], layout: Layout, lookups: Lookups, lang: str) -> tuple[dict, list[RowProblem]]:
    """The record a row describes, and what could not be read from its cells."""
    record: dict = {}
    problems = []
    for index, column in layout.columns.items():
        raw = cells[index] if index < len(cells) else None
        if not _text(raw):
            continue
        try:
            value = cell_value(raw, column, lookups)
        except CellError as error:
            text = explain(error.code, lang, header=column.header, **error.params)
            problems.append(RowProblem(column, get_column_letter(index + 1), text))
            continue
        if value not in ("", []):
            _place(record, column.key, value)
    for column in load_columns():
        if column.default and _get(record, column.key) is None:
            _place(record, column.key, column.default)
    return record, problems


def _get(record: dict, key: tuple) -> Any:
    node: Any = record
    for part in key:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


# --- the record file -----------------------------------------------------------------------------


class _RecordDumper(yaml.SafeDumper):
    """YAML as staff write it: multi-line text as a `|` block, list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_RecordDumper.add_representer(str, _represent_text)


def _in_schema_order(value: Any, schema: dict) -> Any:
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        order = list(properties)
        return {
            key: _in_schema_order(value[key], properties.get(key, {}))
            for key in sorted(value, key=lambda k: order.index(k) if k in order else len(order))
        }
    if isinstance(value, list):
        items = schema.get("items", {})
        if "$ref" in items:  # "#/$defs/source"
            items = schema_document("exemplar")["$defs"][items["$ref"].rsplit("/", 1)[1]]
        return [_in_schema_order(item, items) for item in value]
    return value


def record_text(record: dict, schema_line: str) -> str:
    """The YAML file for ``record``, with the editor's schema line on top."""
    body = yaml.dump(_in_schema_order(record, schema_document("exemplar")), Dumper=_RecordDumper,
                     allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return f"# yaml-language-server: $schema={schema_line}\n\n{body}"


# --- importing -----------------------------------------------------------------------------------


@dataclass
class RowVerdict:
    row: int
    outcome: Outcome
    file: str | None = None
    problems: list[RowProblem] = field(default_factory=list)
    same_as: int | None = None  # the earlier row a duplicate repeats


@dataclass
class ImportReport:
    verdicts: list[RowVerdict] = field(default_factory=list)
    empty_rows: int = 0
    notes: list[str] = field(default_factory=list)  # message texts about the sheet as a whole

    @property
    def ok(self) -> bool:
        return all(v.outcome != "skipped" for v in self.verdicts)

    def count(self, outcome: Outcome) -> int:
        return sum(v.outcome == outcome for v in self.verdicts)


def _lookups(loaded, taxonomy) -> Lookups:
    movements = {}
    for doc in loaded.movements:
        movements[slugify(doc.stem)] = doc.stem
        if isinstance(doc.data, dict) and isinstance(doc.data.get("name"), str):
            movements.setdefault(slugify(doc.data["name"]), doc.stem)
    fields = {}
    for field_id, item in taxonomy.fields.items():
        fields[slugify(field_id)] = field_id
        fields.setdefault(slugify(item.name), field_id)
    return Lookups(movements, fields)


def _column_for(problem: Problem, doc: YamlDocument, layout: Layout) -> tuple[Column | None, str]:
    """The sheet column a validator problem is about (no letter if the sheet lacks it), from its YAML position."""
    at = (problem.line, problem.column)
    paths = [p for marks in (doc.key_marks, doc.value_marks) for p, m in marks.items() if (m.line, m.column) == at]
    paths = paths or [p for marks in (doc.key_marks, doc.value_marks) for p, m in marks.items() if m.line == at[0]]
    if problem.code in _CELL_MESSAGES:  # reported where the enclosing mapping starts: the key's own column
        path = min(paths, key=len, default=()) + (problem.params["key_name"],)
    else:
        path = max(paths, key=len, default=())
    letters = {column: get_column_letter(index + 1) for index, column in layout.columns.items()}
    best, best_length = None, 0
    for column in (*layout.columns.values(), *load_columns()):  # the sheet's own columns first
        common = 0
        for a, b in zip(path, column.key):
            if a != b and not (isinstance(a, int) and isinstance(b, int)):
                break
            common += 1
        if common > best_length:
            best, best_length = column, common
    return (best, letters.get(best, "")) if best else (None, "")


def import_sheet(
    project: Project, sheet: Path, *, overwrite: bool = False, dry_run: bool = False, lang: str = "vi"
) -> ImportReport:
    """Turn each row of ``sheet`` into a record file under ``exemplars/``; see the module docstring."""
    rows, notes = read_sheet(sheet)
    layout = match_layout(rows)
    loaded = load_project(project, exemplars=[])
    validation = validate_project(loaded, project)
    if validation.taxonomy is None or validation.problems.errors:
        raise SheetError("import-project-invalid")
    lookups = _lookups(loaded, validation.taxonomy)
    movement_ids = {doc.stem for doc in loaded.movements}
    existing = {path.stem: path for path in exemplar_files(project, ProblemList())}

    report = ImportReport(notes=[message(code, lang) for code in notes])
    for index, header, suggestions in layout.ignored:
        report.notes.append(message("import-ignored-column", lang, letter=get_column_letter(index + 1),
                                    header=header, suggestions=", ".join(suggestions) or "—"))
    made: dict[str, tuple[int, str]] = {}  # record id → (row, text) of rows already read
    for number, cells in rows:
        if number <= layout.header_row:
            continue
        if not any(_text(cell) for cell in cells):
            report.empty_rows += 1
            continue
        report.verdicts.append(_import_row(
            project, number, cells, layout, lookups, validation.taxonomy, movement_ids, existing, made,
            overwrite=overwrite, dry_run=dry_run, lang=lang,
        ))
    return report


def _import_row(
    project: Project, number: int, cells: list[Any], layout: Layout, lookups: Lookups, taxonomy,
    movement_ids: set[str], existing: dict[str, Path], made: dict[str, tuple[int, str]],
    *, overwrite: bool, dry_run: bool, lang: str,
) -> RowVerdict:
    record, problems = read_row(cells, layout, lookups, lang)
    record_id = record.pop("id", None) or slugify(record.get("name", ""))
    id_column = next(((c, get_column_letter(i + 1)) for i, c in layout.columns.items() if c.key == ("id",)),
                     (None, ""))
    if not SLUG_PATTERN.match(record_id):
        problems.append(RowProblem(*id_column, message("import-bad-id", lang, value=record_id,
                                                       suggestion=slugify(record_id) or "nguyen-van-a")))
        record_id = slugify(record_id) or "ban-ghi"
    province = _get(record, ("place", "province"))
    path = existing.get(record_id) or project.records_dir / (slugify(province or "") or "khac") / f"{record_id}.yml"
    display = project.display(path)
    text = record_text(record, schema_reference("exemplar", path, project))

    found = ProblemList()
    try:
        doc = parse_yaml(text, display)
    except LoadError as error:  # cannot happen for YAML we dumped ourselves; reported, not raised
        found.append(error.problem)
        doc = None
    if doc is not None:
        doc.file = path
        validate_exemplar(doc, taxonomy, movement_ids, project, found)
    unreadable = {p.column for p in problems}
    for problem in found.sorted(lang):
        column, letter = _column_for(problem, doc, layout) if doc is not None else (None, "")
        if column is not None and column in unreadable:
            continue  # the cell's own message says it already
        text = problem.text(lang)
        if problem.code in _CELL_MESSAGES and column is not None:
            text = message(_CELL_MESSAGES[problem.code], lang)
        problems.append(RowProblem(column, letter, text, problem.severity))

    verdict = RowVerdict(number, "skipped", display, problems)
    if any(p.severity == "error" for p in problems):
        return verdict
    if record_id in made:
        earlier, earlier_text = made[record_id]
        if earlier_text == text:
            verdict.outcome, verdict.same_as = "duplicate", earlier
        else:
            verdict.problems.append(RowProblem(*id_column, message("import-same-id", lang, id=record_id,
                                                                     row=earlier)))
        return verdict
    made[record_id] = (number, text)
    if path.is_file():
        current = path.read_bytes()
        if current == text.encode("utf-8"):
            verdict.outcome = "unchanged"
            return verdict
        if not overwrite:
            verdict.problems.append(RowProblem(None, "", message("import-exists", lang, file=display)))
            return verdict
        verdict.outcome = "updated"
    else:
        verdict.outcome = "created"
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    return verdict


# --- the template sheet --------------------------------------------------------------------------


def write_template(path: Path) -> None:
    """Write the empty sheet staff fill in (.xlsx with notes and drop-downs, or .csv), with one example row."""
    columns = load_columns()
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([c.header for c in columns])
        writer.writerow([c.example for c in columns])
        path.write_bytes(buffer.getvalue().encode("utf-8-sig"))  # the BOM makes Excel read UTF-8
        return
    _write_xlsx_template(path, columns)


def _write_xlsx_template(path: Path, columns: Iterable[Column]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Điển hình"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.header)
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="top")
        help_text = [column.note] if column.note else []
        if column.required:
            help_text.append("Bắt buộc.")
        if column.choices:
            help_text.append("Chọn: " + ", ".join(column.choice_words()) + ".")
        if help_text:
            header.comment = Comment(" ".join(help_text), "Hướng dẫn")
        sheet.cell(row=2, column=index, value=column.example if column.example != "" else None)
        sheet.column_dimensions[letter].width = 40 if column.type == "prose" else 22
        if column.choices:
            choice = DataValidation(type="list", formula1='"' + ",".join(column.choice_words()) + '"',
                                    allow_blank=True, showErrorMessage=False)
            choice.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(choice)
    sheet.freeze_panes = "A2"
    workbook.save(path)


def report_lines(report: ImportReport, lang: str = "vi", dry_run: bool = False) -> list[str]:
    """What happened to each row (or would have, in a dry run), for the person who ran the import."""
    lines = list(report.notes)
    for verdict in report.verdicts:
        params = {"row": verdict.row, "file": verdict.file, "same_as": verdict.same_as}
        code = f"import-row-{verdict.outcome}"
        if dry_run and verdict.outcome in ("created", "updated"):
            code += "-dry-run"
        lines.append(message(code, lang, **params))
        for problem in verdict.problems:
            text = problem.text
            if problem.column is not None:
                code = "import-row-cell" if problem.letter else "import-row-absent-cell"
                text = message(code, lang, letter=problem.letter, header=problem.column.header, text=text)
            prefix = "cảnh báo: " if problem.severity == "warning" and lang == "vi" else (
                "warning: " if problem.severity == "warning" else "")
            lines.append(f"  - {prefix}{text}")
    lines.append(message(
        "import-summary", lang, rows=len(report.verdicts), empty=report.empty_rows,
        **{outcome: report.count(outcome) for outcome in ("created", "updated", "unchanged", "duplicate", "skipped")},
    ))
    return lines
