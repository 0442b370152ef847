"""What a citizen's phone does with the built site: layout at 360 px, in headless Chromium (search: test_search.py)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import copy_project, run_generator

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
def chromium(site_url):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed for browser tests: apt-get install chromium (make test does it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module", params=[360, 1280], ids=["phone", "desktop"])
def screen(chromium, request):
    """A page at a phone's width and at a desktop's."""
    width = request.param
    context = chromium.new_context(viewport={"width": width, "height": 740 if width < 600 else 900},
                                   is_mobile=width < 600)
    yield context.new_page()
    context.close()


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


# Every page type with a table: statistics, most replicated, a profile (awards with a decision column,
# results), the record format and the editor guide.
TABLE_PAGES = ["/thong-ke/", "/nhan-rong/", "/dien-hinh/nguyen-thi-thuy-kiem-thu/",
               "/mau-ho-so/", "/huong-dan-bien-tap/"]
TABLES = """() => [...document.querySelectorAll('article table')].map(table => {
  const region = table.closest('.ex-table');
  const cells = [...table.querySelectorAll('th, td')].map(cell => cell.getBoundingClientRect());
  const hint = region && region.querySelector('.ex-table__hint');
  return {
    fits: cells.every(r => r.left >= 0 && r.right <= window.innerWidth),
    region: region && {
      role: region.getAttribute('role'), tabindex: region.getAttribute('tabindex'),
      label: region.getAttribute('aria-label') || '',
      scrolls: region.scrollWidth > region.clientWidth,
      inside: region.getBoundingClientRect().right <= window.innerWidth,
      shadows: getComputedStyle(region).backgroundImage.split('gradient').length - 1,
      hint: hint ? (hint.getBoundingClientRect().height > 0 ? hint.textContent : '') : null,
    },
  };
})"""


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_every_table_is_readable_or_scrolls_in_a_named_region(screen, site_url, path):
    screen.goto(site_url + path)
    overflow = screen.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    tables = screen.evaluate(TABLES)
    assert tables, path
    for table in tables:
        region = table["region"]
        # Every table sits in a focusable, named region (axe: scrollable-region-focusable) that fits the screen.
        assert region and region["role"] == "region" and region["tabindex"] == "0", (path, table)
        assert region["label"].startswith("Bảng") and region["inside"], (path, table)
        assert region["shadows"] == 4  # the edge shadows and what covers them where there is nothing more
        if region["scrolls"]:  # a table wider than the screen: the hint says what to do
            assert region["hint"] == "Vuốt ngang để xem hết bảng", (path, table)
        else:
            assert table["fits"] and region["hint"] == "", (path, table)


def test_wide_tables_scroll_on_a_phone_and_fit_a_desktop(chromium, site_url):
    """The tables issue 23 found cut on a phone: the replicated places and a profile's decision column."""
    for width, scrolls in ((360, True), (1280, False)):
        context = chromium.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for path in ("/nhan-rong/", "/dien-hinh/nguyen-thi-thuy-kiem-thu/"):
            page.goto(site_url + path)
            wide = [t for t in page.evaluate(TABLES) if t["region"]["scrolls"]]
            assert bool(wide) == scrolls, (width, path)
        region = page.locator(".ex-table").first  # a keyboard reaches the region and scrolls it
        context.close()
    context = chromium.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "/nhan-rong/")
    region = page.locator(".ex-table").first
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.ex-table').scrollLeft > 0")
    context.close()


CONTENT_OFFSET = """() => {
  const grid = document.querySelector('.md-main__inner').getBoundingClientRect();
  const content = document.querySelector('.md-content').getBoundingClientRect();
  const links = [...document.querySelectorAll('.md-sidebar--primary a')].filter(a => a.offsetWidth > 0);
  return {gap: content.left - grid.left, links: links.length};
}"""


@pytest.mark.parametrize("width", [1280, 1440])
def test_pages_outside_a_section_use_the_navigation_column_on_a_desktop(chromium, site_url, width):
    """Profiles, movements and places are not in the navigation, so its column would be empty: the
    content takes it. A page within a section (Tra cứu) keeps its list of the section's pages."""
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in ("/dien-hinh/ho-ba-be-thi-hong/", "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/",
                 "/dia-phuong/cao-bang/", "/dien-hinh/", "/404.html"):
        page.goto(site_url + path)
        layout = page.evaluate(CONTENT_OFFSET)
        assert layout["gap"] <= 50, (path, layout)
    page.goto(site_url + "/loai/")
    layout = page.evaluate(CONTENT_OFFSET)
    assert layout["gap"] > 200 and layout["links"] >= 8, layout
    context.close()


def test_phone_drawer_lists_the_sections_on_a_profile(phone, site_url):
    phone.goto(site_url + "/dien-hinh/ho-ba-be-thi-hong/")
    phone.locator('label.md-header__button[for="__drawer"]').first.click()
    # The drawer slides in: wait until it is wholly on screen.
    phone.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    drawer = phone.locator(".md-sidebar--primary")
    for section in ("Điển hình", "Phong trào", "Tìm kiếm"):
        assert drawer.locator("a.md-nav__link", has_text=section).first.is_visible(), section
    phone.keyboard.press("Escape")
    phone.goto("about:blank")


def test_site_title_is_whole_on_a_phone(phone, site_url):
    for path in ("/", "/dien-hinh/"):
        phone.goto(site_url + path)
        title = phone.evaluate("""() => {
          const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
          const style = getComputedStyle(name);
          const box = name.getBoundingClientRect(), header = document.querySelector('.md-header').getBoundingClientRect();
          return {text: name.textContent.trim(), wide: name.scrollWidth - name.clientWidth,
                  tall: name.scrollHeight - name.clientHeight, overflow: style.textOverflow,
                  inside: box.top >= header.top && box.bottom <= header.bottom};
        }""")
        assert title["text"] == "Điển hình tiên tiến"
        assert title["wide"] <= 0 and title["tall"] <= 0 and title["overflow"] != "ellipsis", title
        assert title["inside"], title


def test_a_to_z_page_has_a_letter_index_in_vietnamese_order(phone, site_url):
    from generator.vietnamese import initial, sort_key

    phone.goto(site_url + "/dien-hinh/")
    index = phone.evaluate("""() => [...document.querySelectorAll('nav.ex-letters a')].map(a => {
      const target = document.getElementById(a.getAttribute('href').slice(1));
      const names = [];
      for (let e = target && target.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling)
        e.querySelectorAll('li > a:first-child').forEach(link => names.push(link.textContent.trim()));
      return {letter: a.textContent.trim(), heading: target && target.tagName,
              title: target && target.firstChild.textContent.trim(), names};
    })""")
    letters = [entry["letter"] for entry in index]
    assert len(letters) == len(set(letters)) >= 5
    assert letters == sorted(letters, key=sort_key)  # Vietnamese order: Đ after D, Ă and Â after A
    assert "Đ" in letters and letters.index("Đ") > letters.index("C")
    total = phone.locator("article li > a:first-child").count()
    assert sum(len(entry["names"]) for entry in index) == total  # every exemplar under one letter
    for entry in index:
        assert entry["heading"] == "H2" and entry["title"] == entry["letter"], entry
        assert entry["names"] and all(initial(name) == entry["letter"] for name in entry["names"]), entry


def test_copy_link_gives_the_pages_own_address_without_site_url(phone, site_url):
    phone.goto(site_url + "/dien-hinh/me-van-dat/")
    phone.get_by_role("button", name="Sao chép liên kết").click()
    phone.wait_for_function("() => document.querySelector('.ex-share__status').textContent !== ''")
    status = phone.locator(".ex-share__status").text_content()
    assert status.endswith(f": {site_url}/dien-hinh/me-van-dat/"), status


def test_printed_tables_are_whole(chromium, site_url):
    """Paper does not scroll: a printed table is not clipped by its region, and the hint is not printed."""
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(site_url + "/nhan-rong/")
    region = page.evaluate("""() => { const r = document.querySelector('.ex-table');
      return [getComputedStyle(r).overflowX, r.querySelector('.ex-table__hint').getBoundingClientRect().height]; }""")
    assert region == ["visible", 0]
    context.close()
