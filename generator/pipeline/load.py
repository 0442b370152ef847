"""Stage 1, load: YAML files in, plain Python values out, with the line and column of every value.

Records are written by hand, so the loader is strict where PyYAML is lenient
and safe where PyYAML can be made unsafe:

* it reads the YAML *event* stream and builds values itself, so no tag can
  construct an object, aliases (the "billion laughs" bomb) are refused outright
  and nesting depth is bounded without recursion;
* a key written twice is an error, not a silent overwrite;
* dates stay as the text the editor wrote (``2018-12-22``), and every string is
  normalised to NFC whatever form the editor saved;
* a value a tag does not fit (``!!bool maybe``), a number too large to hold and a control
  character (written or escaped: ``"\\x7f"``) are errors at their position, since each
  would otherwise fail a later stage or break the page it reaches;
* every problem is a :class:`~generator.problems.Problem` with file and line,
  never a traceback.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..paths import Project
from ..problems import Problem, ProblemList
from ..vietnamese import nfc
from .model import NOT_PUBLISHED

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 16

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser where present
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_STR_TAG, _FLOAT_TAG, _BOOL_TAG = f"{_YAML}str", f"{_YAML}float", f"{_YAML}bool"
# Kept as the text the editor wrote: a date needs no conversion, and a "number"
# such as 14.342 (Vietnamese for fourteen thousand three hundred forty-two) or
# 1.000 must not become the float 14.342 or 1.0.
_TEXT_TAGS = {f"{_YAML}str", f"{_YAML}timestamp", f"{_YAML}float"}
_COLLECTION_TAGS = {None, "!", f"{_YAML}map", f"{_YAML}seq"}
_INT_TAG = f"{_YAML}int"
# Integers a record holds (years, counts) fit in 64 bits, as JSON tools and the schema checker need;
# checked before converting, so that 5,000 digits cost nothing and never reach Python's digit limit.
INT_LIMIT = 2**63
_INT_TEXT_LIMIT = 70  # characters: 64 binary digits and a prefix; longer cannot be below INT_LIMIT

# Characters no text of a record may hold: C0 controls but tab and line feed (a file's CRLF line ends
# are read as line feeds before this check), DEL, C1 controls, Unicode's noncharacters and lone
# surrogates. Invisible in an editor, they break the front matter of the page they reach (PyYAML
# refuses DEL, C1 and U+FFFE) or reach the HTML as raw bytes (NUL).
_NONCHARACTERS = "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
FORBIDDEN_CHARACTERS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff{_NONCHARACTERS}]")
# In a double-quoted scalar, where an escape may have written one of them: the escape, or the character.
_ESCAPE_OR_FORBIDDEN = re.compile(
    rf"\\(?:x[0-9A-Fa-f]{{2}}|u[0-9A-Fa-f]{{4}}|U[0-9A-Fa-f]{{8}}|.)|{FORBIDDEN_CHARACTERS.pattern}", re.DOTALL
)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "v": "\v", "f": "\f", "r": "\r", "N": "\x85"}

# Where a value sits in a document: the keys and list indexes from the root to it.
KeyPath = tuple[str | int, ...]


class Mark(NamedTuple):  # a tuple: records have a hundred values each, and tuples are cheap to make
    line: int
    column: int


@dataclass
class YamlDocument:
    """A loaded YAML file: its data and where each value and key was written."""

    file: Path
    display: str  # the path shown to people, relative to the project
    data: Any
    value_marks: dict[KeyPath, Mark] = field(default_factory=dict)
    key_marks: dict[KeyPath, Mark] = field(default_factory=dict)
    # Where the text of each literal block (`key: |`) starts: its lines are kept as written,
    # so a position inside the text maps to a line and column of the file.
    literal_starts: dict[KeyPath, Mark] = field(default_factory=dict)
    digest: str = ""  # of the file's bytes: what later stages key their caches by
    # The file's bytes (UTF-8), until the document is checked: the personal-data check screens them
    # in one pass instead of every string of the data.
    raw: bytes = b""

    @property
    def stem(self) -> str:
        return self.file.stem

    @property
    def unpublished(self) -> bool:
        """Whether the record says it is a draft or withdrawn (read before it is checked)."""
        return isinstance(self.data, dict) and self.data.get("status") in NOT_PUBLISHED

    def mark(self, path: KeyPath = (), *, key: bool = False) -> Mark:
        """Where the value at ``path`` (or its key, with ``key=True``) was written.

        Falls back to the nearest enclosing value, then to the top of the file.
        """
        marks = (self.key_marks, self.value_marks) if key else (self.value_marks, self.key_marks)
        while True:
            for table in marks:
                if path in table:
                    return table[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]

    def mark_in_text(self, path: KeyPath, offset: int) -> Mark:
        """Where character ``offset`` of the string at ``path`` was written, as near as known:
        exactly in a literal block or a string written on one line, else where the string starts."""
        start = self.literal_starts.get(path)
        if start is None:
            mark = self.mark(path)
            return self._mark_on_its_line(mark, self.value_at(path), offset) or mark
        text = self.value_at(path)[:offset]
        line_start = text.rfind("\n") + 1
        return Mark(start.line + text.count("\n"), start.column + offset - line_start)

    def _mark_on_its_line(self, mark: Mark, text: str, offset: int) -> Mark | None:
        """Where character ``offset`` of ``text`` is, if the file's line at ``mark`` holds ``text`` as it is
        (plain, or quoted without escapes). Decodes the file's bytes again: asked only to tell a problem."""
        lines = self.raw.decode("utf-8", "replace").removeprefix("\ufeff").split("\n")
        line = lines[mark.line - 1] if mark.line <= len(lines) else ""
        for quote in (0, 1):
            column = mark.column - 1 + quote
            if line[column:column + len(text)] == text:
                return Mark(mark.line, column + 1 + offset)
        return None

    def forget_marks(self) -> None:
        """Drop the positions and bytes once the document is checked: they are needed only for checks and messages."""
        self.value_marks, self.key_marks, self.literal_starts = {}, {}, {}
        self.raw = b""

    def value_at(self, path: KeyPath) -> Any:
        value = self.data
        for part in path:
            value = value[part]
        return value


class LoadError(Exception):
    """The file could not be read as a record; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


@lru_cache(maxsize=4096)
def _implicit_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag YAML gives an untagged scalar; cached, since records repeat their keys and values."""
    return _resolver.resolve(yaml.ScalarNode, value, implicit)


def _mark(event_mark) -> Mark:
    return Mark(event_mark.line + 1, event_mark.column + 1)


def _fits(tag: str, value: str) -> bool:
    """Whether ``value`` is one the standard scalar ``tag`` names, as YAML would read it untagged
    (an integer is a fine ``!!float``; anything is a ``!!str``)."""
    if tag == _STR_TAG:
        return True
    plain = _implicit_tag(value, (True, False))
    return plain == tag or (tag == _FLOAT_TAG and plain == _INT_TAG)


def _integer(text: str) -> int | None:
    """The integer YAML 1.1 reads ``text`` as (decimal, 0x, 0b, 0 octal, 1:30 sexagesimal, with _),
    or None if it is not below :data:`INT_LIMIT`. Long text is refused before any conversion."""
    if text.isdigit() and len(text) < 19:  # most numbers: a year, a count
        return int(text)
    digits = text.replace("_", "")
    if len(digits) > _INT_TEXT_LIMIT:
        return None
    number = _constructor.construct_yaml_int(yaml.ScalarNode(_INT_TAG, digits))
    return number if -INT_LIMIT <= number < INT_LIMIT else None


def _shown(value: str, limit: int = 40) -> str:
    """A value as a message quotes it: on one line, and cut short if long."""
    text = " ".join(value.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _unescape(written: str) -> str:
    """The character a double-quoted scalar's escape (``\\x7f``, ``\\0``) stands for; else ``written`` itself."""
    if not written.startswith("\\"):
        return written
    code = written[1:]
    if code[0] in "xuU" and len(code) > 1:
        return chr(min(int(code[1:], 16), 0x10FFFF))
    return _SIMPLE_ESCAPES.get(code, code)


class _Builder:
    """Turns a YAML event stream into plain values and marks, refusing what records never need."""

    def __init__(self, display: str, text: str):
        self.display = display
        self.text = text
        self.lines = text.split("\n")
        # Whether any value may hold a forbidden character: one written as it is (the parser lets
        # noncharacters through), or an escape in a double-quoted scalar. Else no value is searched.
        self.suspect = "\\" in text or FORBIDDEN_CHARACTERS.search(text) is not None
        self.value_marks: dict[KeyPath, Mark] = {}
        self.key_marks: dict[KeyPath, Mark] = {}
        self.literal_starts: dict[KeyPath, Mark] = {}
        self.root: Any = None
        # Open collections: (container, path, pending mapping key or None).
        self.stack: list[list] = []

    def fail(self, mark: Mark, code: str, **params: object) -> LoadError:
        return LoadError(Problem(self.display, mark.line, mark.column, code, params))

    def feed(self, event) -> None:
        kind = type(event)  # tested most frequent first: this runs for every value of every record
        if kind is ScalarEvent:
            path = self._place(self._scalar(event), _mark(event.start_mark), is_scalar=True)
            if event.style == "|" and event.value:
                self._note_literal(path, event.start_mark.line + 1)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag not in _COLLECTION_TAGS:
                raise self.fail(_mark(event.start_mark), "yaml-tag", tag=event.tag)
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(_mark(event.start_mark), "yaml-too-deep", limit=MAX_DEPTH)
            container: dict | list = {} if kind is MappingStartEvent else []
            path = self._place(container, _mark(event.start_mark), is_scalar=False)
            self.stack.append([container, path, None])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            self.stack.pop()
        elif kind is DocumentStartEvent:
            if self.value_marks:
                raise self.fail(_mark(event.start_mark), "yaml-many-documents")
        elif kind is AliasEvent:
            raise self.fail(_mark(event.start_mark), "yaml-alias")

    def _note_literal(self, path: KeyPath, first_line: int) -> None:
        """Remember where a literal block's text starts: its first non-blank line, past the indent."""
        for index in range(first_line, len(self.lines)):
            line = self.lines[index]
            if line.strip():
                self.literal_starts[path] = Mark(index + 1, len(line) - len(line.lstrip(" ")) + 1)
                return

    def _scalar(self, event: ScalarEvent) -> Any:
        tag, value = event.tag, event.value
        if self.suspect:
            self._check_characters(event)
        if tag is None or tag == "!":
            tag = _implicit_tag(value, event.implicit)
            if tag not in _SCALAR_TAGS:  # `=` and `<<`, YAML 1.1's "value" and "merge" keys: text in a record
                tag = _STR_TAG
        elif tag not in _SCALAR_TAGS:
            raise self.fail(_mark(event.start_mark), "yaml-tag", tag=tag)
        elif not _fits(tag, value):  # `!!bool maybe`, `!!int ""`: the value must be one the tag names
            raise self.fail(_mark(event.start_mark), "yaml-tag-value", tag="!!" + tag.removeprefix(_YAML),
                            value=_shown(value))
        if tag in _TEXT_TAGS:
            return nfc(value)
        if tag == _INT_TAG:
            number = _integer(value)
            if number is None:
                raise self.fail(_mark(event.start_mark), "yaml-number-too-large", value=_shown(value))
            return number
        if tag == _BOOL_TAG:  # yes, No, TRUE, off …: the resolver matched one of YAML 1.1's words
            return _constructor.bool_values[value.lower()]
        return None  # null

    def _check_characters(self, event: ScalarEvent) -> None:
        """Refuse a scalar holding a forbidden character, at the character itself (or the escape that wrote it)."""
        found = FORBIDDEN_CHARACTERS.search(event.value)
        if found is None:
            return
        assert event.start_mark is not None and event.end_mark is not None  # the parser marks every event
        start, end = event.start_mark.index, event.end_mark.index
        mark, character = _mark(event.start_mark), found.group()
        pattern = _ESCAPE_OR_FORBIDDEN if event.style == '"' else FORBIDDEN_CHARACTERS
        for match in pattern.finditer(self.text, start, end):
            written = _unescape(match.group())
            if FORBIDDEN_CHARACTERS.fullmatch(written):
                mark, character = self.mark_at(match.start()), written
                break
        raise self.fail(mark, "control-character", char=f"U+{ord(character):04X}")

    def mark_at(self, index: int) -> Mark:
        """The line and column of character ``index`` of the text."""
        line_start = self.text.rfind("\n", 0, index) + 1
        return Mark(self.text.count("\n", 0, index) + 1, index - line_start + 1)

    def _place(self, value: Any, mark: Mark, *, is_scalar: bool) -> KeyPath:
        """Put ``value`` where the stream says it goes; return its path."""
        if not self.stack:
            self.root = value
            self.value_marks[()] = mark
            return ()
        frame = self.stack[-1]
        container, parent_path, pending_key = frame
        if isinstance(container, list):
            path = parent_path + (len(container),)
            container.append(value)
        elif pending_key is None:  # this node is a mapping key
            if not is_scalar:
                raise self.fail(mark, "yaml-complex-key")
            key = value if isinstance(value, str) else str(value)
            if key in container:
                first = self.key_marks[parent_path + (key,)]
                raise self.fail(mark, "yaml-duplicate-key", key=key, first_line=first.line)
            frame[2] = key
            self.key_marks[parent_path + (key,)] = mark
            return parent_path
        else:
            path = parent_path + (pending_key,)
            container[pending_key] = value
            frame[2] = None
        self.value_marks[path] = mark
        return path


def _decode(raw: bytes, display: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        # Columns count characters, as editors do, not the bytes of the letters before it.
        column = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        raise LoadError(Problem(display, line, column, "not-utf8")) from None
    return text.removeprefix("\ufeff")  # Notepad's byte-order mark


def _syntax_problem(exc: yaml.YAMLError, display: str, lines: list[str]) -> Problem:
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    detail = getattr(exc, "problem", None) or str(exc)
    end_of_file = (len(lines) - 1, len(lines[-1]))
    if problem_mark and context_mark and (problem_mark.line, problem_mark.column) >= end_of_file:
        # An unclosed quote or bracket is only noticed at the end of the file: point at where it opened.
        mark = context_mark
        detail = f"{getattr(exc, 'context', '')}: {detail}"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    at_mark = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
    # libyaml's messages do not always name the Tab ("found character that cannot start any token").
    code = "yaml-tab" if "'\\t'" in detail or "tab character" in detail or at_mark == "\t" else "yaml-syntax"
    return Problem(display, line, column, code, {"detail": detail})


def _character_index(text: str, position: int, character: str) -> int:
    """Where the parser found ``character`` in ``text``: libyaml counts ``position`` in UTF-8 bytes,
    PyYAML's own reader in characters."""
    index = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace"))
    return index if text[index:index + 1] == character else position


def parse_yaml(text: str, display: str, raw: bytes | None = None) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`; raise :class:`LoadError` on any problem.

    ``raw``: the bytes ``text`` was decoded from (``text`` encoded, if not given).
    """
    builder = _Builder(display, text)
    parser = _Parser(text)
    try:
        while not isinstance(event := parser.get_event(), StreamEndEvent):
            builder.feed(event)
    except yaml.YAMLError as exc:
        if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
            mark = builder.mark_at(_character_index(text, exc.position, chr(exc.character)))
            raise builder.fail(mark, "control-character", char=f"U+{exc.character:04X}") from None
        raise LoadError(_syntax_problem(exc, display, builder.lines)) from None
    finally:
        parser.dispose()
    return YamlDocument(
        Path(display), display, builder.root, builder.value_marks, builder.key_marks, builder.literal_starts,
        raw=text.encode("utf-8", "surrogatepass") if raw is None else raw,
    )


def load_yaml(file: Path, display: str) -> YamlDocument:
    """Read and parse one YAML file, within the size limit, as UTF-8."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(
                Problem(display, 1, 1, "file-too-large", {"size": size, "limit": MAX_FILE_BYTES})
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise LoadError(Problem(display, 1, 1, "file-unreadable", {"detail": exc.strerror})) from None
    document = parse_yaml(_decode(raw, display), display, raw)
    document.file = file
    document.digest = bytes_digest(raw)
    return document


def bytes_digest(raw: bytes) -> str:
    """The digest of a YAML file's bytes (:attr:`YamlDocument.digest`)."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


@dataclass
class LoadedProject:
    """Every YAML file of a project, parsed, and the problems met reading them."""

    kinds: YamlDocument | None
    fields: YamlDocument | None
    awards: YamlDocument | None
    units: YamlDocument | None  # content/taxonomies/units.yml: places then and now (places.py)
    movements: list[YamlDocument]
    exemplars: list[YamlDocument]
    problems: ProblemList
    unreadable: int = 0
    decisions: list[YamlDocument] = field(default_factory=list)

    @property
    def files_checked(self) -> int:
        taxonomies = sum(d is not None for d in (self.kinds, self.fields, self.awards, self.units))
        return taxonomies + len(self.movements) + len(self.decisions) + len(self.exemplars) + self.unreadable


def _visible_files(folder: Path) -> list[Path]:
    """The files under ``folder``, sorted, leaving out hidden files and folders (``.git``, editors' swap files).

    ``os.walk`` knows each entry's type from the directory listing: a tenth of the cost
    of ``Path.rglob`` and a ``stat`` per file on 20,000 records. The files are sorted as
    paths sort (part by part), by tuples of strings rather than by comparing paths.
    """
    found: list[tuple[tuple[str, ...], Path, str]] = []
    for directory, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        base = Path(directory)
        found.extend(((*base.parts, name), base, name) for name in names if not name.startswith("."))
    found.sort(key=itemgetter(0))
    return [base / name for _, base, name in found]


def _record_files(folder: Path, project: Project, problems: ProblemList) -> list[Path]:
    """The ``*.yml`` files under ``folder``; other YAML spellings are reported, not skipped silently."""
    files = []
    for path in _visible_files(folder):
        if path.suffix == ".yml":
            files.append(path)
        elif path.suffix.lower() in (".yaml", ".yml"):
            problems.add(project.display(path), 1, 1, "wrong-extension", name=path.stem + ".yml")
    return files


def exemplar_files(project: Project, problems: ProblemList) -> list[Path]:
    """The exemplar record files of ``project``, in a stable order."""
    if not project.records_dir.is_dir():
        return []
    return _record_files(project.records_dir, project, problems)


def load_project(project: Project, exemplars: list[Path] | None = None) -> LoadedProject:
    """Load the taxonomies, movements, decisions and exemplar records of ``project``.

    ``exemplars`` limits the exemplar records to those files: the pipeline
    hands each worker process its share of them.
    """
    problems = ProblemList()
    unreadable = 0

    def load(path: Path) -> YamlDocument | None:
        nonlocal unreadable
        try:
            return load_yaml(path, project.display(path))
        except LoadError as exc:
            problems.append(exc.problem)
            unreadable += 1
            return None

    def load_taxonomy(name: str) -> YamlDocument | None:
        path = project.taxonomies_dir / f"{name}.yml"
        if not path.is_file():
            problems.add(project.display(path), 1, 1, "taxonomy-missing")
            return None
        return load(path)

    def load_files(files: list[Path]) -> list[YamlDocument]:
        return [doc for doc in map(load, files) if doc is not None]

    def load_all(folder: Path) -> list[YamlDocument]:
        if not folder.is_dir():
            return []
        return load_files(_record_files(folder, project, problems))

    loaded = LoadedProject(
        kinds=load_taxonomy("kinds"),
        fields=load_taxonomy("fields"),
        awards=load_taxonomy("awards"),
        units=load_taxonomy("units"),
        movements=load_all(project.movements_dir),
        exemplars=load_all(project.records_dir) if exemplars is None else load_files(exemplars),
        problems=problems,
        decisions=load_all(project.decisions_dir),
    )
    loaded.unreadable = unreadable
    return loaded
