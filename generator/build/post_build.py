"""The steps after the site engine, the same whichever engine made the pages.

A build is: generation (``pipeline/run.py``), then a site engine turns the Markdown into HTML
(MkDocs through the plugin, the default, or Zensical: ``build/engines.py``), then these steps:

- the model cards (finished pages no engine needs to see) are linked into the site;
- each HTML page carries a Content-Security-Policy allowing exactly its inline scripts
  (``build/csp.py``): MkDocs' plugin adds it as each page is written, and :func:`protect_pages`
  adds it to the pages of an engine without such a hook;
- ``_headers`` carries the policy with every page's script hashes;
- ``sitemap.xml`` gives each profile the day its record last changed (:func:`date_sitemap`,
  for an engine that does not take the page's ``updated`` itself);
- the Pagefind bundle, indexed in the background meanwhile (``search/index.py``), is moved in;
- the link check (``build/linkcheck.py``) reads the finished site.
"""

from __future__ import annotations

import gzip
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

from ..paths import SITEMAP
from ..pipeline.write import link_files, write_atomically
from ..search.index import SearchIndexJob
from . import csp

HEADERS = "_headers"
_UPDATED = re.compile(r'^updated: "?(\d{4}-\d{2}-\d{2})"?$', re.M)  # a profile's front matter (profile.md.j2)
_SITEMAP_URL = re.compile(r"<url>\s*<loc>([^<]*)</loc>\s*</url>")


def finish_site(generated_dir: Path, site_dir: Path, *, cards: list[str], script_hashes: Iterable[str],
                search_index: SearchIndexJob) -> None:
    """The steps every engine's build ends with: model cards linked in, ``_headers`` written with
    the policy allowing ``script_hashes``, and the search bundle moved in once the indexer is done
    (raises :class:`~generator.search.index.SearchIndexError` if it failed)."""
    link_files(generated_dir, site_dir, cards)
    (site_dir / HEADERS).write_text(csp.headers_file(script_hashes), encoding="utf-8")
    if search_index.started:
        search_index.finish(site_dir)


def protect_pages(site_dir: Path, copied: set[str]) -> set[str]:
    """Put the Content-Security-Policy meta tag into every HTML page the engine made (not the HTML
    files it copied as they were, ``copied``, as MkDocs does not run its page hooks on them either);
    the inline-script hashes of all of them. A page is replaced, never written into: the engine's
    own output may be a hard link to it."""
    hashes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        if page.relative_to(site_dir).as_posix() in copied:
            continue
        html, allowed = csp.add_policy(page.read_text(encoding="utf-8"))
        hashes.update(allowed)
        write_atomically(page, html.encode("utf-8"))
    return hashes


def page_dates(generated_dir: Path, pages: Iterable[str]) -> dict[str, str]:
    """The address (``dien-hinh/x/``) of each generated page whose front matter says when its record
    last changed (profiles: ``updated``, history.py), with that day."""
    dates: dict[str, str] = {}
    for uri in pages:
        if not uri.endswith(".md"):
            continue
        with open(generated_dir / uri, encoding="utf-8") as page:
            head = page.read(2048)  # the front matter comes first, and is short
        front = head.split("\n---", 1)[0] if head.startswith("---") else ""
        if match := _UPDATED.search(front):
            dates[page_address(uri)] = match.group(1)
    return dates


def page_address(uri: str) -> str:
    """Where a Markdown page is served with directory addresses: ``dien-hinh/x.md`` → ``dien-hinh/x/``."""
    stem = uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def date_sitemap(site_dir: Path, site_url: str | None, dates: dict[str, str]) -> None:
    """Give every address of ``sitemap.xml`` its ``<lastmod>``: a profile's record's last change, any
    other page the build's day (``SOURCE_DATE_EPOCH``, as MkDocs does), and write ``sitemap.xml.gz``.
    Without a published address the site has no sitemap (absolute addresses only, none rather than local)."""
    sitemap = site_dir / SITEMAP
    if site_url is None:
        sitemap.unlink(missing_ok=True)
        return
    built = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    build_day = time.strftime("%Y-%m-%d", time.gmtime(built))

    def dated(match: re.Match[str]) -> str:
        loc = match.group(1)
        day = dates.get(loc.removeprefix(site_url), build_day)
        return f"<url>\n         <loc>{loc}</loc>\n         <lastmod>{day}</lastmod>\n    </url>"

    text = _SITEMAP_URL.sub(dated, sitemap.read_text(encoding="utf-8"))
    write_atomically(sitemap, text.encode("utf-8"))
    (site_dir / f"{SITEMAP}.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=built))

