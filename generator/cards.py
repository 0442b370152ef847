"""Printable model cards: one A4 page per profile with a QR code to its address.

For honour boards, leaflets and ceremonies: the card repeats the facts, the
summary and the first practices and results, and its QR code (made at build
time by segno, inline SVG, so it prints sharp at any size) opens the full
profile on a phone. Cards live at ``the-mo-hinh/<id>/``, kept out of search
and of search engines (``robots: noindex``).
"""

from __future__ import annotations

from functools import partial

import segno
from jinja2 import Environment

from . import parallel
from .model import Catalog, Exemplar
from .page_cache import PageCache

CARDS = "the-mo-hinh"
# Error correction level M (15 %) survives a crease or a smudge on a printed card.
QR_ERROR = "m"


def card_page(exemplar: Exemplar) -> str:
    return f"{CARDS}/{exemplar.id}.md"


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url``: always a full QR code (phones do not read Micro QR)."""
    return segno.make_qr(url, error=QR_ERROR)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG, sized by CSS (its viewBox counts modules)."""
    return qr_code(url).svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                                   svgclass="ex-qr", lineclass=None)


def _qr_svgs(urls: list[str]) -> list[str]:
    return [qr_svg(url) for url in urls]


def card_pages(env: Environment, catalog: Catalog, pages: PageCache | None = None) -> dict[str, str]:
    """The model card of every published profile, keyed by its path under the generated folder.

    A card shows one record, so the page cache keys it by that record's digest alone.
    Making a QR code costs milliseconds (segno tries all eight masks), so the codes of the
    cards to make are made first, on all cores for a big site.
    """
    template = env.get_template("card.md.j2")
    links = env.globals["share_links"]
    inputs = {exemplar.id: ("card.md.j2", exemplar.digest) for exemplar in catalog.exemplars}
    urls = [link.url for exemplar in catalog.exemplars
            if not (pages and pages.has(card_page(exemplar), inputs[exemplar.id]))
            and (link := links(exemplar))]
    batches = parallel.shards(urls, per_shard=100)
    made = parallel.map_processes(_qr_svgs, batches) if len(batches) > 1 else [_qr_svgs(urls)]
    codes = dict(zip(urls, (svg for batch in made for svg in batch)))
    cards = {}
    for exemplar in catalog.exemplars:
        path = card_page(exemplar)
        make = partial(template.render, exemplar=exemplar, qr_codes=codes)
        cards[path] = pages.get(path, inputs[exemplar.id], make) if pages else make()
    return cards
