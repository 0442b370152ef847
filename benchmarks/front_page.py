"""First load of the front page on a slow phone: bytes transferred and largest contentful paint.

    python benchmarks/front_page.py [--site SITE_DIR] [--runs N] [--build]

Serves the built site (``site/``; ``--build`` builds it first with ``python -m generator build``)
from a local server that gzips text as a web server would, then loads the front page cold (a new
browser context: empty cache) N times in headless Chromium with the DevTools protocol's throttling:
a slow 4G network (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip) and the CPU slowed 4×.
Prints, for each run, the bytes transferred (compressed, headers included, as Chromium counts them)
and the largest contentful paint; then the median and the targets (≤ 200 KB, LCP ≤ 2.5 s).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import statistics
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4
BUDGET_BYTES = 200 * 1024
BUDGET_LCP_MS = 2500
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
LCP_SCRIPT = """() => new Promise(resolve => {
  let last = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) last = e.renderTime || e.loadTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(last), 1000);  // LCP is final once the page settled
})"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzip-compressed when the browser accepts it (as any production server does)."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if (not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not content_type.startswith(TEXT_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def load_once(browser, url: str) -> tuple[int, float, Counter]:
    """One cold load: bytes transferred, LCP in ms, and bytes by resource type."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    types: dict[str, str] = {}
    sizes: Counter = Counter()
    cdp.on("Network.responseReceived", lambda e: types.__setitem__(e["requestId"], e["type"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.update({types.get(e["requestId"], "Other"): e["encodedDataLength"]}))
    page.goto(url, wait_until="load")
    lcp = page.evaluate(LCP_SCRIPT)
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes.values()), lcp, sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="build the site first (python -m generator build)")
    args = parser.parse_args()
    if args.build:
        subprocess.run([sys.executable, "-m", "generator", "build"], cwd=REPO, check=True,
                       env={**os.environ, "PYTHONPATH": str(REPO)})
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no built site (run with --build)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server, url = serve(args.site)
    results = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for run in range(1, args.runs + 1):
                total, lcp, sizes = load_once(browser, url)
                results.append((total, lcp))
                parts = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in sizes.most_common())
                print(f"run {run}: {total / 1024:.1f} KB transferred ({parts}), LCP {lcp / 1000:.2f} s")
            browser.close()
    finally:
        server.shutdown()
    median_bytes = statistics.median(r[0] for r in results)
    median_lcp = statistics.median(r[1] for r in results)
    print(f"front page, cold, slow 4G (1.6 Mbit/s, 150 ms) and CPU {CPU_SLOWDOWN}x slower, median of {len(results)} "
          f"on {os.cpu_count()} cores: {median_bytes / 1024:.1f} KB transferred (target ≤ {BUDGET_BYTES // 1024} KB), "
          f"LCP {median_lcp / 1000:.2f} s (target ≤ {BUDGET_LCP_MS / 1000:.1f} s)")
    return 0 if median_bytes <= BUDGET_BYTES and median_lcp <= BUDGET_LCP_MS else 1


if __name__ == "__main__":
    sys.exit(main())
