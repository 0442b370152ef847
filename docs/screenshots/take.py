"""Screenshots of the built site for the README: the front page, a profile, search with its filters
open and a movement, each at 360 px (a phone) and 1280 px (a desktop), in headless Chromium.

    .venv/bin/python -m generator build      # or any built site/
    .venv/bin/python docs/screenshots/take.py [SITE_DIR]

Writes docs/screenshots/<page>-<width>.png (palette PNG: a tenth of the bytes of a full-colour one).
"""

from __future__ import annotations

import functools
import http.server
import io
import sys
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {360: 740, 1280: 800}  # width → viewport height
MAX_HEIGHT = 2200  # px of page kept: the top of a long page is what the README shows
PAGES = {
    "trang-chu": "/",
    "ho-so": "/dien-hinh/ho-ba-be-thi-hong/",
    "tim-kiem": "/tim-kiem/?q=C%C3%A1%20nh%C3%A2n",
    "phong-trao": "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def open_filters(page) -> None:
    """Search for something and open every filter group, as a citizen narrowing results would."""
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    for group in page.locator(".pagefind-ui__filter-name").all():
        if group.is_visible():
            group.click()
    page.wait_for_timeout(300)


def save(png: bytes, target: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(target, optimize=True)


def main(site: Path) -> None:
    server, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              is_mobile=width < 600, device_scale_factor=1)
                for name, path in PAGES.items():
                    page = context.new_page()
                    page.goto(base + path, wait_until="networkidle")
                    if name == "tim-kiem":
                        open_filters(page)
                    # From the top (the fixed header is drawn where the page is scrolled to), once
                    # the theme's tabs have finished fading in one after another.
                    page.evaluate("window.scrollTo(0, 0)")
                    page.wait_for_timeout(1000)
                    full = page.evaluate("document.documentElement.scrollHeight")
                    shot = page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)},
                                           full_page=True)
                    target = HERE / f"{name}-{width}.png"
                    save(shot, target)
                    print(f"{target.relative_to(HERE.parent.parent)}: {target.stat().st_size // 1024} KB")
                    page.close()
                context.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else HERE.parent.parent / "site").resolve())
