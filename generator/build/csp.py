"""Content-Security-Policy for every built page.

mkdocs-material puts a few small inline scripts into each page (``__md_scope``,
``__md_get``/``__md_set``, the palette and consent snippets). Their text depends on
the page (``base_url`` differs with the page's depth), so one fixed list of hashes
cannot cover them. Instead, after MkDocs renders a page, the hash of each inline
script on it goes into a ``<meta http-equiv="Content-Security-Policy">`` placed
first in ``<head>``, before any script: the page allows exactly its own inline
scripts and nothing else inline. ``type="application/json"`` blocks are data, not
scripts, and need no hash.

The union of all hashes is written to ``site/_headers`` (the format of hosts that
read such a file) for hosts that can send the same policy as an HTTP header, which
also allows ``frame-ancestors`` (ignored in a meta tag).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

# Inline <script> elements without src; group 1 = attributes, group 2 = the script text.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.I)
# The policy goes right after <meta charset> (which must stay in the first 1024 bytes), else after <head>.
_ANCHORS = (re.compile(r"<meta charset=[^>]*>", re.I), re.compile(r"<head[^>]*>", re.I))

# 'wasm-unsafe-eval' and connect-src 'self' are for Pagefind search (WebAssembly, index fetches).
# style-src needs 'unsafe-inline': the theme sets style attributes in its HTML; styles cannot run code.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Only an HTTP header can carry these.
HEADER_ONLY = (("frame-ancestors", "'self'"),)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-…') for each inline script of a page, in page order."""
    hashes: list[str] = []
    for attributes, text in _INLINE_SCRIPT.findall(html):
        if _DATA_TYPE.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(hashes: Iterable[str], *, header: bool = False) -> str:
    """The policy text, with the given script hashes allowed."""
    extra = " ".join(sorted(set(hashes)))
    directives = DIRECTIVES + (HEADER_ONLY if header else ())
    return "; ".join(
        f"{name} {value} {extra}" if name == "script-src" and extra else f"{name} {value}"
        for name, value in directives
    )


def add_policy(html: str) -> tuple[str, list[str]]:
    """The page with its CSP meta tag first in <head>, and the inline-script hashes it allows."""
    hashes = inline_script_hashes(html)
    anchor = next((m for m in (a.search(html) for a in _ANCHORS) if m), None)
    if anchor is None:  # not a full page (e.g. a fragment): nothing to protect
        return html, hashes
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    return html[: anchor.end()] + meta + html[anchor.end():], hashes


def headers_file(hashes: Iterable[str]) -> str:
    """``_headers`` for hosts that read one: the policy (with every page's hashes) on every path."""
    return (
        "/*\n"
        f"  Content-Security-Policy: {policy(hashes, header=True)}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
    )
