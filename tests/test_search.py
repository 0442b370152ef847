"""Pagefind search as a citizen types it, in headless Chromium over the repository's real content."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

import pytest
from generator.vietnamese import sort_key
from test_browser import phone, site_url  # noqa: F401  (fixtures: one built site, one phone)

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
    # Results appear one by one as their fragments load: wait for the whole first page of them.
    page.wait_for_function(
        "() => { const m = document.querySelector('.pagefind-ui__message').textContent.match(/^(\\d+) kết quả/);"
        " return !m || document.querySelectorAll('.pagefind-ui__result-link').length >= Math.min(+m[1], 10); }",  # the page size in search.js
        timeout=15000,
    )
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize(
    "query, expected",
    [
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
    ],
)
def test_search_finds_profiles_as_citizens_type(phone, site_url, query, expected):
    hrefs = search(phone, site_url, query)
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


def test_a_filter_narrows_a_query_with_counts(phone, site_url):
    unfiltered = search(phone, site_url, "nong thon moi")
    assert len(unfiltered) > 1
    phone.locator(".pagefind-ui__filter-name", has_text="Tỉnh").click()
    option = phone.locator(".pagefind-ui__filter-value", has_text="Bắc Kạn")
    assert option.locator(".pagefind-ui__filter-label").inner_text().strip().startswith("Bắc Kạn")
    option.locator("input").check()
    phone.wait_for_timeout(800)
    filtered = phone.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert filtered and set(filtered) <= set(unfiltered) | set(filtered)
    bac_kan = {"xa-duong-phong", "xa-quang-thuan", "xa-tran-phu", "thanh-pho-bac-kan", "pham-van-khac",
               "le-thi-ngoc", "nguyen-thi-vinh", "tong-huu-the", "trinh-tien-dung"}
    assert all(any(f"/dien-hinh/{slug}/" in href for slug in bac_kan) for href in filtered), filtered


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
    phone.wait_for_selector(".pagefind-ui__filter-name")  # the filters arrive after the first results
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
    assert groups == ["Loại", "Tỉnh", "Phong trào", "Lĩnh vực", "Năm", "Cấp khen thưởng"], groups
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
