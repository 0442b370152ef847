"""Places across the 2025 reorganisation, and the search index, in a real build of the repository's content."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from generator.rules.places import name_key, then_now, unit_table

from conftest import copy_project, run_generator
from test_search_index import fragments

TAXONOMIES = Path(__file__).parents[1] / "content" / "taxonomies"
# The 29 provinces NQ 202/2025/QH15 merged away, each with its successor (domain.md §2).
FORMER = {
    "Hà Giang": "Tuyên Quang", "Yên Bái": "Lào Cai", "Bắc Kạn": "Thái Nguyên", "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ", "Bắc Giang": "Bắc Ninh", "Thái Bình": "Hưng Yên", "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình", "Quảng Bình": "Quảng Trị", "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi", "Bình Định": "Gia Lai", "Ninh Thuận": "Khánh Hòa", "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng", "Phú Yên": "Đắk Lắk", "Bình Dương": "Hồ Chí Minh",
    "Bà Rịa – Vũng Tàu": "Hồ Chí Minh", "Bình Phước": "Đồng Nai", "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ", "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp", "Bạc Liêu": "Cà Mau", "Kiên Giang": "An Giang",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("places"))
    run_generator(root, "build", check=True)
    return root / "site"


def test_every_former_province_of_2025_resolves_to_its_successor():
    table = unit_table(TAXONOMIES)
    merged = [m for m in table.provinces if m.source.id == "nq-202-2025-qh15"]
    assert len(merged) == 23
    formers = {part: m.name for m in merged for part in m.parts if name_key(part) != name_key(m.name)}
    assert formers == FORMER  # all 29, each to the unit the resolution names
    for former, successor in FORMER.items():
        assert table.province_successor(former).name == successor
        assert table.province_successor(former.upper()) is not None  # case, tone placement
        assert then_now(former, "", "", "", table).today_province == successor
    assert table.province_successor("Cao Bằng") is None  # not merged: shown as written
    assert table.province_successor("Thừa Thiên Huế").name == "Huế"  # NQ 175/2024/QH15, not one of the 29


def test_todays_34_provinces_agree_with_the_vietnam_provinces_package():
    from vietnam_provinces import Province

    package = {name_key(p.name) for p in Province.iter_all()}
    table = unit_table(TAXONOMIES)
    assert len(package) == 34
    assert {name_key(name) for name in table.today_provinces} == package
    assert not {name_key(name) for name in FORMER} & package


def test_cao_bang_2020_district_mergers_carry_their_year_only():
    table = unit_table(TAXONOMIES)
    for old, new in (("Thông Nông", "Hà Quảng"), ("Trà Lĩnh", "Trùng Khánh"), ("Phục Hòa", "Quảng Hòa"),
                     ("Quảng Uyên", "Quảng Hòa")):
        merger = table.district_successor("Cao Bằng", old)
        assert (merger.name, merger.valid_from, merger.source.short) == (new, 2020, "Nghị quyết 897/NQ-UBTVQH14")
    assert table.district_successor("Cao Bằng", "Hạ Lang") is None
    assert table.district_successor("Bắc Kạn", "Phục Hòa") is None  # a district is known within its province


def test_a_commune_is_mapped_only_where_the_source_lists_it():
    table = unit_table(TAXONOMIES)
    # Two steps: huyện Phục Hòa → Quảng Hòa (2020), then the package's 2024 → 2025 row.
    cach_linh = then_now("Cao Bằng", "Phục Hòa", "Cách Linh", "", table)
    assert cach_linh.recorded == "xã Cách Linh, huyện Phục Hòa, tỉnh Cao Bằng"
    assert cach_linh.today == "xã Bế Văn Đàn, tỉnh Cao Bằng"
    # "huyện Phục Hòa" alone is a former district, never today's "xã Phục Hòa".
    district = then_now("Cao Bằng", "Phục Hòa", "", "", table)
    assert district.today == "" and "Phục Hòa" not in district.today_communes
    assert "nhập vào huyện Quảng Hòa năm 2020" in district.changes[0].text
    # Communes the package's 2024 table does not list (reorganised in 2020): nothing said.
    for commune, district_name in (("Triệu Ẩu", "Phục Hòa"), ("Vân An", "Hà Quảng")):
        place = then_now("Cao Bằng", district_name, commune, "", table)
        assert place.today == "" and not place.today_communes
    assert then_now("Cao Bằng", "Trùng Khánh", "Xã Không Có", "", table).today == ""
    # "Quân Hà" is a name, not "quận Hà".
    assert then_now("Bắc Kạn", "Bạch Thông", "Quân Hà", "", table).today == "xã Cẩm Giàng, tỉnh Thái Nguyên"


def test_validating_each_former_province_gives_no_warning(tmp_path: Path):
    root = copy_project(tmp_path)
    record = root / "exemplars" / "bac-kan" / "xa-duong-phong.yml"  # a collective: no consent warnings
    text = record.read_text(encoding="utf-8")
    folder = root / "exemplars" / "cac-tinh-cu"
    folder.mkdir()
    for index, former in enumerate([*FORMER, "Thừa Thiên Huế", "TP. Hồ Chí Minh", "Bà Rịa-Vũng Tàu"]):
        (folder / f"tinh-cu-{index}.yml").write_text(
            text.replace("province: Bắc Kạn", f"province: {former}"), encoding="utf-8")
    result = run_generator(root, "validate", "--lang", "en")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "tinh-cu-" not in output, output  # (the warnings are the consent warnings of the records copied)


def test_a_former_province_in_the_table_without_its_source_is_an_error(tmp_path: Path):
    root = copy_project(tmp_path)
    units = root / "content" / "taxonomies" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "from: [Hà Giang, Tuyên Quang], valid_from: \"2025-07-01\", source: nq-202-2025-qh15",
        "from: [Hà Giang, Tuyên Quang], valid_from: \"2025-07-01\", source: nq-202"), encoding="utf-8")
    result = run_generator(root, "validate", "--lang", "en")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "units.yml:" in output and "There is no source 'nq-202'" in output, output


def test_profile_shows_the_place_as_recorded_with_its_year_and_todays_unit(site: Path):
    html = (site / "dien-hinh" / "xa-duong-phong" / "index.html").read_text(encoding="utf-8")
    assert ("xã Dương Phong, huyện Bạch Thông, tỉnh Bắc Kạn (giai đoạn 2021–2023); nay thuộc xã Bạch Thông, "
            '<a href="../../dia-phuong/thai-nguyen/">tỉnh Thái Nguyên</a>') in html
    assert "Nghị quyết 202/2025/QH15" in html and "vietnam-address-converter 1.0.5" in html
    cach_linh = unescape((site / "dien-hinh" / "xa-cach-linh" / "index.html").read_text(encoding="utf-8"))
    assert "xã Cách Linh, huyện Phục Hòa, tỉnh Cao Bằng (nguồn năm 2017); nay thuộc xã Bế Văn Đàn, tỉnh Cao Bằng" in cach_linh
    assert "huyện Phục Hòa nhập vào huyện Quảng Hòa năm 2020 (Nghị quyết 897/NQ-UBTVQH14)" in cach_linh
    phuc_hoa = unescape((site / "dien-hinh" / "huyen-phuc-hoa" / "index.html").read_text(encoding="utf-8"))
    assert "nay thuộc" not in phuc_hoa.split("Thay đổi địa giới")[0].split("Địa bàn")[1]  # no commune guessed
    assert "xã Phục Hòa" not in phuc_hoa
    pac_co = unescape((site / "dien-hinh" / "xom-pac-co" / "index.html").read_text(encoding="utf-8"))
    facts = pac_co.split("Địa bàn", 1)[1].split("</li>", 1)[0]
    assert "Vân An, huyện Hà Quảng, tỉnh Cao Bằng" in facts and "nay thuộc" not in facts
    assert "2017" not in facts  # its source gives no year: none is shown


def test_search_documents_carry_todays_unit(site: Path):
    indexed = fragments(site)
    duong_phong = indexed["/dien-hinh/xa-duong-phong/"]
    assert "nay thuộc xã Bạch Thông, tỉnh Thái Nguyên" in duong_phong["content"]
    assert "Thái Nguyên" in duong_phong["filters"]["Tỉnh"] and "Bắc Kạn" in duong_phong["filters"]["Tỉnh"]
    assert "nay thuộc xã Bế Văn Đàn, tỉnh Cao Bằng" in indexed["/dien-hinh/xa-cach-linh/"]["content"]


def test_todays_province_lists_the_records_of_the_old_one(site: Path):
    bac_kan = (site / "dia-phuong" / "bac-kan" / "index.html").read_text(encoding="utf-8")
    thai_nguyen = (site / "dia-phuong" / "thai-nguyen" / "index.html").read_text(encoding="utf-8")
    for slug in ("xa-duong-phong", "pham-van-khac", "thanh-pho-bac-kan"):
        assert f"dien-hinh/{slug}/" in bac_kan and f"dien-hinh/{slug}/" in thai_nguyen
    index = (site / "dia-phuong" / "index.html").read_text(encoding="utf-8")
    assert 'nay thuộc <a href="thai-nguyen/">tỉnh Thái Nguyên</a>' in index


def test_search_index_holds_profiles_movements_and_decisions_only(site: Path):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    profiles = [p for p in (site / "dien-hinh").iterdir() if (p / "index.html").is_file()]
    movements = [p for p in (site / "phong-trao").iterdir() if (p / "index.html").is_file()]
    decisions = [p for p in (site / "quyet-dinh").iterdir() if (p / "index.html").is_file()]
    assert len(profiles) == 51 and len(movements) == 20
    assert entry["languages"]["vi"]["page_count"] == len(profiles) + len(movements) + len(decisions)
    assert (site / "pagefind" / "pagefind-ui.js").is_file()  # self-hosted UI, no CDN


def test_no_inline_scripts_for_search(site: Path):
    page = (site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert 'src="../assets/javascripts/search.js"' in page
    assert "PagefindUI" not in page  # the UI starts from theme/assets/javascripts/search.js


def test_profiles_link_related_profiles_same_commune_first(site: Path):
    html = (site / "dien-hinh" / "ho-ba-be-thi-hong" / "index.html").read_text(encoding="utf-8")
    related = html.split('class="ex-related"', 1)[1].split("</div>", 1)[0]
    links = [part.split('"', 1)[0] for part in related.split('href="')[1:]]
    links = [href for href in links if not href.startswith("#")]
    assert links[0] == "../cong-an-xa-quang-han/"  # same commune, Quang Hán
    assert 1 <= len(links) <= 6 and "../ho-ba-be-thi-hong/" not in links


def test_related_profiles_are_not_indexed_as_the_profiles_words(site: Path):
    page = (site / "dien-hinh" / "ho-ba-be-thi-hong" / "index.html").read_text(encoding="utf-8")
    related = page.split('class="ex-related"', 1)[1].split("</div>", 1)[0]
    names = [unescape(name) for name in re.findall(r'<a href="\.\./[^"]+/">([^<]+)</a>', related)]
    indexed = fragments(site)["/dien-hinh/ho-ba-be-thi-hong/"]["content"]
    assert names and not [name for name in names if name in indexed]  # a search for them finds their own profiles


def test_a_province_neither_old_nor_new_is_warned_with_the_nearest_names(tmp_path: Path):
    root = copy_project(tmp_path)
    record = root / "exemplars" / "bac-kan" / "le-thi-ngoc.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("province: Bắc Kạn", "province: Bắc Cạn"), "utf-8")
    other = root / "exemplars" / "bac-kan" / "nguyen-thi-vinh.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("province: Bắc Kạn", "province: Thái Nguyên"), "utf-8")
    result = run_generator(root, "validate", "--lang", "en")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output  # a warning, not an error
    assert "le-thi-ngoc.yml:9:" in output and "'Bắc Cạn' is neither one of today's provinces" in output
    assert "Bắc Kạn" in output.split("'Bắc Cạn'", 1)[1]  # the nearest name is suggested
    assert not [line for line in output.splitlines()
                if "nguyen-thi-vinh.yml" in line and "province" in line]  # today's province is known
