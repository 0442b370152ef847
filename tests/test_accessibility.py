"""Pages anyone can use: axe-core's WCAG 2.1 A/AA rules in headless Chromium, no Content-Security-Policy
violation, pages readable without JavaScript, and the page-weight budget, on a real build.

PAGES lists one page of each type; add a path when a new page type appears.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import REPO, add_photo, copy_project, grant_consent, run_generator
from test_browser import serve_site
from test_site import DECISION, MULTI_AWARD

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PROFILE = "/dien-hinh/ho-ba-be-thi-hong/"
PAGES = [
    "/",  # home
    PROFILE,  # profile (with a photo, added below)
    "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/",  # movement
    "/dien-hinh/",  # A–Z index
    "/phong-trao/",
    "/loai/", "/linh-vuc/", "/dia-phuong/", "/nam/", "/khen-thuong/",  # browse indexes
    "/dia-phuong/cao-bang/",  # a list (cards)
    "/loai/ca-nhan/",  # a kind's list, at its Vietnamese address
    "/gioi-thieu/", "/mau-ho-so/", "/huong-dan-bien-tap/", "/yeu-cau-go-thong-tin/",  # hand-written pages
    "/tim-kiem/",  # search
    "/nhan-rong/",  # most-replicated models
    "/the-mo-hinh/ho-ba-be-thi-hong.html",  # printable model card (with a photo and a QR code)
    "/thong-ke/",  # statistics: SVG charts and tables
    "/quyet-dinh/123-qd-ctn-2019/",  # an award decision and the exemplars it honoured
    "/dien-hinh/nguyen-thi-thuy-kiem-thu/",  # a profile with results and a full awards table (scroll regions)
    "/quyet-dinh/",
    "/404.html",
]
BUDGET_BYTES = 150 * 1024


def add_cited_decision(root: Path) -> None:
    """A decision (test data: the seed articles give no decision numbers) and a record citing it,
    with every column of the awards table filled."""
    decisions = root / "content" / "decisions"
    decisions.mkdir(exist_ok=True)
    (decisions / "123-qd-ctn-2019.yml").write_text(DECISION, encoding="utf-8")
    tests = root / "exemplars" / "kiem-thu"
    tests.mkdir(exist_ok=True)
    (tests / "nguyen-thi-thuy-kiem-thu.yml").write_text(MULTI_AWARD, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("a11y"))
    record = root / "exemplars" / "cao-bang" / "ho-ba-be-thi-hong.yml"
    add_photo(record, "  - file: anh/ruong.jpg\n    caption: Ruộng lúa của gia đình\n  - file: anh/ruong.jpg\n")
    grant_consent(record, "[story, photos, contact]", person="Bế Thị Hòng")
    add_cited_decision(root)
    with pytest.MonkeyPatch.context() as env:  # with a repository: its header link and the adoption link
        env.setenv("REPO_URL", "https://github.com/example/dien-hinh")
        run_generator(root, "build", "--strict", check=True)
    return root / "site"


@pytest.fixture(scope="module")
def site_url(site):
    yield from serve_site(site)


@pytest.fixture(scope="module")
def browser(browser):
    """conftest's Chromium, once axe-core is there to inject into it."""
    if not AXE.exists():
        pytest.fail("axe-core is needed: run 'npm ci' (make test does it)")
    return browser


@pytest.fixture(scope="module", params=[360, 1280], ids=["phone", "desktop"])
def screen(browser, request):
    """One browser context per width: a phone's and a desktop's."""
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 740 if width < 600 else 900},
                                  is_mobile=width < 600)
    yield context
    context.close()


def open_page(browser, url: str, *, javascript: bool = True):
    """A phone-sized page at ``url``, recording every CSP violation and console error."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, java_script_enabled=javascript)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(msg.text))
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    page.goto(url, wait_until="load")
    return page


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_wcag_violation(screen, site_url, path):
    page = screen.new_page()
    page.goto(site_url + path, wait_until="load")
    # evaluate() runs through the DevTools protocol, so the page's CSP does not block axe itself.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)})))",
        WCAG_TAGS,
    )
    page.close()
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  {v['nodes']}" for v in violations)


@pytest.mark.parametrize("path", PAGES)
def test_no_content_security_policy_violation(browser, site_url, path):
    page = open_page(browser, site_url + path)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    # Exercise the search page's scripts: Pagefind's interface, its WebAssembly and its index.
    if page.locator(".pagefind-ui__search-input").count():
        page.locator(".pagefind-ui__search-input").fill("Cao Bằng")
        page.wait_for_selector(".pagefind-ui__result-link")
        page.locator(".pagefind-ui__filter-name").first.click()
    problems = list(page.problems)
    page.context.close()
    assert problems == [], problems


@pytest.mark.parametrize("path", PAGES)
def test_pages_read_without_javascript(browser, site_url, path):
    """Everything but search works without JavaScript: the heading, the text and onward links show."""
    page = open_page(browser, site_url + path, javascript=False)
    assert page.locator("h1").first.is_visible()
    # The 404 page's way on is the header; the model card is a page of its own, without the theme.
    scope = {"/404.html": "body", "/the-mo-hinh/ho-ba-be-thi-hong.html": "main"}.get(path, "article")
    assert page.locator(f"{scope} a[href]").count() >= 1
    assert page.problems == []
    page.context.close()


def test_profile_reads_without_javascript(browser, site_url):
    page = open_page(browser, site_url + PROFILE, javascript=False)
    assert page.locator("h1").first.inner_text().startswith("Hộ gia đình bà Bế Thị Hòng")
    assert page.locator("h2#cau-chuyen").is_visible()
    assert page.locator(".ex-prose p").first.is_visible()  # the story
    assert page.locator("a[href='../../dia-phuong/cao-bang/']").count() >= 1  # onward links work
    page.context.close()


def test_every_image_has_alt_text(site):
    html = (site / PROFILE.strip("/") / "index.html").read_text(encoding="utf-8")
    images = re.findall(r"<img\b[^>]*>", html)
    assert len(images) == 2
    alts = [re.search(r'\balt="([^"]*)"', img).group(1) for img in images]
    assert alts == ["Ruộng lúa của gia đình", "Hộ gia đình bà Bế Thị Hòng"]  # caption, else the name


def transfer_size(site: Path, page: str) -> dict[str, int]:
    """gzip-compressed bytes of a page's HTML and of the CSS and JS it loads (photos excluded)."""
    html_file = site / page.strip("/") / "index.html"
    html = html_file.read_text(encoding="utf-8")
    refs = re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    refs += re.findall(r'<script\b[^>]*src="([^"]+)"', html)
    sizes = {page: len(gzip.compress(html.encode("utf-8"), 9))}
    for ref in refs:
        assert not urlparse(ref).netloc, f"{page} loads {ref} from another site"
        target = (html_file.parent / urlparse(ref).path).resolve()
        sizes[ref] = len(gzip.compress(target.read_bytes(), 9))
    return sizes


def test_profile_page_weight_is_within_budget(site):
    sizes = transfer_size(site, PROFILE)
    assert len(sizes) >= 3  # the page, the theme's CSS and its JavaScript bundle at least
    total = sum(sizes.values())
    assert total <= BUDGET_BYTES, f"{total} bytes compressed: {sizes}"


def test_headers_file_allows_every_pages_inline_scripts(site):
    from generator.build.csp import inline_script_hashes

    headers = (site / "_headers").read_text(encoding="utf-8")
    for page in site.rglob("*.html"):
        for source in inline_script_hashes(page.read_text(encoding="utf-8")):
            assert source in headers, f"{page}: {source} missing from _headers"
