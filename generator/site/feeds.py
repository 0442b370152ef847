"""Atom feeds of newly published or updated exemplars: one for the site, one per movement.

An entry's date is its record's last change (``history.py``), so a feed read twice
from the same commit is the same, and an edited record comes back to the top.
Feeds need absolute addresses: they are written only when ``mkdocs.yml`` has a
``site_url``. The XML is drawn by ``templates/feed.xml.j2`` with autoescaping on.

All feeds sit in one folder beside an empty ``sitemap.xml``: mkdocs-material's script
fetches ``sitemap.xml`` next to every ``<link rel="alternate">`` of a page (for its
language switcher). Next to a feed at the site's root it would download the whole
site's sitemap on every page view, next to a feed in a folder without one it would
get a 404; the empty one costs a few bytes, cached.
"""

from __future__ import annotations

from datetime import UTC, datetime

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..paths import FEEDS, TEMPLATES_DIR
from ..pipeline.model import Catalog, Exemplar
from ..pipeline.render import exemplar_page, movement_feed, movement_page
from ..vietnamese import fold
from .sharing import SiteConfig

SITE_FEED = f"{FEEDS}/tat-ca.xml"
FEED_SITEMAP = f"{FEEDS}/sitemap.xml"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
FEED_SIZE = 50  # entries per feed: newest first
EPOCH = datetime.fromtimestamp(0, UTC)


def page_url(site: SiteConfig, page: str) -> str:
    """Absolute address of a generated page (directory URLs)."""
    path = page.removesuffix(".md")
    assert site.site_url is not None  # feeds are made only for a site with an address
    return site.site_url + (path.removesuffix("index") if path.split("/")[-1] == "index" else path + "/")


def newest_first(catalog: Catalog, exemplars: list[Exemplar]) -> list[Exemplar]:
    """Latest change first. The catalog's lists are in Vietnamese alphabetical order and the sort
    is stable, so records changed in one commit keep that order."""
    changed = catalog.last_changed
    return sorted(exemplars, key=lambda e: changed.get(exemplar_page(e), EPOCH), reverse=True)[:FEED_SIZE]


def rfc3339(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_files(catalog: Catalog, site: SiteConfig) -> dict[str, str]:
    """The site's feed, one per movement and the empty sitemap beside them; nothing without a site_url."""
    site_url = site.site_url
    if site_url is None:
        return {}
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(fold=fold, rfc3339=rfc3339)
    env.globals.update(
        site=site, changed=lambda page: catalog.last_changed.get(page, EPOCH), exemplar_page=exemplar_page,
        url=lambda page: page_url(site, page), catalog=catalog,
    )
    template = env.get_template("feed.xml.j2")

    def render(path: str, title: str, home: str, members: list[Exemplar], own: datetime) -> str:
        entries = newest_first(catalog, members)
        updated = max([own, *(catalog.last_changed.get(exemplar_page(e), EPOCH) for e in entries)])
        return template.render(feed_url=site_url + path, title=title, home=home, entries=entries, updated=updated)

    files = {FEED_SITEMAP: EMPTY_SITEMAP}
    files[SITE_FEED] = render(SITE_FEED, site.site_name, site_url, catalog.exemplars, EPOCH)
    for movement in catalog.movements:
        files[movement_feed(movement)] = render(
            movement_feed(movement), f"{site.site_name}: {movement.name}", page_url(site, movement_page(movement)),
            catalog.by_movement.get(movement.id, []), catalog.last_changed.get(movement_page(movement), EPOCH),
        )
    return files

