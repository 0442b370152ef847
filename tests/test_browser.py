"""What a citizen's phone does with the built site: layout at 360 px, in headless Chromium (search: test_search.py)."""

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
    from test_accessibility import add_cited_decision  # a decision and a record with a full awards table
    add_cited_decision(root)
    run_generator(root, "build", check=True)
    yield from serve_site(root / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve_site(site: Path):
    """Serve a built site over HTTP on a free port (a generator for fixtures: the address, then shutdown)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
    ["/", "/dien-hinh/ho-ba-be-thi-hong/", "/dien-hinh/", "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/",
     "/thong-ke/", "/quyet-dinh/123-qd-ctn-2019/", "/dien-hinh/nguyen-thi-thuy-kiem-thu/"],
)
def test_pages_fit_a_360px_phone(phone, site_url, path):
    phone.goto(site_url + path)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    assert phone.locator("h1").first.is_visible()


def test_chart_text_stays_readable_on_a_360px_phone(phone, site_url):
    phone.goto(site_url + "/thong-ke/")
    sizes = phone.evaluate(
        "() => [...document.querySelectorAll('svg[role=img] tspan')]"
        ".map(t => t.getBoundingClientRect()).filter(r => r.width).map(r => [r.right, r.height])"
    )
    assert sizes
    assert max(right for right, _ in sizes) <= 360  # no label runs off the screen
    assert min(height for _, height in sizes) >= 12  # about 13 px text: not scaled down to fit
