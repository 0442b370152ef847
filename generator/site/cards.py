"""Printable model cards: one A4 page per profile with a QR code to its address.

For honour boards, leaflets and ceremonies: the card repeats the facts, the
summary and the first practices and results, and its QR code (inline SVG, so it
prints sharp at any size) opens the full profile on a phone.

A card is a page of its own (``the-mo-hinh/<id>.html`` from ``card.html.j2``),
not a MkDocs page: it needs none of the theme's navigation, header or search, and
the plugin links it into the site as it is. Rendering it through MkDocs would
double the pages MkDocs renders (and holds in memory) for a page nobody searches.
Cards are kept out of search and of search engines (``noindex``).

Cards are files side by side in one folder, not ``<id>/index.html`` like the
profiles: a folder per card cost a clean generation and every build a folder made
per record (on this project's disk, 20,000 folders took 3.3 s to make and 20,000
files 3.4 s to write into them, against 0.9 s for the same files in one folder).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import zxingcpp
from jinja2 import Environment

from ..build import csp
from ..paths import CARDS
from ..pipeline.model import Catalog, Exemplar
from ..pipeline.render import PageSet

if TYPE_CHECKING:
    from .sharing import ShareLinks

# Error correction level M (15 %) survives a crease or a smudge on a printed card.
QR_ERROR = "M"
_DARK_RUN = re.compile(rb"\x00+")  # in zxing-cpp's image of the modules, 0 is dark and 255 light


def card_page(exemplar: Exemplar) -> str:
    return f"{CARDS}/{exemplar.id}.html"


def qr_code(url: str) -> zxingcpp.Barcode:
    """The QR code of ``url``: always a full QR code (phones do not read Micro QR).

    zxing-cpp encodes it in C++ and picks the mask the QR standard's penalty rules
    score best, in well under a millisecond.
    """
    return zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_ERROR)


@dataclass(frozen=True)
class QrDrawing:
    """A QR code as SVG path data, one rectangle per run of dark modules in a row, on a square
    of ``size`` modules that includes the quiet zone (``card.html.j2`` draws it)."""

    size: int
    path: str


def qr_drawing(url: str) -> QrDrawing:
    """The drawing of ``url``'s QR code.

    Drawn from zxing-cpp's image of the modules rather than taken from its own SVG writer:
    0.3 ms a code against 0.45 ms, and the card's template, not zxing-cpp, decides the markup.
    """
    image = qr_code(url).to_image(scale=1, add_quiet_zones=True)  # light edges: no run spans two rows
    size = image.shape[1]
    runs = []
    # zxing-cpp's Image has the buffer protocol, which its type hints do not declare.
    for run in _DARK_RUN.finditer(bytes(memoryview(image))):  # type: ignore[arg-type]
        y, x = divmod(run.start(), size)
        length = run.end() - run.start()
        runs.append(f"M{x} {y}h{length}v1h-{length}Z")
    return QrDrawing(size, "".join(runs))


def card_pages(env: Environment, catalog: Catalog) -> PageSet:
    """The model card of every published profile, by its path under the generated folder.

    A card shows one record, so the page cache keys it by that record's digest alone.
    """
    template = env.get_template("card.html.j2")
    # Jinja types its globals as objects: this one is sharing.py's `share_links`, bound to the site.
    links = cast(Callable[[Exemplar], "ShareLinks | None"], env.globals["share_links"])
    policy = csp.policy(())  # a card has no inline script
    by_path = {card_page(exemplar): exemplar for exemplar in catalog.exemplars}

    def render_card(path: str) -> str:
        exemplar = by_path[path]
        link = links(exemplar)
        return template.render(exemplar=exemplar, qr=qr_drawing(link.url) if link else None, CARD_POLICY=policy)

    inputs = {path: ("card.html.j2", exemplar.digest) for path, exemplar in by_path.items()}
    return PageSet(inputs, render_card)
