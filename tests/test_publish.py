"""Publishing: a build swaps in a complete site or nothing, and one commit always builds to the same bytes."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, run_generator


def _pagefind_filters(path: str) -> bool:
    return (path.startswith(("pagefind/filter/", "pagefind/filters.")) or path == "pagefind/pagefind-entry.json"
            or path.endswith(".pf_meta"))


def filter_table(site: Path) -> bytes:
    (table,) = (site / "pagefind").glob("filters.*.json")
    return table.read_bytes()


def snapshot(site: Path) -> dict[str, str]:
    """Every file of a built site and the SHA-256 of its bytes."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*")) if p.is_file()
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the project committed to its own git repository, as CI checks it out."""
    root = copy_project(tmp_path)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z"}
    for command in (["init", "-q"], ["add", "-A"],
                    ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "content"]):
        subprocess.run(["git", *command], cwd=root, check=True, env=env)
    return root


def test_two_builds_of_one_commit_are_byte_identical(repo, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("SITE_URL", "https://thidua.example.gov.vn/")  # with its sitemap
    run_generator(repo, "build", "--strict", check=True)
    first, first_table = snapshot(repo / "site"), filter_table(repo / "site")
    os.utime(repo / "mkdocs.yml")  # a later checkout: new file times, same commit
    run_generator(repo, "build", "--strict", check=True)
    second = snapshot(repo / "site")
    assert "sitemap.xml.gz" in first and "pagefind/pagefind-entry.json" in first
    changed = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    # Pagefind 1.5.2 writes a filter's values in an order that varies from run to run, and names
    # its filter files (and lists them in its entry and meta files) by their hashes: the same
    # filters, other bytes. Our filter table is named after the meta file, but holds the same
    # bytes. Everything else must be identical.
    assert [k for k in changed if not _pagefind_filters(k)] == []
    assert filter_table(repo / "site") == first_table
    # Dates come from the commit, not from the clock: the gzip header's time, and the sitemap's
    # <lastmod> dates once site_url is set.
    gzip_mtime = int.from_bytes((repo / "site" / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert gzip_mtime == 1767312000  # 2026-01-02, the commit's day (MkDocs keeps the date only)
    sitemap = (repo / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert all(date == "2026-01-02" for date in re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap))


def test_a_failed_build_leaves_the_previous_site_untouched(repo):
    run_generator(repo, "build", "--strict", check=True)
    before = snapshot(repo / "site")
    # A hand-written page with a broken link: MkDocs fails in --strict mode after writing pages.
    (repo / "content" / "pages" / "hong.md").write_text("# Hỏng\n\n[mất](khong-co.md)\n", encoding="utf-8")
    result = run_generator(repo, "build", "--strict")
    assert result.returncode == 1
    assert snapshot(repo / "site") == before
    assert not any(p.name.startswith(".site-") for p in repo.iterdir()), "staging folder left behind"


def test_a_first_build_that_fails_publishes_nothing(tmp_path):
    root = copy_project(tmp_path)
    (root / "content" / "pages" / "hong.md").write_text("[mất](khong-co.md)\n", encoding="utf-8")
    assert run_generator(root, "build", "--strict").returncode == 1
    assert not (root / "site").exists()
