"""Atom feeds and the sitemap's dates on real builds: the feeds parse as Atom, list the published
records newest first with absolute addresses, and a record's date is its file's last commit."""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from conftest import copy_project
from test_site import DRAFT_MARKER, WITHDRAWN_MARKER, build_test_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://thidua.example.gov.vn/"  # feeds need the published address (none without it: test_site)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """test_site's records, built with the site's published address."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE_URL)
        return build_test_site(copy_project(tmp_path_factory.mktemp("feeds")))


def read_feed(path: Path) -> ET.Element:
    feed = ET.fromstring(path.read_bytes())
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 §4.1.1: a feed has exactly one id, title and updated, and an author (or every entry has one).
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == feed.find(f"{ATOM}id").text
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == entry.find(f"{ATOM}id").text
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)  # RFC 3339
    return feed


def entry_pages(feed: ET.Element) -> list[str]:
    return [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]


def published_ids(site: Path) -> set[str]:
    return {p.parent.name for p in (site / "dien-hinh").glob("*/index.html")}


def test_site_feed_lists_the_newest_published_records(site: Path):
    feed = read_feed(site / "nguon-tin" / "tat-ca.xml")
    pages = entry_pages(feed)
    assert all(p.startswith(SITE_URL + "dien-hinh/") for p in pages)
    ids = [p.removeprefix(SITE_URL + "dien-hinh/").strip("/") for p in pages]
    assert len(ids) == len(set(ids)) == min(50, len(published_ids(site)))
    assert set(ids) <= published_ids(site)
    dates = [e.find(f"{ATOM}updated").text for e in feed.findall(f"{ATOM}entry")]
    assert dates == sorted(dates, reverse=True)
    assert feed.find(f"{ATOM}updated").text == dates[0]
    text = (site / "nguon-tin" / "tat-ca.xml").read_text(encoding="utf-8")
    assert DRAFT_MARKER not in text and WITHDRAWN_MARKER not in text
    assert "&lt;b&gt;Kiểm tra&lt;/b&gt;" in text  # names are text, escaped, never markup


def test_each_movement_has_a_feed_of_its_records(site: Path):
    movement = "cao-bang-chung-suc-xay-dung-nong-thon-moi"
    feed = read_feed(site / "nguon-tin" / f"phong-trao-{movement}.xml")
    body = (site / "phong-trao" / movement / "index.html").read_text(encoding="utf-8")
    listed = set(re.findall(r'href="\.\./\.\./dien-hinh/([^/"]+)/"', body.split("Các điển hình (")[-1]))
    assert {p.removeprefix(SITE_URL + "dien-hinh/").strip("/") for p in entry_pages(feed)} == listed
    assert "nguyen-thi-thuy-kiem-thu" in listed
    feeds = sorted(p.stem.removeprefix("phong-trao-") for p in (site / "nguon-tin").glob("phong-trao-*.xml"))
    assert feeds == sorted(p.parent.name for p in (site / "phong-trao").glob("*/index.html"))


def test_pages_announce_their_feeds(site: Path):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="nguon-tin/tat-ca.xml">', home)
    movement = (site / "phong-trao" / "day-tot-hoc-tot" / "index.html").read_text(encoding="utf-8")
    assert ('type="application/atom+xml" title="Dạy tốt, học tốt: điển hình mới công bố, cập nhật" '
            'href="../../nguon-tin/phong-trao-day-tot-hoc-tot.xml"') in movement
    assert 'href="../../nguon-tin/tat-ca.xml"' in movement


def test_feeds_sit_beside_an_empty_sitemap(site: Path):
    # mkdocs-material fetches sitemap.xml next to each <link rel="alternate">: a few bytes, not the whole sitemap.
    sitemap = ET.fromstring((site / "nguon-tin" / "sitemap.xml").read_bytes())
    assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(sitemap) == 0


def git(root: Path, when: str, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=root, check=True, env=env, capture_output=True)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """A project committed in 2025, one record edited in a 2026 commit, one edited and not committed."""
    root = copy_project(tmp_path_factory.mktemp("history"))
    git(root, "2025-03-04T05:06:07Z", "init", "-q")
    git(root, "2025-03-04T05:06:07Z", "add", "-A")
    git(root, "2025-03-04T05:06:07Z", "commit", "-qm", "records")
    edited = root / "exemplars" / "cao-bang" / "dam-van-ngan.yml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(root, "2026-02-03T04:05:06Z", "commit", "-qam", "edit")
    uncommitted = root / "exemplars" / "bac-kan" / "le-thi-ngoc.yml"
    uncommitted.write_text(uncommitted.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(uncommitted, (1767225600, 1767225600))  # 2026-01-01
    env = {**{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}, "SITE_URL": SITE_URL}
    result = subprocess.run([os.sys.executable, "-m", "generator", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_a_records_date_is_its_last_commit(history: Path):
    feed = read_feed(history / "nguon-tin" / "tat-ca.xml")
    entries = {e.find(f"{ATOM}id").text: e.find(f"{ATOM}updated").text for e in feed.findall(f"{ATOM}entry")}
    order = list(entries)
    assert order[0] == SITE_URL + "dien-hinh/dam-van-ngan/"  # the latest commit comes first
    assert entries[order[0]] == "2026-02-03T04:05:06Z"
    assert order[1] == SITE_URL + "dien-hinh/le-thi-ngoc/"  # uncommitted: the file's time
    assert entries[order[1]] == "2026-01-01T00:00:00Z"
    assert set(entries.values()) == {"2026-02-03T04:05:06Z", "2026-01-01T00:00:00Z", "2025-03-04T05:06:07Z"}
    assert feed.find(f"{ATOM}updated").text == "2026-02-03T04:05:06Z"


def test_sitemap_lastmod_of_a_profile_is_its_records_last_change(history: Path):
    sitemap = (history / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    assert lastmod[SITE_URL + "dien-hinh/dam-van-ngan/"] == "2026-02-03"
    assert lastmod[SITE_URL + "dien-hinh/le-thi-ngoc/"] == "2026-01-01"
    assert lastmod[SITE_URL + "dien-hinh/hoang-giang/"] == "2025-03-04"
    profiles = {loc: day for loc, day in lastmod.items() if "/dien-hinh/" in loc and not loc.endswith("/dien-hinh/")}
    assert len(profiles) == len(published_ids(history))
    # Other pages keep the build's date: the last commit (SOURCE_DATE_EPOCH, publish.py).
    assert lastmod[SITE_URL + "thong-ke/"] == "2026-02-03"


def test_record_dates_follow_a_new_commit_though_git_history_is_cached(tmp_path):
    from generator.build.history import last_changes

    root = copy_project(tmp_path)
    record = root / "exemplars" / "cao-bang" / "dam-van-ngan.yml"
    git(root, "2025-03-04T05:06:07Z", "init", "-q")
    git(root, "2025-03-04T05:06:07Z", "add", "-A")
    git(root, "2025-03-04T05:06:07Z", "commit", "-qm", "records")
    cache = tmp_path / "build" / "history.pickle"

    def date_of_record() -> str:
        return last_changes(root, [record], [root / "exemplars"], cache)[record].isoformat()

    assert date_of_record() == "2025-03-04T05:06:07+00:00"
    assert cache.is_file()
    assert date_of_record() == "2025-03-04T05:06:07+00:00"  # from the cache
    record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(root, "2026-02-03T04:05:06Z", "commit", "-qam", "edit")
    assert date_of_record() == "2026-02-03T04:05:06+00:00"
