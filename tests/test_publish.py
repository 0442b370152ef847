"""Publishing: a build swaps in a complete site or nothing, and one commit always builds to the same bytes."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, run_generator


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


def test_clean_and_warm_builds_of_one_commit_are_byte_identical(repo, monkeypatch):
    """A clean build, a warm one (caches and site kept, new file times), and a clean one again:
    every file of the three sites is compared, the search bundle's included (its filter values
    come from Pagefind in a varying order: search_bundle.canonical_filters)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("SITE_URL", "https://thidua.example.gov.vn/")  # with its sitemap
    run_generator(repo, "build", "--strict", check=True)
    clean = snapshot(repo / "site")
    os.utime(repo / "mkdocs.yml")  # a later checkout: new file times, same commit
    run_generator(repo, "build", "--strict", check=True)
    warm = snapshot(repo / "site")
    shutil.rmtree(repo / "build")
    shutil.rmtree(repo / "site")
    run_generator(repo, "build", "--strict", check=True)
    assert "sitemap.xml.gz" in clean and "pagefind/pagefind-entry.json" in clean
    assert any(name.startswith("pagefind/filter/") for name in clean)
    assert warm == clean
    assert snapshot(repo / "site") == clean
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
