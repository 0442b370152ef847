"""Addresses in raw HTML, written relative to the Markdown file, resolved the same by both engines.

A page's raw HTML (cards, photos, the model-card link) cannot use Markdown links. Its relative
addresses are written as Markdown links are: from the folder of the Markdown file
(``dia-phuong/cao-bang.md`` reaches a profile as ``../dien-hinh/<id>/``). Zensical rewrites
every relative ``href``/``src``/``srcset`` in raw HTML that way itself, into the page's address
(``dia-phuong/cao-bang/``, one folder deeper: ``../../dien-hinh/<id>/``). MkDocs leaves raw
HTML alone, so for MkDocs the plugin adds :class:`RawLinksExtension`, which does the same
rewriting: the same Markdown then gives the same links with either engine.
"""

from __future__ import annotations

import posixpath
import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# href, src and srcset values in stashed raw HTML, quoted (the templates always quote them).
_ATTRIBUTE = re.compile(r"""\b(href|src|srcset)=(["'])([^"']*)\2""", re.I)
_LEAVES_PAGE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)  # scheme, absolute path, anchor


def page_prefix(src_uri: str, url: str) -> str:
    """The way from a page's address to the folder of its Markdown file: ``"../"`` for
    ``dien-hinh/x.md`` served as ``dien-hinh/x/``, ``""`` for ``dien-hinh/index.md`` (or
    without directory addresses)."""
    url_dir = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
    source_dir = posixpath.dirname(src_uri)
    relative = posixpath.relpath(source_dir or ".", url_dir.rstrip("/") or ".")
    return "" if relative == "." else relative + "/"


def rewrite(html: str, prefix: str) -> str:
    """``html`` with each relative href, src and srcset address moved by ``prefix``."""
    if not prefix:
        return html

    def address(url: str) -> str:
        return url if not url or _LEAVES_PAGE.match(url) else prefix + url

    def attribute(match: re.Match[str]) -> str:
        name, quote, value = match.groups()
        if name.lower() == "srcset":  # "a.jpg 320w, b.jpg 640w"
            value = ", ".join(" ".join([address(part.split()[0]), *part.split()[1:]])
                              for part in value.split(",") if part.strip())
        else:
            value = address(value)
        return f"{name}={quote}{value}{quote}"

    return _ATTRIBUTE.sub(attribute, html)


class _RawLinks(Postprocessor):
    def __init__(self, md: Markdown, extension: RawLinksExtension):
        super().__init__(md)
        self.extension = extension
        self.done = 0  # blocks rewritten already: toc runs the postprocessors again for each heading

    def run(self, text: str) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        for index in range(self.done, len(stash)):
            if isinstance(stash[index], str):  # md_in_html stashes elements too, which hold no raw HTML
                stash[index] = rewrite(stash[index], self.extension.prefix)
        self.done = len(stash)
        return text


class RawLinksExtension(Extension):
    """Rewrites raw HTML addresses of the page being rendered (the plugin sets :attr:`prefix`
    for each page before MkDocs renders it; MkDocs renders one page at a time)."""

    def __init__(self) -> None:
        super().__init__()
        self.prefix = ""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before raw_html (30) puts the stashed blocks back into the page.
        md.postprocessors.register(_RawLinks(md, self), "exemplars_raw_links", 29)
