"""Drafts and withdrawn records reach no output at all: a real build is searched file by file
(pages, search index, feeds, open data, sitemap, statistics, images) for marker strings written
into every field of such records, and the statistics must not count them.

(A *published* individual without a basis for publication is refused by the validator:
tests/test_bad_input.py.)"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from generator.paths import SEARCH_DOCUMENTS
from PIL import Image

from conftest import add_photo, copy_project, grant_consent, run_generator

DRAFT = "xprivdraftq7304"  # lower case and plain letters: the same after folding and in the search index
WITHDRAWN = "xprivwithdrawnk5518"
EMPTY_MOVEMENT = "thu-nop-ngan-sach"  # no published record is in it

HIDDEN = """\
name: Nguyễn Văn {marker}
kind: {kind}
summary: Tóm tắt {marker}.
year: {year}
place: {{province: Cao Bằng, commune: Xã {marker}, village: Bản {marker}}}
role: Chức vụ {marker}
organization: Đơn vị {marker}
movements: [{movement}]
fields: [y-te]
awards:
  - {{award: Huân chương Lao động hạng Nhất, year: {year}, by: Chủ tịch nước, decision: {marker}/QĐ}}
story: Câu chuyện {marker}
practices: [Cách làm {marker}]
results:
  - {{label: Chỉ tiêu {marker}, value: "{marker}"}}
replication:
  how: Cách nhân rộng {marker}
  contact: Liên hệ {marker}
  adopted_by:
{adoptions}
photos:
  - {{file: anh/{marker}.jpg, caption: Ảnh {marker}, credit: Tác giả {marker}}}
sources:
  - {{title: Nguồn {marker}, url: "https://example.org/{marker}"}}
status: {status}
"""


def hidden_record(marker: str, *, status: str, kind: str, year: int, adoptions: int) -> str:
    places = "".join(f"    - {{place: Nơi {marker} {i}, year: {year}}}\n" for i in range(adoptions))
    return HIDDEN.format(marker=marker, status=status, kind=kind, year=year, movement=EMPTY_MOVEMENT,
                         adoptions=places)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("privacy"))
    folder = root / "exemplars" / "cao-bang"
    (folder / "anh").mkdir(exist_ok=True)
    for marker in (DRAFT, WITHDRAWN):
        photo = Image.new("RGB", (40, 30), (10, 120, 40))
        photo.save(folder / "anh" / f"{marker}.jpg", comment=marker.encode())  # marker in the file's bytes too
    # A draft individual with no basis for publication, and a withdrawn model adopted in 9 places
    # (it would top the most-replicated chart if it were counted); both in a year no other record has.
    (folder / f"{DRAFT}.yml").write_text(
        hidden_record(DRAFT, status="draft", kind="individual", year=2003, adoptions=2), encoding="utf-8")
    (folder / f"{WITHDRAWN}.yml").write_text(
        hidden_record(WITHDRAWN, status="withdrawn", kind="model", year=2003, adoptions=9), encoding="utf-8")
    published = folder / "ho-ba-be-thi-hong.yml"  # a published photo, so that images are among the outputs
    add_photo(published, size=(40, 30))
    grant_consent(published, "[photos]", person="Bế Thị Hòng")
    with pytest.MonkeyPatch.context() as env:  # the published address: feeds and the sitemap too
        env.setenv("SITE_URL", "https://thidua.example.gov.vn/")
        run_generator(root, "build", "--strict", check=True)
    return root / "site"


def readable_bytes(path: Path) -> bytes:
    """A file's bytes, decompressed when gzip (Pagefind's index, fragments and filters; sitemap.xml.gz)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def test_no_output_file_holds_a_marker(site: Path):
    files = [p for p in site.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".html", ".xml", ".json", ".csv", ".gz", ".jpg"} <= kinds, kinds  # every kind of output was built
    assert any(p.suffix == ".pf_fragment" for p in files) and any(p.suffix == ".pf_index" for p in files)
    searched = 0
    for path in files:
        data = readable_bytes(path).lower()
        for marker in (DRAFT, WITHDRAWN):
            assert marker.encode() not in data, f"{marker} in {path.relative_to(site)}"
            assert marker not in path.as_posix(), path
        searched += 1
    assert searched == len(files)


def test_no_search_document_holds_a_marker(site: Path):
    """Pagefind reads the generator's search documents, which are not published: drafts have none either."""
    folder = site.parent / "build" / "generated" / SEARCH_DOCUMENTS
    documents = [p.read_text(encoding="utf-8").lower() for p in folder.rglob("*") if p.is_file()]
    # One for each published profile, movement and decision.
    assert len(documents) == sum(1 for folder in ("dien-hinh", "phong-trao", "quyet-dinh")
                                 for _ in (site / folder).glob("*/index.html"))
    assert not [text for text in documents for marker in (DRAFT, WITHDRAWN) if marker in text]


def test_search_index_was_searchable(site: Path):
    """The check above reads Pagefind's files: make sure it would see a published name in them."""
    fragments = b"".join(readable_bytes(p) for p in (site / "pagefind" / "fragment").iterdir())
    assert "Nguyễn Thị Vinh".encode() in fragments or b"nguyen-thi-vinh" in fragments


def test_statistics_do_not_count_them(site: Path):
    page = (site / "thong-ke" / "index.html").read_text(encoding="utf-8")
    years = page[page.index('<h2 id="nam">'):page.index('<h2 id="loai">')]
    assert "2003" not in years
    # Only drafts and withdrawn records are in the movement: it has no published exemplar, so the
    # statistics leave it out (the movements page lists it apart), rather than counting them.
    assert f"phong-trao/{EMPTY_MOVEMENT}/" not in page
    csv_text = (site / "thong-ke" / "phong-trao.csv").read_text(encoding="utf-8-sig")
    assert "thu nộp ngân sách" not in csv_text.lower(), csv_text
    adopted = (site / "thong-ke" / "nhan-rong.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert all(int(row.rsplit(",", 1)[1]) < 9 for row in adopted)
    assert not (site / "nguon-tin" / f"phong-trao-{EMPTY_MOVEMENT}.xml").read_text(encoding="utf-8").count("<entry>")
