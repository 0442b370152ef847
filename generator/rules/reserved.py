"""Names no record may take: a record's pages and files are written at paths made from its id
(``dien-hinh/<id>.md``, ``the-mo-hinh/<id>.html``, ``quyet-dinh/<id>-van-ban.pdf`` …), beside
pages the site makes for itself (``dien-hinh/index.md``, the A–Z list at ``/dien-hinh/``, and its
further pages ``dien-hinh/trang-2.md`` …). A record whose page had the same path would replace that
page without a word, or lose its own to it.

The paths are made by the functions the render stage writes with (:func:`record_outputs`), and
:data:`SITE_PAGES` names what the site writes in the same folders; a test compares both with every
file a real run writes, so that a page added to one of those folders cannot be forgotten here.

Paths are compared as the published site holds them (MkDocs turns ``x.md`` into ``x/index.html``),
in NFC and case-folded: on a case-insensitive file system (macOS, Windows) ``Index`` is ``index``.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..paths import AWARDS, DECISIONS, EXEMPLARS, FIELDS, KINDS, MOVEMENTS, PROVINCES, STATISTICS_DIR, YEARS
from ..pipeline.render import (
    decision_page,
    decision_scan,
    exemplar_page,
    further_pages,
    index_page,
    movement_feed,
    movement_page,
)
from ..search.documents import search_document_path
from ..site.cards import card_page
from ..site.feeds import FEED_SITEMAP, SITE_FEED

# What the site writes whatever the records say, in the folders records write into (and the other
# index pages, which group pages named by a taxonomy id or a province sit beside).
SITE_PAGES = (
    *(index_page(folder) for folder in (EXEMPLARS, MOVEMENTS, DECISIONS, KINDS, FIELDS, PROVINCES, YEARS, AWARDS,
                                        STATISTICS_DIR)),
    SITE_FEED, FEED_SITEMAP,
)


def record_outputs(kind: str, record_id: str) -> list[str]:
    """The generated files a record of ``kind`` (exemplar, movement, decision) with ``record_id`` writes,
    photos aside (``<id>-anh-<n>…``: an extension no page has, and a number no id part adds)."""
    # Stands in for the record: the path functions read only its id, file and photos.
    record: Any = SimpleNamespace(id=record_id, file=Path(record_id), photos=())
    if kind == "exemplar":
        return [exemplar_page(record), card_page(record), search_document_path(record)]
    if kind == "movement":
        return [movement_page(record), movement_feed(record)]
    return [decision_page(record), f"{DECISIONS}/{decision_scan(record)}"]  # the scan sits beside its page


def site_path(generated: str) -> str:
    """Where the site publishes a generated file, as a case-insensitive NFC file system names it."""
    folder, _, name = unicodedata.normalize("NFC", generated).casefold().rpartition("/")
    if name.endswith(".md"):  # use_directory_urls: x.md → x/index.html
        stem = name.removesuffix(".md")
        name = "index.html" if stem == "index" else f"{stem}/index.html"
    return f"{folder}/{name}"


def id_key(record_id: str) -> str:
    """Two ids with the same key are one path on a case-insensitive file system, or once normalised."""
    return unicodedata.normalize("NFC", record_id).casefold()


@cache
def _site_pages() -> dict[str, str]:
    return {site_path(page): page for page in SITE_PAGES}


def site_page_taken(generated: str) -> str | None:
    """The site's own page that a file written at ``generated`` would replace, if any: one of
    :data:`SITE_PAGES`, or a further page of the A–Z list (``dien-hinh/trang-2.md``, however many there are)."""
    if further_pages(EXEMPLARS).fullmatch(unicodedata.normalize("NFC", generated).casefold()):
        return generated
    return _site_pages().get(site_path(generated))


def address(generated: str) -> str:
    """The address citizens see for a generated file: ``dien-hinh/index.md`` → ``/dien-hinh/``."""
    return "/" + site_path(generated).removesuffix("index.html")
