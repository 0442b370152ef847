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
deciding which keys changed. A file changed or deleted by anyone since it was written
(its size or modification time differs) is made again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any, TypeVar

from ..paths import TEMPLATES_DIR, Project
from ..pipeline.fragments import Fragments
from ..pipeline.write import KEPT, Kept, Stamp
from ..site.related import Memo
from .cache import context_key, read_cache, worth_saving, write_cache

VERSION = 3
Made = TypeVar("Made")
Page = TypeVar("Page")  # what a page is made as: its Markdown, or bytes, or WRITTEN


def page_context(project: Project) -> str:
    """A digest of everything, besides the records, that can change a page."""
    digest = hashlib.blake2b(f"{VERSION} {context_key(project)}".encode())
    for path in sorted(TEMPLATES_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(TEMPLATES_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    config = project.config_file
    digest.update(config.read_bytes() if config.is_file() else b"")
    digest.update(os.environ.get("SITE_URL", "").encode())  # mkdocs.yml reads it: absolute links
    digest.update(os.environ.get("REPO_URL", "").encode())  # and this: the adoption report links
    return digest.hexdigest()


def _key(inputs: tuple) -> str:
    return hashlib.blake2b(repr(inputs).encode(), digest_size=16).hexdigest()


class PageCache:
    """What earlier runs made: read once, then kept in step with each run (:meth:`start_run`, :meth:`end_run`).

    For a page, only its key is kept, with the stamp (size and modification time) of the
    file the run wrote: while that file is still there unchanged, :meth:`page` answers
    :data:`~generator.pipeline.write.KEPT`, so a run neither renders, holds nor compares it. Outputs of
    several files (:meth:`files`) are kept whole, and so are the pieces of pages made from one
    record each (:attr:`fragments`: list lines, open-data rows), for the records still published.
    :meth:`save` writes it all to ``build/cache/pages.pickle``; a long-running preview saves only
    when it stops.
    """

    def __init__(self, project: Project):
        self.path = project.cache_dir / "pages.pickle"
        self.context: str | None = None  # what the kept pages were made with; read at the first run
        self.kept_pages: dict[str, tuple[str, Stamp]] = {}  # name → (key, stamp)
        self.outputs: dict[str, tuple[str, Any]] = {}  # name → (key, what files() made)
        self.pieces: dict[tuple[str, str], str] = {}  # what :attr:`fragments` starts each run with
        self.fragments = Fragments()
        self.related: Memo | None = None  # the related profiles the last run found (related.py)
        self.unsaved = 0  # pages made or forgotten since read or saved

    def start_run(self, project: Project, on_disk: dict[str, Stamp]) -> None:
        """Begin a run; ``on_disk``: the generated files now there (``write.files_on_disk``)."""
        context = page_context(project)
        if context != self.context:  # the first run, or a template, taxonomy, setting or the generator changed
            self.unsaved += len(self.kept_pages)
            kept = read_cache(self.path, context) or {}
            self.context, self.kept_pages, self.outputs = context, kept.get("pages", {}), kept.get("outputs", {})
            self.pieces, self.related = kept.get("pieces", {}), kept.get("related")
        self.fragments = Fragments(self.pieces)
        self.page_keys = {name: key for name, (key, stamp) in self.kept_pages.items() if on_disk.get(name) == stamp}
        self.used_pages: dict[str, str] = {}
        self.used_outputs: dict[str, tuple[str, Any]] = {}
        self.made: set[str] = set()

    def pages(self, inputs: dict[str, tuple], make: Callable[[list[str]], list[Page]]) -> dict[str, Page | Kept]:
        """Each page of ``inputs`` (name → what it is made from): :data:`KEPT` if they are those of
        the page the last run wrote, else made, all at once, by ``make(names)``."""
        keys = {name: _key(page_inputs) for name, page_inputs in inputs.items()}
        self.used_pages.update(keys)
        to_make = [name for name, key in keys.items() if self.page_keys.get(name) != key]
        self.made.update(to_make)
        made = dict(zip(to_make, make(to_make)))
        return {name: made.get(name, KEPT) for name in inputs}

    def page(self, name: str, inputs: tuple, make: Callable[[], str]) -> str | Kept:
        """``make()``, or :data:`KEPT` if ``inputs`` are those of the page the last run wrote."""
        return self.pages({name: inputs}, lambda names: [make() for _ in names])[name]

    def files(self, name: str, inputs: tuple, make: Callable[[], Made]) -> Made:
        """What ``make()`` returns for ``inputs``, made again only if ``inputs`` changed since it was kept."""
        key = _key(inputs)
        entry = self.outputs.get(name)
        if entry is None or entry[0] != key:
            entry = (key, make())
            self.made.add(name)
        self.used_outputs[name] = entry
        return entry[1]

    def end_run(self, written: dict[str, Stamp], records: set[str]) -> None:
        """Keep what this run used (what is gone is forgotten); ``written``: the stamps of the files now
        there; ``records``: the digests of the records the run published (their pieces are kept)."""
        pieces = {**self.pieces, **self.fragments.used}
        self.pieces = {key: piece for key, piece in pieces.items() if key[1] in records}
        if not self.made and self.used_pages == self.page_keys and self.used_outputs.keys() == self.outputs.keys():
            return
        self.unsaved += len(self.made) + len(self.kept_pages.keys() - self.used_pages.keys())
        self.kept_pages = {name: (key, written[name]) for name, key in self.used_pages.items()}
        self.outputs = self.used_outputs

    def save(self) -> None:
        """Write what is kept to disk, if enough changed to be :func:`~generator.build.cache.worth_saving`."""
        if self.context is None:  # no run started (it failed first): nothing to keep
            return
        if worth_saving(self.unsaved, len(self.kept_pages)) or not self.path.exists():
            kept = {"pages": self.kept_pages, "outputs": self.outputs, "pieces": self.pieces, "related": self.related}
            write_cache(self.path, self.context, kept)
            self.unsaved = 0
