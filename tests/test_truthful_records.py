"""Records that say no more than their sources: years known only as far as they are known,
awards traced to their decisions, and drafts that never stop the site.

Each test writes a small project and runs ``python -m generator validate`` (or ``build``) on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_generator
from test_bad_input import BASE, assert_clean, edit, make_project, problem, run, validate

DECISION = """\
number: 1234/QĐ-UBND
date: "2018-01-15"
issuer: Chủ tịch UBND tỉnh Cao Bằng
awards: [Bằng khen của Chủ tịch UBND tỉnh]
"""

# BASE's award (lines 10–12) replaced by one citing the decision above.
CITING = edit(BASE, {11: "  - award: Bằng khen của Chủ tịch UBND tỉnh", 12: "    decision: 1234-qd-ubnd-2018"})


def with_decisions(tmp: Path, records: dict[str, str], decisions: dict[str, str]) -> Path:
    project = make_project(tmp, records)
    folder = project / "content" / "decisions"
    folder.mkdir(exist_ok=True)
    for name, text in decisions.items():
        (folder / name).write_text(text, encoding="utf-8")
    return project


# --- honest years ------------------------------------------------------------


@pytest.mark.parametrize(
    "year",
    ["year: {from: 2021, to: 2023}", "year: {before: 2018}", "year: {reported: 2019}", "year: {from: 2021}", None],
    ids=["period", "before", "reported", "from-only", "unknown"],
)
def test_a_year_can_be_stated_only_as_far_as_it_is_known(tmp_path, year):
    assert_clean(validate(tmp_path, {"ho-so.yml": edit(BASE, {4: year, 12: None})}))


def test_an_award_needs_no_year(tmp_path):
    assert_clean(validate(tmp_path, {"ho-so.yml": edit(BASE, {12: None})}))


@pytest.mark.parametrize(
    "line, where, words",
    [
        ("year: {from: 2023, to: 2021}", "4:24", ("2021", "2023")),
        ("year: {before: 2018, reported: 2019}", "4:1", ("before", "reported")),
        ("year: {}", "4:1", ("'year'",)),
        ("year: {after: 2018}", "4:8", ("'after'",)),
        ('year: "2021-2023"', "4:7", ("{from: 2021, to: 2023}",)),
    ],
    ids=["period-reversed", "two-shapes", "empty-mapping", "unknown-key", "text-period"],
)
def test_a_year_that_says_two_things_or_nothing_is_an_error(tmp_path, line, where, words):
    result = validate(tmp_path, {"ho-so.yml": edit(BASE, {4: line})})
    assert result.returncode == 1
    problem(result, f"exemplars/ho-so.yml:{where}: error:", *words)


# --- decisions -----------------------------------------------------------------


def test_an_award_citing_its_decision_is_valid(tmp_path):
    project = with_decisions(tmp_path, {"ho-so.yml": CITING}, {"1234-qd-ubnd-2018.yml": DECISION})
    assert_clean(run(project))


@pytest.mark.parametrize(
    "decision_line, where, words",
    [
        ("number: 1234/QD-UBND", "1:9", ("1234/QD-UBND", "1234/QĐ-UBND")),
        ("number: Quyết định 1234", "1:9", ("Quyết định 1234",)),
        ('date: "2018-13-15"', "2:7", ("2018-13-15",)),
        ('date: "2999-01-15"', "2:7", ("2999-01-15", "tương lai")),
    ],
    ids=["number-without-đ", "number-words", "date-malformed", "date-future"],
)
def test_a_malformed_decision_is_told_where_and_how_to_fix_it(tmp_path, decision_line, where, words):
    line = 1 if decision_line.startswith("number") else 2
    decision = edit(DECISION, {line: decision_line})
    project = with_decisions(tmp_path, {"ho-so.yml": CITING}, {"1234-qd-ubnd-2018.yml": decision})
    result = run(project)
    assert result.returncode == 1
    problem(result, f"content/decisions/1234-qd-ubnd-2018.yml:{where}: error:", *words)


def test_an_award_citing_a_missing_decision_says_which_file_to_create(tmp_path):
    result = validate(tmp_path, {"ho-so.yml": CITING})
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:12:15: error:", "content/decisions/1234-qd-ubnd-2018.yml")


def test_an_award_citing_a_decision_number_is_asked_for_the_decision_record(tmp_path):
    result = validate(tmp_path, {"ho-so.yml": edit(CITING, {12: "    decision: 1234/QĐ-UBND"})})
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:12:15: error:", "content/decisions/", "number: 1234/QĐ-UBND")


def insert_after(text: str, number: int, line: str) -> str:
    lines = text.splitlines()
    lines.insert(number, line)
    return "".join(f"{line}\n" for line in lines)


@pytest.mark.parametrize(
    "record, where, words",
    [
        # The decision confers a Bằng khen; the record claims a Huân chương from it.
        (edit(CITING, {11: "  - award: Huân chương Lao động hạng Nhất"}), "11:12",
         ("Huân chương Lao động hạng Nhất",)),
        (insert_after(CITING, 12, "    by: Thủ tướng Chính phủ"), "13:9",
         ("Thủ tướng Chính phủ", "Chủ tịch UBND tỉnh Cao Bằng")),
        (insert_after(CITING, 12, "    year: 2017"), "13:11", ("2017", "2018")),
    ],
    ids=["form-not-conferred", "signer-differs", "year-differs"],
)
def test_an_award_that_contradicts_its_decision_is_an_error(tmp_path, record, where, words):
    project = with_decisions(tmp_path, {"ho-so.yml": record}, {"1234-qd-ubnd-2018.yml": DECISION})
    result = run(project)
    assert result.returncode == 1
    problem(result, f"exemplars/ho-so.yml:{where}: error:", *words)


def test_a_decision_whose_signer_cannot_confer_its_award_is_an_error(tmp_path):
    decision = edit(DECISION, {3: "issuer: Chủ tịch UBND xã Hưng Đạo"})
    project = with_decisions(tmp_path, {}, {"1234-qd-ubnd-2018.yml": decision})
    result = run(project)
    assert result.returncode == 1
    problem(result, "content/decisions/1234-qd-ubnd-2018.yml:4:", "Chủ tịch UBND xã Hưng Đạo")


# --- drafts ----------------------------------------------------------------------


HALF_WRITTEN = """\
name: Nông Thị Hồng
kind:
summary:
year:
place:
  province: Cao Bằng
status: draft
"""


def test_a_half_written_draft_is_told_as_warnings_and_the_site_builds(tmp_path):
    project = make_project(tmp_path, {"ho-so.yml": BASE, "nhap.yml": HALF_WRITTEN,
                                      "hong.yml": 'name: "Chưa đóng ngoặc\nstatus: draft\n'})
    result = run(project)
    assert result.returncode == 0, result.stdout
    problem(result, "exemplars/nhap.yml:2:1: warning:", "'kind'", "bản nháp")
    problem(result, "exemplars/nhap.yml:3:1: warning:", "'summary'")
    problem(result, "exemplars/hong.yml:", "bản nháp")
    assert ": error:" not in result.stdout
    built = run_generator(project, "build", "-f", str(project / "mkdocs.yml"))
    assert built.returncode == 0, built.stdout + built.stderr
    assert not (project / "site" / "dien-hinh" / "nhap").exists()
    assert (project / "site" / "dien-hinh" / "ho-so" / "index.html").is_file()


def test_a_draft_repeating_a_published_id_is_warned_and_the_published_record_stays(tmp_path):
    project = make_project(tmp_path, {"a/ho-so.yml": edit(BASE, {13: "status: draft"}), "b/ho-so.yml": BASE})
    result = run(project)
    assert result.returncode == 0, result.stdout
    problem(result, "exemplars/a/ho-so.yml:1:1: warning:", "exemplars/b/ho-so.yml")


def test_a_published_record_with_errors_still_stops_the_build(tmp_path):
    project = make_project(tmp_path, {"ho-so.yml": edit(BASE, {2: "kind:"}), "nhap.yml": HALF_WRITTEN})
    result = run(project)
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:2:", "'kind'")


def test_a_decision_nobody_cites_yet_builds_strictly_with_its_scan(tmp_path):
    awards = 'awards: ["Bằng khen của Chủ tịch UBND tỉnh", "Cờ thi đua cấp Bộ, ban, ngành, tỉnh"]'
    decision = edit(DECISION, {4: awards}) + "file: van-ban/1234.pdf\n"
    project = with_decisions(tmp_path, {"ho-so.yml": CITING}, {"1234-qd-ubnd-2018.yml": decision})
    scans = project / "content" / "decisions" / "van-ban"
    scans.mkdir()
    (scans / "1234.pdf").write_bytes(b"%PDF-1.4\n%test scan\n")
    result = run_generator(project, "build", "--strict", "-f", str(project / "mkdocs.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    published = project / "site" / "quyet-dinh" / "1234-qd-ubnd-2018-van-ban.pdf"
    assert published.read_bytes() == b"%PDF-1.4\n%test scan\n"
    body = (project / "site" / "quyet-dinh" / "1234-qd-ubnd-2018" / "index.html").read_text("utf-8")
    assert 'href="../1234-qd-ubnd-2018-van-ban.pdf"' in body
    assert "Cờ thi đua cấp Bộ, ban, ngành, tỉnh" in body  # listed, though no published record holds it


def test_a_decision_scan_outside_the_repository_is_refused(tmp_path):
    decision = DECISION + "file: ../../../../etc/passwd.pdf\n"
    project = with_decisions(tmp_path, {}, {"1234-qd-ubnd-2018.yml": decision})
    result = run(project)
    assert result.returncode == 1
    problem(result, "content/decisions/1234-qd-ubnd-2018.yml:5:7: error:", "passwd.pdf")


def test_personal_data_in_a_draft_is_still_an_error(tmp_path):
    # A draft is not published, but it is in the repository for anyone to read.
    draft = HALF_WRITTEN.replace("summary:\n", "summary: Liên hệ chị Hồng qua số 0912 345 678.\n")
    result = validate(tmp_path, {"nhap.yml": draft})
    assert result.returncode == 1
    problem(result, "exemplars/nhap.yml:3:", "0912 345 678")


def test_every_type_the_schemas_ask_for_has_a_message():
    """A value of the wrong type is told in words for each JSON type the schemas use (a fuzz case:
    `minor: []` once raised KeyError for a missing message)."""
    import json

    from generator.paths import SCHEMA_DIR
    from generator.problems import message

    def types(node):
        if isinstance(node, dict):
            value = node.get("type")
            if isinstance(value, str):
                yield value
            elif isinstance(value, list):
                yield value[0]
            for child in node.values():
                yield from types(child)
        elif isinstance(node, list):
            for child in node:
                yield from types(child)

    used = {t for path in SCHEMA_DIR.glob("*.schema.json") for t in types(json.loads(path.read_text("utf-8")))}
    for name in used:
        assert message(f"wrong-type-{name}", key_name="x")
