"""``python -m generator import``: a spreadsheet of exemplars (.xlsx or .csv) into records.

Staff keep their lists in spreadsheets, a decision's list of honoured people among them.
Rows with the same record id (the "Mã hồ sơ" column, or the id folded from the name) make
one record: its own cells once, and an award, a source, a photo, a result or a place that
adopted it per row. Each record is written out as YAML and checked by the same validator
as any record file, so the sheet is judged exactly as the files it would become, and every
problem is reported against its row and column.

Nothing is written for a record with an error in any of its rows. A new record is created;
a record on file is merged with its rows (``record_yaml``: the sheet's values replace the
file's, nothing the sheet leaves empty is lost) only with ``--overwrite``, and ``--dry-run``
shows each change as a unified diff first. A record the sheet does not change is left
alone, so importing the same sheet twice changes nothing. A decision's number and date on
an award row create or link its decision record (``sheet_decisions``). The template's
example rows are never imported.

The column layout is data (``import_columns.yml``), and so is its wording
(``messages.yml``): both can change without touching this code.
"""

from __future__ import annotations

import copy
import csv
import difflib
import io
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import openpyxl
import yaml
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..paths import Project
from ..pipeline.load import LoadError, YamlDocument, exemplar_files, load_project, parse_yaml
from ..pipeline.validate import usable_decisions, validate_exemplar, validate_project
from ..pipeline.write import write_atomically
from ..problems import Problem, ProblemList, explain, message
from ..vietnamese import SLUG_PATTERN, fold, slugify
from . import sheet_cells as cells
from .record_yaml import diff, merged_text, new_record_text, same_item
from .scaffold import schema_document, schema_reference
from .sheet_cells import CellError, Lookups
from .sheet_decisions import Decisions

COLUMNS_FILE = Path(__file__).with_name("import_columns.yml")
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
_HEADER_SEARCH_ROWS = 10
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
_LIST = "[]"  # in a column's key: one item of the list per row

Outcome = Literal["created", "updated", "unchanged", "joined", "duplicate", "example", "empty", "skipped"]


class SheetError(Exception):
    """The sheet as a whole cannot be imported; ``code`` names the message in ``messages.yml``."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Column:
    header: str
    key: tuple[str, ...]  # ("place", "province"), ("awards", "[]", "award")
    type: str
    required: bool = False
    also: tuple[str, ...] = ()
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (id, Vietnamese words)
    default: str | None = None
    note: str = ""
    examples: tuple = ()  # the template's example rows, one value each

    @property
    def list_key(self) -> tuple[str, ...] | None:
        """The list this column adds one item to per row (``("awards",)``), or None for the record's own cells."""
        return self.key[:self.key.index(_LIST)] if _LIST in self.key else None

    @property
    def item_key(self) -> tuple[str, ...]:
        return self.key[self.key.index(_LIST) + 1:] if _LIST in self.key else self.key

    def choice_words(self) -> list[str]:
        return [words[0] for _, words in self.choices]


@dataclass(frozen=True)
class Spec:
    columns: tuple[Column, ...]
    example_ids: frozenset[str]  # the template's example record: its id, and the id folded from its name
    ignore: frozenset[str]  # folded headers read past without a word


@cache
def load_spec() -> Spec:
    """The spreadsheet layout, from ``import_columns.yml``."""
    spec = yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))
    columns = tuple(
        Column(
            header=item["header"],
            key=tuple(item["key"].replace(_LIST, "." + _LIST).split(".")),
            type=item["type"],
            required=item.get("required", False),
            also=tuple(item.get("also", ())),
            choices=tuple((key, tuple(words)) for key, words in item.get("choices", {}).items()),
            default=item.get("default"),
            note=item.get("note", ""),
            examples=tuple(item.get("example", ())),
        )
        for item in spec["columns"]
    )
    example_name = next(c for c in columns if c.key == ("name",)).examples[0]
    return Spec(columns, frozenset({spec["example_id"], slugify(example_name)}),
                frozenset(fold(header) for header in spec["ignore"]))


def load_columns() -> tuple[Column, ...]:
    return load_spec().columns


# --- reading the sheet ---------------------------------------------------------------------------

Rows = list[tuple[int, list[Any]]]


@dataclass
class Sheet:
    rows: Rows  # numbered as a spreadsheet shows them
    notes: list[str] = field(default_factory=list)  # message codes about reading it
    merged_across: list[tuple[str, range]] = field(default_factory=list)  # cells merged across columns: rows


def read_sheet(path: Path) -> Sheet:
    """The rows of the sheet at ``path`` and what was noticed reading it."""
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise SheetError("import-wrong-type", suffix=suffix or "(không có)")
    if not path.is_file():
        raise SheetError("import-not-found")
    if suffix == ".csv":
        return _read_csv(path)
    return _read_xlsx(path)


def _read_xlsx(path: Path) -> Sheet:
    try:
        # data_only: a formula cell gives the value Excel last computed, not the formula.
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetError("import-unreadable", detail=str(error) or type(error).__name__) from None
    worksheet = workbook.worksheets[0]
    rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
    sheet = Sheet(list(enumerate(rows, start=1)))
    # A merged cell holds its value in the top-left cell only. Merged down a column, staff mean it
    # for every row it spans; merged across columns, it is one wide cell: its own column only.
    for merged in worksheet.merged_cells.ranges:
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row - 1, merged.max_row):
            rows[row][merged.min_col - 1] = value
        if merged.max_col > merged.min_col:
            sheet.merged_across.append((merged.coord, range(merged.min_row, merged.max_row + 1)))
    workbook.close()
    return sheet


def _read_csv(path: Path) -> Sheet:
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
    return Sheet(list(enumerate(rows, start=1)), notes)


# --- matching headers ----------------------------------------------------------------------------


@dataclass
class Layout:
    """Which column of the sheet holds what."""

    header_row: int
    columns: dict[int, Column]  # sheet column index → column
    ignored: list[tuple[int, str, list[str]]] = field(default_factory=list)  # index, header, suggestions


def _header_names(column: Column) -> list[str]:
    return [column.header, *column.also, ".".join(column.key)]


def match_layout(sheet: Sheet) -> Layout:
    """Find the header row and match its headers to the known columns, whatever their case and marks."""
    spec = load_spec()
    known = {fold(name): column for column in spec.columns for name in _header_names(column)}
    # Official sheets often open with a title or a date above the headers: the header row is the
    # one of the first few that names the most known columns.
    filled = [(n, row) for n, row in sheet.rows if any(cells.text(c) for c in row)][:_HEADER_SEARCH_ROWS]
    header_row, headers = max(filled, key=lambda row: sum(fold(cells.text(c)) in known for c in row[1]),
                              default=(0, []))
    for coord, rows in sheet.merged_across:
        if header_row in rows:  # one name over several columns: which of them holds what cannot be told
            raise SheetError("import-merged-header", cells=coord, row=header_row)
    layout = Layout(header_row, {})
    seen: dict[Column, int] = {}
    for index, cell in enumerate(headers):
        header = cells.line(cell)
        if not header or fold(header) in spec.ignore:
            continue
        column = known.get(fold(header))
        if column is None:
            close = difflib.get_close_matches(fold(header), known, n=3, cutoff=0.75)
            layout.ignored.append((index, header, list(dict.fromkeys(known[name].header for name in close))))
        elif column in seen:
            raise SheetError("import-repeated-column", header=header, first=get_column_letter(seen[column] + 1),
                             second=get_column_letter(index + 1))
        else:
            seen[column] = index
            layout.columns[index] = column
    missing = [c.header for c in spec.columns if c.required and c not in seen]
    if missing:
        raise SheetError("import-missing-columns", row=header_row or 1, missing=", ".join(missing),
                         expected=", ".join(c.header for c in spec.columns))
    return layout


# --- reading one row -----------------------------------------------------------------------------


def cell_value(value: Any, column: Column, lookups: Lookups) -> Any:
    """The record value for one cell; raises :class:`CellError` when it cannot be read."""
    cells.refuse_control_characters(value)
    match column.type:
        case "text":
            return cells.line(value)
        case "prose":
            return cells.prose(value)
        case "list":
            return cells.items(value)
        case "year":
            return cells.read_year(value)
        case "when":
            return cells.read_when(value)
        case "date":
            return cells.read_date(value).isoformat()
        case "decision-number":
            return cells.decision_number(value)
        case "choice":
            return cells.choice(value, column.choices)
        case "movements":
            return cells.ids(value, lookups.movements, "import-unknown-movement")
        case "fields":
            return cells.ids(value, lookups.fields, "import-unknown-field")
    raise ValueError(f"import_columns.yml: unknown column type {column.type!r}")


def _put(record: dict, key: tuple[str, ...], value: Any) -> None:
    node = record
    for part in key[:-1]:
        node = node.setdefault(part, {})
    node[key[-1]] = value


def _get(record: Any, key: tuple) -> Any:
    for part in key:
        try:
            record = record[part]
        except (KeyError, IndexError, TypeError):
            return None
    return record


@dataclass
class RowProblem:
    column: Column | None
    letter: str
    text: str
    severity: str = "error"


@dataclass
class SheetRow:
    """What one row says: the record's own cells, and the item it adds to each list."""

    number: int
    values: dict[Column, Any] = field(default_factory=dict)
    items: dict[tuple[str, ...], dict] = field(default_factory=dict)  # list key → this row's item
    problems: list[RowProblem] = field(default_factory=list)

    def value(self, key: tuple[str, ...]) -> Any:
        return next((v for c, v in self.values.items() if c.key == key), None)


def read_row(number: int, row: list[Any], layout: Layout, lookups: Lookups, lang: str) -> SheetRow:
    """The values a row holds, and what could not be read from its cells."""
    read = SheetRow(number)
    for index, column in layout.columns.items():
        raw = row[index] if index < len(row) else None
        if not cells.text(raw):
            continue
        try:
            value = cell_value(raw, column, lookups)
        except CellError as error:
            text = explain(error.code, lang, header=column.header, **error.params)
            read.problems.append(RowProblem(column, get_column_letter(index + 1), text))
            continue
        if value in ("", []):
            continue
        if column.list_key is None:
            read.values[column] = value
        else:
            _put(read.items.setdefault(column.list_key, {}), column.item_key, value)
    for index, header, suggestions in layout.ignored:
        raw = row[index] if index < len(row) else None
        if cells.text(raw):
            code = "import-unknown-column-cell-suggest" if suggestions else "import-unknown-column-cell"
            read.problems.append(RowProblem(
                None, get_column_letter(index + 1),
                message(code, lang, letter=get_column_letter(index + 1), header=header, value=cells.line(raw)[:60],
                        suggestions=", ".join(f"'{s}'" for s in suggestions)),
                "error" if suggestions else "warning"))
    return read


# --- rows into records ---------------------------------------------------------------------------


@dataclass
class Group:
    """The rows that make one record, and the record they make."""

    record_id: str
    rows: list[SheetRow] = field(default_factory=list)
    record: dict = field(default_factory=dict)
    cell_rows: dict[Column, int] = field(default_factory=dict)  # the row each record cell was read from
    item_rows: dict[tuple[str, ...], list[tuple[dict, int]]] = field(default_factory=dict)  # list → (item, row)
    joined: dict[int, int | None] = field(default_factory=dict)  # row → the row it repeats exactly (None: adds)
    new_decisions: dict[str, tuple[YamlDocument, str]] = field(default_factory=dict)  # id → (document, text)

    def add(self, row: SheetRow, letters: dict[Column, str], lang: str) -> None:
        """Join ``row`` to the record; a cell that contradicts an earlier row's is an error on this row."""
        adds = not self.rows
        for column, value in row.values.items():
            if column.key == ("id",):
                continue
            if column in self.cell_rows:
                earlier = _get(self.record, column.key)
                if earlier != value:
                    row.problems.append(RowProblem(column, letters.get(column, ""), message(
                        "import-conflicting-cell", lang, row=self.cell_rows[column], value=_shown(earlier))))
                continue
            _put(self.record, column.key, value)
            self.cell_rows[column] = row.number
            adds = True
        for list_key, item in row.items.items():
            listed = self.item_rows.setdefault(list_key, [])
            if any(existing == item for existing, _ in listed):
                continue
            listed.append((item, row.number))
            adds = True
        if self.rows:
            self.joined[row.number] = None if adds else self.rows[0].number
        self.rows.append(row)

    def sheet_record(self) -> dict:
        """The record as the sheet gives it (no defaults): its cells and its lists' items."""
        record = copy.deepcopy(self.record)
        for list_key, listed in self.item_rows.items():
            _put(record, list_key, [dict(item) for item, _ in listed])
        return record

    def row_of(self, path: tuple, data: Any) -> int:
        """The row a problem at ``path`` of the written record comes from: the row of its list item
        or of its cell, else the record's first row."""
        for list_key, listed in self.item_rows.items():
            depth = len(list_key)
            if path[:depth] == list_key and len(path) > depth and isinstance(path[depth], int):
                written = _get(data, path[:depth + 1])
                for item, number in listed:
                    if written == item or same_item(written, item, list_key[-1]):
                        return number
        for column, number in self.cell_rows.items():
            if path[:len(column.key)] == column.key:
                return number
        return self.rows[0].number


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


# --- importing -----------------------------------------------------------------------------------


@dataclass
class RowVerdict:
    row: int
    outcome: Outcome
    file: str | None = None
    problems: list[RowProblem] = field(default_factory=list)
    same_as: int | None = None  # the record's first row (joined) or the row a duplicate repeats
    diff: list[str] = field(default_factory=list)  # what the row changes (or would) in an existing record
    decisions: list[str] = field(default_factory=list)  # the decision files the record's rows make


@dataclass
class ImportReport:
    verdicts: list[RowVerdict] = field(default_factory=list)
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


def _column_for(problem: Problem, doc: YamlDocument) -> tuple[tuple, Column | None]:
    """The record path a validator problem is about, from its YAML position, and the sheet column for it."""
    at = (problem.line, problem.column)
    paths = [p for marks in (doc.key_marks, doc.value_marks) for p, m in marks.items() if (m.line, m.column) == at]
    paths = paths or [p for marks in (doc.key_marks, doc.value_marks) for p, m in marks.items() if m.line == at[0]]
    if problem.code in _CELL_MESSAGES:  # reported where the enclosing mapping starts: the key's own column
        path = min(paths, key=len, default=()) + (problem.params["key_name"],)
    else:
        path = max(paths, key=len, default=())
    best, best_length = None, 0
    for column in load_columns():
        common = 0
        for a, b in zip(path, column.key):
            if a != b and not (isinstance(a, int) and b == _LIST):
                break
            common += 1
        if common > best_length:
            best, best_length = column, common
    return path, best


@dataclass
class _Run:
    """What one import knows: the project, the sheet's layout and the records already on file."""

    project: Project
    layout: Layout
    taxonomy: Any
    movement_ids: set[str]
    existing: dict[str, Path]
    decisions: Decisions
    overwrite: bool
    dry_run: bool
    lang: str

    @property
    def letters(self) -> dict[Column, str]:
        return {column: get_column_letter(index + 1) for index, column in self.layout.columns.items()}


def import_sheet(
    project: Project, sheet_path: Path, *, overwrite: bool = False, dry_run: bool = False, lang: str = "vi"
) -> ImportReport:
    """Turn the rows of ``sheet_path`` into record files under ``exemplars/``; see the module docstring."""
    sheet = read_sheet(sheet_path)
    layout = match_layout(sheet)
    loaded = load_project(project, exemplars=[])
    validation = validate_project(loaded, project)
    if validation.taxonomy is None or validation.problems.errors:
        raise SheetError("import-project-invalid")
    run = _Run(project, layout, validation.taxonomy, {doc.stem for doc in loaded.movements},
               {path.stem: path for path in exemplar_files(project, ProblemList())},
               Decisions(project, usable_decisions(loaded, validation.problems)),
               overwrite, dry_run, lang)
    lookups = _lookups(loaded, validation.taxonomy)

    report = ImportReport(notes=[message(code, lang) for code in sheet.notes])
    for index, header, suggestions in layout.ignored:
        report.notes.append(message("import-ignored-column", lang, letter=get_column_letter(index + 1),
                                    header=header, suggestions=", ".join(suggestions) or "—"))
    data_rows = [(n, row) for n, row in sheet.rows if n > layout.header_row]
    last = max((n for n, row in data_rows if any(cells.text(c) for c in row)), default=0)
    groups: dict[str, Group] = {}
    verdicts: dict[int, RowVerdict] = {}
    for number, row in data_rows:
        if number > last:
            break
        if not any(cells.text(c) for c in row):
            verdicts[number] = RowVerdict(number, "empty")
            continue
        read = read_row(number, row, layout, lookups, lang)
        record_id = _record_id(read, run)
        if record_id in load_spec().example_ids:
            verdicts[number] = RowVerdict(number, "example")
            continue
        groups.setdefault(record_id, Group(record_id)).add(read, run.letters, lang)
    for group in groups.values():
        for verdict in _import_group(group, run):
            verdicts[verdict.row] = verdict
    report.verdicts = [verdicts[n] for n in sorted(verdicts)]
    return report


def _record_id(row: SheetRow, run: _Run) -> str:
    """The row's record id: its "Mã hồ sơ", else folded from its name; a bad one is an error on the row."""
    written = row.value(("id",))
    record_id = written or slugify(row.value(("name",)) or "")
    if not record_id:
        row.problems.append(RowProblem(None, "", message("import-no-name", run.lang)))
        return f"dong-{row.number}"  # a row of its own: nothing joins it
    if not SLUG_PATTERN.match(record_id):
        column = next(c for c in row.values if c.key == ("id",))
        row.problems.append(RowProblem(column, run.letters.get(column, ""), message(
            "import-bad-id", run.lang, value=record_id, suggestion=slugify(record_id) or "nguyen-van-a")))
        return slugify(record_id) or f"dong-{row.number}"
    return record_id


# The award cell a problem with a decision is told at: its number, its date, or who signed it.
_DECISION_PARTS = {"number": ("decision", "number"), "date": ("decision", "date"), "year": ("decision", "date"),
                   "by": ("by",), "issuer": ("by",)}


def _award_column(part: str) -> Column:
    key = ("awards", _LIST, *_DECISION_PARTS.get(part, ("decision", "number")))
    return next(c for c in load_columns() if c.key == key)


def _cite_decisions(group: Group, run: _Run) -> None:
    """Give each award that names a decision the decision's id; draft the decisions to make, checked."""
    letters = run.letters
    for award, number in group.item_rows.get(("awards",), []):
        if not isinstance(award.get("decision"), dict):
            continue
        row = next(r for r in group.rows if r.number == number)
        data, conflicts = run.decisions.cite(award)
        for conflict in conflicts:
            column = _award_column(conflict.part)
            row.problems.append(RowProblem(column, letters.get(column, ""),
                                           message(conflict.code, run.lang, **conflict.params)))
        if data is None or award["decision"] in group.new_decisions:
            continue
        doc, text, problems = run.decisions.draft(award["decision"], data, run.taxonomy)
        group.new_decisions[award["decision"]] = (doc, text)
        for problem in problems.sorted(run.lang):
            path, _ = _column_for(problem, doc)
            column = _award_column(path[0] if path else "number")
            row.problems.append(RowProblem(column, letters.get(column, ""), problem.text(run.lang), problem.severity))


def _import_group(group: Group, run: _Run) -> list[RowVerdict]:
    """Write (or not) the record of ``group``; a verdict for each of its rows."""
    _cite_decisions(group, run)
    record = group.sheet_record()
    path = run.existing.get(group.record_id) or (
        run.project.records_dir / (slugify(str(_get(record, ("place", "province")) or "")) or "khac")
        / f"{group.record_id}.yml")
    display = run.project.display(path)
    before = path.read_text(encoding="utf-8") if path.is_file() else None
    after: str | None  # None: the file says what the sheet says already
    if before is None:
        for column in load_columns():
            if column.default and _get(record, column.key) is None:
                _put(record, column.key, column.default)
        after = new_record_text(record, schema_document("exemplar"), schema_reference("exemplar", path, run.project))
    else:
        try:
            on_file = parse_yaml(before, display).data
        except LoadError:
            on_file = None  # not merged: the check below tells what is wrong with the file
        after = merged_text(before, on_file, record)
    checked = after if after is not None else before
    assert checked is not None  # no `after` only where a file was there to merge into
    _check(group, checked, path, display, run)

    first = group.rows[0].number
    verdicts = [RowVerdict(first, "skipped", display, group.rows[0].problems)] + [
        RowVerdict(row.number, "joined" if group.joined[row.number] is None else "duplicate", display, row.problems,
                   same_as=first)
        for row in group.rows[1:]]
    lead = verdicts[0]
    if before is not None and after is not None:
        lead.diff = diff(before, after, message("import-diff-before", run.lang, file=display),
                         message("import-diff-after", run.lang, file=display))
    has_error = any(p.severity == "error" for row in group.rows for p in row.problems)
    if has_error or (lead.diff and not run.overwrite):
        if not has_error:
            lead.problems.append(RowProblem(None, "", message("import-exists", run.lang, file=display)))
        reason = message("import-group-error" if has_error else "import-group-kept", run.lang,
                         name=record.get("name"), row=first)
        for verdict in verdicts:  # every row of the record says why nothing was written
            verdict.outcome = "skipped"
            if not any(p.severity == "error" for p in verdict.problems):
                verdict.problems.append(RowProblem(None, "", reason))
        return verdicts
    lead.outcome = "created" if before is None else "unchanged" if after is None else "updated"
    for doc, text in group.new_decisions.values():
        run.decisions.add(doc)
        lead.decisions.append(doc.display)
        if not run.dry_run:
            _write(doc.file, text)
    if after is not None and not run.dry_run:
        _write(path, after)
    return verdicts


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"))


def _check(group: Group, text: str, path: Path, display: str, run: _Run) -> None:
    """Validate the record file as it would be written; each problem goes to the row and cell it comes from."""
    found = ProblemList()
    try:
        doc = parse_yaml(text, display)
    except LoadError as error:  # an existing file that does not parse: reported, never overwritten
        group.rows[0].problems.append(RowProblem(None, "", error.problem.text(run.lang)))
        return
    doc.file = path
    decisions = {**run.decisions.citable, **{key: made for key, (made, _) in group.new_decisions.items()}}
    validate_exemplar(doc, run.taxonomy, run.movement_ids, run.project, found, decisions)
    letters = run.letters
    for problem in found.sorted(run.lang):
        record_path, column = _column_for(problem, doc)
        row = next(r for r in group.rows if r.number == group.row_of(record_path, doc.data))
        if column is not None and any(p.column is column for p in row.problems):
            continue  # the cell's own message says it already
        said = problem.text(run.lang)
        if problem.code in _CELL_MESSAGES and column is not None:
            said = message(_CELL_MESSAGES[problem.code], run.lang)
        row.problems.append(RowProblem(column, letters.get(column, "") if column else "", said, problem.severity))


# --- the template sheet --------------------------------------------------------------------------


def _example_rows(columns: tuple[Column, ...]) -> list[list[Any]]:
    count = max(len(c.examples) for c in columns)
    return [[c.examples[i] if i < len(c.examples) else "" for c in columns] for i in range(count)]


def write_template(path: Path) -> None:
    """Write the empty sheet staff fill in (.xlsx with notes and drop-downs, or .csv), with its example rows."""
    columns = load_columns()
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([c.header for c in columns])
        writer.writerows(_example_rows(columns))
        path.write_bytes(buffer.getvalue().encode("utf-8-sig"))  # the BOM makes Excel read UTF-8
        return
    _write_xlsx_template(path, columns)


def _write_xlsx_template(path: Path, columns: tuple[Column, ...]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet, the active one
    sheet.title = "Điển hình"
    examples = _example_rows(columns)
    example_fill = PatternFill("solid", fgColor="FFF2CC")  # the example rows stand out: delete them
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
            header.comment = Comment(" ".join(help_text), "Hướng dẫn", width=320, height=160)
        for offset, values in enumerate(examples, start=2):
            cell = sheet.cell(row=offset, column=index, value=values[index - 1] if values[index - 1] != "" else None)
            cell.fill = example_fill
        sheet.column_dimensions[letter].width = 40 if column.type == "prose" else 22
        if column.choices:
            choice = DataValidation(type="list", formula1='"' + ",".join(column.choice_words()) + '"',
                                    allow_blank=True, showErrorMessage=False)
            choice.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(choice)
    sheet.freeze_panes = "C2"
    workbook.save(path)


# --- the report ----------------------------------------------------------------------------------


def report_lines(report: ImportReport, lang: str = "vi", dry_run: bool = False) -> list[str]:
    """What happened to each row (or would have, in a dry run), for the person who ran the import."""
    lines = list(report.notes)
    for verdict in report.verdicts:
        code = f"import-row-{verdict.outcome}"
        if dry_run and verdict.outcome in ("created", "updated"):
            code += "-dry-run"
        lines.append(message(code, lang, row=verdict.row, file=verdict.file, same_as=verdict.same_as))
        for decision in verdict.decisions:
            lines.append("  - " + message("import-decision-made-dry-run" if dry_run else "import-decision-made",
                                          lang, file=decision))
        for problem in verdict.problems:
            text = problem.text
            if problem.column is not None:
                code = "import-row-cell" if problem.letter else "import-row-absent-cell"
                text = message(code, lang, letter=problem.letter, header=problem.column.header, text=text)
            prefix = message("import-warning", lang) + " " if problem.severity == "warning" else ""
            lines.append(f"  - {prefix}{text}")
        lines.extend(f"    {line}" for line in verdict.diff)
    lines.append(message(
        "import-summary", lang, rows=sum(v.outcome != "empty" for v in report.verdicts),
        **{outcome: report.count(outcome)
           for outcome in ("created", "updated", "unchanged", "joined", "duplicate", "example", "skipped", "empty")},
    ))
    return lines
