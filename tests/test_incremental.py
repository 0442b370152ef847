"""Incremental builds: after each kind of edit, `python -m generator build` keeps the pages whose
inputs did not change and makes the others, and the site is a clean build's, every file compared.

A kept page is the published file itself, linked into the new site: the same inode. A page made
again is a new file. So the inodes tell which pages a build made, without timing or spying.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from generator import cli
from generator.build import cache, page_cache
from generator.build.cache import read_cache
from generator.build.incremental import MANIFEST_FORMAT, manifest_path
from generator.paths import CARDS
from generator.pipeline import render

from conftest import copy_project

GIT_TIME = {"GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z"}
# The build dates, other days than the commits' (and than each other's): a kept profile's sitemap
# date is its record's (from git, kept in the manifest), a kept hand-written page's the new build's.
BUILD_TIME, NEXT_BUILD_TIME = "1767500000", "1767700000"
RECORD = Path("exemplars") / "cao-bang" / "bui-thu-hang.yml"
PROFILE = "dien-hinh/bui-thu-hang/index.html"
UNRELATED = "dien-hinh/pham-van-khac/index.html"  # a profile in another province, field and movement
MOVEMENT = Path("content") / "movements" / "cao-bang-chung-suc-xay-dung-nong-thon-moi.yml"


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def inodes(site: Path) -> dict[str, int]:
    """Each page's inode: the same after a build that kept the page, another if it was made again
    (model cards and the redirects from old addresses are not pages MkDocs makes: they are files it
    copies from the generated folder)."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")
            if not p.relative_to(site).as_posix().startswith(f"{CARDS}/")
            and b'http-equiv="refresh"' not in p.read_bytes()}


def commit(root: Path, message: str) -> None:
    env = {**os.environ, **GIT_TIME}
    for command in (["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message]):
        subprocess.run(["git", *command], cwd=root, check=True, env=env)


def build(root: Path, monkeypatch, *options: str) -> None:
    """`python -m generator build --strict` in ``root``, in this process (a template edit is
    made by pointing the generator at another template folder, as in test_cache.py)."""
    monkeypatch.chdir(root)
    assert cli.main(["build", "--strict", *options]) == 0


@pytest.fixture(scope="module", autouse=True)
def short_list_pages():
    """Three cards a list page: the lists go over several pages, and an edit moves cards between them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "LIST_PAGE_SIZE", 3)
        yield


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project in git, built once: each test starts from a copy of it, site and caches included."""
    root = copy_project(tmp_path_factory.mktemp("built"))
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    commit(root, "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_TIME)
        build(root, patch)
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_TIME)
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)  # copies: the module's site is never linked from
    return root


def assert_same_as_a_clean_build(root: Path, tmp_path: Path, monkeypatch) -> None:
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, symlinks=True, ignore=shutil.ignore_patterns("build", "site"))
    build(clean, monkeypatch)
    expected, got = snapshot(clean / "site"), snapshot(root / "site")
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def edit_template(root: Path, tmp_path: Path, monkeypatch) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES_DIR, templates)
    replace_in(templates / "list.md.j2", "điển hình", "hồ sơ")
    monkeypatch.setattr(render, "TEMPLATES_DIR", templates)
    monkeypatch.setattr(page_cache, "TEMPLATES_DIR", templates)


# Each edit: what it does to the project, and a page it must make again (None: every page).
EDITS = {
    "record": (lambda root, *_: replace_in(root / RECORD, "summary: ", "summary: Đã sửa. "), PROFILE),
    "movement": (lambda root, *_: replace_in(root / MOVEMENT, "name: ", "name: Tỉnh "),
                 "phong-trao/cao-bang-chung-suc-xay-dung-nong-thon-moi/index.html"),
    "taxonomy": (lambda root, *_: replace_in(root / "content" / "taxonomies" / "fields.yml",
                                             "name: Giáo dục", "name: Giáo dục và đào tạo"),
                 "linh-vuc/giao-duc/index.html"),
    "template": (edit_template, "linh-vuc/giao-duc/index.html"),
    "deleted record": (lambda root, *_: (root / RECORD).unlink(), "dien-hinh/index.html"),
    "theme override": (lambda root, *_: replace_in(root / "theme" / "main.html", "{% block", "{# sửa #}{% block"), None),
    "mkdocs.yml": (lambda root, *_: replace_in(root / "mkdocs.yml", "họ đã làm gì", "họ đã làm được gì"), None),
}


@pytest.mark.parametrize("edit, made_again", EDITS.values(), ids=EDITS.keys())
def test_an_incremental_build_after_an_edit_is_a_clean_build(project: Path, tmp_path: Path, monkeypatch,
                                                               edit, made_again):
    before = inodes(project / "site")
    edit(project, tmp_path, monkeypatch)
    commit(project, "edit")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEXT_BUILD_TIME)  # as a later commit sets it
    build(project, monkeypatch)
    after = inodes(project / "site")
    kept = {page for page in after if before.get(page) == after[page]}
    assert "dia-phuong/cao-bang/trang-2/index.html" in after  # the lists go over several pages
    if made_again is None:  # a shared input changed: every page is made again
        assert kept == set()
    else:
        assert made_again in after and made_again not in kept
        assert UNRELATED in kept
        assert len(kept) > len(after) / 2, "an edit of one file made most of the site again"
    assert_same_as_a_clean_build(project, tmp_path, monkeypatch)


def test_a_page_changed_in_the_published_site_is_made_again(project: Path, tmp_path: Path, monkeypatch):
    """The manifest says what each page's bytes were: a page edited (the same length) or removed in
    site/ since, or a manifest that is not one, is never trusted."""
    site = project / "site"
    page = site / UNRELATED
    page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))
    (site / "dien-hinh" / "index.html").unlink()
    build(project, monkeypatch)
    assert_same_as_a_clean_build(project, tmp_path, monkeypatch)
    manifest_path(project).write_text(f'{{"format": {MANIFEST_FORMAT}, "shared": 7, "pages": []}}', encoding="utf-8")
    before = inodes(site)
    build(project, monkeypatch)
    assert not set(before.items()) & set(inodes(site).items())
    assert json.loads(manifest_path(project).read_text(encoding="utf-8"))["pages"][PROFILE]


def test_a_page_changed_after_its_digest_was_remembered_is_made_again(project: Path, tmp_path: Path, monkeypatch):
    """A page's digest is remembered with its size and time (cache.FileDigests), not read again while
    they stay: a page edited since (the same length) has another time, so it is read and made again."""
    site = project / "site"
    an_hour_ago = time.time() - 3600  # settled: a build remembers the digests of pages this old
    for path in site.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    build(project, monkeypatch)
    assert str(site / UNRELATED) in read_cache(project / "build" / "cache" / "site-digests.pickle", str(cache.VERSION))
    page, before = site / UNRELATED, inodes(site)[UNRELATED]
    page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))
    build(project, monkeypatch)
    assert inodes(site)[UNRELATED] != before
    assert_same_as_a_clean_build(project, tmp_path, monkeypatch)


def test_clean_builds_every_page(project: Path, monkeypatch):
    before = inodes(project / "site")
    build(project, monkeypatch, "--clean")
    assert not set(before.items()) & set(inodes(project / "site").items())


def test_an_unchanged_commit_keeps_every_page(project: Path, monkeypatch):
    before = inodes(project / "site")
    build(project, monkeypatch)
    after = inodes(project / "site")
    assert after.pop("404.html") != before.pop("404.html")  # a theme template, made on every build (cheap)
    assert after == before
