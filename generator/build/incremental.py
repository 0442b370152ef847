"""Incremental site builds: after a commit that changes a few records, MkDocs renders only the
pages whose inputs changed, and every other page keeps the bytes (and the file) it had.

A page's HTML is a function of its inputs: its own Markdown, and what every page shares (the
configuration as MkDocs resolved it, ``mkdocs.yml`` with its navigation, the theme and its
overrides, this package's code, the installed packages, the list of hand-written pages). The
build date MkDocs and the plugin know reaches the sitemap only, which is made again on every
build. The manifest (``build/site-manifest.json``) records, for every page of the published
site, the digest of its inputs and of its HTML, the inline-script hashes the page added to
the site's ``_headers`` and its sitemap date.

A build (:func:`generator.build.publish.build_site`) still builds into an empty staging folder and
swaps it in. Before MkDocs reads any page, :meth:`IncrementalBuild.plan` keeps a page if

- the shared inputs' digest is the manifest's (otherwise nothing is kept: a theme, configuration
  or code change rebuilds every page),
- the page's input digest is the manifest's, and
- the file in the published site still has the bytes the manifest says it was written with
  (a file edited, truncated or removed since is made again, never trusted). A page's file is
  read and hashed unless it has the size and time it had when the last build hashed it
  (:class:`~generator.cache.FileDigests`, as for photos); so is its Markdown.

A kept page is hard-linked from the published site into the staging folder (never written
into: rebuilt pages are new files) and MkDocs is told it is not modified (``File.is_modified``,
which its dirty build asks before reading and before rendering a page). Everything else MkDocs
writes as in a clean build; a page that is gone is simply not linked. The result is the clean
build's, byte for byte (``tests/test_incremental.py`` compares every file after each kind of edit).

Generated pages link only to pages the same catalog produces, so a page whose link target
appears or disappears has changed Markdown itself; hand-written pages may link to any page,
so they are rendered again whenever the set of pages changes (a few pages).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..paths import PACKAGE_DIR
from ..pipeline.load import bytes_digest
from ..pipeline.write import write_atomically
from .cache import FileDigests

MANIFEST_FORMAT = 2  # 2: pages' bytes by the digest FileDigests gives
# Configuration values that name where this build runs, not what it makes (the staging folder
# changes on every build); what they point at is hashed on its own (theme folders, pages).
LOCATION_KEYS = frozenset({"config_file_path", "site_dir", "docs_dir", "watch", "theme"})
# MkDocs' dirty build warns that it may leave stale navigation (true of its own file-time rule,
# not of this one) and a strict build would stop on that warning.
DIRTY_BUILD_NOTES = ("A 'dirty' build is being performed", "The directory contains stale files")


def manifest_path(root: Path) -> Path:
    return root / "build" / "site-manifest.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _plain(value):
    """A configuration value as JSON can hold it: objects by their type and settings, never by
    their address in memory (which changes on every run)."""
    if isinstance(value, BasePlugin):
        return {"plugin": type(value).__qualname__, "config": dict(value.config)}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def _folder_digest(folder: Path, into) -> None:
    """Every file under ``folder``: its path and its bytes."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            into.update(path.relative_to(folder).as_posix().encode() + b"\0")
            into.update(path.read_bytes() + b"\0")


def shared_digest(config, root: Path, hand_written: list[str]) -> str:
    """The digest of everything every page is made from besides its own Markdown."""
    digest = hashlib.sha256(f"format {MANIFEST_FORMAT}\0{sys.version}\0".encode())
    digest.update(Path(config.config_file_path).read_bytes())
    settings = {key: value for key, value in config.items() if key not in LOCATION_KEYS}
    settings["theme"] = dict(config.theme.items())
    digest.update(json.dumps(settings, sort_keys=True, default=_plain, ensure_ascii=False).encode())
    for folder in map(Path, config.theme.dirs):  # the overrides by their files, installed themes by version
        if folder.resolve().is_relative_to(root):
            digest.update(folder.resolve().relative_to(root).as_posix().encode() + b"\0")
            _folder_digest(folder, digest)
        else:
            digest.update(folder.name.encode() + b"\0")
    digest.update(json.dumps(sorted(f"{dist.metadata['Name']}=={dist.version}"
                                    for dist in metadata.distributions())).encode())
    _folder_digest(PACKAGE_DIR, digest)  # the plugin (CSP, dates) and what it hands MkDocs
    digest.update(json.dumps(hand_written).encode())
    return digest.hexdigest()


class _DirtyBuildNotes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_BUILD_NOTES)


class IncrementalBuild:
    """One build's use of the manifest: which pages to keep (:meth:`plan`), what the pages made
    are (:meth:`record`), and the new manifest (:meth:`save`, once the site is published)."""

    def __init__(self, root: Path, published: Path, *, use_manifest: bool = True):
        self.root = root
        self.published = published  # the site as last published, which kept pages are linked from
        self.previous = self._load(manifest_path(root)) if use_manifest else {}
        self.shared = ""
        # dest URI → [input digest, HTML digest, its own sitemap date (or None: the build's), script hashes]
        self.pages: dict[str, list] = {}
        self.inputs: dict[str, str] = {}  # dest URI → this build's input digest
        self.kept: list[str] = []
        self.rebuilt = 0
        # The Markdown's and the published pages' digests, remembered by their size and time.
        self.digests = FileDigests(root / "build" / "cache" / "site-digests.pickle")

    @property
    def possible(self) -> bool:
        """Whether there is a published site and a manifest of it to start from (else a clean build)."""
        return bool(self.previous) and self.published.is_dir()

    @staticmethod
    def _load(path: Path) -> dict:
        """The manifest, or {} if it is missing or not one this code wrote (then nothing is kept)."""
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        valid = (isinstance(manifest, dict) and manifest.get("format") == MANIFEST_FORMAT
                 and isinstance(manifest.get("shared"), str) and isinstance(manifest.get("pages"), dict)
                 and all(isinstance(entry, list) and len(entry) == 4 for entry in manifest["pages"].values()))
        return manifest if valid else {}

    def plan(self, files: Files, config) -> None:
        """Decide which documentation pages are kept, and link those into the staging folder."""
        pages = files.documentation_pages()
        docs_dir, site_dir = config["docs_dir"], config["site_dir"]
        assert docs_dir and site_dir  # MkDocs' validated configuration always has both
        hand_written = sorted(file.src_uri for file in pages
                              if file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs_dir))
        self.shared = shared_digest(config, self.root, hand_written)
        every_page = _sha256(json.dumps(sorted(file.src_uri for file in pages)).encode())
        same_shared = self.previous.get("shared") == self.shared
        staging = Path(site_dir)
        for file in pages:
            # A page made in memory (no source file) is made again each time.
            source = self.digests(Path(file.abs_src_path)) if file.abs_src_path else None
            linked_to = every_page if file.src_uri in hand_written else ""
            digest = _sha256(f"{self.shared}\0{file.src_uri}\0{source}\0{linked_to}".encode())
            self.inputs[file.dest_uri] = digest
            entry = self.previous.get("pages", {}).get(file.dest_uri) if same_shared and source else None
            if entry is None or entry[0] != digest:
                continue
            published = self.published / file.dest_uri
            if self.digests(published) != entry[1]:  # changed or lost since
                continue
            target = staging / file.dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(published, target)
            except OSError:
                continue  # another file system: made again
            file.is_modified = _not_modified  # type: ignore[method-assign]  # MkDocs' dirty build then neither reads nor renders it
            self.pages[file.dest_uri] = entry
            self.kept.append(file.dest_uri)

    def restore_page_data(self, files: Files) -> None:
        """What a kept page would have told the sitemap: its own date (a profile's record's,
        from its front matter), as the manifest recorded it; other pages keep the build's date."""
        for file in files.documentation_pages():
            entry = self.pages.get(file.dest_uri)
            if entry is not None and entry[2] is not None and file.page is not None:
                file.page.update_date = entry[2]

    def kept_script_hashes(self) -> set[str]:
        return {script for uri in self.kept for script in self.pages[uri][3]}

    def record(self, page, html: str, script_hashes: list[str]) -> None:
        """A page MkDocs has just made: its entry in the new manifest."""
        uri = page.file.dest_uri
        data = html.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        if uri in self.inputs and html.strip():
            own_date = str(page.update_date) if "updated" in page.meta else None  # see plugin.on_page_markdown
            self.pages[uri] = [self.inputs[uri], bytes_digest(data), own_date, sorted(script_hashes)]
            self.rebuilt += 1

    def save(self) -> None:
        """Write the manifest of the site just published."""
        manifest = {"format": MANIFEST_FORMAT, "shared": self.shared, "pages": dict(sorted(self.pages.items()))}
        path = manifest_path(self.root)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(manifest, separators=(",", ":")).encode("utf-8"))
        self.digests.save()

    @staticmethod
    def quiet_dirty_build_notes() -> logging.Filter:
        """Installed on MkDocs' build logger for the build (see :data:`DIRTY_BUILD_NOTES`); returned to be removed."""
        notes = _DirtyBuildNotes()
        logging.getLogger("mkdocs.commands.build").addFilter(notes)
        return notes


def _not_modified() -> bool:
    return False

