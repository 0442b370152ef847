"""Printable model cards: one A4 page per profile with a QR code to its address.

For honour boards, leaflets and ceremonies: the card repeats the facts, the
summary and the first practices and results, and its QR code (inline SVG, so it
prints sharp at any size) opens the full profile on a phone.

A card is a page of its own (``the-mo-hinh/<id>/index.html`` from
``card.html.j2``), not a MkDocs page: it needs none of the theme's navigation,
header or search, and MkDocs copies it as it is. Rendering it through MkDocs
would double the pages MkDocs renders (and holds in memory) for a page nobody
searches. Cards are kept out of search and of search engines (``noindex``).
"""

from __future__ import annotations

import re

import zxingcpp
from jinja2 import Environment

from . import csp
from .model import Catalog, Exemplar
from .page_cache import PageCache
from .render import make_pages
from .write import Kept

CARDS = "the-mo-hinh"
# Error correction level M (15 %) survives a crease or a smudge on a printed card.
QR_ERROR = "M"
# zxing-cpp writes a whole SVG file with a fixed pixel size; inline, the drawing keeps its
# <svg> element only, sized by CSS through a viewBox that counts modules.
_SVG_START = re.compile(r'.*?<svg width="(\d+)" height="(\d+)"', re.S)


def card_page(exemplar: Exemplar) -> str:
    return f"{CARDS}/{exemplar.id}/index.html"


def qr_code(url: str) -> zxingcpp.Barcode:
    """The QR code of ``url``: always a full QR code (phones do not read Micro QR).

    zxing-cpp encodes it in C++ and picks the mask the QR standard's penalty rules
    score best, in well under a millisecond.
    """
    return zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_ERROR)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG with its four-module quiet zone."""
    svg = qr_code(url).to_svg(add_quiet_zones=True).strip()
    return _SVG_START.sub(r'<svg viewBox="0 0 \1 \2" class="ex-qr"', svg, count=1)


def card_pages(env: Environment, catalog: Catalog, pages: PageCache | None = None) -> dict[str, bytes | Kept]:
    """The model card of every published profile, keyed by its path under the generated folder.

    A card shows one record, so the page cache keys it by that record's digest alone.
    The cards to make are made on all cores for a big site.
    """
    template = env.get_template("card.html.j2")
    links = env.globals["share_links"]
    policy = csp.policy(())  # a card has no inline script
    by_path = {card_page(exemplar): exemplar for exemplar in catalog.exemplars}

    def render_card(path: str) -> str:
        exemplar = by_path[path]
        link = links(exemplar)
        return template.render(exemplar=exemplar, qr_code=qr_svg(link.url) if link else None, CARD_POLICY=policy)

    inputs = {path: ("card.html.j2", exemplar.digest) for path, exemplar in by_path.items()}
    return make_pages(inputs, render_card, pages)
