"""``python -m generator new``: a blank record that is named right, explains itself and validates once filled."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import REPO, run_generator

SCHEMAS = REPO / "generator" / "schemas"


def new(project: Path, *args: str, expect: int = 0):
    result = run_generator(project, "new", *args)
    assert result.returncode == expect, result.stdout + result.stderr
    return result


def validate_problems(project: Path, record: Path) -> list[dict]:
    """The problems ``validate`` reports in ``record`` (the project's records have warnings of their own)."""
    return json.loads(run_generator(project, "validate", "--format", "json", str(record)).stdout)


def fill(path: Path, **values: str) -> None:
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


def test_new_exemplar_is_named_from_the_name_and_placed_by_province(project: Path):
    # The name typed in NFD (as some keyboards send it) is stored NFC; đ folds to d in the id.
    name = unicodedata.normalize("NFD", "Đàm Thị Hồng")
    result = new(project, "exemplar", name, "--province", "Cao Bằng")
    path = project / "exemplars" / "cao-bang" / "dam-thi-hong.yml"
    assert "exemplars/cao-bang/dam-thi-hong.yml" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "name: Đàm Thị Hồng\n" in text and unicodedata.is_normalized("NFC", text)
    assert "  province: Cao Bằng\n" in text and "status: draft\n" in text


def test_taken_ids_get_a_number_and_nothing_is_overwritten(project: Path):
    existing = project / "exemplars" / "cao-bang" / "truong-tieu-hoc-hoa-chung.yml"
    before = existing.read_bytes()
    new(project, "exemplar", "Trường Tiểu học Hòa Chung", "--province", "Bắc Kạn")
    new(project, "exemplar", "Trường Tiểu học Hoà Chung", "--province", "Bắc Kạn")
    assert existing.read_bytes() == before
    assert (project / "exemplars" / "bac-kan" / "truong-tieu-hoc-hoa-chung-2.yml").is_file()
    assert (project / "exemplars" / "bac-kan" / "truong-tieu-hoc-hoa-chung-3.yml").is_file()


def test_scaffold_offers_every_key_of_the_schema_with_its_help(project: Path):
    new(project, "exemplar", "Nông Thị Hồng", "--province", "Cao Bằng")
    text = (project / "exemplars" / "cao-bang" / "nong-thi-hong.yml").read_text(encoding="utf-8")
    schema = json.loads((SCHEMAS / "exemplar.schema.json").read_text(encoding="utf-8"))
    for key, spec in schema["properties"].items():
        assert re.search(rf"^(# )?{key}:", text, re.M), f"{key} missing from the scaffold"
        assert f"# {spec['title']}." in text, f"no help for {key}"
    for key in schema["properties"]["place"]["properties"]:
        assert re.search(rf"^  (# )?{key}:", text, re.M), key


def test_schema_modeline_points_at_the_schema_file(project: Path):
    # Projects copied for tests live outside the repository: their records name the schema by file URI.
    new(project, "exemplar", "Nông Thị Hồng", "--province", "Cao Bằng")
    first = (project / "exemplars" / "cao-bang" / "nong-thi-hong.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={(SCHEMAS / 'exemplar.schema.json').as_uri()}"


def test_schema_modeline_is_relative_inside_the_repository():
    from generator.paths import Project
    from generator.staff.scaffold import schema_reference

    record = REPO / "exemplars" / "cao-bang" / "x.yml"
    reference = schema_reference("exemplar", record, Project.at(REPO))
    assert reference == "../../generator/schemas/exemplar.schema.json"
    assert (record.parent / reference).resolve() == SCHEMAS / "exemplar.schema.json"


def test_blank_exemplar_reports_what_to_fill_then_validates_as_a_draft(project: Path):
    new(project, "exemplar", "Nông Thị Hồng", "--province", "Cao Bằng")
    path = project / "exemplars" / "cao-bang" / "nong-thi-hong.yml"
    problems = validate_problems(project, path)
    assert {(p["code"], p["message"].split("'")[1], p["severity"]) for p in problems} == {
        ("empty-choice", "kind", "warning"), ("empty-value", "summary", "warning"), ("empty-value", "year", "warning"),
    }  # a draft: its problems do not stop the site
    assert all(p["file"] == "exemplars/cao-bang/nong-thi-hong.yml" for p in problems)
    fill(path, kind="individual", summary="Chị Hồng nuôi ong lấy mật ở Trùng Khánh.", year="2024")
    assert validate_problems(project, path) == []
    run_generator(project, "generate", check=True)
    assert not (project / "build" / "generated" / "dien-hinh" / "nong-thi-hong.md").exists()  # a draft


def test_blank_movement_validates_once_its_summary_is_written(project: Path):
    new(project, "movement", "Phụ nữ tích cực học tập, lao động sáng tạo", "--scope", "Cao Bằng")
    path = project / "content" / "movements" / "phu-nu-tich-cuc-hoc-tap-lao-dong-sang-tao.yml"
    assert [p["code"] for p in validate_problems(project, path)] == ["empty-value"]
    fill(path, summary="Phong trào của Hội Liên hiệp Phụ nữ.")
    assert validate_problems(project, path) == []


def test_new_decision_is_named_from_its_number_and_year_and_can_be_cited(project: Path):
    new(project, "decision", "1234/QĐ-UBND", "--signed", "2018-01-15")
    path = project / "content" / "decisions" / "1234-qd-ubnd-2018.yml"
    problems = validate_problems(project, path)
    assert [(p["code"], p["severity"]) for p in problems] == [("empty-value", "warning")]  # issuer, in a draft
    fill(path, issuer="Chủ tịch UBND tỉnh Cao Bằng", status="published")
    assert validate_problems(project, path) == []
    new(project, "decision", "1234/QĐ-UBND", "--signed", "2018")  # another decision of that number and year
    assert (project / "content" / "decisions" / "1234-qd-ubnd-2018-2.yml").is_file()
    assert "year: 2018" in (project / "content" / "decisions" / "1234-qd-ubnd-2018-2.yml").read_text("utf-8")
    result = new(project, "decision", "1234/QĐ-UBND", "--signed", "15/01/2018", expect=2)
    assert "NĂM-THÁNG-NGÀY" in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("exemplar", "Nông Thị Hồng"), "--province"),
        (("exemplar", "!!!", "--province", "Cao Bằng"), "chữ cái"),
        (("exemplar", "Nông Thị Hồng", "--province", "Cao Bằng", "--kind", "person"), "invalid choice"),
    ],
)
def test_bad_requests_are_explained(project: Path, args, words):
    result = new(project, *args, expect=2)
    assert words in result.stderr
    assert not list((project / "exemplars").rglob("nong-thi-hong*.yml"))


@pytest.mark.parametrize("schema_file", [SCHEMAS / "exemplar.schema.json", SCHEMAS / "movement.schema.json",
                                         SCHEMAS / "decision.schema.json"])
def test_every_key_and_choice_has_vietnamese_help(schema_file: Path):
    """Editors' hover help: a title on every key, a description for every enum value."""
    schema = json.loads(schema_file.read_text(encoding="utf-8"))

    def walk(node, where):
        if isinstance(node, dict):
            for key, spec in node.get("properties", {}).items():
                assert "title" in spec or "$ref" in spec, f"{schema_file.name}: {where}{key} has no title"
            if "enum" in node and where.split(".")[-2:-1] != ["if"]:
                assert len(node.get("enumDescriptions", [])) == len(node["enum"]), f"{schema_file.name}: {where}"
            for key, value in node.items():
                if key not in ("if", "not"):  # conditions restate enums; they are not what editors type
                    walk(value, f"{where}{key}.")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    walk(schema, "")
