"""The Markdown that staff write in records (stories, how-to, descriptions) made safe to publish.

Records come from many hands, and a story pasted from a web page or a word processor
can carry HTML. Each Markdown field is rendered to HTML with cmark-gfm (GitHub's
Markdown, so the preview in the git host's web editor shows what the site will),
in the render stage, then passed through nh3 (the Ammonia sanitiser) with an
allow-list: formatting, lists, tables, headings, quotes and links survive; scripts,
frames, forms, styles, event-handler attributes and any URL that is not http(s),
mailto or tel (``javascript:``, ``data:``, …) do not. Entities are decoded before
the check, so ``&lt;script&gt;`` stays text and ``jav&#x61;script:`` is still refused.
Links get ``rel="noopener"``.

The result is a block of HTML that the page's Markdown carries through untouched.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

# Elements a story may use: what Markdown itself produces, plus a few harmless inline ones.
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "code", "pre", "blockquote", "q", "abbr", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "caption",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Raw HTML is let through cmark (UNSAFE, and without GFM's tag filter, which would show a
# pasted <script> as text) on purpose: nh3 below removes it, with the same allow-list for
# Markdown-made and hand-typed tags.
_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE
_CMARK_EXTENSIONS = ["table", "strikethrough", "autolink"]
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()}


def sanitise_html(html: str) -> str:
    """Only allow-listed elements, attributes and URL schemes survive; links get rel=noopener."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


@lru_cache(maxsize=16)
def record_markdown(text: object, css_class: str = "ex-prose") -> str:
    """A record's Markdown field as sanitised HTML, wrapped in one block for the page's Markdown.

    The wrapper keeps MkDocs' Markdown from reading the HTML again (a raw HTML block
    is passed through as it is). The last few are kept: a record's profile and search
    document, made one after the other (``render.record_pages``), show the same fields.
    """
    html = cmarkgfm.markdown_to_html_with_extensions(str(text), options=_CMARK_OPTIONS, extensions=_CMARK_EXTENSIONS)
    body = sanitise_html(html)
    return f'<div class="{css_class}">\n{body}\n</div>'


def link_target(url: object) -> str:
    """A URL from a record made safe inside a Markdown link: characters that could end the
    link or start HTML (``<>()"``, spaces, quotes) are percent-encoded, which names the same resource."""
    return quote(str(url).strip(), safe=":/?#[]@!$&*+,;=%~'")
