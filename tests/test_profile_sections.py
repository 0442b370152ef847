"""A profile's sections say the same words on its page and in its search document: a real build.

Both are written from one source (``_profile_sections.j2``, through a Markdown and an HTML
writer); this checks the result, as a citizen reads the page and as Pagefind reads the document:
for every published record of the repository and for a test record that fills every optional
field of every section (with text that Markdown and HTML would read as markup), the built page's
sections have the same headings, in the same order, with the same text, as the search
document's, and so does what stands above them (the facts, the summary, photo captions).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from generator.paths import EXEMPLARS, SEARCH_DOCUMENTS

from conftest import copy_project, run_generator

# A collective (no personal data to consent to) filling every optional field of every section, with
# text that Markdown or HTML would read as markup, and a source with every part.
EVERY_SECTION = """\
name: Trường Kiểm Thử Mọi Mục
kind: collective
summary: Một trường thử có đủ mọi mục của hồ sơ.
year: 2019
place: {province: Cao Bằng, district: Hà Quảng, commune: Trường Hà}
movements: [cao-bang-chung-suc-xay-dung-nong-thon-moi]
fields: [giao-duc]
story: |
  Trường dạy ở điểm **Lũng Pảng** từ năm 2010, *cả* những ngày mưa.

  Đoạn thứ hai, có [liên kết](https://example.org/truong) & <b>thẻ</b>.
practices:
  - Đến từng nhà vận động học sinh ra lớp (1 * 2 = 2).
  - "Lập tổ <b>học nhóm</b> | theo xóm & bản_"
results:
  - {label: Tỉ lệ học sinh chuyên cần | cả năm, value: 98% <i>tăng</i>}
  - {label: "Số lớp # học [ghép]", value: "12_lớp"}
replication:
  how: Các trường vùng cao có thể lập **tổ vận động** học sinh.
  contact: Phòng Giáo dục huyện Hà Quảng <i>(số 1)</i>
  adopted_by:
    - {place: Trường Tiểu học A *Mú* Sung, year: 2020, note: Lập tổ vận động & nhóm học}
    - {place: Trường Tiểu học Lũng Nặm}
awards:
  - {award: Cờ thi đua của Chính phủ, year: 2018, by: Thủ tướng Chính phủ, decision: 45-qd-ttg-2018}
  - {award: Bằng khen của Thủ tướng Chính phủ}
sources:
  - {title: "Bài viết *thử* <b>một</b>", url: "https://example.org/bai-viet?a=1&b=2", author: Lê Văn Thử,
     publisher: Báo thử, date: "2019-05-01"}
  - {title: Bài viết chỉ có tên}
"""

DECISION = """\
number: 45/QĐ-TTg
date: "2018-01-15"
issuer: Thủ tướng Chính phủ
awards: [Cờ thi đua của Chính phủ]
"""

SECTIONS = ["Câu chuyện", "Cách làm hay", "Kết quả", "Cách nhân rộng", "Khen thưởng", "Phong trào, lĩnh vực", "Nguồn"]

# What the page shows among the sections that is not the profile's words, and so is not in its
# search document: the scrolling hint of a table, a heading's permalink, the adoption-report link,
# the related profiles; and, in the document, what Pagefind files beside the words.
NOT_THE_PROFILES_WORDS = {"ex-table__hint", "headerlink", "ex-adopt", "ex-related", "ex-search-data",
                         "ex-share", "ex-takedown"}
# What stands between the name and the first section (the facts, the summary, photo captions).
ABOVE_THE_SECTIONS = "(trên các mục)"
# Tags that do not part words: anything else does (a cell, an item, a paragraph).
INLINE = {"a", "strong", "em", "b", "i", "code", "span", "abbr"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Sections(HTMLParser):
    """The h2 sections of a page's article: each heading and the text below it until the next."""

    def __init__(self, is_article) -> None:
        super().__init__(convert_charrefs=True)
        self.is_article = is_article
        self.open: list[bool] | None = None  # inside the article: for each open element, whether it is left out
        self.sections: list[list[str]] = []
        self.in_heading = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.open is None:
            if tag == "article" and self.is_article(attributes):
                self.open = []
            return
        if tag not in INLINE:
            self.write(" ")
        if tag in VOID:
            return
        left_out = bool(set((attributes.get("class") or "").split()) & NOT_THE_PROFILES_WORDS)
        self.open.append(left_out or bool(self.open and self.open[-1]))
        if tag == "h2" and not self.open[-1]:
            self.sections.append(["", ""])
            self.in_heading = True

    def handle_endtag(self, tag):
        if self.open is None or tag in VOID:
            return
        if not self.open:  # the article's own end
            self.open = None
            return
        left_out = self.open.pop()
        if tag == "h2":
            self.in_heading = False
        if tag == "h1" and not left_out:
            self.sections.append([ABOVE_THE_SECTIONS, ""])
        if tag not in INLINE:
            self.write(" ")

    def handle_data(self, data):
        if self.open is not None and not (self.open and self.open[-1]):
            self.write(data)

    def write(self, text: str) -> None:
        if self.sections:
            self.sections[-1][0 if self.in_heading else 1] += text


def sections(html: str, is_article) -> list[tuple[str, str]]:
    parser = Sections(is_article)
    parser.feed(html)
    assert parser.open is None, "the article is closed"
    return [(" ".join(heading.split()), " ".join(text.split())) for heading, text in parser.sections]


def page_sections(site: Path, exemplar_id: str) -> list[tuple[str, str]]:
    html = (site / EXEMPLARS / exemplar_id / "index.html").read_text("utf-8")
    return sections(html, lambda attributes: "md-content__inner" in (attributes.get("class") or "").split())


def document_sections(documents: Path, exemplar_id: str) -> list[tuple[str, str]]:
    html = (documents / EXEMPLARS / exemplar_id / "index.html").read_text("utf-8")
    return sections(html, lambda attributes: "data-pagefind-body" in attributes)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("profile-sections"))
    (root / "exemplars" / "kiem-thu").mkdir()
    (root / "exemplars" / "kiem-thu" / "truong-kiem-thu-moi-muc.yml").write_text(EVERY_SECTION, encoding="utf-8")
    (root / "content" / "decisions").mkdir(exist_ok=True)
    (root / "content" / "decisions" / "45-qd-ttg-2018.yml").write_text(DECISION, encoding="utf-8")
    run_generator(root, "build", check=True)
    return root


def profiles(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "build" / "generated" / SEARCH_DOCUMENTS / EXEMPLARS).iterdir())


def test_every_profiles_sections_read_the_same_on_its_page_and_in_its_search_document(built: Path):
    site, documents = built / "site", built / "build" / "generated" / SEARCH_DOCUMENTS
    ids = profiles(built)
    assert len(ids) == len(list((built / "exemplars").rglob("*.yml")))  # every record is published
    for exemplar_id in ids:
        page = page_sections(site, exemplar_id)
        assert [heading for heading, _ in page] == [h for h in [ABOVE_THE_SECTIONS, *SECTIONS] if h in dict(page)], exemplar_id
        assert page == document_sections(documents, exemplar_id), exemplar_id


def test_the_test_record_fills_every_section_and_shows_its_markup_as_text(built: Path):
    page = dict(page_sections(built / "site", "truong-kiem-thu-moi-muc"))
    assert list(page) == [ABOVE_THE_SECTIONS, *SECTIONS]
    assert page["Câu chuyện"] == ("Trường dạy ở điểm Lũng Pảng từ năm 2010, cả những ngày mưa. "
                                  "Đoạn thứ hai, có liên kết & thẻ.")
    assert page["Cách làm hay"] == "Đến từng nhà vận động học sinh ra lớp (1 * 2 = 2). Lập tổ <b>học nhóm</b> | theo xóm & bản_"
    assert page["Kết quả"] == ("Chỉ tiêu Kết quả Tỉ lệ học sinh chuyên cần | cả năm 98% <i>tăng</i> "
                               "Số lớp # học [ghép] 12_lớp")
    assert page["Cách nhân rộng"] == (
        "Các trường vùng cao có thể lập tổ vận động học sinh. Liên hệ để học hỏi: Phòng Giáo dục huyện Hà Quảng "
        "<i>(số 1)</i> Nơi đã áp dụng Trường Tiểu học A *Mú* Sung (2020): Lập tổ vận động & nhóm học "
        "Trường Tiểu học Lũng Nặm")
    assert page["Khen thưởng"] == (
        "Hình thức Cấp khen thưởng Năm Người, cơ quan quyết định Quyết định "
        "Cờ thi đua của Chính phủ Khen thưởng của Chính phủ, Thủ tướng Chính phủ 2018 Thủ tướng Chính phủ "
        "Quyết định số 45/QĐ-TTg ngày 15/01/2018 "
        "Bằng khen của Thủ tướng Chính phủ Khen thưởng của Chính phủ, Thủ tướng Chính phủ")
    assert page["Phong trào, lĩnh vực"] == ("Phong trào: Cao Bằng chung sức xây dựng nông thôn mới "
                                            "Lĩnh vực: Giáo dục – đào tạo")
    assert page["Nguồn"] == "Bài viết *thử* <b>một</b>, Lê Văn Thử, Báo thử, 01/05/2019 Bài viết chỉ có tên"
