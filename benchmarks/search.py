"""Search numbers for N synthetic exemplars: index time, bytes per query, time to results on Fast 3G.

    python benchmarks/search.py [N] [--keep DIR]

Builds a temporary copy of the site with N records from ``benchmarks/synth.py`` (default
20,000), then prints:

- search indexing time next to the MkDocs build time (the full build minus a second,
  separate Pagefind run over the same site, which is what the plugin runs after MkDocs);
- the bytes the browser fetched for the first results of a query after the search page had
  loaded, each file counted as a gzip-serving host sends it (gzip -6, or as-is when that is
  not smaller: Pagefind's index chunks are compressed already);
- time from the keystroke to rendered results in headless Chromium with the network
  throttled to Fast 3G (1.6 Mbps down, 750 kbps up, 150 ms latency) through the DevTools
  protocol, for a first and a next query.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.search import build_search_index  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FAST_3G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
QUERIES = {  # label → query
    "first query": "nuoi ong ha quang",
    "next query, new words": "Trường Hà",
    "next query, words seen": "nuôi ong",
}

# Type a query into Pagefind's box and resolve with the milliseconds until results are drawn.
TIME_TO_RESULTS = """async (query) => {
  const input = document.querySelector('.pagefind-ui__search-input');
  const done = () => {
    const m = document.querySelector('.pagefind-ui__message');
    const text = m ? m.textContent.trim() : '';
    return text && !text.startsWith('Đang tìm') && text.includes(query)
      && (text.startsWith('Không') || document.querySelector('.pagefind-ui__result-link'));
  };
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  while (!done()) await new Promise(r => requestAnimationFrame(r));
  return [performance.now() - start, document.querySelectorAll('.pagefind-ui__result-link').length];
}"""


def copy_site(dest: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "theme", "exemplars"):
        shutil.copytree(REPO / folder, dest / folder, ignore=shutil.ignore_patterns("synthetic*"))


def served_size(path: Path) -> int:
    data = path.read_bytes()
    return min(len(data), len(gzip.compress(data, 6)))


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def measure_browser(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    server, url = serve(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        fetched: list[str] = []
        page.goto(url + "/tim-kiem/", wait_until="networkidle")
        page.wait_for_selector(".pagefind-ui__search-input")
        page.wait_for_load_state("networkidle")
        page.on("requestfinished", lambda request: fetched.append(request.url))
        for label, query in QUERIES.items():
            fetched.clear()
            ms, count = page.evaluate(TIME_TO_RESULTS, query)
            page.wait_for_load_state("networkidle")
            files = [site / unquote(urlparse(u).path).lstrip("/") for u in fetched]
            size = sum(served_size(f) for f in files if f.is_file())
            if os.environ.get("SEARCH_BENCH_VERBOSE"):
                for f in files:
                    print(f"    {served_size(f) / 1024 if f.is_file() else 0:7.1f} KB  {f.relative_to(site)}")
            print(f"{label} {query!r}: {ms:7.0f} ms to results ({count} shown); "
                  f"{size / 1024:7.1f} KB compressed over {len(files)} requests")
        browser.close()
    server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=20_000, help="number of synthetic exemplars")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="exemplar-search-bench-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        copy_site(root)
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "synth.py"), str(args.n), str(root / "exemplars" / "synthetic")],
            check=True, stdout=subprocess.DEVNULL,
        )
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic exemplars + the repository's records")
        start = time.perf_counter()
        built = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True)
        full = time.perf_counter() - start
        if built.returncode != 0:
            sys.exit(built.stdout + built.stderr)
        start = time.perf_counter()
        build_search_index(root / "site")
        index = time.perf_counter() - start
        mkdocs = full - index
        pages = sum(1 for _ in (root / "site" / "pagefind" / "fragment").iterdir())
        print(f"full build {full:.1f} s = generate + MkDocs {mkdocs:.1f} s + search index {index:.1f} s "
              f"({pages} pages indexed): indexing adds {100 * index / mkdocs:.0f}% to the build")
        measure_browser(root / "site")


if __name__ == "__main__":
    main()
