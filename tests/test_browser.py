"""What a citizen's phone does with the built site: layout at 360 px and the built-in search, in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from conftest import copy_project, run_generator
from playwright.sync_api import sync_playwright


CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Chromium from reaching for the network of a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("browser"))
    run_generator(root, "build", check=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *args: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def phone(site_url):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed for browser tests: apt-get install chromium (make test does it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
        yield context.new_page()
        browser.close()


@pytest.mark.parametrize(
    "path",
    ["/", "/dien-hinh/ho-ba-be-thi-hong/", "/dien-hinh/", "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/"],
)
def test_pages_fit_a_360px_phone(phone, site_url, path):
    phone.goto(site_url + path)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    assert phone.locator("h1").first.is_visible()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Bế Thị Hòng", "/dien-hinh/ho-ba-be-thi-hong/"),  # a name, typed with tone marks
        ("Quang Hán", "/dien-hinh/cong-an-xa-quang-han/"),  # a place
        ("Cốc Pàng", "/dien-hinh/don-bien-phong-coc-pang/"),
        ("Mê Văn Đạt", "/dien-hinh/me-van-dat/"),
        ("Nông dân thi đua sản xuất kinh doanh giỏi", "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/"),  # a movement
    ],
)
def test_built_in_search_finds_profiles(phone, site_url, query, expected):
    phone.goto(site_url + "/")
    phone.locator("label.md-header__button[for=__search]").click()
    box = phone.locator("input.md-search__input")
    results = phone.locator(".md-search-result__link")
    # The search worker loads its index after the page; a query typed before that is not
    # run again, so type it again until results show (as a person would).
    for _ in range(30):
        box.fill("")
        box.press_sequentially(query)
        phone.wait_for_timeout(500)
        if results.count():
            break
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(expected in href for href in hrefs), hrefs
