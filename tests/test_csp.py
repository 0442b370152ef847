"""Content-Security-Policy: each page allows exactly its own inline scripts (the browser test in
test_accessibility.py shows the theme works under it)."""

from __future__ import annotations

import base64
import hashlib

from generator.build.csp import add_policy, headers_file, policy

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>__md_scope=new URL("../..",location)</script>
<script id="__config" type="application/json">{"base": "../.."}</script>
<script src="../../assets/javascripts/bundle.js"></script>
</head><body><script>var a = 1;</script></body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_each_inline_script_and_nothing_else_is_allowed():
    html, hashes = add_policy(PAGE)
    assert hashes == [sha('__md_scope=new URL("../..",location)'), sha("var a = 1;")]
    meta = html[html.index('<meta http-equiv'):html.index(">", html.index('<meta http-equiv')) + 1]
    assert html.index('<meta charset="utf-8">') < html.index(meta) < html.index("<script")
    script_src = next(d for d in meta.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'", "'wasm-unsafe-eval'", *sorted(hashes)]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "connect-src 'self'"):
        assert directive in meta
    assert "unsafe-inline" not in script_src and "unsafe-eval'" not in script_src.replace("wasm-unsafe-eval", "")


def test_fragments_are_left_alone():
    assert add_policy("<p>no head</p>") == ("<p>no head</p>", [])


def test_headers_file_carries_the_policy_for_hosts_that_send_headers():
    text = headers_file({sha("a"), sha("b")})
    assert text.startswith("/*\n  Content-Security-Policy: ")
    assert sha("a") in text and sha("b") in text and "frame-ancestors 'self'" in text
    assert "frame-ancestors" not in policy([])  # a meta tag cannot carry it
