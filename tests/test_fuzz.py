"""Property tests: whatever bytes, YAML or record a person (or an attacker) writes, loading and
validating end in a list of clean problems (file, line, column, a message in both languages),
never an exception; and a record that passes is rendered without one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_project
from generator.pipeline import build_catalog, check, render_files
from generator.problems import Problem
from generator.project import Project
from test_bad_input import BASE, MOVEMENT

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
            # (no lone surrogates: they cannot be written to a UTF-8 file)
            text = data.draw(st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \t\nđĐ\u0301\x00\ufeff")) | st.characters(exclude_categories=("Cs",)), max_size=6))
            lines[at] = lines[at][:column] + text + lines[at][column:]
        else:
            lines[at] = "  " + lines[at]
    check_record(project, ("\n".join(lines) + "\n").encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_give_clean_problems(project, content):
    check_record(project, content)
