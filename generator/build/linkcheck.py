"""Check every internal link and anchor of a built site: ``python -m generator.build.linkcheck [site]``.

MkDocs' ``--strict`` checks links written in Markdown; this checks the HTML a
citizen gets, theme links and raw HTML included: each ``href``/``src`` that
stays on the site must name a file that exists, and each ``#anchor`` an ``id``
on the target page. Links to other sites are not fetched (CI has no internet).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, URL)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}  # `<a download>`: no value
        for name in ("id", "name"):
            if values.get(name) and (name == "id" or tag == "a"):
                self.page.ids.add(values[name])
        if tag == "link" and values.get("rel") in {"canonical", "alternate"}:
            return  # absolute addresses of the published site
        for name in ("href", "src"):
            if values.get(name):
                self.page.links.append((self.getpos()[0], values[name]))


def read_page(path: Path) -> PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector.page


def _target(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file and anchor an internal URL names, or None for links that leave the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")) if path else page
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def check_site(site: Path) -> list[str]:
    """Every broken internal link as ``page:line: message``."""
    site = site.resolve()
    pages: dict[Path, PageLinks] = {}

    def links_of(path: Path) -> PageLinks:
        if path not in pages:
            pages[path] = read_page(path)
        return pages[path]

    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        for line, url in links_of(page).links:
            resolved = _target(site, page, url)
            if resolved is None:
                continue
            target, anchor = resolved
            where = f"{page.relative_to(site)}:{line}"
            if not target.resolve().is_relative_to(site):
                problems.append(f"{where}: {url} points outside the site")
            elif not target.is_file():
                problems.append(f"{where}: {url} names a missing file")
            elif anchor and target.suffix == ".html" and anchor not in links_of(target).ids:
                problems.append(f"{where}: {url} names a missing anchor #{anchor}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0] if args else "site")
    if not site.is_dir():
        print(f"{site}: no built site here; run 'make site' first", file=sys.stderr)
        return 2
    problems = check_site(site)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} broken internal links in {site}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
