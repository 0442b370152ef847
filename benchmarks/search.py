"""Search numbers for N synthetic exemplars: index time, bytes per query, time to results on Fast 3G.

    python benchmarks/search.py [N] [--keep DIR]

Builds a temporary copy of the site with N records from ``benchmarks/synth.py`` (default
20,000), then prints:

- the full build's time, and the search indexing time alone (a second, separate Pagefind
  run over the same search documents; in the build it runs while MkDocs builds);
- the bytes the browser fetched for the first results of a query after the search page had
  loaded, each file counted as a gzip-serving host sends it (gzip -6, or as-is when that is
  not smaller: Pagefind's index chunks are compressed already);
- time from the keystroke to rendered results in headless Chromium with the network
  throttled to Fast 3G (1.6 Mbps down, 750 kbps up, 150 ms latency) through the DevTools
  protocol, for a first and a next query: until the first result is drawn, and until the
  whole first page of results is; a next query typed a key at a time, timed from its last
  key (while a citizen types, the UI preloads the index chunks of what is typed so far);
  and, as from the header search box, the time from opening the search page with ``?q=``
  to the first result;
- what the search page itself fetched before it was idle, and for each query, which files
  the bytes went to (engine, index metadata, filter table, index chunks, result fragments).

Building 20,000 profiles takes many minutes. To measure again after a change to the search
UI or the index options, keep the first build and reuse it:

    python benchmarks/search.py 20000 --keep /tmp/s20k        # build, keep, measure
    python benchmarks/search.py --reuse /tmp/s20k             # copy theme/assets over the kept
                                                              # site, re-index, measure

``--reuse`` does not run MkDocs again, so changes to templates or content need a new build.
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
from urllib.parse import quote, unquote, urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.paths import VOCABULARY, Project  # noqa: E402
from generator.search.index import build_search_index  # noqa: E402

from build import synthetic_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FAST_3G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
TYPING_DELAY = 150  # ms between keys for the typed query: a practised thumb on a phone keyboard
QUERIES = {  # label → (query, ms between keys while typing it, 0 = all at once)
    "first query": ("nuoi ong ha quang", 0),
    "next query, new words": ("Trường Hà", 0),
    "next query, words seen": ("nuôi ong", 0),
    f"next query, new words typed a key each {TYPING_DELAY} ms (timed from the last key)": ("Lâm Mạnh", TYPING_DELAY),
}

# Put a query into Pagefind's box and resolve with the milliseconds until the first result
# is drawn, until the whole first page of results is (they arrive one by one as their
# fragments load), and the number of results drawn. With a delay, the query is typed a
# character at a time (the UI preloads index chunks as it goes) and timed from the last one.
TIME_TO_RESULTS = """async ([query, pageSize, delay]) => {
  const input = document.querySelector('.pagefind-ui__search-input');
  for (let typed = 1; delay && typed < query.length; typed++) {
    input.value = query.slice(0, typed);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await new Promise(r => setTimeout(r, delay));
  }
  const links = () => document.querySelectorAll('.pagefind-ui__result-link').length;
  const total = () => {
    const m = document.querySelector('.pagefind-ui__message');
    const text = m ? m.textContent.trim() : '';
    if (!text || text.startsWith('Đang tìm') || !text.includes(query)) return null;
    if (text.startsWith('Không')) return 0;
    const count = text.match(/^([\\d.,\\s]+) kết quả/);
    return count ? +count[1].replace(/\\D/g, '') : null;
  };
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  let first = null;
  for (;;) {
    const count = total();
    if (count !== null && first === null && (count === 0 || links() > 0)) first = performance.now() - start;
    if (count !== null && links() >= Math.min(count, pageSize)) break;
    await new Promise(r => requestAnimationFrame(r));
  }
  return [first, performance.now() - start, links()];
}"""
PAGE_SIZE = 10  # results on the first page: theme/assets/javascripts/search.js
# Whether the search page has answered: a result drawn, or "no results" (a small N may have none).
ANSWERED = """() => document.querySelector('.pagefind-ui__result-link') !== null
  || (document.querySelector('.pagefind-ui__message')?.textContent || '').trim().startsWith('Không')"""

# What each fetched file is, for the breakdown (first match wins).
KINDS = (
    ("pagefind/fragment/", "result fragments"),
    ("pagefind/index/", "index chunks"),
    ("pagefind/filter/", "filter chunks"),
    ("pagefind/filters.", "filter table"),
    (".pf_meta", "index metadata (pf_meta)"),
    ("pagefind-entry.json", "entry json"),
    ("wasm.", "engine (wasm)"),
    ("pagefind/", "engine and UI (js, css)"),
)


def kind_of(path: str) -> str:
    return next((kind for marker, kind in KINDS if marker in path), "page and theme")


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


def breakdown(site: Path, urls: list[str]) -> tuple[int, str]:
    """Total served bytes of the fetched files, and a per-kind breakdown of them."""
    sizes: dict[str, list[int]] = {}
    for url in urls:
        path = unquote(urlparse(url).path).lstrip("/")
        file = site / path
        if not (path.endswith("/") or file.is_file()):
            continue
        size = served_size(file / "index.html" if path.endswith("/") or not path else file)
        sizes.setdefault(kind_of(path), []).append(size)
    total = sum(sum(v) for v in sizes.values())
    lines = [f"      {sum(v) / 1024:7.1f} KB  {len(v):3d} × {kind}"
             for kind, v in sorted(sizes.items(), key=lambda item: -sum(item[1]))]
    return total, "\n".join(lines)


def phone_on_fast_3g(browser):
    """A new phone-sized page with an empty cache and its network throttled to Fast 3G; and its DevTools session."""
    page = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    return page, cdp


def measure_browser(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    server, url = serve(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page, cdp = phone_on_fast_3g(browser)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        fetched: list[str] = []
        pending: set = set()
        page.on("request", lambda request: pending.add(request))

        def finished(request) -> None:
            pending.discard(request)
            fetched.append(request.url)

        page.on("requestfinished", finished)
        page.on("requestfailed", lambda request: pending.discard(request))

        def wait_until_idle(quiet_ms: int = 1000) -> None:
            quiet = 0
            while quiet < quiet_ms:
                page.wait_for_timeout(100)
                quiet = 0 if pending else quiet + 100

        start = time.perf_counter()
        page.goto(url + "/tim-kiem/", wait_until="networkidle")
        page.wait_for_selector(".pagefind-ui__search-input")
        wait_until_idle()
        loaded = time.perf_counter() - start - 1.0  # less the quiet second that shows it is idle
        size, lines = breakdown(site, fetched)
        print(f"search page, until the network is idle (Fast 3G): {loaded * 1000:7.0f} ms, "
              f"{size / 1024:7.1f} KB compressed over {len(fetched)} requests\n{lines}")
        for label, (query, delay) in QUERIES.items():
            fetched.clear()
            first, full, count = page.evaluate(TIME_TO_RESULTS, [query, PAGE_SIZE, delay])
            drawn = list(fetched)
            wait_until_idle()
            size, lines = breakdown(site, drawn)
            later, later_lines = breakdown(site, fetched[len(drawn):])
            print(f"{label} {query!r}: {first:5.0f} ms to the first result, {full:5.0f} ms to the first "
                  f"{count} shown; {size / 1024:7.1f} KB compressed over {len(drawn)} requests until then\n"
                  f"{lines}")
            if later:
                print(f"    then, until the network is idle: {later / 1024:7.1f} KB over "
                      f"{len(fetched) - len(drawn)} requests\n{later_lines}")
        # From the header search box of any page: the search page opens with ?q= and has to load
        # the engine and the index metadata before the query's own chunks.
        page, _ = phone_on_fast_3g(browser)
        query = next(iter(QUERIES.values()))[0]
        start = time.perf_counter()
        page.goto(f"{url}/tim-kiem/?q={quote(query)}", wait_until="commit")
        page.wait_for_function(ANSWERED, timeout=120_000)
        print(f"search page opened with ?q={query!r}, Fast 3G, empty cache: first answer after "
              f"{(time.perf_counter() - start) * 1000:5.0f} ms")
        # As a citizen does it from a profile: focus the header box, type (about 1.5 s), Enter.
        page, _ = phone_on_fast_3g(browser)
        page.goto(f"{url}/dien-hinh/me-van-dat/", wait_until="networkidle")
        box = page.locator(".ex-header-search input")
        box.focus()
        box.press_sequentially(query, delay=1500 / len(query))
        start = time.perf_counter()
        box.press("Enter")
        page.wait_for_function(ANSWERED, timeout=120_000)
        print(f"from a profile's header box (focus, type for 1.5 s, Enter), Fast 3G: first answer "
              f"{(time.perf_counter() - start) * 1000:5.0f} ms after Enter")
        browser.close()
    server.shutdown()


def print_vocabulary_size(site: Path) -> None:
    """The "did you mean" vocabulary (generator/search/vocabulary.py): fetched only when a query finds nothing."""
    data = (site / VOCABULARY).read_bytes()
    print(f"did-you-mean vocabulary: {len(data.decode('utf-8').split(','))} words, {len(data) / 1024:.1f} KB, "
          f"{len(gzip.compress(data, 6)) / 1024:.1f} KB gzipped (fetched only when a query finds nothing)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=20_000, help="number of synthetic exemplars")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--reuse", type=Path, metavar="DIR",
                        help="measure a site kept with --keep: copy theme/assets over it, re-index, measure")
    args = parser.parse_args()

    if args.reuse:
        site = args.reuse / "site"
        shutil.copytree(REPO / "theme" / "assets", site / "assets", dirs_exist_ok=True)
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        start = time.perf_counter()
        build_search_index(Project.at(args.reuse), site)
        pages = sum(1 for _ in (site / "pagefind" / "fragment").iterdir())
        print(f"machine: {os.cpu_count()} cores; kept site {args.reuse}: search index "
              f"{time.perf_counter() - start:.1f} s ({pages} pages indexed)")
        print_vocabulary_size(site)
        measure_browser(site)
        return

    with tempfile.TemporaryDirectory(prefix="exemplar-search-bench-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        synthetic_site(root, args.n)
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic exemplars + the repository's records")
        start = time.perf_counter()
        built = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True)
        full = time.perf_counter() - start
        if built.returncode != 0:
            sys.exit(built.stdout + built.stderr)
        start = time.perf_counter()
        build_search_index(Project.at(root), root / "site")
        index = time.perf_counter() - start
        pages = sum(1 for _ in (root / "site" / "pagefind" / "fragment").iterdir())
        print(f"full build {full:.1f} s (generate, then MkDocs with Pagefind alongside); Pagefind alone "
              f"{index:.1f} s ({pages} pages indexed)")
        print_vocabulary_size(root / "site")
        measure_browser(root / "site")


if __name__ == "__main__":
    main()
