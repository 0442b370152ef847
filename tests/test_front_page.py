"""The front page and what a citizen meets on every page: cards made from the records, true counts,
the featured list, a Vietnamese footer and interface, the 404 page, Vietnamese dates and addresses,
no empty or doubled spots. On a real build, in headless Chromium at 360 and 1280 px."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import REPO, add_photo, copy_project, grant_consent, run_generator
from test_accessibility import AXE, PAGES, WCAG_TAGS, add_cited_decision
from test_browser import serve_site
from test_site import ADOPTED_TWICE, text_of

FEATURED = "hoang-giang"  # put forward in mkdocs.yml by the fixture
PHOTO_RECORD = "ho-ba-be-thi-hong"  # given a photo by the fixture
PUBLISHER = {"PUBLISHER_NAME": "Ban Thi đua - Khen thưởng tỉnh Thử", "PUBLISHER_EMAIL": "banthidua@example.gov.vn",
             "PUBLISHER_PHONE": "0206 3850 000", "PUBLISHER_ADDRESS": "Số 1 đường Thử, phường Thử"}
WIDTHS = (360, 1280)
# Material's English interface strings, and the wrong Vietnamese ones it shipped: none may reach a page.
ENGLISH = ("Permanent link", "Tabs", "Made with", "Material for MkDocs", "Back to top", "Not found",
           "Search", "Skip to content", "Copy to clipboard", "Type to start searching", "Initializing search",
           "Header", "Footer", "Navigation", "Table of contents", "Previous", "Next", "Share", "Clear",
           "Contributors", "RSS feed", "Trở lại mục lục", "Xoá")
ENGLISH_PATTERN = re.compile(r"\b(?:{})\b".format("|".join(map(re.escape, ENGLISH))))
PAGE_TYPES = [path for path in PAGES if not path.startswith("/the-mo-hinh/")]  # the model card has no footer


def published_records(root: Path) -> list[dict]:
    records = []
    for file in (root / "exemplars").rglob("*.yml"):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and data.get("status", "published") == "published":
            records.append({**data, "id": file.stem})
    return records


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("front"))
    record = root / "exemplars" / "cao-bang" / f"{PHOTO_RECORD}.yml"
    add_photo(record, "  - file: anh/ruong.jpg\n    caption: Ruộng lúa của gia đình\n")
    grant_consent(record, "[story, photos, contact]", person="Bế Thị Hòng")
    add_cited_decision(root)
    tests = root / "exemplars" / "kiem-thu"
    (tests / "mo-hinh-kiem-thu-nhan-rong.yml").write_text(ADOPTED_TWICE, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  featured: []", f"  featured:\n    - {FEATURED}"),
                      encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        for name, value in PUBLISHER.items():
            env.setenv(name, value)
        env.setenv("SITE_URL", "https://thiduakhenthuong.example.gov.vn/")  # as published: feeds offered
        run_generator(root, "build", "--strict", check=True)
    return root


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "site"


@pytest.fixture(scope="module")
def site_url(site):
    yield from serve_site(site)


def open_page(browser, url: str, width: int, javascript: bool = True):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 600,
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


def html_of(site: Path, path: str) -> str:
    file = site / path.strip("/") if path.endswith(".html") else site / path.strip("/") / "index.html"
    return file.read_text(encoding="utf-8")


def cards(markup: str) -> list[str]:
    return re.findall(r'<li class="ex-cards__item">.*?</li>', markup, re.S)


def section(markup: str, heading: str) -> str:
    """The front page's part under the h2 ``heading``, up to the next h2."""
    start = markup.index(f">{heading}")
    end = markup.find("<h2", start)
    return markup[start:end if end != -1 else None]


# The front page's cards


def test_featured_cards_show_name_place_one_line_honour_and_picture(site, project):
    records = {r["id"]: r for r in published_records(project)}
    featured = cards(section(html_of(site, "/"), "Điển hình tiêu biểu"))
    assert len(featured) == 6
    for card in featured:
        record = records[re.search(r'href="dien-hinh/([^/"]+)/"', card).group(1)]
        visible = " ".join(text_of(card).split())
        assert html.unescape(record["name"]) in visible
        assert record["place"]["province"] in visible
        assert " ".join(record["summary"].split()) in visible
        assert ('class="ex-cards__honour"' in card) == bool(record.get("awards"))
        assert ("<img " in card) != ('class="ex-cards__drawing"' in card)  # a photo, or the kind's drawing
        assert ("<img " in card) == bool(record.get("photos"))


def test_the_featured_list_comes_first_then_the_rule_puts_photos_forward(site):
    featured = cards(section(html_of(site, "/"), "Điển hình tiêu biểu"))
    assert f'href="dien-hinh/{FEATURED}/"' in featured[0]
    assert f'href="dien-hinh/{PHOTO_RECORD}/"' in featured[1]  # the rule: a record with a photo first


def test_latest_honoured_and_most_replicated_follow_the_records(site, project):
    home = html_of(site, "/")
    replicated = cards(section(home, "Được nhân rộng nhiều nhất"))
    adopted = sorted((r for r in published_records(project) if r.get("replication", {}).get("adopted_by")),
                     key=lambda r: -len(r["replication"]["adopted_by"]))
    assert replicated and len(replicated) == min(4, len(adopted))
    assert f'dien-hinh/{adopted[0]["id"]}/' in replicated[0]
    latest = cards(section(home, "Mới được khen thưởng"))
    assert latest and "nguyen-thi-thuy-kiem-thu" in latest[0]  # honoured in 2019 by the cited decision


def test_counts_on_the_front_page_are_those_of_the_records(site, project):
    records = published_records(project)
    visible = " ".join(text_of(html_of(site, "/")).split())
    provinces = {r["place"]["province"] for r in records}
    assert f"{len(records)} điển hình tiên tiến ở {len(provinces)} tỉnh, thành phố" in visible
    assert "hàng nghìn" not in visible
    home = html_of(site, "/")
    kinds = {k["id"]: k for k in yaml.safe_load((REPO / "content" / "taxonomies" / "kinds.yml").read_text("utf-8"))}
    for kind_id, count in Counter(r["kind"] for r in records).items():
        slug = kinds[kind_id]["slug"]
        assert re.search(rf'href="loai/{slug}/"><span class="ex-counts__number">{count}</span>', home), kind_id
    for province, count in Counter(r["place"]["province"] for r in records).items():
        assert f"{province} {count}" in visible


def test_the_front_page_is_generated_and_changes_with_the_records(project, tmp_path):
    """A record withdrawn leaves the counts and the cards: nothing on the page is written by hand."""
    assert not (REPO / "content" / "pages" / "index.md").exists()
    root = copy_project(tmp_path)
    record = root / "exemplars" / "cao-bang" / f"{FEATURED}.yml"
    record.write_text(record.read_text(encoding="utf-8") + "status: withdrawn\n", encoding="utf-8")
    run_generator(root, "generate", check=True)
    home = (root / "build" / "generated" / "index.md").read_text(encoding="utf-8")
    assert f"**{len(published_records(root))} điển hình tiên tiến**" in home
    assert FEATURED not in home


def test_an_unknown_featured_id_is_an_error_at_its_line(tmp_path):
    root = copy_project(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  featured: []", "  featured:\n    - hoang-giang\n    - hoang-gang")
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    - hoang-gang") + 1
    result = run_generator(root, "validate")
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:7: error: 'hoang-gang' trong extra.featured" in result.stdout
    assert "hoang-giang" in result.stdout.split("'hoang-gang'")[1].splitlines()[0]  # the near id is suggested
    english = run_generator(root, "validate", "--lang", "en")
    assert f"mkdocs.yml:{line}:7: error: 'hoang-gang' in extra.featured is not the id" in english.stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_cards_fit_the_screen_and_show_a_picture(browser, site_url, width):
    for path in ("/", "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/", "/dia-phuong/cao-bang/",
                 "/khen-thuong/huan-chuong-lao-dong-hang-ba/"):
        page = open_page(browser, site_url + path, width)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path
        items = page.locator(".ex-cards__item")
        assert items.count() >= 1, path
        for i in range(items.count()):
            item = items.nth(i)
            box = item.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, path
            picture = item.locator(".ex-cards__photo").bounding_box()
            assert picture["width"] > 40 and picture["height"] > 40, path  # photo or drawing, never empty
            assert item.locator(".ex-cards__name a").is_visible()
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_front_page_has_no_wcag_violation(browser, site_url, width):
    page = open_page(browser, site_url + "/", width)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map("
        "v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)})))", WCAG_TAGS)
    page.context.close()
    assert violations == [], violations


def test_the_search_form_goes_to_the_search_page_without_javascript(browser, site_url):
    page = open_page(browser, site_url + "/", 360, javascript=False)
    page.fill("#ex-home-search-q", "Cao Bằng")
    page.locator(".ex-home-search button[type=submit]").click()
    page.wait_for_url("**/tim-kiem/?q=*")
    assert "q=Cao+B%E1%BA%B1ng" in page.url
    page.context.close()


# Every page: footer, Vietnamese interface


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_has_the_publishers_footer(site, path):
    footer = " ".join(text_of(re.search(r'<footer class="md-footer">.*?</footer>', html_of(site, path), re.S)
                              .group(0)).split())
    assert f"Cơ quan công bố: {PUBLISHER['PUBLISHER_NAME']}" in footer
    for key in ("PUBLISHER_ADDRESS", "PUBLISHER_PHONE", "PUBLISHER_EMAIL"):
        assert PUBLISHER[key] in footer, key
    assert re.search(r"Dữ liệu cập nhật ngày \d{2}/\d{2}/\d{4}\.", footer), footer
    assert "Made with" not in footer


def test_a_footer_without_a_publisher_leaves_it_out(tmp_path):
    root = copy_project(tmp_path)
    run_generator(root, "build", check=True)
    footer = re.search(r'<footer class="md-footer">.*?</footer>',
                       (root / "site" / "index.html").read_text(encoding="utf-8"), re.S).group(0)
    assert "Cơ quan công bố" not in footer and "Liên hệ" not in footer
    assert "Dữ liệu cập nhật ngày" in footer


def english_in_markup(markup: str) -> list[str]:
    """English interface strings in a page's text and in the attributes people and screen readers meet."""
    without_code = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", markup, flags=re.S)
    found = ENGLISH_PATTERN.findall(text_of(without_code))
    for value in re.findall(r'\b(?:aria-label|title|alt|placeholder|data-md-state)="([^"]*)"', markup):
        found += ENGLISH_PATTERN.findall(html.unescape(value))
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', markup, re.S)
    if config:
        found += ENGLISH_PATTERN.findall(config.group(1))
    return found


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_english_interface_string_in_the_built_page(site, path):
    assert english_in_markup(html_of(site, path)) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_no_english_interface_string_once_scripts_ran(browser, site_url, width):
    """What Material's and the search page's scripts add (copy buttons, search results) is Vietnamese too."""
    for path in PAGE_TYPES:
        page = open_page(browser, site_url + path, width)
        if page.locator(".pagefind-ui__search-input").count():
            page.locator(".pagefind-ui__search-input").fill("Cao Bằng")
            page.wait_for_selector(".pagefind-ui__result-link")
        assert english_in_markup(page.content()) == [], path
        page.context.close()


def test_heading_anchors_back_to_top_and_tabs_are_labelled_in_vietnamese(site):
    profile = html_of(site, f"/dien-hinh/{PHOTO_RECORD}/")
    assert 'class="headerlink" href="#' in profile and 'title="Liên kết đến mục này"' in profile
    assert "Lên đầu trang" in profile
    assert 'aria-label="Mục chính"' in profile
    assert "Chuyển đến nội dung chính" in profile


def test_the_404_page_is_vietnamese_and_offers_search_and_home(site):
    page = html_of(site, "/404.html")
    assert "<h1>Không tìm thấy trang</h1>" in page
    form = re.search(r'<form class="ex-home-search" action="([^"]+)" method="get"', page)
    assert form and form.group(1).endswith("tim-kiem/")
    assert re.search(r'<input id="ex-404-search-q" type="search" name="q"', page)
    assert ">Về trang chủ</a>" in page


# Dates, addresses, empty and doubled spots


def test_dates_in_vietnamese_text_are_day_month_year(site):
    movement = " ".join(text_of(html_of(site, "/phong-trao/lao-cai-thi-dua-toan-dien/")).split())
    assert "22/12/2018" in movement and "2018-12-22" not in movement
    for page in site.rglob("*.html"):
        if page.parent.name in ("huong-dan-bien-tap", "mau-ho-so", "yeu-cau-go-thong-tin"):  # code examples
            continue
        without_code = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text_of(without_code)), page


def test_kind_pages_have_vietnamese_addresses_and_the_old_ones_redirect(site, browser, site_url):
    kinds = yaml.safe_load((REPO / "content" / "taxonomies" / "kinds.yml").read_text(encoding="utf-8"))
    index = html_of(site, "/loai/")
    for kind in kinds:
        assert f'href="../loai/{kind["slug"]}/"' in index or f'href="{kind["slug"]}/"' in index
        assert (site / "loai" / kind["slug"] / "index.html").is_file()
        old = (site / "loai" / kind["id"] / "index.html").read_text(encoding="utf-8")
        assert f'<meta http-equiv="refresh" content="0; url=../{kind["slug"]}/">' in old
        assert f'<link rel="canonical" href="../{kind["slug"]}/">' in old
        assert f'<a href="../{kind["slug"]}/">' in old and '<html lang="vi">' in old
    page = open_page(browser, site_url + "/loai/individual/", 360)
    page.wait_for_url("**/loai/ca-nhan/")
    assert page.locator("h1").inner_text().startswith(kinds[0]["plural"])
    page.context.close()


def test_no_doubled_separators_anywhere(site):
    for page in site.rglob("*.html"):
        visible = " ".join(text_of(page.read_text(encoding="utf-8")).split())
        assert not re.search(r"·\s*·", visible), page


def test_movements_without_exemplars_are_grouped_apart(site, project):
    records = published_records(project)
    used = Counter(m for r in records for m in r.get("movements", ()))
    movements = sorted(p.stem for p in (project / "content" / "movements").glob("*.yml"))
    waiting = [m for m in movements if not used[m]]
    assert waiting, "the seed data has movements without exemplars"
    for path, heading in (("/phong-trao/", "Chưa có điển hình được công bố"),
                          ("/", "Phong trào chưa có điển hình được công bố")):
        markup = html_of(site, path)
        before, after = markup.split(f">{heading}<", 1)
        assert not re.search(r"(?<!\d)0 điển hình", text_of(markup))
        for movement in movements:
            link = re.compile(rf'href="(?:[./]*phong-trao/)?{movement}/"')
            assert bool(link.search(after.split("<footer")[0])) == (movement in waiting), (path, movement)
            if movement not in waiting:
                assert link.search(before), (path, movement)
    chart = html_of(site, "/thong-ke/").split('data-chart="phong-trao"')[1].split("</svg>")[0]
    assert chart.count('class="ex-chart__row"') == len(used)


def test_feeds_are_offered_in_plain_words(site):
    movement = text_of(html_of(site, "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/"))
    assert "Theo dõi tin mới" in movement
    assert "Atom" not in movement
