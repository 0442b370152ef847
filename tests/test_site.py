"""The site a citizen gets: a real MkDocs build of the repository's records plus a few test records."""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from generator.vietnamese import sort_key

from conftest import REPO, copy_project, run_generator

DRAFT_MARKER = "XDRAFTMARKER7731"
WITHDRAWN_MARKER = "XWITHDRAWNMARKER9942"

MULTI_AWARD = """\
name: Nguyễn Thị Thuỷ <b>Kiểm tra</b> *thử*
kind: individual
summary: Giáo viên dạy giỏi nhiều năm liền ở một xã vùng cao.
year: 2019
place: {province: Lào Cai, district: Bát Xát, commune: Y Tý, village: Lao Chải}
role: Giáo viên
movements: [cao-bang-chung-suc-xay-dung-nong-thon-moi]
fields: [giao-duc]
awards:
  - {award: Giấy khen, year: 2015, by: UBND huyện Bát Xát}
  - {award: huan chuong lao dong hang ba, decision: 123-qd-ctn-2019}
  - {award: Bằng khen của Thủ tướng Chính phủ, year: 2017, by: Thủ tướng Chính phủ}
story: |
  Cô dạy ở điểm trường **Lao Chải** từ năm 2010.
practices:
  - Đến từng nhà vận động học sinh ra lớp.
results:
  - {label: Tỉ lệ học sinh chuyên cần, value: 98%}
replication:
  how: Các trường vùng cao có thể lập tổ vận động học sinh.
  contact: Trường Tiểu học Y Tý
  adopted_by:
    - {place: Trường Tiểu học A Mú Sung, year: 2020, note: Lập tổ vận động}
sources:
  - {title: Bài viết thử, url: "https://example.org/bai-viet", publisher: Báo thử, date: "2019-05-01"}
consent:
  - {basis: public-decision, decision: 123-qd-ctn-2019}
  - basis: consent
    covers: [story, contact]
    date: "2019-04-01"
    given_by: Nguyễn Thị Thuỷ
    channel: form
    text_version: Phiếu đồng ý công bố thông tin 1.0
"""

DECISION = """\
number: 123/QĐ-CTN
date: "2019-04-20"
issuer: Chủ tịch nước
title: Về việc tặng thưởng Huân chương Lao động
awards: [Huân chương Lao động hạng Ba]
"""

# What `new` writes before staff fill it in: kind, summary and year empty.
HALF_WRITTEN_DRAFT = """\
name: Bản nháp {marker}
kind:
summary:
year:
place: {{province: Cao Bằng}}
status: draft
"""

# A draft whose YAML does not even parse: known as a draft by its status line.
UNREADABLE_DRAFT = """\
name: "Nháp chưa xong {marker}
status: draft
"""

UNDATED = """\
name: Trường Kiểm Thử Chưa Rõ Năm
kind: collective
summary: Một trường được tặng Cờ thi đua trong giai đoạn 2021–2023; nguồn không ghi năm.
year: {from: 2021, to: 2023}
place: {province: Bắc Kạn}
awards:
  - {award: Cờ thi đua của Chính phủ}
story: Nguồn chỉ ghi giai đoạn.
"""

# A second model adopted in two named places, so that the most-replicated list has an order to keep.
ADOPTED_TWICE = """\
name: Mô hình Kiểm Thử Nhân Rộng
kind: model
summary: Một mô hình thử được hai trường áp dụng.
place: {province: Lào Cai, district: Bát Xát}
story: Mô hình thử.
replication:
  adopted_by:
    - {place: Trường Tiểu học Mường Hum, year: 2021}
    - {place: Trường Tiểu học Trịnh Tường, year: 2022}
"""

HIDDEN = """\
name: Hồ sơ {marker}
kind: individual
summary: Hồ sơ chưa công bố {marker}.
year: 2020
place: {{province: Cao Bằng}}
story: Câu chuyện {marker}
status: {status}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The default build: no SITE_URL (``make site`` on a staff member's machine)."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("SITE_URL", raising=False)
        return build_test_site(copy_project(tmp_path_factory.mktemp("site")))


def build_test_site(root: Path) -> Path:
    """Build the repository's records plus this module's test records in ``root``: the site folder."""
    tests = root / "exemplars" / "kiem-thu"
    tests.mkdir()
    (tests / "nguyen-thi-thuy-kiem-thu.yml").write_text(MULTI_AWARD, encoding="utf-8")
    (tests / "ho-so-nhap.yml").write_text(HIDDEN.format(marker=DRAFT_MARKER, status="draft"), encoding="utf-8")
    (tests / "nhap-do-dang.yml").write_text(HALF_WRITTEN_DRAFT.format(marker=DRAFT_MARKER), encoding="utf-8")
    (tests / "nhap-hong.yml").write_text(UNREADABLE_DRAFT.format(marker=DRAFT_MARKER), encoding="utf-8")
    (tests / "truong-kiem-thu-chua-ro-nam.yml").write_text(UNDATED, encoding="utf-8")
    (tests / "mo-hinh-kiem-thu-nhan-rong.yml").write_text(ADOPTED_TWICE, encoding="utf-8")
    decisions = root / "content" / "decisions"
    decisions.mkdir(exist_ok=True)
    (decisions / "123-qd-ctn-2019.yml").write_text(DECISION, encoding="utf-8")
    (tests / "ho-so-da-rut.yml").write_text(
        HIDDEN.format(marker=WITHDRAWN_MARKER, status="withdrawn"), encoding="utf-8"
    )
    run_generator(root, "build", "--strict", check=True)
    return root / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """The visible text of an HTML page, roughly: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_site_speaks_vietnamese(site: Path):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in home
    assert "Điển hình tiên tiến" in home
    for target in ("dien-hinh/", "phong-trao/", "loai/", "linh-vuc/", "dia-phuong/", "nam/"):
        assert f'href="{target}"' in home


def test_profile_shows_the_record(site: Path):
    body = page(site, "dien-hinh/nguyen-thi-thuy-kiem-thu")
    visible = text_of(body)
    for expected in (
        "Cá nhân",
        "Lao Chải, xã Y Tý, huyện Bát Xát, tỉnh Lào Cai",
        "Giáo viên",
        "Câu chuyện",
        "Cách làm hay",
        "Đến từng nhà vận động học sinh ra lớp.",
        "Tỉ lệ học sinh chuyên cần",
        "98%",
        "Cách nhân rộng",
        "Trường Tiểu học A Mú Sung",
        "Trường Tiểu học Y Tý",
        "Quyết định số 123/QĐ-CTN ngày 20/04/2019",
    ):
        assert expected in visible, expected
    assert '<strong>Lao Chải</strong>' in body  # the story is Markdown
    assert 'href="https://example.org/bai-viet"' in body
    assert 'href="../../phong-trao/cao-bang-chung-suc-xay-dung-nong-thon-moi/"' in body


def test_highest_honour_first(site: Path):
    visible = text_of(page(site, "dien-hinh/nguyen-thi-thuy-kiem-thu"))
    assert "Khen thưởng cao nhất: Huân chương Lao động hạng Ba (2019)" in " ".join(visible.split())
    table = visible[visible.index("Người, cơ quan quyết định"):]
    order = [table.index(n) for n in ("Huân chương Lao động hạng Ba", "Bằng khen của Thủ tướng", "Giấy khen")]
    assert order == sorted(order)


def test_plain_text_is_shown_as_written_not_as_markup(site: Path):
    body = page(site, "dien-hinh/nguyen-thi-thuy-kiem-thu")
    assert "<b>Kiểm tra</b>" not in body
    assert "&lt;b&gt;Kiểm tra&lt;/b&gt; *thử*" in body


def test_drafts_and_withdrawn_records_never_reach_the_site(site: Path):
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert DRAFT_MARKER.encode() not in data, path
            assert WITHDRAWN_MARKER.encode() not in data, path


def test_movement_page_lists_its_exemplars(site: Path):
    visible = text_of(page(site, "phong-trao/cao-bang-chung-suc-xay-dung-nong-thon-moi"))
    assert "Nguyễn Thị Thuỷ" in visible
    assert "Cao Bằng chung sức xây dựng nông thôn mới" in visible


@pytest.mark.parametrize(
    "index_page",
    ["loai/ca-nhan", "linh-vuc/giao-duc", "dia-phuong/lao-cai", "nam/2019", "dien-hinh",
     "khen-thuong/huan-chuong-lao-dong-hang-ba", "khen-thuong/giay-khen"],
)
def test_index_pages_list_the_profile(site: Path, index_page: str):
    assert 'href="../../dien-hinh/nguyen-thi-thuy-kiem-thu/"' in page(site, index_page) or (
        'href="nguyen-thi-thuy-kiem-thu/"' in page(site, index_page)
    )


def test_profiles_stay_out_of_the_navigation(site: Path):
    home = (site / "index.html").read_text(encoding="utf-8")
    navigation = "".join(re.findall(r"<nav\b.*?</nav>", home, re.S))  # the front page's cards show profiles
    assert navigation and "dien-hinh/" in navigation and "nguyen-thi-thuy-kiem-thu" not in navigation
    nav = page(site, "gioi-thieu")
    assert "dien-hinh/truong-tieu-hoc-hoa-chung" not in nav


def test_search_index_holds_profiles_by_name_place_and_movement(site: Path):
    # Pagefind's fragments: gzip, a "pagefind_dcd" signature, then one page's JSON.
    fragments = [gzip.decompress(f.read_bytes()) for f in (site / "pagefind" / "fragment").iterdir()]
    pages = {d["url"]: d for d in (json.loads(f.removeprefix(b"pagefind_dcd")) for f in fragments)}
    profile = pages.get("/dien-hinh/nguyen-thi-thuy-kiem-thu/")
    assert profile, "profile missing from the search index"
    for needle in ("Nguyễn Thị Thuỷ", "Y Tý", "Bát Xát", "Cao Bằng chung sức xây dựng nông thôn mới"):
        assert needle in profile["content"]
    assert not any(DRAFT_MARKER in d["content"] for d in pages.values())  # drafts stay out


def test_every_page_is_nfc(site: Path):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path


def test_every_seed_record_has_a_page(site: Path):
    repo_records = Path(__file__).resolve().parent.parent / "exemplars"
    for record in repo_records.rglob("*.yml"):
        if "synthetic" in record.parts:
            continue
        assert (site / "dien-hinh" / record.stem / "index.html").is_file(), record


def test_a_to_z_list_follows_vietnamese_alphabetical_order(site: Path):
    body = page(site, "dien-hinh")
    names = [html.unescape(n) for n in re.findall(r'<a href="[^"]+/">([^<]+)</a> · ', body)]
    assert len(names) > 40
    assert names == sorted(names, key=sort_key)
    assert names != sorted(names)  # code-point order would differ (Đ after Z)
    first_d_bar = next(i for i, n in enumerate(names) if n.startswith("Đ"))
    assert all(not n.startswith(("E", "G", "H")) for n in names[:first_d_bar])


def test_published_pages_carry_no_preview_banner(site: Path):
    """The problem list belongs to the live preview only; a build never shows it, nor an empty banner."""
    for path in ("", "dien-hinh/truong-tieu-hoc-hoa-chung"):
        markup = page(site, path)
        assert "preview" not in markup and "md-banner" not in markup


def test_award_forms_are_browsed_from_the_highest_honour(site: Path):
    text = text_of(page(site, "khen-thuong"))
    order = [text.index(name) for name in ("Huân chương Lao động hạng Ba", "Bằng khen của Thủ tướng Chính phủ")]
    assert order == sorted(order)
    assert text.index("Khen thưởng cấp Nhà nước") < text.index("Khen thưởng của Chính phủ")


def _code_blocks(markup: str) -> list[str]:
    return [html.unescape(block) for block in re.findall(r"<pre[^>]*><code[^>]*>(.*?)</code></pre>", markup, re.S)]


@pytest.mark.parametrize("path, commands", [
    ("huong-dan-bien-tap", [
        "py -m venv .venv",  # inside a numbered step, indented
        "source .venv/bin/activate",
        "python -m generator serve",  # at the top level, fenced
        'python -m generator new exemplar "Nông Thị Hồng"',
        "--dry-run",
    ]),
    ("mau-ho-so", ["name:", "kind:"]),
])
def test_guides_show_their_commands_as_code_blocks(site: Path, path: str, commands: list[str]):
    markup = page(site, path)
    assert "```" not in markup  # no fence shown as text
    blocks = _code_blocks(markup)
    for command in commands:
        assert any(command in block for block in blocks), command


def test_a_code_block_inside_a_step_stays_in_that_step(site: Path):
    markup = page(site, "huong-dan-bien-tap")
    code = markup.index("<pre><code>py -m venv .venv")
    step = markup.rindex("<li>", 0, code)
    assert "</li>" not in markup[step:code]  # the list was not broken before the commands
    assert "Mở cửa sổ dòng lệnh" in markup[step:code]


def test_an_award_takes_its_year_and_signer_from_its_decision(site: Path):
    body = page(site, "dien-hinh/nguyen-thi-thuy-kiem-thu")
    rows = {text_of(row).split("|")[0].strip(): " ".join(text_of(row).split())
            for row in re.findall(r"<tr>.*?</tr>", body, re.S)}
    row = next(text for name, text in rows.items() if "hạng Ba" in text)
    assert "2019" in row and "Chủ tịch nước" in row and "Khen thưởng cấp Nhà nước" in row
    assert 'href="../../quyet-dinh/123-qd-ctn-2019/"' in body


def test_a_decision_page_lists_everyone_it_honoured(site: Path):
    visible = " ".join(text_of(page(site, "quyet-dinh/123-qd-ctn-2019")).split())
    assert "Quyết định số 123/QĐ-CTN ngày 20/04/2019" in visible
    assert "Người, cơ quan ký: Chủ tịch nước" in visible
    assert "Nguyễn Thị Thuỷ <b>Kiểm tra</b> *thử*" in visible
    assert "Huân chương Lao động hạng Ba" in visible
    index = " ".join(text_of(page(site, "quyet-dinh")).split())
    assert "Quyết định số 123/QĐ-CTN ngày 20/04/2019 · Chủ tịch nước · 1 điển hình" in index


def awards_header(body: str) -> list[str]:
    table = body[body.index('id="khen-thuong"'):]
    return text_of(table[table.index("<thead>"):table.index("</thead>")]).split()


def test_award_columns_say_what_they_hold_and_empty_ones_are_left_out(site: Path):
    body = page(site, "dien-hinh/nguyen-thi-thuy-kiem-thu")
    assert awards_header(body) == "Hình thức Cấp khen thưởng Năm Người, cơ quan quyết định Quyết định".split()
    # An award the source gives without a year, a signer or a decision: no empty columns for them.
    body = page(site, "dien-hinh/truong-kiem-thu-chua-ro-nam")
    assert awards_header(body) == "Hình thức Cấp khen thưởng".split()


def test_a_year_the_source_does_not_give_is_never_shown_or_counted(site: Path):
    visible = " ".join(text_of(page(site, "dien-hinh/truong-kiem-thu-chua-ro-nam")).split())
    assert "Tập thể · giai đoạn 2021–2023" in visible
    assert "Khen thưởng cao nhất: Cờ thi đua của Chính phủ Khen" not in visible  # no "()" or year after it
    assert "Cờ thi đua của Chính phủ" in visible
    for year in range(2021, 2024):
        year_page = site / "nam" / str(year) / "index.html"
        assert not year_page.exists() or "truong-kiem-thu-chua-ro-nam" not in year_page.read_text("utf-8")
    years = " ".join(text_of(page(site, "nam")).split())
    assert "Chưa rõ năm" in years and "Trường Kiểm Thử Chưa Rõ Năm" in years
    statistics = (site / "thong-ke" / "nam.csv").read_text("utf-8-sig")
    unknown = [line for line in statistics.splitlines() if line.startswith("Chưa rõ năm,")]
    assert len(unknown) == 1 and int(unknown[0].split(",")[1]) >= 1
    export = json.loads((site / "du-lieu" / "exemplars.json").read_text("utf-8"))
    row = next(e for e in export["exemplars"] if e["id"] == "truong-kiem-thu-chua-ro-nam")
    assert row["year"] is None and row["when"] == "2021–2023"
    assert row["awards"][0]["year"] is None and row["awards"][0]["when"] == ""


def test_a_broken_draft_does_not_stop_the_site_and_appears_nowhere(site: Path):
    # The fixture holds a half-written draft and a draft whose YAML does not parse; the build ran.
    assert (site / "index.html").is_file()
    assert not (site / "dien-hinh" / "nhap-do-dang").exists()
    assert not (site / "dien-hinh" / "nhap-hong").exists()


LOCAL_ADDRESSES = (b"127.0.0.1", b"localhost", b"0.0.0.0", b"[::1]")


def test_a_build_without_site_url_holds_no_local_address(site: Path):
    """Every file of a default build (charts and QR codes are inline SVG), Pagefind's read decompressed."""
    files = [p for p in site.rglob("*") if p.is_file()]
    assert {".html", ".json", ".csv", ".png", ".js", ".css", ".pf_fragment"} <= {p.suffix for p in files}
    for path in files:
        data = path.read_bytes()
        data = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).lower()
        assert not [address for address in LOCAL_ADDRESSES if address in data], path.relative_to(site)


def test_a_build_without_site_url_leaves_absolute_addresses_out(site: Path):
    # A sitemap lists absolute addresses, feeds too (their ids): none rather than wrong ones.
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert not (site / "nguon-tin").exists()
    for path in ["", "dien-hinh/me-van-dat", "dien-hinh", "phong-trao/day-tot-hoc-tot"]:
        body = page(site, path)
        assert 'rel="canonical"' not in body and 'property="og:url"' not in body, path
        assert 'property="og:image"' not in body and "application/atom+xml" not in body, path
        assert "facebook.com" not in body and "mailto:?" not in body, path
    # Copy link and the share sheet stay: share.js gives them the page's own address.
    assert 'data-copy-link=""' in page(site, "dien-hinh/me-van-dat")
    card = (site / "the-mo-hinh" / "me-van-dat.html").read_text(encoding="utf-8")
    assert "<svg" not in card and 'rel="canonical"' not in card
    assert "Mã QR dẫn tới hồ sơ sẽ có trên thẻ khi trang web được công bố tại địa chỉ chính thức" in card


def test_a_build_without_site_url_says_so_in_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    root = copy_project(tmp_path, with_records=False)  # one record: a quick build
    model = "cao-bang/mo-hinh-nuoi-ong-lay-mat-hoang-van-ngo.yml"
    (root / "exemplars" / model).parent.mkdir()
    shutil.copy(REPO / "exemplars" / model, root / "exemplars" / model)
    output = run_generator(root, "build", check=True)
    said = [line for line in (output.stdout + output.stderr).splitlines() if "SITE_URL" in line]
    assert len(said) == 1 and "chưa có địa chỉ công bố" in said[0] and "sitemap.xml" in said[0], said
    monkeypatch.setenv("SITE_URL", "https://thidua.example.gov.vn/")
    output = run_generator(root, "build", check=True)
    assert "SITE_URL" not in output.stdout + output.stderr
    assert "https://thidua.example.gov.vn/" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")



class _Tables(HTMLParser):
    """For each <table> of a page, the attributes of the div.ex-table around it (None if none is)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[dict | None] = []  # the open divs: the attributes of those that are ex-table
        self.tables: list[dict | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div":
            self.open.append(attributes if attributes.get("class") == "ex-table" else None)
        elif tag == "table":
            self.tables.append(next((div for div in reversed(self.open) if div), None))

    def handle_endtag(self, tag):
        if tag == "div" and self.open:
            self.open.pop()


def test_every_table_sits_in_a_named_scrollable_region(site: Path):
    """A table wider than a phone scrolls in its own region (tests/test_browser.py checks how it shows)."""
    pages = [p for p in site.rglob("*.html") if "<table" in p.read_text(encoding="utf-8")]
    assert {"thong-ke", "nhan-rong", "mau-ho-so", "huong-dan-bien-tap"} <= {p.parent.name for p in pages}
    for path in pages:
        parser = _Tables()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.tables and all(parser.tables), path.relative_to(site)
        for region in parser.tables:
            assert region["role"] == "region" and region["tabindex"] == "0", path.relative_to(site)
            assert region["aria-label"].startswith("Bảng"), path.relative_to(site)
        labels = [region["aria-label"] for region in parser.tables]
        assert len(labels) == len(set(labels)), path.relative_to(site)  # landmarks told apart by name


def test_the_search_page_without_javascript_offers_working_links(site: Path):
    noscript = re.search(r"<noscript>(.*?)</noscript>", page(site, "tim-kiem"), re.S)
    assert noscript, "the search page says what to do without JavaScript"
    assert "](" not in noscript.group(1) and ".md" not in noscript.group(1)  # no raw Markdown
    links = re.findall(r'href="([^"]+)"', noscript.group(1))
    assert links
    for link in links:
        assert (site / "tim-kiem" / link / "index.html").resolve().is_file(), link
