"""The site engines: MkDocs (the default) and Zensical build the same site from the same Markdown.

The Zensical tests build with Zensical for real. It is installed only in the Zensical CI job
(requirements-zensical.txt), so they are marked ``zensical``: `make test` deselects them by that
marker (pyproject.toml), `make check-zensical` runs them.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from generator.build import csp
from generator.build.linkcheck import check_site
from generator.build.raw_links import page_prefix, rewrite

from conftest import copy_project, run_generator

SITE_URL = "https://example.org/"


def test_raw_html_addresses_move_from_the_markdown_file_to_the_page():
    assert page_prefix("dien-hinh/x.md", "dien-hinh/x/") == "../"
    assert page_prefix("dien-hinh/index.md", "dien-hinh/") == ""
    assert page_prefix("index.md", "") == ""
    assert page_prefix("gioi-thieu.md", "gioi-thieu/") == "../"
    assert page_prefix("dien-hinh/x.md", "dien-hinh/x.html") == ""  # without directory addresses
    html = ('<a href="../dien-hinh/y/">y</a> <img src="../a.jpg" srcset="../a-1.jpg 320w, ../a-2.jpg 640w">'
            '<a href="https://example.org/">e</a> <a href="#top">t</a> <a href="/x/">x</a> <a href="mailto:a@b.vn">m</a>')
    rewritten, inside = rewrite(html, "../")
    assert rewritten == ('<a href="../../dien-hinh/y/">y</a> <img src="../../a.jpg" '
                         'srcset="../../a-1.jpg 320w, ../../a-2.jpg 640w"><a href="https://example.org/">e</a> '
                         '<a href="#top">t</a> <a href="/x/">x</a> <a href="mailto:a@b.vn">m</a>')
    assert not inside


def test_noscript_content_stays_as_written_across_stashed_blocks():
    # Zensical leaves <noscript> alone; so does the plugin, also when its tags are stashed apart.
    first, inside = rewrite('<noscript>Xem <a href="../dien-hinh/">', "../")
    assert first == '<noscript>Xem <a href="../dien-hinh/">' and inside
    second, inside = rewrite('</a></noscript><a href="../x/">', "../", in_noscript=True)
    assert second == '</a></noscript><a href="../../x/">' and not inside


def test_a_missing_engine_is_named_with_what_to_install(tmp_path):
    project = copy_project(tmp_path)
    # Zensical made unimportable in the child process, whatever this environment has installed.
    code = ("import sys; sys.modules['zensical'] = None; from generator.cli import main; "
            "sys.exit(main(['build', '--engine', 'zensical']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                            encoding="utf-8", timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "Chưa cài zensical" in output and "requirements-zensical.txt" in output, output
    assert not (project / "site").exists()


def build(project: Path, *options: str) -> Path:
    """``python -m generator build OPTIONS`` in ``project``, with a published address (the sitemap and
    its dates need one); the site folder."""
    os.environ["SITE_URL"] = SITE_URL
    try:
        run_generator(project, "build", "--strict", *options, check=True)
    finally:
        del os.environ["SITE_URL"]
    return project / "site"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("zensical"))
    build(project, "--engine", "zensical")
    return project


def engine_pages(project: Path) -> list[Path]:
    """The HTML pages the engine made: not the model cards, nor the HTML files it copied as they were
    (the old kind addresses' redirect pages)."""
    site = project / "site"
    sources = [*(project / "build" / "generated").rglob("*.html"), *(project / "content" / "pages").rglob("*.html")]
    copied = {source.relative_to(folder).as_posix() for folder in (project / "build" / "generated",
                                                                      project / "content" / "pages")
              for source in sources if source.is_relative_to(folder)}
    return [page for page in site.rglob("*.html")
            if page.relative_to(site).as_posix() not in copied]


@pytest.mark.zensical
def test_zensical_site_has_no_broken_link(zensical_site):
    site = zensical_site / "site"
    assert check_site(site) == []
    profile = (site / "dia-phuong" / "cao-bang" / "index.html").read_text(encoding="utf-8")
    assert 'class="ex-cards__name"><a href="../../dien-hinh/' in profile  # raw HTML cards, page-relative
    card_link = re.search(r'href="([^"]*the-mo-hinh/[^"]+\.html)"',
                          (site / "dien-hinh" / "dam-van-ngan" / "index.html").read_text(encoding="utf-8"))
    assert card_link and card_link.group(1) == "../../the-mo-hinh/dam-van-ngan.html"
    assert (site / "the-mo-hinh" / "dam-van-ngan.html").is_file()


@pytest.mark.zensical
def test_zensical_pages_carry_the_policy_and_headers_allow_every_script(zensical_site):
    site = zensical_site / "site"
    pages = engine_pages(zensical_site)
    assert len(pages) > 100
    every_hash: set[str] = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        start = html.index('<meta http-equiv="Content-Security-Policy"')  # first in <head>, before any script
        assert start < html.index("<script"), page
        meta = html[start:html.index(">", start)]
        hashes = csp.inline_script_hashes(html)
        assert hashes, page  # the theme's inline scripts: allowed by hash, nothing else inline
        assert all(h in meta for h in hashes), page
        every_hash.update(hashes)
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert all(h in headers for h in every_hash) and "frame-ancestors 'self'" in headers


@pytest.mark.zensical
def test_zensical_sitemap_dates_profiles_by_their_record(zensical_site):
    site = zensical_site / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    generated = (zensical_site / "build" / "generated" / "dien-hinh" / "dam-van-ngan.md").read_text(encoding="utf-8")
    updated = re.search(r'^updated: "(\d{4}-\d{2}-\d{2})"$', generated, re.M)
    assert updated
    entry = re.search(rf"<loc>{SITE_URL}dien-hinh/dam-van-ngan/</loc>\s*<lastmod>([\d-]+)</lastmod>", sitemap)
    assert entry and entry.group(1) == updated.group(1)
    assert sitemap.count("<url>") == sitemap.count("<lastmod>") > 100
    assert (site / "sitemap.xml.gz").is_file()


@pytest.mark.zensical
def test_zensical_site_has_our_search_not_its_own(zensical_site):
    site = zensical_site / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind").glob("pagefind-entry.json"))
    assert not (site / "search.json").exists()
    assert not list(site.rglob("*.map"))


@pytest.mark.zensical
def test_both_engines_make_the_same_pages_and_links(zensical_site, tmp_path):
    project = copy_project(tmp_path)
    build(project)

    def pages(site: Path) -> set[str]:
        return {page.relative_to(site).as_posix() for page in site.rglob("*.html")}

    def targets(site: Path, page: str) -> set[str]:
        """What the links in the page's article lead to (``../x/`` and ``../../dien-hinh/x/`` from
        ``dien-hinh/y/`` are the same page: each engine writes a Markdown link its own way)."""
        html = (site / page).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        folder = posixpath.dirname(page)
        return {url if "://" in url or url.startswith("mailto:") else posixpath.normpath(posixpath.join(folder, url))
                for url in re.findall(r'(?:href|src)="([^"#]+)"', article)}

    mkdocs_site, zensical = project / "site", zensical_site / "site"
    assert pages(mkdocs_site) == pages(zensical)
    for page in ("dien-hinh/dam-van-ngan/index.html", "dia-phuong/cao-bang/index.html", "index.html",
                 "tim-kiem/index.html"):
        assert targets(mkdocs_site, page) == targets(zensical, page), page
