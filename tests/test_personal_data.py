"""The personal-data check reads numbers as people write them, and leaves alone what staff really write.

The corpus (tests/data/personal_data_corpus.yml) is run through the check itself; the rest runs
``python -m generator validate`` on real files, as staff would, and reads its ``path:line:col`` lines.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from generator.rules.personal_data import KINDS, _normal_character, find, may_hold, normalise
from PIL import Image

from conftest import copy_project, run_generator
from test_bad_input import BASE, MOVEMENT, edit, make_project, problem, run
from test_truthful_records import DECISION, with_decisions

CORPUS = yaml.safe_load((Path(__file__).parent / "data" / "personal_data_corpus.yml").read_text("utf-8"))


def test_the_corpus_gives_exactly_what_each_sample_must():
    misses = []
    for sample in CORPUS["must_flag"]:
        expected = [[kind, str(text)] for kind, text in sample["finds"]]
        found = [[finding.kind, finding.text] for finding in find(sample["text"])]
        if found != expected or not may_hold(sample["text"].encode()):
            misses.append((sample["text"], found, expected))
    false_alarms = [(text, find(text)) for text in CORPUS["must_not_flag"] if find(text)]
    assert not misses, misses
    assert not false_alarms, false_alarms
    kinds = {kind for sample in CORPUS["must_flag"] for kind, _ in sample["finds"]}
    assert kinds == {"phone", "landline", "id", "email", "email-other"}
    assert len(CORPUS["must_flag"]) >= 80 and len(CORPUS["must_not_flag"]) >= 80


def test_normalising_keeps_every_offset():
    text = "Số \uff10\uff19\uff11\uff12\u00a0345\u2013678, thư hoa\uff20gmail.com\n"
    assert normalise(text) == "Số 0912 345-678, thư hoa@gmail.com "
    assert len(normalise(text)) == len(text)


def test_the_screen_lets_through_every_way_of_writing_a_digit_a_gap_or_an_at_sign():
    """:func:`may_hold` decides from UTF-8 bytes which texts are read at all: whatever character the
    normalisation turns into a digit, a gap of a phone number or an @ must reach the full check."""
    checked = 0
    for code in range(0x80, sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        plain = _normal_character(char)
        if plain in "0123456789":
            text = "Gọi " + char * 10
        elif plain in " -.()+":
            text = f"Gọi 0912{char}345{char}678"
        elif plain == "@":
            text = f"thư hoa{char}gmail.com"
        else:
            continue
        checked += 1
        assert may_hold(text.encode("utf-8", "surrogatepass")), (hex(code), unicodedata.name(char, "?"))
    assert checked > 700  # the world's decimal digits, spaces and dashes


# --- end to end: python -m generator validate ---------------------------------------------------------


def column(line: str, value: str) -> int:
    """The column (from 1) where ``value`` starts on a line of a file, as editors count."""
    return line.index(value) + 1


def lines_of(result, severity: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if f": {severity}: " in line]


def test_a_movement_is_checked(tmp_path):
    project = make_project(tmp_path, {"ho-so.yml": BASE})
    movement = project / "content" / "movements" / f"{MOVEMENT}.yml"
    text = movement.read_text("utf-8")
    assert "criteria:" not in text  # the movement's sources give none: the test adds its own
    criteria = ["  - Liên hệ ban chỉ đạo qua anh Hùng, 0912-345-678.",
                "  - Người nhận hồ sơ, CCCD 001 234 567 890.",
                "  - Gửi hồ sơ về hung.nv@gmail.com trước tháng 6."]
    movement.write_text(text + "criteria:\n" + "".join(c + "\n" for c in criteria), "utf-8")
    line = text.count("\n") + 2  # the first criterion
    result = run(project)
    assert result.returncode == 1
    where = f"content/movements/{MOVEMENT}.yml"
    for number, (value, word) in enumerate([("0912-345-678", "điện thoại di động"), ("001 234 567 890", "CMND/CCCD"),
                                            ("hung.nv@gmail.com", "thư cá nhân")]):
        problem(result, f"{where}:{line + number}:{column(criteria[number], value)}: error:", value, word)
    assert len(lines_of(result, "error")) == 3, result.stdout


def test_a_decision_is_checked(tmp_path):
    title = "title: Khen thưởng ông Nông Văn Tài (CCCD 001234567890), xóm Nà Giàng"
    project = with_decisions(tmp_path, {"ho-so.yml": BASE}, {"1234-qd-ubnd-2018.yml": DECISION + title + "\n"})
    result = run(project)
    assert result.returncode == 1
    line = DECISION.count("\n") + 1
    problem(result, f"content/decisions/1234-qd-ubnd-2018.yml:{line}:{column(title, '0012')}: error:", "CMND/CCCD")


def test_a_number_broken_across_two_lines_of_a_story(tmp_path):
    first = "  Nhà trường gắn thi đua với dạy tốt, học tốt. Phụ huynh cần hỏi thêm xin gọi cô Hạnh, số 0912"
    story = f"story: |\n{first}\n  345 678, hoặc đến văn phòng trường."
    result = run(make_project(tmp_path, {"ho-so.yml": edit(BASE, {13: story})}))
    assert result.returncode == 1
    problem(result, f"exemplars/ho-so.yml:14:{column(first, '0912')}: error:", "'0912 345 678'", "di động")


@pytest.mark.parametrize("caption, value", [
    ("Chị Hạnh, ĐT \uff10\uff19\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "\uff10\uff19\uff11\uff12"),
    ("Chị Hạnh, ĐT 0912\u00a0345\u00a0678", "0912"),
    ("Chị Hạnh, ĐT 0912\\u00a0345\\u2013678", "0912"),  # YAML's escapes, read as the characters
    ("Chị Hạnh, CMND 012.345.678", "012.345.678"),
    ("Chị Hạnh, hanh\uff20gmail.com", "hanh\uff20gmail.com"),
], ids=["full-width-digits", "no-break-spaces", "yaml-escapes", "id-number-with-dots", "full-width-at"])
def test_personal_data_in_a_photo_caption(tmp_path, caption, value):
    line = f'    caption: "{caption}"'
    project = make_project(tmp_path, {"ho-so.yml": BASE + f"photos:\n  - file: anh/le.jpg\n{line}\n"})
    (project / "exemplars" / "anh").mkdir()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(project / "exemplars" / "anh" / "le.jpg")
    result = run(project)
    assert result.returncode == 1
    # Escapes make the text longer in the file than in the record: then the string's start is told.
    where = column(line, '"') if "\\" in caption else column(line, value)
    problem(result, f"exemplars/ho-so.yml:16:{where}: error:", value)


def test_a_landline_is_a_warning_and_an_unofficial_address_too(tmp_path):
    story = "story: Văn phòng trường (0206) 3852 123, thư c1hoachung@caobang.edu.vn hoặc truong@hoachung.vn."
    result = run(make_project(tmp_path, {"ho-so.yml": edit(BASE, {13: story})}))
    assert result.returncode == 0, result.stdout + result.stderr
    problem(result, f"exemplars/ho-so.yml:13:{column(story, '(0206)')}: warning:", "(0206) 3852 123", "cố định")
    problem(result, f"exemplars/ho-so.yml:13:{column(story, 'truong@')}: warning:", "truong@hoachung.vn")
    assert len(lines_of(result, "warning")) == 2, result.stdout


def test_a_hand_written_page_is_checked(tmp_path):
    project = make_project(tmp_path, {"ho-so.yml": BASE})
    page = project / "content" / "pages" / "gioi-thieu.md"
    text = page.read_text("utf-8")
    page.write_text(text + "\nMọi ý kiến xin gửi chị Lan,\nsố +84 912 345 678.\n", "utf-8")
    line = text.count("\n") + 3
    result = run(project)
    assert result.returncode == 1
    problem(result, f"content/pages/gioi-thieu.md:{line}:4: error:", "+84 912 345 678")
    built = run_generator(project, "build", "-f", str(project / "mkdocs.yml"))
    assert built.returncode == 1 and not (project / "site").exists()


def test_the_project_itself_is_clean(tmp_path):
    """No record, movement, decision or page of the repository is flagged: no false alarm on real text."""
    result = run_generator(copy_project(tmp_path), "validate", "--format", "json")
    codes = {code for code, _ in KINDS.values()}
    assert [item for item in json.loads(result.stdout) if item["code"] in codes] == []
