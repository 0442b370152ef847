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

A page's text is not kept here: the generated file is. A kept page is neither rendered,
held in memory nor read back, so a run after a one-record edit costs little more than
deciding which keys changed.
"""

from __future__ import annotations

import hashlib
import os
from typing import Callable, TypeVar

from .cache import context_key, read_cache, write_cache
from .project import Project
from .render import TEMPLATES_DIR
from .write import KEPT, Kept

VERSION = 2
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
    """What an earlier run made, read at the start of a run and saved at its end.

    For a page, only its key is kept: its text is the file the last run wrote, which
    :meth:`page` then answers with :data:`~generator.write.KEPT` (so a run neither renders,
    holds nor compares it). Outputs of several files (:meth:`files`) are kept whole.
    """

    def __init__(self, project: Project, on_disk: dict[str, int]):
        """``on_disk``: the generated files now there and their sizes (``write.files_on_disk``)."""
        self.path = project.root / "build" / "cache" / "pages.pickle"
        self.context = page_context(project)
        kept = read_cache(self.path, self.context) or {}
        # A page counts as kept only if its file is still there at the size it was written.
        self.page_keys: dict[str, str] = {
            name: key for name, (key, size) in kept.get("pages", {}).items() if on_disk.get(name) == size
        }
        self.outputs: dict[str, tuple[str, dict]] = kept.get("outputs", {})
        self.used_pages: dict[str, str] = {}
        self.used_outputs: dict[str, tuple[str, dict]] = {}
        self.made: set[str] = set()

    def has(self, name: str, inputs: tuple) -> bool:
        """Whether :meth:`page` would keep the page (to prepare only what is missing)."""
        return self.page_keys.get(name) == _key(inputs)

    def page(self, name: str, inputs: tuple, make: Callable[[], str]) -> str | Kept:
        """``make()``, or :data:`KEPT` if ``inputs`` are those of the page the last run wrote."""
        key = _key(inputs)
        self.used_pages[name] = key
        if self.page_keys.get(name) == key:
            return KEPT
        self.made.add(name)
        return make()

    def files(self, name: str, inputs: tuple, make: Callable[[], Made]) -> Made:
        """What ``make()`` returns for ``inputs``, made again only if ``inputs`` changed since it was kept."""
        key = _key(inputs)
        entry = self.outputs.get(name)
        if entry is None or entry[0] != key:
            entry = (key, make())
            self.made.add(name)
        self.used_outputs[name] = entry
        return entry[1]

    def save(self, written: dict[str, int]) -> None:
        """Keep what this run used; pages and outputs that are gone are forgotten.

        ``written``: the size of each page file now on disk. Nothing new: nothing to write.
        """
        if not self.made and self.used_pages == self.page_keys and self.used_outputs.keys() == self.outputs.keys():
            return
        pages = {name: (key, written[name]) for name, key in self.used_pages.items()}
        write_cache(self.path, self.context, {"pages": pages, "outputs": self.used_outputs})
