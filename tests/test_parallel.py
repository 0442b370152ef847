"""Checking records in several processes finds exactly what one process finds.

The pipeline deals large sets of records out to one process per core; these
tests build such a set, with mistakes placed so that they fall in different
shards, and compare the outcome with a run in a single process.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from generator.build import parallel
from generator.paths import Project
from generator.pipeline.load import exemplar_files
from generator.pipeline.run import check, generate
from generator.pipeline.validate import record_schema
from generator.problems import ProblemList

from conftest import REPO, copy_project

pytestmark = pytest.mark.skipif(parallel.workers() < 2, reason="needs a machine with two cores or more")


@pytest.fixture(scope="module")
def big_project(tmp_path_factory) -> Project:
    root = copy_project(tmp_path_factory.mktemp("parallel"))
    synthetic = root / "exemplars" / "synthetic"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), "700", str(synthetic)], check=True,
                   stdout=subprocess.DEVNULL)
    files = sorted(synthetic.rglob("*.yml"))
    # The same id in two folders, an unknown key, a private phone number and a broken file,
    # spread so that they land in different shards (each a run of neighbours: first and last files).
    shutil.copy(files[-10], root / "exemplars" / "cao-bang" / files[-10].name)
    files[11].write_text(files[11].read_text("utf-8") + "moviements: []\n", "utf-8")
    files[-12].write_text(files[-12].read_text("utf-8").replace("summary: ", "summary: Gọi 0912 345 678. ", 1), "utf-8")
    files[13].write_text("name: [unclosed\n", "utf-8")
    return Project.at(root)


def _run(project: Project, *, min_items: int, monkeypatch) -> tuple:
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_SHARD", min_items)
    outcome = check(project)
    problems = [(p.file, p.line, p.column, p.code, p.severity) for p in outcome.validation.problems.sorted()]
    ids = sorted(doc.display for doc in outcome.loaded.exemplars)
    counts = len(outcome.validation.problems.errors), len(outcome.validation.problems.warnings)
    return problems, counts, ids, outcome.loaded.files_checked, sorted(outcome.validation.invalid)


def test_shards_find_what_one_process_finds(big_project, monkeypatch):
    files = exemplar_files(big_project, ProblemList())
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_SHARD", 100)
    assert len(parallel.shards(files)) >= 2, "the test must exercise more than one process"

    together = _run(big_project, min_items=100, monkeypatch=monkeypatch)
    alone = _run(big_project, min_items=10**9, monkeypatch=monkeypatch)
    assert together == alone
    codes = {problem[3] for problem in together[0]}
    assert {"duplicate-id", "unknown-key", "private-phone", "yaml-syntax"} <= codes, codes


def _generated(root, *, min_items: int, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_SHARD", min_items)
    outcome = generate(Project.at(root))
    assert outcome.ok and outcome.report.written
    folder = root / "build" / "generated"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_pages_written_by_several_processes_equal_one_process_pages(tmp_path, monkeypatch):
    """Profiles, cards and search documents are written by the processes that render them."""
    (tmp_path / "together").mkdir()
    together_root = copy_project(tmp_path / "together")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), "600",
                    str(together_root / "exemplars" / "synthetic")], check=True, stdout=subprocess.DEVNULL)
    alone_root = tmp_path / "alone"
    shutil.copytree(together_root, alone_root)
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_SHARD", 100)
    assert len(parallel.shards(range(500))) >= 2, "the test must exercise more than one process"

    together = _generated(together_root, min_items=100, monkeypatch=monkeypatch)
    alone = _generated(alone_root, min_items=10**9, monkeypatch=monkeypatch)
    assert together.keys() == alone.keys()
    assert [path for path in together if together[path] != alone[path]] == []
    assert sum(path.startswith("the-mo-hinh/") for path in together) > 500


def test_fast_schema_check_agrees_with_the_detailed_one(big_project):
    """jsonschema-rs only says whether a record is valid: it must never pass one jsonschema fails."""
    schema = record_schema("exemplar")
    outcome = check(big_project)
    for doc in outcome.loaded.exemplars:
        for data in _variants(doc.data):
            assert schema.fast.is_valid(data) == (not list(schema.detailed.iter_errors(data))), data


def _variants(data: dict):
    """The record, and versions of it with one value swapped for a wrong one."""
    yield data
    for key, value in list(data.items())[:6]:
        for wrong in (None, "", 7, "2017-02-30", ["x"], {"x": 1}, " "):
            if wrong != value:
                yield {**data, key: wrong}


def test_map_items_keeps_the_order_and_runs_closures_in_other_processes():
    import os

    parent = os.getpid()
    offset = 7  # a closure: functions need not be picklable, the forked workers inherit them
    results = parallel.map_items(lambda n: (n + offset, os.getpid()), list(range(1000)))
    assert [value for value, _ in results] == [n + offset for n in range(1000)]
    assert parent not in {pid for _, pid in results}


def test_pages_made_in_several_processes_equal_those_made_in_one(tmp_path_factory, monkeypatch):
    from generator.pipeline.run import generate

    root = copy_project(tmp_path_factory.mktemp("render"))
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), "600", str(root / "exemplars" / "synthetic")],
                   check=True, stdout=subprocess.DEVNULL)
    project = Project.at(root)
    generated = root / "build" / "generated"

    def output() -> dict[str, bytes]:
        return {p.relative_to(generated).as_posix(): p.read_bytes() for p in generated.rglob("*") if p.is_file()}

    assert len(parallel.shards(list(range(600)))) >= 2
    assert generate(project).ok
    sharded = output()
    shutil.rmtree(root / "build")
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    assert generate(project).ok
    assert output() == sharded
