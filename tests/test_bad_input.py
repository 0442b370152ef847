"""Bad records as staff really write them: every problem is reported with file, line and column, never a traceback.

Each test builds a small project in ``tmp_path`` (the site's configuration,
taxonomies and one movement, plus only the records the test writes) and runs
``python -m generator`` on it as staff would.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import copy_project, run_generator

MOVEMENT = "cao-bang-chung-suc-xay-dung-nong-thon-moi"

# A valid published collective. Tests change single lines by number with edit(),
# so the line numbers asserted below can be read off this listing.
BASE = f"""\
name: Trường Tiểu học Hòa Chung
kind: collective
summary: Tập thể nhà trường được tặng Huân chương Lao động hạng Nhất.
year: 2017
place:
  province: Cao Bằng
  district: Thành phố Cao Bằng
movements: [{MOVEMENT}]
fields: [giao-duc]
awards:
  - award: Huân chương Lao động hạng Nhất
    year: 2017
story: Nhà trường gắn thi đua với dạy tốt, học tốt.
"""
#   line 1  name            line 8  movements
#   line 2  kind            line 9  fields
#   line 3  summary         line 10 awards:
#   line 4  year            line 11   - award:
#   line 5  place:          line 12     year:
#   line 6    province      line 13 story
#   line 7    district


def edit(text: str, changes: dict[int, str | None]) -> str:
    """``text`` with line N replaced by ``changes[N]`` (``None`` deletes it; numbers count from 1)."""
    lines = text.splitlines()
    for number, new in changes.items():
        assert 1 <= number <= len(lines)
        lines[number - 1] = new
    return "".join(line + "\n" for line in lines if line is not None)


def make_project(tmp: Path, records: dict[str, str | bytes]) -> Path:
    """A project in ``tmp``: the site's config, theme and content with one movement, and ``records``.

    ``records`` maps paths under ``exemplars/`` to their text (written as UTF-8) or bytes.
    """
    copy_project(tmp, with_records=False)
    for movement in (tmp / "content" / "movements").glob("*.yml"):
        if movement.stem != MOVEMENT:
            movement.unlink()
    for name, content in records.items():
        path = tmp / "exemplars" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return tmp


def run(project: Path, *args: str, command: str = "validate", timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m generator COMMAND -f …/mkdocs.yml ARGS`` in ``project``."""
    return run_generator(project, command, "-f", str(project / "mkdocs.yml"), *args, timeout=timeout)


def validate(tmp: Path, records: dict[str, str | bytes], *args: str) -> subprocess.CompletedProcess:
    return run(make_project(tmp, records), *args)


def error_in_edited_base(tmp_path: Path, changes: dict[int, str | None], where: str, *words: str) -> str:
    """Validate ``BASE`` with ``changes``: it must fail, with an error at ``line:column`` naming ``words``."""
    result = validate(tmp_path, {"ho-so.yml": edit(BASE, changes)})
    assert result.returncode == 1
    return problem(result, f"exemplars/ho-so.yml:{where}: error:", *words)


def problem(result: subprocess.CompletedProcess, prefix: str, *words: str) -> str:
    """The output line starting with ``prefix`` (``path:line:column: error:``) that contains all ``words``."""
    lines = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    assert lines, f"no problem at {prefix!r}; output was:\n{result.stdout}{result.stderr}"
    matching = [line for line in lines if all(word in line for word in words)]
    assert matching, f"no problem at {prefix!r} mentions {words}; found:\n" + "\n".join(lines)
    return matching[0]


def assert_clean(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert ": 0 lỗi, 0 cảnh báo." in result.stderr


def test_base_record_is_valid(tmp_path):
    """The starting point of every edit below is itself valid, so each error comes from the edit."""
    assert_clean(validate(tmp_path, {"truong-tieu-hoc-hoa-chung.yml": BASE}))


# --- the record format -------------------------------------------------------


@pytest.mark.parametrize(
    "changes, where, word",
    [
        ({4: 'year: "hai nghìn"'}, "4:7", "'year' phải là một số"),
        ({5: "place: Cao Bằng", 6: None, 7: None}, "5:8", "'place' phải gồm các dòng"),
        ({8: f"movements: {MOVEMENT}"}, "8:12", "'movements' phải là một danh sách"),
    ],
    ids=["year-text", "place-string", "movements-string"],
)
def test_wrong_type(tmp_path, changes, where, word):
    error_in_edited_base(tmp_path, changes, where, word)


@pytest.mark.parametrize(
    "changes, where, key",
    [({1: None}, "1:1", "'name'"), ({6: None}, "5:1", "'province'")],
    ids=["name", "place.province"],
)
def test_missing_required_key(tmp_path, changes, where, key):
    error_in_edited_base(tmp_path, changes, where, "Thiếu khóa bắt buộc", key)


def test_unknown_key_suggests_the_nearest(tmp_path):
    # Quoted: the suggestion, not merely the list of allowed keys, names 'movements'.
    error_in_edited_base(tmp_path, {8: f"moviements: [{MOVEMENT}]"}, "8:1", "'moviements'", "ý bạn là: 'movements'")


def test_unknown_kind_suggests_the_nearest(tmp_path):
    error_in_edited_base(tmp_path, {2: "kind: colective"}, "2:7", "'colective'", "ý bạn là: 'collective'")


# --- references to other files ----------------------------------------------


def test_unknown_movement(tmp_path):
    error_in_edited_base(tmp_path, {8: "movements: [cao-bang-chung-suc]"}, "8:13", "'cao-bang-chung-suc'", f"'{MOVEMENT}'")


def test_unknown_field_points_at_the_item(tmp_path):
    result = validate(tmp_path, {"ho-so.yml": edit(BASE, {9: "fields: [giao-duc, giao-duk]"})})
    assert result.returncode == 1
    line = problem(result, "exemplars/ho-so.yml:9:20: error:", "'giao-duk'", "ý bạn là: 'giao-duc'")
    assert len([out for out in result.stdout.splitlines() if out.startswith("exemplars/")]) == 1, line


def test_unknown_award_suggests_the_nearest_form(tmp_path):
    error_in_edited_base(tmp_path, {11: "  - award: Cờ thi đua của Chín phủ"}, "11:12", "'Cờ thi đua của Chín phủ'", "'Cờ thi đua của Chính phủ'")


def test_award_matched_ignoring_case_spacing_and_tone_marks(tmp_path):
    """All of these name 'Cờ thi đua của Chính phủ' (or its alias); none is a problem."""
    spellings = [
        "Co thi dua cua Chinh phu",
        "  cờ THI   đua của chính PHỦ ",
        "CỜ THI ĐUA CHÍNH PHỦ",
        "Cờ thi đua Chính phũ",  # a wrong tone mark is still the same name once marks are ignored
        unicodedata.normalize("NFD", "Cờ thi đua của Chính phủ"),
    ]
    awards = "".join(f'  - {{award: "{text}", year: 2018}}\n' for text in spellings)
    record = edit(BASE, {10: "awards:\n" + awards.rstrip("\n")})
    assert_clean(validate(tmp_path, {"ho-so.yml": record}))


def test_blank_award_is_reported_not_a_crash(tmp_path):
    """A blank award once passed validation and then crashed `generate` with an AttributeError."""
    project = make_project(tmp_path, {"ho-so.yml": edit(BASE, {11: '  - award: "   "'})})
    result = run(project)
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:11:5: error:", "'award' chưa có giá trị")
    generated = run(project, command="generate")
    assert generated.returncode == 1
    assert not (project / "build" / "generated").exists()


def test_duplicate_ids_in_different_folders(tmp_path):
    result = validate(tmp_path, {"a/trung-ten.yml": BASE, "b/trung-ten.yml": BASE})
    assert result.returncode == 1
    problem(result, "exemplars/b/trung-ten.yml:1:1: error:", "'trung-ten'", "exemplars/a/trung-ten.yml:1")
    assert not any(line.startswith("exemplars/a/trung-ten.yml:") for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    "name, suggestion",
    [("Trường ABC.yml", "'truong-abc.yml'"), ("abc_def.yml", "'abc-def.yml'")],
)
def test_bad_file_name_suggests_a_slug(tmp_path, name, suggestion):
    result = validate(tmp_path, {name: BASE})
    assert result.returncode == 1
    problem(result, f"exemplars/{name}:1:1: error:", suggestion)


def test_other_yaml_extensions_are_reported_not_skipped(tmp_path):
    result = validate(tmp_path, {"ho-so.yaml": BASE, "ho-so-khac.YML": BASE})
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yaml:1:1: error:", "'ho-so.yml'")
    problem(result, "exemplars/ho-so-khac.YML:1:1: error:", "'ho-so-khac.yml'")


# --- reading the file ---------------------------------------------------------


@pytest.mark.parametrize(
    "changes, where, word",
    [
        ({7: "   district: Thành phố Cao Bằng"}, "7:12", "Lỗi cú pháp YAML"),
        # An unclosed quote or bracket is only found at the end of the file; we point at where it opened.
        ({1: 'name: "Trường Tiểu học Hòa Chung'}, "1:7", "quoted scalar"),
        ({6: "\tprovince: Cao Bằng"}, "6:1", "Tab"),
        ({7: "\tdistrict: Thành phố Cao Bằng"}, "7:1", "Tab"),
        ({9: "fields: [giao-duc,", 10: "# awards removed", 11: None, 12: None}, "9:9", "flow sequence"),
    ],
    ids=["bad-indentation", "unclosed-quote", "tab-indent", "tab-after-spaces", "unclosed-bracket"],
)
def test_broken_yaml(tmp_path, changes, where, word):
    error_in_edited_base(tmp_path, changes, where, word)


@pytest.mark.parametrize(
    "content, where",
    [
        (b"kind: collective\nname: Tr\xfd\xf4ng\n", "2:9"),  # latin-1 / cp1258 bytes
        # UTF-8 letters before the bad byte: the column counts characters, as editors show it.
        ("name: A\nkind: collective\nsummary: Trường ".encode() + b"\xfd\n", "3:17"),
    ],
    ids=["latin-1", "after-utf8-letters"],
)
def test_not_utf8_points_at_the_bad_byte(tmp_path, content, where):
    result = validate(tmp_path, {"ho-so.yml": content})
    assert result.returncode == 1
    problem(result, f"exemplars/ho-so.yml:{where}: error:", "UTF-8")


@pytest.mark.parametrize("content", ["", "# chỉ có chú thích\n\n"], ids=["empty", "comments-only"])
def test_empty_file(tmp_path, content):
    result = validate(tmp_path, {"ho-so.yml": content})
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:1:1: error:", "Tệp trống")


def test_list_instead_of_mapping(tmp_path):
    result = validate(tmp_path, {"ho-so.yml": "- name: A\n- name: B\n"})
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:1:1: error:", "khóa: giá trị")


def test_two_documents_in_one_file(tmp_path):
    result = validate(tmp_path, {"ho-so.yml": BASE + "---\n" + BASE})
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:14:1: error:", "'---'")


def test_duplicate_key_names_the_first_line(tmp_path):
    result = validate(tmp_path, {"ho-so.yml": BASE + "year: 2018\n"})
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:14:1: error:", "'year'", "dòng 4")


@pytest.mark.parametrize(
    "template, where, tag",
    [
        ('name: !!python/object/apply:os.system ["touch {marker}"]\n', "1:7", "python/object/apply:os.system"),
        ("!!python/object/apply:os.system\n- touch {marker}\n", "1:1", "python/object/apply:os.system"),
        ("name: !!python/name:os.system\n", "1:7", "python/name:os.system"),
        ("name: !!binary aGVsbG8=\n", "1:7", "binary"),
    ],
    ids=["apply-value", "apply-document", "name", "binary"],
)
def test_object_tags_are_refused_and_never_run(tmp_path, template, where, tag):
    marker = tmp_path / "pwned"
    content = template.format(marker=marker)
    if "{marker}" in template:  # the payload is real: an unsafe loader would run it
        yaml.unsafe_load(content)
        assert marker.exists()
        marker.unlink()
    result = validate(tmp_path, {"ho-so.yml": content})
    assert result.returncode == 1
    problem(result, f"exemplars/ho-so.yml:{where}: error:", tag)
    assert not marker.exists()


def test_alias_bomb_fails_fast(tmp_path):
    """Billion laughs: nine levels of nine aliases; refused at the first alias, well within 10 s."""
    lines = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    project = make_project(tmp_path, {"ho-so.yml": "\n".join(lines) + "\n"})
    result = run(project, timeout=10)  # TimeoutExpired fails the test
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:2:8: error:", "tham chiếu YAML")


@pytest.mark.parametrize(
    "content, where",
    [
        ("name: " + "[" * 10_000 + "]" * 10_000 + "\n", "1:22"),  # the 17th collection, counting the record
        ("[" * 10_000 + "\n", "1:17"),
        ("".join("  " * depth + f"k{depth}:\n" for depth in range(200)), "17:33"),
    ],
    ids=["flow-in-value", "flow-unclosed", "block"],
)
def test_deep_nesting_is_too_deep_not_a_recursion_error(tmp_path, content, where):
    result = validate(tmp_path, {"ho-so.yml": content})
    assert result.returncode == 1
    problem(result, f"exemplars/ho-so.yml:{where}: error:", "lồng nhau quá sâu")


def test_file_size_limit(tmp_path):
    def padded(size: int) -> bytes:
        data = BASE.encode() + b"# "
        return data + b"x" * (size - len(data) - 1) + b"\n"

    at_limit, over_limit = padded(1_000_000), padded(1_000_001)
    assert (len(at_limit), len(over_limit)) == (1_000_000, 1_000_001)
    result = validate(tmp_path, {"vua-du.yml": at_limit, "qua-lon.yml": over_limit})
    assert result.returncode == 1
    problem(result, "exemplars/qua-lon.yml:1:1: error:", "1000001 byte", "tối đa 1000000")
    assert "exemplars/vua-du.yml" not in result.stdout


# --- photos -------------------------------------------------------------------


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_photo_paths(tmp_path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "ngoai.jpg"
    outside.write_bytes(jpeg())
    photos = [
        "../../../../etc/passwd.jpg",
        "/etc/x.jpg",
        "anh/khong-co.jpg",
        "anh/lien-ket.jpg",  # a symlink to a photo outside the repository
        "anh/co-that.jpg",  # exists: no problem
    ]
    record = BASE + "photos:\n" + "".join(f"  - file: {name}\n" for name in photos)
    project = make_project(tmp_path, {"ho-so.yml": record, "anh/co-that.jpg": jpeg()})
    os.symlink(outside, project / "exemplars" / "anh" / "lien-ket.jpg")
    result = run(project)
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:15:11: error:", "'../../../../etc/passwd.jpg'", "nằm ngoài kho")
    problem(result, "exemplars/ho-so.yml:16:11: error:", "'/etc/x.jpg'", "nằm ngoài kho")
    problem(result, "exemplars/ho-so.yml:17:11: error:", "'anh/khong-co.jpg'", "Không tìm thấy")
    problem(result, "exemplars/ho-so.yml:18:11: error:", "'anh/lien-ket.jpg'", "nằm ngoài kho")
    assert "ho-so.yml:19:" not in result.stdout
    assert len(result.stdout.splitlines()) == 4


def test_photo_names_the_file_system_refuses(tmp_path):
    """A NUL character or an over-long name once crashed validation with ValueError / OSError.
    A NUL is now refused where it is written, as every control character is."""
    nul = BASE + "photos:\n" + '  - file: "a\\0b.jpg"\n'
    long = BASE + "photos:\n" + f"  - file: {'a' * 5000}.jpg\n"
    result = validate(tmp_path, {"nul.yml": nul, "dai.yml": long})
    assert result.returncode == 1
    problem(result, "exemplars/nul.yml:15:13: error:", "U+0000")
    problem(result, "exemplars/dai.yml:15:11: error:", "Không tìm thấy")


# --- publishing rules ---------------------------------------------------------

PERSON = edit(BASE, {1: "name: Nguyễn Văn An", 2: "kind: individual"})


# A consent grant covering the story (PERSON's only content beyond the award facts); line 15 on.
STORY_CONSENT = """\
  - basis: consent
    covers: [award, story]
    date: "2018-01-15"
    given_by: Nguyễn Văn An
    channel: form
    text_version: Phiếu đồng ý 1.0
"""


@pytest.mark.parametrize(
    "record, where, word",
    [
        (PERSON, "1:1", "consent:"),
        (edit(PERSON, {2: "kind: household"}), "1:1", "consent:"),
        (PERSON + "consent:\n" + STORY_CONSENT.replace('    date: "2018-01-15"\n', ""), "15:5", "date:"),
        (PERSON + "consent:\n  - basis: public-decision\n", "15:5", "source:"),
        (PERSON + "consent: {basis: public-record, source: Báo Cao Bằng}\n", "14:1", "public-decision"),
    ],
    ids=["individual-no-consent", "household-no-consent", "consent-no-date", "public-decision-no-source",
         "old-format"],
)
def test_personal_records_need_a_basis(tmp_path, record, where, word):
    result = validate(tmp_path, {"ho-so.yml": record})
    assert result.returncode == 1
    problem(result, f"exemplars/ho-so.yml:{where}: error:", word)


@pytest.mark.parametrize(
    "record",
    [
        PERSON + "status: draft\n",
        edit(PERSON, {2: "kind: household"}) + "status: draft\n",
        PERSON + "consent:\n" + STORY_CONSENT,
        PERSON + "consent:\n  - {basis: public-decision, source: Báo Cao Bằng}\n" + STORY_CONSENT.replace("award, ", ""),
    ],
    ids=["draft-individual", "draft-household", "consent-with-date", "public-decision-and-consent"],
)
def test_personal_records_with_a_basis_or_unpublished(tmp_path, record):
    assert_clean(validate(tmp_path, {"ho-so.yml": record}))


def test_published_record_needs_a_story(tmp_path):
    error_in_edited_base(tmp_path, {13: None}, "1:1", "'story'")


def test_draft_needs_no_story(tmp_path):
    assert_clean(validate(tmp_path, {"ho-so.yml": edit(BASE, {13: "status: draft"})}))


@pytest.mark.parametrize(
    "story, word",
    [
        ("Liên hệ 0912 345 678 để biết thêm.", "điện thoại di động"),
        ("Liên hệ 0912345678.", "điện thoại di động"),
        ("Gọi +84 912 345 678 hoặc đến trường.", "điện thoại di động"),
        ("Gọi 0912345678, hoặc đến trường.", "điện thoại di động"),
        ("Số CCCD 001234567890 cấp năm 2021.", "CMND/CCCD"),
        ("Hiệu trưởng có CCCD số 001234567890.", "CMND/CCCD"),
    ],
    ids=["mobile-spaced", "mobile", "mobile-+84", "mobile-then-comma", "id-number", "id-number-then-period"],
)
def test_personal_data_in_story(tmp_path, story, word):
    number = next(index for index, char in enumerate(story) if char in "+0123456789")
    error_in_edited_base(tmp_path, {13: f"story: {story}"}, f"13:{8 + number}", word)


def test_numbers_that_are_not_personal_data(tmp_path):
    """Only the office line is told, as a warning (tests/test_personal_data.py has the whole corpus)."""
    story = (
        "Văn phòng, số 0206 3852 123. Quyết định 123456789/QĐ-UBND. "
        "Kinh phí 1.500.000.000 đồng, giai đoạn 2016-2020, đạt 19/19 tiêu chí."
    )
    result = validate(tmp_path, {"ho-so.yml": edit(BASE, {13: f"story: {story}"})})
    assert result.returncode == 0
    assert result.stdout.splitlines() == [problem(result, "exemplars/ho-so.yml:13:22: warning:", "0206 3852 123")]


# --- many files, one run --------------------------------------------------------


def test_one_bad_file_does_not_hide_another(tmp_path):
    result = validate(
        tmp_path,
        {
            "hong.yml": edit(BASE, {6: "\tprovince: Cao Bằng"}),  # unreadable YAML
            "sai.yml": edit(BASE, {2: "kind: colective", 4: "year: hai nghìn"}),  # two schema errors
            "tot.yml": BASE,
        },
    )
    assert result.returncode == 1
    problem(result, "exemplars/hong.yml:6:1: error:", "Tab")
    problem(result, "exemplars/sai.yml:2:7: error:", "'colective'")
    problem(result, "exemplars/sai.yml:4:7: error:", "'year'")
    assert "tot.yml" not in result.stdout
    assert len(result.stdout.splitlines()) == 3
    # 4 taxonomies + 1 movement + 3 records, the unreadable one included.
    assert "Đã kiểm tra 8 tệp: 3 lỗi, 0 cảnh báo." in result.stderr


# --- Unicode normal forms -------------------------------------------------------


def test_nfd_record_is_generated_in_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", BASE)
    assert nfd != BASE and "Hòa" not in nfd
    project = make_project(tmp_path, {"truong-tieu-hoc-hoa-chung.yml": nfd})
    assert_clean(run(project))
    generated = run(project, command="generate")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    page = (project / "build/generated/dien-hinh/truong-tieu-hoc-hoa-chung.md").read_text("utf-8")
    assert "Trường Tiểu học Hòa Chung" in page
    assert unicodedata.normalize("NFC", page) == page
    assert (project / "build/generated/dia-phuong/cao-bang.md").is_file()  # the NFD province, slugged


# --- output languages and formats ---------------------------------------------


def test_english_messages(tmp_path):
    result = validate(tmp_path, {"ho-so.yml": edit(BASE, {4: 'year: "hai nghìn"'})}, "--lang", "en")
    assert result.returncode == 1
    line = problem(result, "exemplars/ho-so.yml:4:7: error:", "must be a year")
    assert "phải" not in line
    assert "Checked 6 files: 1 errors, 0 warnings." in result.stderr


def test_json_format(tmp_path):
    record = edit(BASE, {2: "kind: colective", 4: 'year: "hai nghìn"'})
    result = validate(tmp_path, {"ho-so.yml": record}, "--format", "json", "--lang", "en")
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert [(i["file"], i["line"], i["column"], i["severity"], i["code"]) for i in items] == [
        ("exemplars/ho-so.yml", 2, 7, "error", "not-allowed"),
        ("exemplars/ho-so.yml", 4, 7, "error", "wrong-type-when"),
    ]
    assert "'collective'" in items[0]["message"] and "must be a year" in items[1]["message"]


def test_github_format(tmp_path):
    result = validate(tmp_path, {"ho-so.yml": edit(BASE, {4: 'year: "hai nghìn"'})}, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("::error file=exemplars/ho-so.yml,line=4,col=7::")
    assert "'year'" in lines[0]


# --- build ----------------------------------------------------------------------


def test_build_stops_on_an_invalid_record(tmp_path):
    project = make_project(tmp_path, {"ho-so.yml": edit(BASE, {4: 'year: "hai nghìn"'})})
    result = run(project, command="build")
    assert result.returncode == 1
    problem(result, "exemplars/ho-so.yml:4:7: error:", "'year'")
    assert "Chưa xây dựng trang web" in result.stderr
    assert not (project / "site").exists()


def test_personal_data_inside_a_story_is_reported_on_its_own_line(tmp_path):
    story = "story: |\n  Dòng một.\n\n  Liên hệ anh Hòa, số 0912 345 678, hoặc\n    thư hoa.nguyen@gmail.com.\n"
    result = validate(tmp_path, {"cao-bang/truong.yml": edit(BASE, {13: story.rstrip("\n")})})
    assert result.returncode == 1
    problem(result, "exemplars/cao-bang/truong.yml:16:23: error:", "điện thoại")
    problem(result, "exemplars/cao-bang/truong.yml:17:9: error:", "hoa.nguyen@gmail.com")


def test_a_misspelt_required_key_is_one_error_at_the_misspelling(tmp_path):
    """`sumary:` is told once, where it was typed, with the right name; not also as a missing `summary`."""
    result = validate(tmp_path, {"ho-so.yml": edit(BASE, {3: "sumary: Tập thể nhà trường."})})
    lines = [line for line in result.stdout.splitlines() if "error:" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith("exemplars/ho-so.yml:3:1: error: Khóa 'sumary' không có trong mẫu hồ sơ")
    assert "'summary'" in lines[0]


# --- values a tag does not fit, numbers too large, control characters --------------------------

# Each replaces BASE's line 1 (`name: …`) and is told at `where` on it; one project, one run: every
# file is told, none stops the others (each once aborted the whole run with a Python exception).
TAGGED = {
    "bool-maybe": ("name: !!bool maybe", "1:7", "'!!bool'"),
    "int-text": ('name: !!int "abc"', "1:7", "'!!int'"),
    "int-empty": ('name: !!int ""', "1:7", "'!!int'"),
    "int-superscript": ('name: !!int "²"', "1:7", "'!!int'"),
    "float-text": ("name: !!float abc", "1:7", "'!!float'"),
    "timestamp-text": ('name: !!timestamp "x"', "1:7", "'!!timestamp'"),
    "null-text": ("name: !!null abc", "1:7", "'!!null'"),
    "key-int-text": ("? !!int x\n: 1", "1:3", "'!!int'"),
    "binary": ('name: !!binary "%%%"', "1:7", "binary"),
    "set": ("name: !!set {a, b}", "1:7", "set"),
    "omap": ("name: !!omap [a: 1]", "1:7", "omap"),
    "unknown": ("name: !foo x", "1:7", "!foo"),
    "python": ("name: !!python/object:os.system x", "1:7", "python/object"),
    "huge-int": ("name: " + "9" * 5000, "1:7", "9999"),
    "huge-hex": ("name: 0x" + "f" * 4000, "1:7", "0xff"),
    "huge-sexagesimal": ("name: " + "1:" * 3000 + "1", "1:7", "1:1:"),
}


def each_told_once(tmp_path: Path, cases: dict[str, tuple[str, str, str]], *words: str) -> None:
    """BASE with line 1 replaced, a file per case, in one run with a valid file: each case is told
    once, at its place, naming its word and ``words``; the valid file is not told."""
    records = {f"{case}.yml": edit(BASE, {1: line}) for case, (line, _, _) in cases.items()}
    result = validate(tmp_path, {**records, "tot.yml": edit(BASE, {1: "name: !!str Trường Tiểu học Hòa Chung"})})
    assert result.returncode == 1
    for case, (_, where, word) in cases.items():
        problem(result, f"exemplars/{case}.yml:{where}: error:", word, *words)
    assert "tot.yml" not in result.stdout
    assert len(result.stdout.splitlines()) == len(cases)


def test_values_a_tag_does_not_fit_are_told_each_at_its_place(tmp_path):
    each_told_once(tmp_path, TAGGED)


def test_tags_that_fit_and_yaml_1_1_words_still_load(tmp_path):
    """Explicit tags whose values fit are read as YAML reads them; `=` and `<<` are text, not tags."""
    record = edit(BASE, {4: "year: !!int 2017", 12: "    year: !<tag:yaml.org,2002:int> 2_017",
                         13: "story: !!str Nhà trường gắn thi đua với dạy tốt = học tốt <<."})
    assert_clean(validate(tmp_path, {"ho-so.yml": record}))


# (line 1's replacement, where the character is told, its code point)
CONTROL = {
    "del-escape": ('name: "Trường\\x7f Hòa Chung"', "1:14", "U+007F"),
    "c1-escape": ('name: "Trường \\u0085Hòa"', "1:15", "U+0085"),
    "nel-escape": ('name: "Trường \\NHòa"', "1:15", "U+0085"),
    "fffe-escape": ('name: "Trường \\uFFFE"', "1:15", "U+FFFE"),
    "nul-escape": ('name: "Trường\\0"', "1:14", "U+0000"),
    "esc-escape": ('name: "a\\e[2J"', "1:9", "U+001B"),
    "cr-escape": ('name: "a\\rb"', "1:9", "U+000D"),
    "del-raw": ("name: Trường\x7f", "1:13", "U+007F"),
    "vt-raw": ("name: Trường\x0bHòa", "1:13", "U+000B"),
    "noncharacter-raw": ("name: Trường \ufdd0", "1:14", "U+FDD0"),
    "plane-noncharacter-raw": ("name: Trường \U0001FFFF", "1:14", "U+1FFFF"),
    "key": ('"na\\x01me": x', "1:4", "U+0001"),
    "folded-line": ('name: "Trường\n  Hòa\\x9f"', "2:6", "U+009F"),
    "literal-block": ("name: |\n  Trường\n  Hòa \ufffe", "3:7", "U+FFFE"),
}


def test_control_characters_are_told_where_they_are_written(tmp_path):
    """Written as they are or as an escape, in a value or a key: at the character's own line and column."""
    each_told_once(tmp_path, CONTROL, "ký tự điều khiển")


def test_crlf_line_ends_and_escaped_backslashes_are_fine(tmp_path):
    """A file saved with Windows line ends is read as written; `\\\\x7f` is text, not a control character."""
    record = edit(BASE, {13: 'story: "Nhà trường dạy \\\\x7f và \\t tab."'}).replace("\n", "\r\n")
    assert_clean(validate(tmp_path, {"ho-so.yml": record.encode("utf-8")}))


def test_control_character_in_a_hand_written_page(tmp_path):
    project = make_project(tmp_path, {"ho-so.yml": BASE})
    page = project / "content" / "pages" / "gioi-thieu.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n") + "Dòng cuối\x7f có DEL.\r\n".encode())
    lines = page.read_bytes().count(b"\n")
    result = run(project)
    assert result.returncode == 1
    problem(result, f"content/pages/gioi-thieu.md:{lines}:10: error:", "U+007F")
