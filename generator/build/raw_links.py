"""Addresses in raw HTML, written relative to the Markdown file, resolved the same by both engines.

A page's raw HTML (cards, photos, the model-card link) cannot use Markdown links. Its relative
addresses are written as Markdown links are: from the folder of the Markdown file
(``dia-phuong/cao-bang.md`` reaches a profile as ``../dien-hinh/<id>/``). Zensical rewrites
every relative ``href``/``src``/``srcset`` in raw HTML that way itself, into the page's address
(``dia-phuong/cao-bang/``, one folder deeper: ``../../dien-hinh/<id>/``). MkDocs leaves raw
HTML alone, so for MkDocs the plugin adds :class:`RawLinksExtension`, which does the same
rewriting: the same Markdown then gives the same links with either engine. Both leave what is
inside ``<noscript>`` as written (Zensical reads it as text, as browsers that run scripts do), so
addresses there are relative to the page's address.
"""

from __future__ import annotations

import posixpath
import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# href, src and srcset values in stashed raw HTML, quoted (the templates always quote them), and
# the <noscript> tags whose content is left alone.
_TOKEN = re.compile(r"""<(/?)noscript\b[^>]*>|\b(href|src|srcset)=(["'])([^"']*)\3""", re.I)
_LEAVES_PAGE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)  # scheme, absolute path, anchor


def page_prefix(src_uri: str, url: str) -> str:
    """The way from a page's address to the folder of its Markdown file: ``"../"`` for
    ``dien-hinh/x.md`` served as ``dien-hinh/x/``, ``""`` for ``dien-hinh/index.md`` (or
    without directory addresses)."""
    url_dir = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
    source_dir = posixpath.dirname(src_uri)
    relative = posixpath.relpath(source_dir or ".", url_dir.rstrip("/") or ".")
    return "" if relative == "." else relative + "/"


def rewrite(html: str, prefix: str, *, in_noscript: bool = False) -> tuple[str, bool]:
    """``html`` with each relative href, src and srcset address moved by ``prefix`` (but not inside
    ``<noscript>``), and whether it ends inside a ``<noscript>`` (``in_noscript``: it starts there)."""
    inside = in_noscript

    def address(url: str) -> str:
        return url if not url or _LEAVES_PAGE.match(url) else prefix + url

    def token(match: re.Match[str]) -> str:
        nonlocal inside
        closing, name, quote, value = match.groups()
        if name is None:  # a <noscript> tag
            inside = not closing
            return match.group(0)
        if inside or not prefix:
            return match.group(0)
        if name.lower() == "srcset":  # "a.jpg 320w, b.jpg 640w"
            value = ", ".join(" ".join([address(part.split()[0]), *part.split()[1:]])
                              for part in value.split(",") if part.strip())
        else:
            value = address(value)
        return f"{name}={quote}{value}{quote}"

    return _TOKEN.sub(token, html), inside


class _RawLinks(Postprocessor):
    def __init__(self, md: Markdown, extension: RawLinksExtension):
        super().__init__(md)
        self.extension = extension
        self.done = 0  # blocks rewritten already: toc runs the postprocessors again for each heading
        self.in_noscript = False  # the blocks so far ended inside a <noscript> (its tags may be stashed apart)

    def run(self, text: str) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        for index in range(self.done, len(stash)):
            block = stash[index]
            if isinstance(block, str):  # md_in_html stashes elements too, which hold no raw HTML
                stash[index], self.in_noscript = rewrite(block, self.extension.prefix, in_noscript=self.in_noscript)
        self.done = len(stash)
        return text


class RawLinksExtension(Extension):
    """Rewrites raw HTML addresses of the page being rendered (the plugin sets :attr:`prefix`
    for each page before MkDocs renders it; MkDocs renders one page at a time)."""

    def __init__(self) -> None:
        super().__init__()
        self.prefix = ""

    def extendMarkdown(self, md: Markdown) -> None:
        # Before raw_html (30) puts the stashed blocks back into the page.
        md.postprocessors.register(_RawLinks(md, self), "exemplars_raw_links", 29)
