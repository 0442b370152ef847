"""Consent per kind of content (issue 22, items 1 and 4).

``validate`` names each field of a person's record that no grant covers (a warning: it will not
be published) and refuses grants that mean nothing; a real build publishes the award facts of
a person with only a public decision, and nothing else of theirs, on any output.
"""

from __future__ import annotations

import gzip
import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from generator.paths import SEARCH_DOCUMENTS
from generator.pipeline.validate import record_schema
from generator.rules.consent import COVERS
from generator.rules.decisions import decision_id
from PIL import Image

from conftest import copy_project, run_generator

# A published individual honoured in 2017; {consent} is its list of grants.
PERSON = """\
name: Hoàng Văn Kiểm
kind: individual
summary: Ông Hoàng Văn Kiểm được tặng Bằng khen của Chủ tịch UBND tỉnh năm 2017.
year: 2017
place: {{province: Cao Bằng, district: Hòa An}}
role: Trưởng xóm
awards:
  - {{award: Bằng khen của Chủ tịch UBND tỉnh, year: 2017}}
story: Ông vận động bà con làm đường.
consent:
{consent}"""
PUBLIC = "  - {basis: public-decision, source: Báo Cao Bằng}\n"


def consent_grant(covers: str = "[story]", date: str = "2024-05-02", person: str = "", extra: str = "") -> str:
    who = f"    person: {person}\n" if person else ""
    return (f"  - basis: consent\n{who}    covers: {covers}\n    date: \"{date}\"\n    given_by: Hoàng Văn Kiểm\n"
            f"    channel: form\n    text_version: Phiếu đồng ý 1.0\n{extra}")


HOUSEHOLD = """\
name: Hộ gia đình ông Lò Văn Kiểm
kind: household
summary: Hộ gia đình ông Lò Văn Kiểm được công nhận hộ sản xuất kinh doanh giỏi năm 2019.
year: 2019
place: {{province: Cao Bằng}}
story: Gia đình trồng cam.
replication: {{contact: Hội Nông dân xã}}
{people}consent:
{consent}"""
TWO_ADULTS = "people:\n  - name: Lò Văn Kiểm\n  - name: Nông Thị Mai\n"


def household_grants(*people: str, covers: str = "[story, contact]") -> str:
    public = "".join(f"  - {{person: {name}, basis: public-decision, source: Báo Cao Bằng}}\n" for name in people)
    return public + "".join(consent_grant(covers, person=name) for name in people)


# Each file: what validate must say about it, at which position (line:column), with which words.
CASES = {
    "khong-can-cu.yml": (PERSON.format(consent="  []\n").replace("consent:\n  []", "consent: []"),
                         "error", "10:1", ["'consent:'", "public-decision"]),
    "nguon-trang.yml": (PERSON.format(consent="  - {basis: public-decision, source: '  '}\n"),
                        "error", "11:30", ["'source'"]),
    "quyet-dinh-khong-co.yml": (PERSON.format(consent="  - {basis: public-decision, decision: 999-qd-ubnd-2017}\n"),
                                "error", "11:40", ["999-qd-ubnd-2017", "content/decisions/"]),
    "khong-nguon.yml": (PERSON.format(consent="  - {basis: public-decision}\n"),
                        "error", "11:5", ["'decision:'", "'source:'"]),
    "ngay-tuong-lai.yml": (PERSON.format(consent=PUBLIC + consent_grant(date="2999-01-01")),
                           "error", "14:11", ["2999-01-01", "tương lai"]),
    "ngay-truoc-khen.yml": (PERSON.format(consent=PUBLIC + consent_grant(date="2010-03-01")),
                            "error", "14:11", ["2010-03-01", "2017"]),
    "kenh-la.yml": (PERSON.format(consent=PUBLIC + consent_grant().replace("channel: form", "channel: zalo")),
                    "error", "16:14", ["'zalo'", "form, letter, recording, email"]),
    "thieu-phien-ban.yml": (PERSON.format(consent=PUBLIC + consent_grant().replace("    text_version: Phiếu đồng ý 1.0\n", "")),
                            "error", "12:5", ["text_version"]),
    "tre-em.yml": (PERSON.format(consent=PUBLIC + consent_grant()).replace("role: Trưởng xóm", "minor: true"),
                   "error", "12:5", ["chưa thành niên", "guardian"]),
    "tre-em-giam-ho-tuong-lai.yml": (
        PERSON.format(consent=PUBLIC + consent_grant(extra="    guardian: {name: Hoàng Văn Bố, date: \"2999-02-02\"}\n"))
        .replace("role: Trưởng xóm", "minor: true"),
        "error", "18:42", ["2999-02-02"]),
    "ho-khong-nguoi.yml": (HOUSEHOLD.format(people="", consent=household_grants("Lò Văn Kiểm")),
                           "error", "1:1", ["'people:'"]),
    "ho-thieu-nguoi.yml": (HOUSEHOLD.format(people=TWO_ADULTS, consent=household_grants("Lò Văn Kiểm")),
                           "error", "10:11", ["Nông Thị Mai", "public-decision"]),
    "ho-can-cu-khong-ten.yml": (HOUSEHOLD.format(people=TWO_ADULTS, consent=household_grants("Lò Văn Kiểm", "Nông Thị Mai")
                                                 + "  - {basis: public-decision, source: Báo}\n"),
                                "error", "28:5", ["'person:'"]),
    "ho-sai-ten.yml": (HOUSEHOLD.format(people=TWO_ADULTS, consent=household_grants("Lò Văn Kiểm", "Nông Thị Mai")
                                        + "  - {person: Nông Thị Mây, basis: public-decision, source: Báo}\n"),
                       "error", "28:14", ["Nông Thị Mây", "Nông Thị Mai"]),
    "chi-quyet-dinh.yml": (PERSON.format(consent=PUBLIC).replace("role: Trưởng xóm", "role: Trưởng xóm\nethnicity: Tày\nborn: 1970"),
                           "warning", "11:1", ["'story'", "'story'", "Hoàng Văn Kiểm"]),
    "ho-mot-nguoi-chua-dong-y.yml": (HOUSEHOLD.format(people=TWO_ADULTS, consent=household_grants("Lò Văn Kiểm", "Nông Thị Mai")
                                                      .replace("person: Nông Thị Mai\n    covers: [story, contact]",
                                                               "person: Nông Thị Mai\n    covers: [story]")),
                                     "warning", "7:15", ["'replication.contact'", "'contact'", "Nông Thị Mai"]),
}


@pytest.fixture(scope="module")
def validated(tmp_path_factory) -> list[str]:
    root = copy_project(tmp_path_factory.mktemp("consent"), with_records=False)
    folder = root / "exemplars" / "thu"
    folder.mkdir()
    for name, (text, *_) in CASES.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = run_generator(root, "validate")
    assert result.returncode == 1
    return result.stdout.splitlines()


@pytest.mark.parametrize("name", CASES)
def test_validate_says_what_and_where(validated: list[str], name: str):
    _, severity, where, words = CASES[name]
    prefix = f"exemplars/thu/{name}:{where}: {severity}:"
    lines = [line for line in validated if line.startswith(prefix)]
    assert any(all(word in line for word in words) for line in lines), (prefix, words, [
        line for line in validated if f"/{name}:" in line])


def test_each_uncovered_field_is_told_and_nothing_else_of_a_sound_record(validated: list[str]):
    told = [line.split(": warning: ")[0] + " " + line.split("'")[1] for line in validated
            if "/chi-quyet-dinh.yml:" in line]
    assert told == ["exemplars/thu/chi-quyet-dinh.yml:7:1 ethnicity", "exemplars/thu/chi-quyet-dinh.yml:8:1 born",
                    "exemplars/thu/chi-quyet-dinh.yml:11:1 story"]
    assert not [line for line in validated if ": error:" in line and "/chi-quyet-dinh.yml:" in line]


def test_schema_lists_what_the_generator_knows():
    grant = record_schema("exemplar").detailed.schema["$defs"]["grant"]
    assert tuple(grant["properties"]["covers"]["items"]["enum"]) == COVERS


# --- the built site ----------------------------------------------------------

# What a profile holds beyond the award facts, each a marker: lower-case plain letters, the same
# after folding and in Pagefind's index; each record has its own ("{tag}" in them).
MARKER_FIELDS = ("story", "practice", "result", "how", "contact", "adopted", "caption")

PROFILE = """\
name: Hoàng Văn {who}
kind: individual
summary: Ông Hoàng Văn {who} được tặng Bằng khen của Chủ tịch UBND tỉnh năm 2017.
year: 2017
place: {{province: Cao Bằng, district: Hòa An}}
role: Trưởng xóm {who}
organization: Hợp tác xã {who}
awards:
  - {{award: Bằng khen của Chủ tịch UBND tỉnh, year: 2017}}
story: Câu chuyện {story}.
practices: [Cách làm {practice}]
results:
  - {{label: Chỉ tiêu {result}, value: "12"}}
replication:
  how: Cách làm theo {how}.
  contact: Liên hệ {contact}
  adopted_by:
    - {{place: Xã {adopted}, year: 2019}}
photos:
  - {{file: anh/ruong-kiem.jpg, caption: Ảnh {caption}}}
consent:
  - {{basis: public-decision, source: Báo Cao Bằng}}
{more}"""
STORY_AND_PHOTOS = """\
  - basis: consent
    covers: [story, photos]
    date: "2024-05-02"
    given_by: Hoàng Văn Đồng Ý
    channel: recording
    text_version: Phiếu đồng ý 1.0
"""
ONLY_DECISION, WITH_CONSENT = "hoang-van-quyet-dinh", "hoang-van-dong-y"


def markers(tag: str) -> dict[str, str]:
    return {field: f"x{tag}{field}q7" for field in MARKER_FIELDS}


def profile(who: str, tag: str, more: str = "") -> str:
    return PROFILE.format(who=who, more=more, **markers(tag))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A build with two records alike but for their grants: one with the public decision only, one
    with consent to its story and photos as well (and to nothing else: not its contact)."""
    root = copy_project(tmp_path_factory.mktemp("consent-site"))
    folder = root / "exemplars" / "thu"
    (folder / "anh").mkdir(parents=True)
    Image.new("RGB", (60, 40), (30, 140, 60)).save(folder / "anh" / "ruong-kiem.jpg")
    (folder / f"{ONLY_DECISION}.yml").write_text(profile("Quyết Định", "qd"), encoding="utf-8")
    (folder / f"{WITH_CONSENT}.yml").write_text(profile("Đồng Ý", "dy", STORY_AND_PHOTOS), encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", "https://thidua.example.gov.vn/")  # as published: feeds and sitemap too
        run_generator(root, "build", "--strict", check=True)
    return root


def readable(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's index, fragments and filters; sitemap.xml.gz
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace").lower()


def outputs(root: Path) -> dict[Path, str]:
    """Every file of the site and every search document Pagefind read, as text."""
    files = [*(root / "site").rglob("*"), *(root / "build" / "generated" / SEARCH_DOCUMENTS).rglob("*")]
    return {path: readable(path) for path in files if path.is_file()}


def profile_page(root: Path, record: str) -> str:
    return (root / "site" / "dien-hinh" / record / "index.html").read_text(encoding="utf-8")


def test_a_public_decision_publishes_the_award_facts_only(built: Path):
    page = profile_page(built, ONLY_DECISION)
    for shown in ("Hoàng Văn Quyết Định", "Trưởng xóm Quyết Định", "Hợp tác xã Quyết Định",
                  "Bằng khen của Chủ tịch UBND tỉnh", "chưa ghi nhận sự đồng ý công bố"):
        assert shown in page, shown
    written = outputs(built)
    kinds = {path.suffix for path in written}
    assert {".html", ".xml", ".json", ".csv", ".jpg", ".pf_fragment"} <= kinds, kinds  # every kind of output
    assert (built / "site" / "the-mo-hinh" / f"{ONLY_DECISION}.html").is_file()  # its card was searched too
    leaks = [(path.relative_to(built), marker) for path, text in written.items()
             for marker in markers("qd").values() if marker in text]
    assert not leaks
    assert not [path for path in written if ONLY_DECISION + "-anh" in path.name], "a photo file of the record"


def test_consent_to_story_and_photos_brings_them_back_and_nothing_more(built: Path):
    page = profile_page(built, WITH_CONSENT)
    shown = markers("dy")
    for field in ("story", "practice", "result", "how", "adopted", "caption"):
        assert shown[field] in page, field
    assert list((built / "site" / "dien-hinh").glob(f"{WITH_CONSENT}-anh-1*.jpg"))
    assert "chưa ghi nhận sự đồng ý công bố" in page  # the contact is still left out, and said so
    assert not [path for path, text in outputs(built).items() if shown["contact"] in text]


def test_a_profile_with_everything_covered_says_nothing_is_withheld(built: Path):
    assert "chưa ghi nhận sự đồng ý công bố" not in profile_page(built, "truong-tieu-hoc-hoa-chung")


# --- the staff guide's examples ----------------------------------------------

GUIDE = Path(__file__).resolve().parent.parent / "content" / "pages" / "huong-dan-bien-tap.md"
DECISION_RECORD = "number: {number}\ndate: \"2025-02-10\"\nissuer: Chủ tịch UBND tỉnh Cao Bằng\n"


def guide_examples() -> list[dict]:
    """The YAML examples of the guide's consent section (indented code blocks)."""
    section = GUIDE.read_text(encoding="utf-8").split("## Căn cứ công bố thông tin cá nhân", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"\n\n((?:    .*\n|\n(?=    ))+)", section)
    examples = [yaml.safe_load(textwrap.dedent(block)) for block in blocks if block.lstrip().startswith(("name:", "consent:"))]
    return [example for example in examples if isinstance(example, dict)]


def test_the_guide_has_an_example_for_each_case():
    examples = guide_examples()
    assert len(examples) == 4
    assert [e.get("kind", "individual") for e in examples] == ["individual", "individual", "household", "individual"]
    assert any(e.get("minor") for e in examples) and any(len(e.get("people", ())) == 2 for e in examples)


def test_the_guide_examples_validate_and_publish_what_they_say(tmp_path: Path):
    root = copy_project(tmp_path, with_records=False)
    decisions = root / "content" / "decisions"
    decisions.mkdir(exist_ok=True)
    for number, year in (("1234/QĐ-UBND", 2025), ("56/QĐ-SGDĐT", 2025)):
        (decisions / f"{decision_id(number, year)}.yml").write_text(DECISION_RECORD.format(number=number), "utf-8")
    folder = root / "exemplars" / "vi-du"
    (folder / "anh").mkdir(parents=True)
    Image.new("RGB", (40, 30), (30, 140, 60)).save(folder / "anh" / "a.jpg")
    for index, example in enumerate(guide_examples()):
        record = {"name": "Lê Văn A", "kind": "individual", "summary": "Được tặng Bằng khen năm 2024.", "year": 2024,
                  "place": {"province": "Cao Bằng"}, "story": "Câu chuyện.", "photos": [{"file": "anh/a.jpg"}],
                  **example}
        (folder / f"vi-du-{index}.yml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    result = run_generator(root, "validate", "--format", "json")
    problems = json.loads(result.stdout)
    assert result.returncode == 0 and not [p for p in problems if p["severity"] == "error"], problems
    withheld = {(Path(p["file"]).stem, p["message"].split("'")[1]) for p in problems}
    assert withheld == {("vi-du-0", "story"), ("vi-du-0", "photos")}  # the decision alone: award facts only
