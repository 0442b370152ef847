"""The statistics page on a real build: every number in each chart's SVG, table and CSV equals a
count made here, independently, from the record YAML files (published records only)."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import yaml
from generator.rules.places import then_now, unit_table
from generator.vietnamese import fold

from test_site import site, text_of  # noqa: F401  (module-scoped build with a draft and a withdrawn record)

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = ("nam", "loai", "phong-trao", "linh-vuc", "dia-phuong", "huyen", "khen-thuong", "nhan-rong")


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_counts(root: Path) -> dict[str, Counter]:
    """Each chart's label → number, counted from the YAML files with no generator code."""
    records = []
    for path in sorted((root / "exemplars").rglob("*.yml")):
        try:
            records.append(load(path))
        except yaml.YAMLError:  # a broken draft: the site builds without it
            assert "status: draft" in path.read_text(encoding="utf-8")
    published = [r for r in records if r.get("status", "published") == "published"]
    taxonomies = root / "content" / "taxonomies"
    kinds = {k["id"]: k["name"] for k in load(taxonomies / "kinds.yml")}
    fields = {f["id"]: f["name"] for f in load(taxonomies / "fields.yml")}
    movements = {p.stem: load(p)["name"] for p in (root / "content" / "movements").glob("*.yml")}
    awards = load(taxonomies / "awards.yml")
    levels = {lv["id"]: lv["name"] for lv in awards["levels"]}
    form_rank, form_level = {}, {}
    for rank, form in enumerate(awards["forms"]):
        for name in (form["name"], *form.get("aliases", ())):
            form_rank.setdefault(fold(name), rank)
            form_level.setdefault(fold(name), form["level"])
    counts = {chart: Counter() for chart in CHARTS}
    counts["loai"].update(dict.fromkeys(kinds.values(), 0))  # every kind and field is shown, even at 0
    counts["linh-vuc"].update(dict.fromkeys(fields.values(), 0))
    # Movements without a published exemplar are not drawn (the movements page lists them apart).
    counts["khen-thuong"].update(dict.fromkeys(levels.values(), 0))
    for record in published:
        year = record.get("year")
        counts["nam"][str(year) if isinstance(year, int) else "Chưa rõ năm"] += 1
        counts["loai"][kinds[record["kind"]]] += 1
        counts["dia-phuong"][record["place"]["province"]] += 1
        if district := record["place"].get("district"):
            units = unit_table(Path(__file__).parents[1] / "content" / "taxonomies")
            counts["huyen"][then_now(record["place"]["province"], district, "", "", units).recorded] += 1
        for field_id in record.get("fields", ()):
            counts["linh-vuc"][fields[field_id]] += 1
        for movement_id in record.get("movements", ()):
            counts["phong-trao"][movements[movement_id]] += 1
        names = [fold(a["award"]) for a in record.get("awards", ())]
        if names:
            counts["khen-thuong"][levels[form_level[min(names, key=form_rank.__getitem__)]]] += 1
        else:
            counts["khen-thuong"]["Chưa ghi khen thưởng"] += 1
        if adopted := record.get("replication", {}).get("adopted_by"):
            counts["nhan-rong"][record["name"]] += len(adopted)
    return counts


def section(body: str, slug: str) -> str:
    start = body.index(f'<h2 id="{slug}">')
    end = body.find("<h2 ", start + 1)
    return body[start:] if end < 0 else body[start:end]


def svg_bars(part: str) -> Counter:
    svg = ET.fromstring(re.search(r"<svg .*?</svg>", part, re.S).group(0))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    bars = Counter()
    for row in svg.iter(f"{SVG}g"):
        label = " ".join(t.text for t in row.iter(f"{SVG}tspan"))
        value = next(t for t in row.iter(f"{SVG}text") if t.get("class") == "ex-chart__value")
        bars[" ".join(label.split())] += int(value.text)
    return bars


def table_rows(part: str) -> list[list[str]]:
    table = re.search(r"<table>.*?</table>", part, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]  # after the header row
    return [[" ".join(text_of(c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


@pytest.fixture(scope="module")
def page(site: Path) -> str:  # noqa: F811
    return (site / "thong-ke" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("chart", CHARTS)
def test_chart_svg_table_and_csv_equal_the_records(site: Path, page: str, chart: str):  # noqa: F811
    expected = expected_counts(site.parent)[chart]
    expected = Counter({" ".join(k.split()): v for k, v in expected.items()})
    part = section(page, chart)
    table = Counter()
    for cells in table_rows(part):
        table[cells[0]] += int(cells[-1])
    assert table == expected
    assert svg_bars(part) == expected  # fewer than 25 rows here: every row is drawn
    raw = (site / "thong-ke" / f"{chart}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert Counter({" ".join(r[0].split()): int(r[-1]) for r in rows[1:]}) == expected
    assert f'href="{chart}.csv"' in part


def test_years_kinds_and_levels_each_add_up_to_the_published_records(site: Path, page: str):  # noqa: F811
    published = sum(1 for p in (site / "dien-hinh").glob("*/index.html"))
    for chart in ("nam", "loai", "khen-thuong", "dia-phuong"):
        assert sum(n for _, n in svg_bars(section(page, chart)).items()) == published, chart
    assert f"Số liệu tính từ {published} hồ sơ" in text_of(page)


def test_province_chart_names_todays_province(site: Path, page: str):  # noqa: F811
    rows = {cells[0]: cells[1] for cells in table_rows(section(page, "dia-phuong"))}
    assert rows["Bắc Kạn"] == "tỉnh Thái Nguyên"  # merged in 2025 (content/taxonomies/units.yml)
    assert rows["Cao Bằng"] == ""
    header = (site / "thong-ke" / "dia-phuong.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Tỉnh,Nay thuộc,Số điển hình"


def test_district_chart_says_how_long_each_district_was_a_unit(site: Path, page: str):  # noqa: F811
    rows = {html.unescape(cells[0]): html.unescape(cells[1]) for cells in table_rows(section(page, "huyen"))}
    for district, into in (("Phục Hòa", "Quảng Hòa"), ("Thông Nông", "Hà Quảng"), ("Trà Lĩnh", "Trùng Khánh"),
                            ("Quảng Uyên", "Quảng Hòa")):
        note = rows[f"huyện {district}, tỉnh Cao Bằng"]
        assert note.startswith(f"đến năm 2020, nhập vào huyện {into} (Nghị quyết 897/NQ-UBTVQH14)"), note
        assert "01/7/2025" not in note.split(";")[0]  # not listed as a district until 2025
    assert rows["huyện Hạ Lang, tỉnh Cao Bằng"].startswith("đến 01/7/2025, khi cấp huyện kết thúc")
    assert "Số điển hình theo huyện (trước 01/7/2025)" not in page


def test_long_names_wrap_inside_a_phone_wide_chart(page: str):
    svg = ET.fromstring(re.search(r"<svg .*?</svg>", section(page, "phong-trao"), re.S).group(0))
    assert svg.get("viewBox").split()[2] == "320"  # drawn for a 360 px screen
    lines = [t.text for t in svg.iter(f"{SVG}tspan")]
    assert max(len(line) for line in lines) <= 42
    assert len(lines) > len(list(svg.iter(f"{SVG}g")))  # some labels took two lines


def test_statistics_page_is_in_the_navigation(site: Path):  # noqa: F811
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="thong-ke/"' in home
    assert html.unescape("Thống kê") in home


def test_lists_and_profiles_show_how_many_places_adopted_a_model(site: Path):  # noqa: F811
    item = re.search(r'<li><a href="nguyen-thi-thuy-kiem-thu/">.*?</li>',
                     (site / "dien-hinh" / "index.html").read_text(encoding="utf-8")).group(0)
    assert "đã nhân rộng ở 1 nơi" in text_of(item)
    profile = (site / "dien-hinh" / "nguyen-thi-thuy-kiem-thu" / "index.html").read_text(encoding="utf-8")
    assert '<a href="#noi-ap-dung">1 nơi áp dụng</a>' in profile
    assert 'id="noi-ap-dung"' in profile and "Trường Tiểu học A Mú Sung" in profile
    no_adoption = (site / "dien-hinh" / "index.html").read_text(encoding="utf-8")
    assert no_adoption.count("đã nhân rộng ở") == len(expected_counts(site.parent)["nhan-rong"])


def test_a_site_without_records_says_so_instead_of_drawing(tmp_path: Path):
    from generator.paths import Project
    from generator.pipeline.run import build_catalog, check
    from generator.site.statistics import statistics_files

    from conftest import copy_project

    project = Project.at(copy_project(tmp_path, with_records=False))
    outcome = check(project)
    files = statistics_files(build_catalog(outcome.loaded, outcome.validation))
    page = files["thong-ke/index.md"]
    assert "Số liệu tính từ 0 hồ sơ" in page
    # years, movements, provinces, districts, adoptions; kinds, fields, levels show zeros
    assert page.count("Chưa có số liệu.") == 5
    assert files["thong-ke/nam.csv"].decode("utf-8-sig") == "Năm,Số điển hình\r\n"
