"""Printable model cards and the print stylesheet, on a real build and in headless Chromium.

The QR code on each card is checked twice: its SVG drawing, read back module by module
and decoded, is the profile's address; and the code as Chromium renders it, photographed,
decodes to that address.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from generator.build import parallel
from generator.site.cards import qr_drawing
from PIL import Image

from test_browser import serve_site
from test_sharing import WITH_PHOTO, build_site_with_photo

SITE_URL = "https://thidua.example.gov.vn/"
_QR_SVG = re.compile(r'<div[^>]*class="ex-card__qr-code"[^>]*>(<svg.*?</svg>)</div>', re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site_with_photo(tmp_path_factory.mktemp("cards"), (2000, 1500), "Ruộng lúa của gia đình",
                                 SITE_URL=SITE_URL)


@pytest.fixture(scope="module")
def site_url(site):
    yield from serve_site(site)


def svg_modules(svg: str) -> list[list[bool]]:
    """The dark modules a card's SVG drawing shows."""
    width, height = map(int, re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
    assert width == height
    [path] = re.findall(r'<path d="([^"]+)"', svg)
    return path_modules(width, path)


def path_modules(size: int, path: str) -> list[list[bool]]:
    """The dark modules an SVG path of rectangles draws (M x y h w v h h -w Z) on a square of ``size``."""
    grid = [[False] * size for _ in range(size)]
    for x, y, w, h in re.findall(r"M(\d+) (\d+)h(\d+)v(\d+)h-\d+Z", path):
        for row in range(int(y), int(y) + int(h)):
            for column in range(int(x), int(x) + int(w)):
                grid[row][column] = True
    assert sum(map(sum, grid)) == sum(int(w) * int(h) for _, _, w, h in re.findall(
        r"M(\d+) (\d+)h(\d+)v(\d+)", path))  # every command was read
    return grid


def decode(modules: list[list[bool]]) -> str:
    """The text of a QR code drawn module by module, as a phone's reader would read it."""
    scale = 4
    image = Image.new("L", (len(modules[0]) * scale, len(modules) * scale), 255)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    [result] = zxingcpp.read_barcodes(image)
    assert result.format == zxingcpp.BarcodeFormat.QRCode
    return result.text


def card_pages(site: Path) -> list[Path]:
    pages = sorted(site.glob("the-mo-hinh/*.html"))
    assert len(pages) == len(list(site.glob("dien-hinh/*/index.html"))) > 40  # one card per profile
    return pages


def test_every_card_has_the_qr_code_of_its_profile_address(site: Path):
    for page in card_pages(site):
        html = page.read_text("utf-8")
        [svg] = _QR_SVG.findall(html)
        url = f"{SITE_URL}dien-hinh/{page.stem}/"
        drawn = svg_modules(svg)
        assert decode(drawn) == url, page
        border = 4  # the quiet zone the standard asks for, empty
        assert not any(any(row) for row in drawn[:border] + drawn[-border:])
        assert not any(any(row[:border] + row[-border:]) for row in drawn)
        assert url in html  # printed under the code too, for who cannot scan
        assert '<meta name="robots" content="noindex">' in html  # the profile is what search engines show


def test_qr_codes_made_on_all_cores_each_match_their_address(monkeypatch):
    """A big site makes its cards in several processes; each code must still be its own address's."""
    monkeypatch.setattr("generator.build.parallel.workers", lambda: 3)
    urls = [f"{SITE_URL}dien-hinh/mo-hinh-{n}/" for n in range(3000)]
    assert len(parallel.shards(urls)) == 3  # no server thread running yet: forks allowed
    drawings = parallel.map_items(qr_drawing, urls)
    for url, drawing in list(zip(urls, drawings))[::97]:
        assert decode(path_modules(drawing.size, drawing.path)) == url


def test_qr_code_as_rendered_decodes_to_the_profile_address(browser, site_url):
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    for slug in (WITH_PHOTO, "dam-van-ngan"):
        page.goto(f"{site_url}/the-mo-hinh/{slug}.html")
        shot = page.locator(".ex-card__qr-code").screenshot()
        [result] = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)).convert("L"))
        assert result.format == zxingcpp.BarcodeFormat.QRCode
        assert result.text == f"{SITE_URL}dien-hinh/{slug}/"
    page.close()


def test_print_shows_the_content_without_site_chrome(browser, site_url):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{site_url}/dien-hinh/{WITH_PHOTO}/")
    assert page.locator(".md-header").is_visible() and page.locator(".ex-share").is_visible()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".ex-share", ".headerlink"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("article h1").is_visible() and page.locator("article .ex-photo img").is_visible()
    after = page.evaluate(
        "() => [...document.querySelectorAll('article a')].map(a => getComputedStyle(a, '::after').content)"
    )
    assert set(after) <= {"none", "normal"}  # no link addresses printed after links
    page.close()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_model_cards_fit_on_one_a4_page(browser, site, site_url):
    """The card with a photo and the five with the most text each print on one A4 page."""
    longest = sorted(card_pages(site), key=lambda p: len(p.read_bytes()), reverse=True)[:5]
    slugs = {WITH_PHOTO} | {p.stem for p in longest}
    page = browser.new_page()
    for slug in sorted(slugs):
        page.goto(f"{site_url}/the-mo-hinh/{slug}.html")
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible()
        assert page.locator(".ex-card__qr-code svg").is_visible()
        assert pdf_pages(page.pdf(format="A4", print_background=True)) == 1, slug
    page.close()


def test_copy_link_and_print_buttons_work_and_stay_hidden_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/dien-hinh/{WITH_PHOTO}/")
    assert not page.locator("[data-copy-link]").is_visible()  # a button that could do nothing is not shown
    assert page.get_by_role("link", name="Facebook").is_visible()  # plain links work without JavaScript
    page.goto(f"{site_url}/the-mo-hinh/{WITH_PHOTO}.html")
    assert not page.locator("[data-print]").is_visible()
    context.close()

    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/dien-hinh/{WITH_PHOTO}/")
    page.get_by_role("button", name="Sao chép liên kết").click()
    url = f"{SITE_URL}dien-hinh/{WITH_PHOTO}/"
    page.wait_for_function("() => document.querySelector('.ex-share__status').textContent !== ''")
    assert page.locator(".ex-share__status").text_content() == f"Đã sao chép liên kết: {url}"
    assert page.evaluate("() => navigator.clipboard.readText()") == url
    page.goto(f"{site_url}/the-mo-hinh/{WITH_PHOTO}.html")
    assert page.get_by_role("button", name="In thẻ này").is_visible()
    context.close()


def test_cards_are_left_out_of_the_sitemap(site: Path):
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert f"{SITE_URL}dien-hinh/{WITH_PHOTO}/" in sitemap
    assert "/the-mo-hinh/" not in sitemap  # noindex pages do not belong in a sitemap
