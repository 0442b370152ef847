"""The Markdown that staff write in records (stories, how-to, descriptions) made safe to publish.

Records come from many hands, and a story pasted from a web page or a word processor
can carry HTML. Each Markdown field is rendered to HTML with Python-Markdown here,
in the render stage, then passed through nh3 (the Ammonia sanitiser) with an
allow-list: formatting, lists, tables, headings, quotes and links survive; scripts,
frames, forms, styles, event-handler attributes and any URL that is not http(s),
mailto or tel (``javascript:``, ``data:``, …) do not. Entities are decoded before
the check, so ``&lt;script&gt;`` stays text and ``jav&#x61;script:`` is still refused.
Links get ``rel="noopener"``.

The result is a block of HTML that the page's Markdown carries through untouched.
"""

from __future__ import annotations

from urllib.parse import quote

import markdown
import nh3

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

# Markdown extensions that match how the rest of a page is written (tables, attribute lists).
_EXTENSIONS = ["tables", "sane_lists"]
# One converter, reset before each field: building one costs more than converting a story.
_CONVERTER = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
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


def record_markdown(text: object, css_class: str = "ex-prose") -> str:
    """A record's Markdown field as sanitised HTML, wrapped in one block for the page's Markdown.

    The wrapper keeps MkDocs' Markdown from reading the HTML again (a raw HTML block
    is passed through as it is).
    """
    body = sanitise_html(_CONVERTER.reset().convert(str(text)))
    return f'<div class="{css_class}">\n{body}\n</div>'


def link_target(url: object) -> str:
    """A URL from a record made safe inside a Markdown link: characters that could end the
    link or start HTML (``<>()"``, spaces, quotes) are percent-encoded, which names the same resource."""
    return quote(str(url).strip(), safe=":/?#[]@!$&*+,;=%~'")
