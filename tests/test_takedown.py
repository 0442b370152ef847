"""A person asks to be removed: the staff command unpublishes their record at once and logs the request;
on the next build (its caches kept) nothing of them is left in any output; the log holds no personal
data; ``validate`` warns as the 15 days run out and fails past them. Also: the page telling people how
to ask, with the board's private channel or the notice that none is configured, linked from profiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from generator.paths import SEARCH_DOCUMENTS
from generator.pipeline.load import load_yaml
from PIL import Image

from conftest import TAKEDOWN_CHANNEL, copy_project, run_generator
from test_privacy import readable_bytes

MARK = "xgothongtin8841"  # lower case and plain letters: the same after folding and in the search index
RECORD_ID = f"vang-thi-{MARK}"
RECORD = f"""\
# Hồ sơ thử: mọi trường đều mang dấu {MARK}.
name: Vàng Thị {MARK.capitalize()}
kind: individual
summary: Người dân tộc Mông giữ rừng đầu nguồn {MARK}.
year: 2021
place: {{province: Cao Bằng, commune: Xã {MARK}, village: Bản {MARK}}}
role: Trưởng bản {MARK}
movements: [cao-bang-chung-suc-xay-dung-nong-thon-moi]
fields: [giao-duc]
awards:
  - {{award: Bằng khen của Thủ tướng Chính phủ, decision: 99-qd-ttg-2021}}
story: |
  Câu chuyện của chị {MARK} ở bản vùng cao.
practices: [Cách làm {MARK}]
results:
  - {{label: Chỉ tiêu {MARK}, value: "100%"}}
replication:
  how: Cách nhân rộng {MARK}
  contact: Trường {MARK}
photos:
  - {{file: anh/{MARK}.jpg, caption: Ảnh {MARK}, credit: Tác giả {MARK}}}
sources:
  - {{title: Nguồn {MARK}, url: "https://example.org/{MARK}"}}
consent:
  - {{basis: public-decision, decision: 99-qd-ttg-2021}}
  - {{basis: consent, covers: [story, photos, contact], date: "2021-05-01", given_by: Vàng Thị {MARK.capitalize()},
     channel: form, text_version: Phiếu đồng ý công bố thông tin 1.0}}  # a comment the command must keep
status: published # published since 2021
"""
RECORD_FILE = Path("exemplars") / "kiem-thu" / f"{RECORD_ID}.yml"
# The decision the award cites: its page lists everyone it honoured.
DECISION = """\
number: 99/QĐ-TTg
date: "2021-04-01"
issuer: Thủ tướng Chính phủ
awards: [Bằng khen của Thủ tướng Chính phủ]
"""
LOG = Path("content") / "takedowns.yml"
RECEIVED = "2026-03-02"


def holding_the_mark(folder: Path) -> list[str]:
    """The files under ``folder`` whose name or (decompressed, lower-cased) bytes hold :data:`MARK`."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if MARK in path.as_posix().lower() or MARK.encode() in readable_bytes(path).lower():
            found.append(path.relative_to(folder).as_posix())
    return found


def takedown(project: Path, *args: str, today: str, monkeypatch) -> str:
    monkeypatch.setenv("EXEMPLARS_TODAY", today)
    result = run_generator(project, "takedown", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def validate(project: Path, today: str, monkeypatch):
    monkeypatch.setenv("EXEMPLARS_TODAY", today)
    return run_generator(project, "validate")


def takedown_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"{LOG.as_posix()}:")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path)
    record = root / RECORD_FILE
    (record.parent / "anh").mkdir(parents=True)
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(record.parent / "anh" / f"{MARK}.jpg")
    record.write_text(RECORD, encoding="utf-8")
    decisions = root / "content" / "decisions"
    decisions.mkdir(exist_ok=True)
    (decisions / "99-qd-ttg-2021.yml").write_text(DECISION, encoding="utf-8")
    return root


def test_a_takedown_end_to_end(project: Path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://thidua.example.gov.vn/")  # feeds and the sitemap too
    site, generated = project / "site", project / "build" / "generated"
    run_generator(project, "build", "--strict", check=True)
    # Where the person shows before: every kind of output the check below must find clean.
    shown = holding_the_mark(site)
    for expected in (f"dien-hinh/{RECORD_ID}/index.html", f"dien-hinh/{RECORD_ID}-anh-1.jpg",
                     f"the-mo-hinh/{RECORD_ID}.html", "dien-hinh/index.html",
                     "phong-trao/cao-bang-chung-suc-xay-dung-nong-thon-moi/index.html",
                     "nguon-tin/phong-trao-cao-bang-chung-suc-xay-dung-nong-thon-moi.xml",
                     "du-lieu/exemplars.json", "du-lieu/exemplars.csv", "sitemap.xml", "sitemap.xml.gz",
                     "quyet-dinh/99-qd-ttg-2021/index.html"):
        assert expected in shown, (expected, shown)
    assert any(path.startswith("pagefind/fragment/") for path in shown), shown
    profile = (site / "dien-hinh" / RECORD_ID / "index.html").read_text("utf-8")
    assert 'href="../../yeu-cau-go-thong-tin/"' in profile
    assert 'href="../yeu-cau-go-thong-tin/"' in (site / "the-mo-hinh" / f"{RECORD_ID}.html").read_text("utf-8")

    # The request arrives on 2 March; staff take the record down on the 4th, with work left (--pending).
    said = takedown(project, RECORD_ID, "--received", RECEIVED, "--what", "profile,photos", "--pending",
                    today="2026-03-04", monkeypatch=monkeypatch)
    assert "YC-2026-001" in said and "2026-03-17" in said
    # Unpublished in place: only the status value changed, comments and the rest as written.
    assert (project / RECORD_FILE).read_text("utf-8") == RECORD.replace(
        "status: published # published", "status: withdrawn # published")

    # The next build, with build/ as the last one left it (caches, generated pages, photo copies).
    assert (generated / "dien-hinh" / f"{RECORD_ID}.md").is_file()
    assert any((project / "build" / "cache" / "photos").iterdir())
    run_generator(project, "build", "--strict", check=True)
    assert holding_the_mark(site) == []
    assert holding_the_mark(generated) == []  # what Pagefind indexes too (SEARCH_DOCUMENTS)
    assert (generated / SEARCH_DOCUMENTS).is_dir()
    assert not (site / "dien-hinh" / RECORD_ID).exists()

    # The log: complete, and without the personal data it removed (but for the record's id, its file name).
    log_text = (project / LOG).read_text("utf-8")
    without_id = log_text.replace(f"record: {RECORD_ID}\n", "")
    assert MARK not in without_id.lower() and "vàng" not in without_id.lower()
    entries = load_yaml(project / LOG, LOG.as_posix()).data
    assert entries == [{"request": "YC-2026-001", "received": RECEIVED, "record": RECORD_ID,
                        "removed": ["profile", "photos"]}]

    # The 15-day rule, on days injected: quiet until day 9, a warning from day 10, an error past day 15.
    assert takedown_lines(validate(project, "2026-03-11", monkeypatch).stdout) == []
    warned = validate(project, "2026-03-12", monkeypatch)
    assert warned.returncode == 0
    assert [line.split(": ", 2)[:2] for line in takedown_lines(warned.stdout)] == [
        [f"{LOG.as_posix()}:{log_text.splitlines().index('- request: YC-2026-001') + 1}:12", "warning"]]
    assert "còn 5 ngày" in warned.stdout and "2026-03-17" in warned.stdout
    assert validate(project, "2026-03-17", monkeypatch).returncode == 0  # the last day
    late = validate(project, "2026-03-18", monkeypatch)
    assert late.returncode == 1
    assert [line.split(": ", 2)[1] for line in takedown_lines(late.stdout)] == ["error"]
    assert "quá hạn" in late.stdout and "16 ngày" in late.stdout
    assert run_generator(project, "build").returncode == 1  # nor can the site be published

    # Closed on day 13: the log is complete, and the rule is met for good.
    takedown(project, "--done", "YC-2026-001", today="2026-03-15", monkeypatch=monkeypatch)
    assert load_yaml(project / LOG, LOG.as_posix()).data == [
        {"request": "YC-2026-001", "received": RECEIVED, "record": RECORD_ID, "removed": ["profile", "photos"],
         "done": "2026-03-15"}]
    assert (project / LOG).read_text("utf-8") == log_text + "  done: 2026-03-15\n"
    later = validate(project, "2026-06-01", monkeypatch)
    assert later.returncode == 0 and takedown_lines(later.stdout) == []


def test_a_record_taken_down_cannot_be_published_again_unnoticed(project: Path, monkeypatch):
    takedown(project, RECORD_ID, "--received", RECEIVED, today=RECEIVED, monkeypatch=monkeypatch)
    record = project / RECORD_FILE
    record.write_text(record.read_text("utf-8").replace("status: withdrawn", "status: published"), "utf-8")
    result = validate(project, "2026-03-03", monkeypatch)
    assert result.returncode == 1
    [line] = takedown_lines(result.stdout)
    assert line.startswith(f"{LOG.as_posix()}:") and ": error:" in line and RECORD_ID in line
    # Only with the person's written consent, noted in the log, is it published again.
    with (project / LOG).open("a", encoding="utf-8") as log:
        log.write("  republished: 2026-03-03\n")
    assert validate(project, "2026-03-03", monkeypatch).returncode == 0


def test_a_request_is_not_closed_while_the_record_still_shows_what_was_removed(project: Path, monkeypatch):
    takedown(project, RECORD_ID, "--received", RECEIVED, "--what", "photos", "--pending", today=RECEIVED,
             monkeypatch=monkeypatch)
    record = project / RECORD_FILE
    text = record.read_text("utf-8").replace("status: withdrawn", "status: published")
    record.write_text(text, "utf-8")
    monkeypatch.setenv("EXEMPLARS_TODAY", "2026-03-05")
    refused = run_generator(project, "takedown", "--done", "YC-2026-001")
    assert refused.returncode == 2 and "photos" in refused.stderr
    assert "done:" not in (project / LOG).read_text("utf-8")
    record.write_text(re.sub(r"photos:\n  - .*\n", "", text), "utf-8")  # the photos removed: now it closes
    assert run_generator(project, "takedown", "--done", "YC-2026-001").returncode == 0
    assert validate(project, "2026-03-05", monkeypatch).returncode == 0  # published again, without photos


def test_a_record_without_status_or_in_an_unusual_layout(project: Path, monkeypatch):
    record = project / RECORD_FILE
    record.write_text(RECORD.replace("status: published # published since 2021\n", ""), "utf-8")
    takedown(project, RECORD_ID, "--received", RECEIVED, today=RECEIVED, monkeypatch=monkeypatch)
    assert record.read_text("utf-8").endswith("# a comment the command must keep\nstatus: withdrawn\n")
    # A whole record written as one flow mapping cannot take a line: refused, and nothing written.
    flow = project / "exemplars" / "kiem-thu" / "ho-so-mot-dong.yml"
    flow.write_text("{name: Hồ sơ một dòng, kind: model, summary: Tóm tắt., year: 2020, "
                    "place: {province: Cao Bằng}, story: Câu chuyện.}\n", "utf-8")
    log_before, flow_before = (project / LOG).read_bytes(), flow.read_bytes()
    refused = run_generator(project, "takedown", "ho-so-mot-dong", "--received", RECEIVED)
    assert refused.returncode == 2 and "status: withdrawn" in refused.stderr
    assert (project / LOG).read_bytes() == log_before and flow.read_bytes() == flow_before


@pytest.mark.parametrize("args, words", [
    (["khong-co-ho-so", "--received", RECEIVED], ["khong-co-ho-so"]),
    ([RECORD_ID, "--received", RECEIVED, "--what", "Vàng Thị A"], ["profile, photos, story"]),
    ([RECORD_ID, "--received", "2026-04-01"], ["2026-04-01"]),  # after "today"
    ([RECORD_ID], ["--received"]),
    (["--done", "YC-2026-009"], ["YC-2026-009"]),
])
def test_what_the_command_refuses(project: Path, monkeypatch, args, words):
    monkeypatch.setenv("EXEMPLARS_TODAY", "2026-03-05")
    before = (project / RECORD_FILE).read_bytes(), (project / LOG).read_bytes()
    result = run_generator(project, "takedown", *args)
    assert result.returncode == 2
    assert all(word in result.stderr for word in words), result.stderr
    assert ((project / RECORD_FILE).read_bytes(), (project / LOG).read_bytes()) == before


BAD_LOG = """\
- request: YC-2026-1
  received: 2026-02-30
  record: Vang Thi A
  removed: [profile, ảnh]
- request: YC-2026-002
  received: 2026-03-01
  record: vang-thi-a
  removed: []
  done: 2026-02-01
  note: gỡ theo thư của chị A
"""


def test_the_log_is_checked_with_positions(project: Path, monkeypatch):
    (project / LOG).write_text(BAD_LOG, "utf-8")
    result = validate(project, "2026-03-05", monkeypatch)
    assert result.returncode == 1
    found = {tuple(line.split(": ", 2)[0].split(":")[1:]) for line in takedown_lines(result.stdout)}
    assert {("1", "12"), ("2", "13"), ("3", "11"), ("4", "22"), ("8", "3"), ("10", "3")} <= found, result.stdout
    # The command will not add to a log with errors.
    refused = run_generator(project, "takedown", RECORD_ID, "--received", RECEIVED)
    assert refused.returncode == 2 and "content/takedowns.yml:" in refused.stderr
    assert "withdrawn" not in (project / RECORD_FILE).read_text("utf-8")
    # A correct closing date before the day received is an error too.
    (project / LOG).write_text("- {request: YC-2026-001, received: 2026-03-02, record: a, removed: [story],"
                               " done: 2026-03-01}\n", "utf-8")
    [line] = takedown_lines(validate(project, "2026-03-05", monkeypatch).stdout)
    assert ": error:" in line and "2026-03-01" in line


def test_the_page_shows_the_configured_channel_or_says_there_is_none(project: Path, monkeypatch):
    page = Path("site") / "yeu-cau-go-thong-tin" / "index.html"
    run_generator(project, "build", "--strict", check=True)
    configured = (project / page).read_text("utf-8")
    assert f'href="mailto:{TAKEDOWN_CHANNEL["TAKEDOWN_EMAIL"]}"' in configured
    assert TAKEDOWN_CHANNEL["TAKEDOWN_ADDRESS"] in configured
    assert "chưa được cấu hình" not in configured and "kenh-tiep-nhan" not in configured
    assert "15 ngày" in configured

    for name in TAKEDOWN_CHANNEL:
        monkeypatch.delenv(name)
    built = run_generator(project, "build", "--strict", check=True)
    unset = (project / page).read_text("utf-8")
    assert "Kênh tiếp nhận chưa được cấu hình" in unset and "mailto:" not in unset
    config_lines = (project / "mkdocs.yml").read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(config_lines, 1) if text.strip().startswith("email:"))
    assert re.search(rf"^mkdocs\.yml:{line}:\d+: warning: .*extra\.takedown\.email", built.stdout, re.M), built.stdout
    assert run_generator(project, "validate").returncode == 0  # a warning, not an error

    monkeypatch.setenv("TAKEDOWN_EMAIL", "khong phai e-mail")
    invalid = run_generator(project, "validate")
    assert invalid.returncode == 1 and f"mkdocs.yml:{line}:" in invalid.stdout
