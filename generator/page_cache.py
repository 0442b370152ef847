"""Pages an earlier run rendered, reused while what they were made from is unchanged.

Rendering every page again after a one-record edit costs most of a run on a big
site, though almost every page comes out the same. Each page is therefore keyed
by what it is made from: the digests of the records it shows (a record's digest
covers its file's bytes and its photos, see ``pipeline.record_digest``) and the
page's own parameters. Everything else a page may read (the generator's code and
templates, taxonomies, movements, the site configuration) is in the cache's
context: if any of it changes, the cache starts empty. A key must name every
record a page shows; ``tests/test_cache.py`` checks that an incremental run's
output equals a clean run's, byte for byte. Deleting ``build/cache/`` is always safe.
"""

from __future__ import annotations

import hashlib
import os
from typing import Callable, TypeVar

from .cache import context_key, read_cache, write_cache
from .project import Project
from .render import TEMPLATES_DIR

VERSION = 1
Made = TypeVar("Made")


def page_context(project: Project) -> str:
    """A digest of everything, besides the records, that can change a page."""
    digest = hashlib.blake2b(f"{VERSION} {context_key(project)}".encode())
    for path in sorted(TEMPLATES_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(TEMPLATES_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    config = project.root / "mkdocs.yml"
    digest.update(config.read_bytes() if config.is_file() else b"")
    digest.update(os.environ.get("SITE_URL", "").encode())  # mkdocs.yml reads it: absolute links
    digest.update(os.environ.get("REPO_URL", "").encode())  # and this: the adoption report links
    return digest.hexdigest()


def _key(inputs: tuple) -> str:
    return hashlib.blake2b(repr(inputs).encode(), digest_size=16).hexdigest()


class PageCache:
    """Rendered pages of one project, read at the start of a run and saved at its end."""

    def __init__(self, project: Project):
        self.path = project.root / "build" / "cache" / "pages.pickle"
        self.context = page_context(project)
        self.entries: dict[str, tuple[str, object]] = read_cache(self.path, self.context) or {}  # name → (key, made)
        self.used: dict[str, tuple[str, object]] = {}
        self.reused: set[str] = set()

    def has(self, name: str, inputs: tuple) -> bool:
        """Whether ``get(name, inputs, …)`` would reuse a kept page (to prepare only what is missing)."""
        entry = self.entries.get(name)
        return entry is not None and entry[0] == _key(inputs)

    def get(self, name: str, inputs: tuple, make: Callable[[], Made]) -> Made:
        """What ``make()`` returns for ``inputs``, made again only if ``inputs`` changed since it was kept."""
        key = _key(inputs)
        entry = self.entries.get(name)
        if entry is not None and entry[0] == key:
            self.reused.add(name)
        else:
            entry = (key, make())
        self.used[name] = entry
        return entry[1]

    def save(self) -> None:
        """Keep what this run used: pages that are gone are forgotten. Nothing new: nothing to write."""
        if self.reused == self.used.keys() == self.entries.keys() and self.path.exists():
            return
        write_cache(self.path, self.context, self.used)
