"""Property tests: whatever bytes, YAML or record a person (or an attacker) writes, loading and
validating end in a list of clean problems (file, line, column, a message in both languages),
never an exception; and a record that passes is rendered without one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from generator.paths import Project
from generator.pipeline.run import build_catalog, check, render_files
from generator.problems import Problem
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import copy_project
from test_bad_input import BASE, MOVEMENT, make_project

SCHEMA = json.loads((Path(__file__).parents[1] / "generator" / "schemas" / "exemplar.schema.json").read_text())
KEYS = sorted(SCHEMA["properties"]) + ["place.province", "consent", "status", "x"]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = copy_project(tmp_path_factory.mktemp("fuzz"), with_records=False)
    for movement in (root / "content" / "movements").glob("*.yml"):
        if movement.stem != MOVEMENT:
            movement.unlink()
    return Project.at(root)


def check_record(project: Project, content: bytes) -> None:
    """Validate a project holding just this record; any exception fails the property."""
    (project.records_dir / "ho-so.yml").write_bytes(content)
    outcome = check(project)
    for problem in outcome.validation.problems:
        assert isinstance(problem, Problem)
        assert problem.file and problem.line >= 1 and problem.column >= 1
        assert problem.text("vi") and problem.text("en")
    if outcome.ok:
        render_files(build_catalog(outcome.loaded, outcome.validation))
    else:
        assert outcome.validation.problems.errors


# Values YAML can hold, nested a few levels: what a confused editor (or a script) might write.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(["", "2017", "2017-13-45", "0912345678", "<script>alert(1)</script>", "../../etc/passwd.jpg",
                     "collective", "individual", "published", MOVEMENT, "Huân chương Lao động hạng Nhất"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=10), inner, max_size=5), max_leaves=20)
records = st.dictionaries(st.sampled_from(KEYS), values, max_size=12)


@SETTINGS
@given(records)
def test_random_records_give_clean_problems(project, record):
    check_record(project, yaml.safe_dump(record, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(st.data())
def test_mutated_valid_records_give_clean_problems(project, data):
    """The valid BASE record with lines deleted, duplicated, swapped or typed into."""
    lines = BASE.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent"]))
        if action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "insert":
            column = data.draw(st.integers(0, len(lines[at])))
            # Lone surrogates are left out: a file cannot hold them (raw bytes are fuzzed below).
            typed = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \t\nđĐ\u0301\x00\ufeff"))
            text = data.draw(st.text(alphabet=typed | st.characters(exclude_categories=("Cs",)), max_size=6))
            lines[at] = lines[at][:column] + text + lines[at][column:]
        else:
            lines[at] = "  " + lines[at]
    check_record(project, ("\n".join(lines) + "\n").encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_give_clean_problems(project, content):
    check_record(project, content)


# --- arbitrary YAML documents through the real `validate` -------------------------------------------

from contextlib import redirect_stderr, redirect_stdout  # noqa: E402
from io import StringIO  # noqa: E402
from itertools import chain  # noqa: E402

from generator import cli  # noqa: E402
from yaml.events import (  # noqa: E402
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

DOCUMENT_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_STD = "tag:yaml.org,2002:"
SCALAR_TAGS = st.sampled_from([None] * 20 + [f"{_STD}{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "int", "bool", "binary", "value", "merge",
    "python/object:os.system",
)] + ["!foo", "!", "tag:example.org,2026:x"])
COLLECTION_TAGS = st.sampled_from([None] * 30 + [f"{_STD}{name}" for name in ("map", "seq", "set", "omap", "pairs")]
                                  + ["!foo", "!"])
ANCHORS = st.sampled_from([None] * 8 + ["a", "b"])
# Scalars a confused editor, a script or an attacker might write: YAML 1.1's words and numbers in every
# notation, record values, huge ones, and any text (control characters, noncharacters, lone surrogates).
SCALAR_TEXT = st.sampled_from([
    "", "~", "yes", "maybe", "On", "2017", "-0", "0x1F", "0o17", "017", "0b101", "1_000", "1:30", "1e5", ".nan", "-.inf",
    "2017-13-45", "2020-01-01 10:00:00", "=", "<<", "?", "- ", "#", "&a", "*a", "!", "%YAML", "@", "`", "'", '"',
    "collective", "individual", "published", "draft", MOVEMENT, "Huân chương Lao động hạng Nhất", "name", "kind",
    "\ufeff", "\u2028", "\t", "Trường\nHòa",
]) | st.text(st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn")), max_size=30) | st.integers(0, 19).flatmap(
    # Now and then a control character, a noncharacter or a lone surrogate: the loader stops at the first.
    lambda n: st.text(max_size=20) if n == 0 else st.just("x"))
# Huge scalars, drawn by index: Hypothesis would print them whole in the strategy's description.
HUGE = ("9" * 5000, "-" + "9" * 400, "0x" + "f" * 300, "0b" + "1" * 200, "1:" * 200 + "1", "x" * 20_000, "đ" * 3000)
SCALAR_TEXT = SCALAR_TEXT | st.sampled_from(range(len(HUGE))).map(HUGE.__getitem__)
# A record's own keys, most of the time, so that the checks behind the schema run too.
KEY_NAMES = st.sampled_from(KEYS) | SCALAR_TEXT
STYLES = st.sampled_from([None, None, "'", '"', "|", ">"])


def _scalar(tag, anchor, value, style):
    return [ScalarEvent(anchor, tag, (tag is None, tag is None), value, style=style)]


# One leaf in ten an alias: the loader refuses the first one, and would read nothing after it.
scalar_events = st.integers(0, 9).flatmap(lambda n: st.builds(_scalar, SCALAR_TAGS, ANCHORS, SCALAR_TEXT, STYLES) if n
                                           else ANCHORS.filter(bool).map(lambda anchor: [AliasEvent(anchor)]))


def keys(children):
    """Mapping keys: text mostly (a record's own keys among them), now and then anything."""
    return st.integers(0, 9).flatmap(lambda n: st.builds(_scalar, SCALAR_TAGS, ANCHORS, KEY_NAMES, STYLES) if n
                                     else children)


def _collections(children):
    flow = st.booleans()
    sequences = st.builds(lambda tag, anchor, items, flow: [
        SequenceStartEvent(anchor, tag, tag is None, flow_style=flow), *chain(*items), SequenceEndEvent()],
        COLLECTION_TAGS, ANCHORS, st.lists(children, max_size=4), flow)
    mappings = st.builds(lambda tag, anchor, pairs, flow: [
        MappingStartEvent(anchor, tag, tag is None, flow_style=flow), *chain(*chain(*pairs)), MappingEndEvent()],
        COLLECTION_TAGS, ANCHORS, st.lists(st.tuples(keys(children), children), max_size=5), flow)
    return sequences | mappings


nodes = st.recursive(scalar_events, _collections, max_leaves=25)
top_mappings = st.builds(lambda pairs: [MappingStartEvent(None, None, True), *chain(*chain(*pairs)), MappingEndEvent()],
                         st.lists(st.tuples(st.builds(_scalar, st.none(), st.none(), KEY_NAMES, STYLES), nodes),
                                  max_size=10))


def _untagged(event):
    """``event`` without its tag and anchor; an alias becomes text."""
    if isinstance(event, AliasEvent):
        return ScalarEvent(None, None, (True, True), "x")
    if isinstance(event, ScalarEvent):
        return ScalarEvent(None, None, (True, True), event.value, style=event.style)
    if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
        return type(event)(None, None, True, flow_style=event.flow_style)
    return event


def example_each(contents: list[bytes]):
    """Hypothesis' ``@example`` for each of ``contents``."""
    def decorate(test):
        for content in reversed(contents):
            test = example(content)(test)
        return test
    return decorate


@st.composite
def yaml_documents(draw) -> bytes:
    """A YAML document (sometimes two) the emitter writes from random events, perhaps then typed into."""
    roots = [draw(top_mappings if draw(st.integers(0, 3)) else nodes) for _ in range(draw(st.sampled_from([1] * 9 + [2])))]
    events = [StreamStartEvent(), *chain(*([DocumentStartEvent(explicit=len(roots) > 1), *root, DocumentEndEvent()]
                                             for root in roots)), StreamEndEvent()]
    if draw(st.booleans()):  # half the documents without tags and aliases, so that the checks behind them run
        events = [_untagged(event) for event in events]
    try:
        text = yaml.emit(events, allow_unicode=draw(st.booleans()), width=draw(st.sampled_from([80, 10_000])))
    except yaml.YAMLError:  # events the emitter cannot write (an anchor on an alias …): no document
        text = ""
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # a character typed or pasted anywhere, as it is
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\x7f", "\x00", "\x85", "\ufffe", "\t", "\r", "\\x7f", "&a ", "*a",
                                                 "!!int ", ": ", "\n- "])) + text[at:]
    return text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def document_project(tmp_path_factory) -> Path:
    """A project with one movement and one decision of its own, whose files the fuzzer overwrites."""
    root = make_project(tmp_path_factory.mktemp("documents"), {})
    (root / "content" / "decisions").mkdir(exist_ok=True)
    return root


# The cases that once aborted the whole run with a Python exception, always tried first.
ISSUE_24 = [b"name: !!bool maybe\n", b'name: !!int "abc"\n', b'name: !!int ""\n', "name: !!int \"²\"\n".encode(),
            b"name: " + b"9" * 5000 + b"\n", b'name: "Tr\\x7f\\x85\\uFFFE"\n', b"? !!int x\n: 1\n"]


@DOCUMENT_SETTINGS
@given(yaml_documents())
@example_each(ISSUE_24)
def test_any_yaml_document_is_told_in_messages(document_project, content):
    """The same document as an exemplar record, a movement and a decision, through `validate` as staff
    run it: it ends with exit status 0 or 1 and a list of problems, each at a file, line and column."""
    for folder in ("exemplars", "content/movements", "content/decisions"):
        (document_project / folder / "tu-do.yml").write_bytes(content)
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(["validate", "-f", str(document_project / "mkdocs.yml"), "--format", "json"])
    assert status in (0, 1), err.getvalue()
    problems = json.loads(out.getvalue())
    for problem in problems:
        assert problem["file"] and problem["line"] >= 1 and problem["column"] >= 1 and problem["message"], problem
    assert status == 0 or any(problem["severity"] == "error" for problem in problems)
