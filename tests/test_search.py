"""Pagefind search as a citizen types it, in headless Chromium over the repository's real content."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

import pytest
from generator.paths import Project
from generator.search import bundle as search_bundle
from generator.search import indexer as search_indexer
from generator.search.index import build_search_index
from generator.vietnamese import sort_key

from conftest import copy_project, run_generator
from test_browser import chromium, phone, serve_site, site_url  # noqa: F401  (fixtures: one built site, one phone)

RESULT_LINKS = ".pagefind-ui__result-link"


def search(page, site_url, query):
    """Open the search page with a query and return the result addresses, best first."""
    page.goto(f"{site_url}/tim-kiem/?q={quote(query)}")
    page.wait_for_selector(".pagefind-ui__message", timeout=15000)
    page.wait_for_function(
        "() => { const m = document.querySelector('.pagefind-ui__message').textContent.trim();"
        " return m && !m.startsWith('Đang tìm')"
        " && (m.startsWith('Không') || document.querySelector('.pagefind-ui__result-link')); }",
        timeout=15000,
    )
    # Results appear one by one as their fragments load: wait for the whole first page of them,
    # and read them at once (the filters, when they come, have the results drawn again).
    return page.wait_for_function(
        "() => { const text = document.querySelector('.pagefind-ui__message').textContent.trim();"
        " if (text.startsWith('Không')) return [];"
        " const m = text.match(/^(\\d+) kết quả/);"
        " const links = [...document.querySelectorAll('.pagefind-ui__result-link')];"
        " return m && links.length >= Math.min(+m[1], 10)"  # the page size in search.js
        " && links.map(a => a.getAttribute('href')); }",
        timeout=15000,
    ).json_value()


CITIZEN_QUERIES = [  # (query, a profile it must find)
        ("Bế Thị Hòng", "ho-ba-be-thi-hong"),  # a name, with tone marks
        ("BẾ THỊ HÒNG", "ho-ba-be-thi-hong"),  # upper case
        ("be thi hong", "ho-ba-be-thi-hong"),  # no tone marks
        ("don bien phong coc pang", "don-bien-phong-coc-pang"),  # no marks, d for đ
        ("Me Van Dat", "me-van-dat"),  # d for đ
        ("dam thuy", "me-van-dat"),  # a commune, without marks
        ("Đàm Thuỷ", "me-van-dat"),  # old tone placement; the record writes "Thủy"
        ("Phục Hoà", "huyen-phuc-hoa"),  # old tone placement; the record writes "Hòa"
        ("Hòa Chung", "truong-tieu-hoc-hoa-chung"),
        (unicodedata.normalize("NFD", "Mê Văn Đạt"), "me-van-dat"),  # decomposed input
        (unicodedata.normalize("NFD", "Cốc Pàng"), "don-bien-phong-coc-pang"),
        ("Quang Hán", "cong-an-xa-quang-han"),  # a place
        ("quan ha", "pham-van-khac"),  # a commune, without marks
        ("nuoi ong", "mo-hinh-nuoi-ong-lay-mat-hoang-van-ngo"),  # a practice
        ("Nông dân thi đua sản xuất kinh doanh giỏi", "mo-hinh-vac-cao-bang"),  # a movement
        ("lung ri", "xom-lung-ri"),
        ("duong phong", "xa-duong-phong"),  # đ written as d, start of a name
        ("nuoi ong de tham", "mo-hinh-nuoi-ong-lay-mat-hoang-van-ngo"),  # practice + ward, đ as d
        ("thai nguyen", "xa-duong-phong"),  # today's province finds a Bắc Kạn record
        ("Đồn Biên phòng", "don-bien-phong-coc-pang"),
]


@pytest.fixture(scope="module")
def split_site_url(tmp_path_factory):
    """The site again, with every index chunk of several words cut in one-word chunks: the
    build cuts only chunks over search_bundle.CHUNK_BUDGET, and this small site has none."""
    root = copy_project(tmp_path_factory.mktemp("split-index"))
    run_generator(root, "build", check=True)
    bundle = root / "site" / "pagefind"
    assert search_bundle.split_index_chunks(bundle, budget=1) > 100
    for table in bundle.glob("filters.*.json"):
        table.unlink()
    search_bundle.write_filter_table(bundle)
    yield from serve_site(root / "site")


@pytest.fixture(scope="module")
def parts_site_url(tmp_path_factory):
    """The site again, its index built by Pagefind runs over seven documents at a time, merged."""
    root = copy_project(tmp_path_factory.mktemp("parts-index"))
    run_generator(root, "build", check=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_indexer, "PART_SIZE", 7)
        build_search_index(Project.at(root), root / "site")
    yield from serve_site(root / "site")


@pytest.mark.parametrize("index", ["site_url", "split_site_url", "parts_site_url"],
                         ids=["pagefind-chunks", "split-chunks", "merged-parts"])
@pytest.mark.parametrize("query, expected", CITIZEN_QUERIES)
def test_search_finds_profiles_as_citizens_type(phone, request, index, query, expected):
    hrefs = search(phone, request.getfixturevalue(index), query)
    assert any(f"/dien-hinh/{expected}/" in href for href in hrefs), (query, hrefs)


def test_results_show_kind_place_and_year(phone, site_url):
    search(phone, site_url, "Mê Văn Đạt")
    meta = phone.locator(".ex-result-meta").first.inner_text()
    assert "Cao Bằng" in meta and "Đàm Thủy" in meta
    assert re.search(r"· (19|20)\d\d$", meta) and "\\" not in meta, meta


def test_only_profile_bodies_are_indexed(phone, site_url):
    # Theme chrome (navigation tab names) and index pages are not in the index.
    hrefs = search(phone, site_url, "Mẫu hồ sơ")
    assert not any("mau-ho-so" in href for href in hrefs), hrefs


ALL_RESULTS = """async queries => {
  const engine = await import('/assets/javascripts/search-engine/pagefind.js');
  const found = [];
  for (const query of queries) found.push((await engine.search(query)).results.map(result => result.id));
  return found;
}"""


@pytest.mark.parametrize("plain, marked", [("thi dua", "thi đua"), ("duoc cong nhan", "được công nhận"),
                                           ("Doan thanh nien", "Đoàn Thanh niên")])
def test_d_for_đ_finds_every_profile_đ_finds(phone, site_url, plain, marked):
    phone.goto(site_url + "/tim-kiem/")
    with_d, with_đ = phone.evaluate(ALL_RESULTS, [plain, marked])
    assert with_đ and set(with_đ) <= set(with_d)  # and maybe more: "dua" is also "dừa", "dựa"


def test_searches_overtaken_by_a_newer_one_are_skipped(phone, site_url):
    phone.goto(site_url + "/tim-kiem/")
    overtaken, latest = phone.evaluate("""async () => {
      const engine = await import('/assets/javascripts/search-engine/pagefind.js');
      const searches = ['nong', 'nong thon', 'dam thuy'].map(query => engine.search(query));  // typed fast
      const done = await Promise.all(searches);
      return [done.slice(0, -1), done[done.length - 1].results.length];
    }""")
    assert overtaken == [None, None] and latest > 0


PRELOAD = """async term => {
  const engine = await import('/assets/javascripts/search-engine/pagefind.js');
  await engine.init();
  await engine.preload(term);  // as Pagefind's UI does on every key
}"""


def test_a_short_last_word_typed_on_the_way_is_not_fetched(phone, site_url):
    phone.goto(site_url + "/tim-kiem/")
    chunks: list[str] = []
    phone.on("request", lambda request: "/pagefind/index/" in request.url and chunks.append(request.url))
    phone.evaluate(PRELOAD, "Mê Văn")
    phone.wait_for_timeout(300)
    before = len(chunks)
    phone.evaluate(PRELOAD, "Mê Văn")  # a key, then at once the next: "Đ" on its way to "Đạt"
    phone.evaluate(PRELOAD, "Mê Văn Đ")
    phone.wait_for_timeout(300)
    on_the_way = len(chunks) - before
    phone.evaluate(PRELOAD, "Mê Văn Đ")  # no key since: the citizen stopped at "Đ"
    phone.wait_for_timeout(300)
    assert on_the_way == 0 and len(chunks) > before


def test_results_still_show_when_the_filter_table_cannot_load(phone, site_url):
    phone.route("**/pagefind/filters.*.json", lambda route: route.abort())
    try:
        assert any("/dien-hinh/me-van-dat/" in href for href in search(phone, site_url, "dam thuy"))
        phone.locator(".pagefind-ui__search-input").fill("Bế Thị Hòng")  # a next query, filters released
        phone.wait_for_function("() => /kết quả cho Bế Thị Hòng/.test(document.querySelector('.pagefind-ui__message').textContent)")
        phone.wait_for_selector("a.pagefind-ui__result-link[href*='ho-ba-be-thi-hong']")
    finally:
        phone.unroute("**/pagefind/filters.*.json")


def result_count(page) -> int:
    message = page.locator(".pagefind-ui__message").inner_text().strip()
    found = re.match(r"(\d+) kết quả", message)
    return int(found.group(1)) if found else 0


def filter_block(page, group: str):
    """A filter group's block, opened."""
    name = page.locator(".pagefind-ui__filter-name", has_text=re.compile(f"^{re.escape(group)}$"))  # "Loại", not "Loại kết quả"
    block = page.locator(".pagefind-ui__filter-block", has=name)
    if not block.evaluate("details => details.open"):
        block.locator(".pagefind-ui__filter-name").click()
    return block


def filter_counts(page, group: str) -> dict[str, int]:
    """The values a filter group offers (those with results), with their counts."""
    labels = filter_block(page, group).locator(".pagefind-ui__filter-label").all_inner_texts()
    return {found.group(1): int(found.group(2)) for label in labels
            if (found := re.fullmatch(r"(.+) \((\d+)\)", label.strip()))}


def tick(page, group: str, value: str) -> None:
    """Tick (or untick) a filter value and wait until the results follow it."""
    before = page.locator(".pagefind-ui__message").inner_text()
    filter_block(page, group).locator(f"input[value='{value}']").click()
    page.wait_for_function("before => { const m = document.querySelector('.pagefind-ui__message').textContent;"
                           " return m !== before && /^\\s*(\\d+ kết quả|Không)/.test(m); }", arg=before)


def wait_for_the_querys_counts(page, total: int) -> None:
    """Wait until the filters show the query's counts. They arrive after the first results,
    counting every page, and the results are searched and drawn again with the query's
    counts (one result type a page: their counts add up to the results)."""
    page.wait_for_function(
        """total => [...document.querySelectorAll("input[name='Loại kết quả'] + label")]
             .reduce((sum, label) => sum + +label.textContent.match(/\\((\\d+)\\)/)[1], 0) === total""", arg=total)


def shown_details(page) -> list[str]:
    """Each result's line of kind · place · year."""
    return page.locator(".ex-result-meta").all_inner_texts()


def test_filters_narrow_a_query_and_combine_with_the_counts_they_show(phone, site_url):
    search(phone, site_url, "thi đua")
    wait_for_the_querys_counts(phone, result_count(phone))
    tick(phone, "Loại kết quả", "Điển hình")  # the profiles: each has a province and a kind
    total = result_count(phone)
    provinces = filter_counts(phone, "Tỉnh")
    assert provinces["Bắc Kạn"] < total <= sum(provinces.values())  # old and today's province both count
    tick(phone, "Tỉnh", "Bắc Kạn")
    assert result_count(phone) == provinces["Bắc Kạn"]
    bac_kan = {"xa-duong-phong", "xa-quang-thuan", "xa-tran-phu", "thanh-pho-bac-kan", "pham-van-khac",
               "le-thi-ngoc", "nguyen-thi-vinh", "tong-huu-the", "trinh-tien-dung"}
    filtered = phone.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(any(f"/dien-hinh/{slug}/" in href for slug in bac_kan) for href in filtered), filtered
    # A second group narrows further, to as many results as its count said.
    kinds = filter_counts(phone, "Loại")
    assert sum(kinds.values()) == provinces["Bắc Kạn"]  # counts are for the query and the ticked province
    kind, count = min(kinds.items(), key=lambda item: item[1])
    tick(phone, "Loại", kind)
    assert result_count(phone) == count
    phone.wait_for_function(f"() => document.querySelectorAll('.ex-result-meta').length === {min(count, 10)}")
    assert all(d.startswith(kind) and "Bắc Kạn" in d for d in shown_details(phone)), shown_details(phone)
    # Without the province again: that kind anywhere.
    tick(phone, "Tỉnh", "Bắc Kạn")
    assert count < result_count(phone) < total


def test_header_box_opens_the_search_page(phone, site_url):
    phone.goto(site_url + "/dien-hinh/")
    box = phone.locator(".ex-header-search input")
    box.fill("coc pang")
    box.press("Enter")
    phone.wait_for_url("**/tim-kiem/?q=coc+pang")
    phone.wait_for_selector(RESULT_LINKS, timeout=15000)
    assert "don-bien-phong-coc-pang" in phone.locator(RESULT_LINKS).first.get_attribute("href")


def test_first_results_show_on_a_phones_first_screen(phone, site_url):
    # The filters (six groups) sit as compact buttons above the results, not one tall box each.
    search(phone, site_url, "nong thon moi")
    wait_for_the_querys_counts(phone, result_count(phone))
    phone.evaluate("window.scrollTo(0, 0)")
    first = phone.locator(RESULT_LINKS).first.bounding_box()
    assert first["y"] + first["height"] <= 740, first
    # Each result says kind · place · year once, in Vietnamese (not Pagefind's "Kind: …" tags).
    assert not phone.locator(".pagefind-ui__result-tags").first.is_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    phone.locator(".pagefind-ui__filter-name", has_text="Tỉnh").click()
    options = phone.locator(".pagefind-ui__filter-value", has_text="Bắc Kạn")
    assert options.first.is_visible() and options.first.bounding_box()["width"] > 200  # the open group is full width


def test_filters_in_vietnamese_order(phone, site_url):
    search(phone, site_url, "thi đua")
    phone.wait_for_selector(".pagefind-ui__filter-name")
    groups = [g.strip() for g in phone.locator(".pagefind-ui__filter-name").all_inner_texts()]
    assert groups == ["Loại kết quả", "Loại", "Tỉnh", "Phong trào", "Lĩnh vực", "Năm", "Cấp khen thưởng"], groups
    phone.locator(".pagefind-ui__filter-name", has_text="Phong trào").click()
    phone.wait_for_selector("input[name='Phong trào']")  # counts for the query follow the filter names
    values = phone.locator("input[name='Phong trào']").evaluate_all("inputs => inputs.map(i => i.value)")
    # "Cả nước …" before "Cao Bằng …" (letters first, then tones), where code points put it after.
    assert values == sorted(values, key=sort_key) and values != sorted(values), values
    counts = phone.locator(".pagefind-ui__filter-label").all_inner_texts()
    assert counts and not any(c.strip().endswith("(0)") for c in counts), counts  # values without results are left out


def test_header_box_is_readable_and_tappable_on_a_phone(phone, site_url):
    phone.goto(site_url + "/dien-hinh/me-van-dat/")
    box = phone.locator(".ex-header-search input")
    size = float(box.evaluate("input => getComputedStyle(input).fontSize").removesuffix("px"))
    assert size >= 16, size  # below 16 px phones zoom the page in when the box gets focus
    assert box.bounding_box()["height"] >= 32


def test_header_box_fetches_the_engine_while_the_citizen_types(phone, site_url):
    phone.goto(site_url + "/dien-hinh/me-van-dat/")
    with phone.expect_request(lambda request: request.url.endswith(".pf_meta")) as meta:
        with phone.expect_request(lambda request: request.url.endswith(".pagefind")):  # the WebAssembly engine
            phone.locator(".ex-header-search input").focus()
    assert "/pagefind/pagefind.vi_" in meta.value.url
