"""Places across the 2025 reorganisation, and the search index, in a real build of the repository's content."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from conftest import copy_project, run_generator
from test_search_index import fragments

from generator.places import load_province_successors


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("places"))
    run_generator(root, "build", check=True)
    return root / "site"


def test_table_maps_old_provinces_to_today_by_folded_name():
    table = load_province_successors(Path(__file__).parents[1] / "content" / "taxonomies")
    assert table["bac kan"] == "Thái Nguyên"
    assert "cao bang" not in table  # not merged: shown as written


def test_profile_shows_the_name_of_its_time_and_todays_province(site: Path):
    html = (site / "dien-hinh" / "xa-duong-phong" / "index.html").read_text(encoding="utf-8")
    assert 'Bắc Kạn (nay thuộc <a href="../../dia-phuong/thai-nguyen/">tỉnh Thái Nguyên</a>)' in html
    cao_bang = (site / "dien-hinh" / "me-van-dat" / "index.html").read_text(encoding="utf-8")
    assert "nay thuộc" not in cao_bang


def test_todays_province_lists_the_records_of_the_old_one(site: Path):
    bac_kan = (site / "dia-phuong" / "bac-kan" / "index.html").read_text(encoding="utf-8")
    thai_nguyen = (site / "dia-phuong" / "thai-nguyen" / "index.html").read_text(encoding="utf-8")
    for slug in ("xa-duong-phong", "pham-van-khac", "thanh-pho-bac-kan"):
        assert f"dien-hinh/{slug}/" in bac_kan and f"dien-hinh/{slug}/" in thai_nguyen
    index = (site / "dia-phuong" / "index.html").read_text(encoding="utf-8")
    assert 'nay thuộc <a href="thai-nguyen/">tỉnh Thái Nguyên</a>' in index


def test_search_index_holds_profiles_only(site: Path):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    profiles = [p for p in (site / "dien-hinh").iterdir() if (p / "index.html").is_file()]
    assert entry["languages"]["vi"]["page_count"] == len(profiles) == 51
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
