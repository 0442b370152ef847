"""What earlier runs found in each exemplar record, kept while the record is unchanged.

Reading and checking a record costs far more than asking the file system
whether it changed, so a run after an edit reads only the edited records:
the others' data and problems come from ``build/cache/``. An entry is used
only if its photos have the same bytes as when it was read (known by their
size and modification time, :class:`FileDigests`), the record file has the same
size and time or else the same bytes (a fresh checkout gives every file a new
time), and everything that judged it (the generator's
code and schemas, the taxonomies, the movements) is byte for byte the same;
otherwise the record is read and checked again. Deleting the folder is always
safe.

Every file under ``build/cache/`` checks itself (:func:`write_sealed`): a header names the
inputs it was made from and carries the digest of everything after it, and a reader
believes nothing (and unpickles nothing) that fails that digest. A cache that cannot be
read or fails its digest is dropped with one warning and made again by the run: a
damaged cache costs time, never a wrong page and never a failed build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from ..paths import PACKAGE_DIR, SCHEMA_DIR, Project
from ..pipeline.load import YamlDocument, bytes_digest
from ..problems import Problem, message

VERSION = 1
# A file changed less than this long before a run began may change again within the same
# tick of a coarse file-system clock: its entry is not kept (git's "racily clean" files).
RACY_NANOSECONDS = 2_000_000_000

Signature = tuple[int, int]  # size and modification time in nanoseconds


def signature(path: Path) -> Signature | None:
    try:
        status = path.stat()
    except (OSError, ValueError):  # missing, or a name the file system refuses
        return None
    return status.st_size, status.st_mtime_ns


def settled(stamp: Signature | None, since: int) -> TypeGuard[Signature]:
    """Whether a file with ``stamp`` last changed long enough before ``since`` (ns) that a later
    change cannot share its time: only then may a cache trust the time to tell (git's "racily clean")."""
    return stamp is not None and stamp[1] <= since - RACY_NANOSECONDS


@dataclass
class Entry:
    """One record file as a run found it."""

    record: Signature
    photos: tuple[tuple[Path, str | None], ...]  # each photo the record names, with its bytes' digest
    document: YamlDocument | None  # None: the file could not be read as a record
    problems: list[Problem]


def _read_digest(file: Path) -> str | None:
    try:
        return bytes_digest(file.read_bytes())
    except OSError:
        return None


class FileDigests:
    """The digest of each photo's bytes, remembered by the file's size and modification time.

    A photo whose size and time are unchanged is not read again; one with a new time and the same
    bytes (every file of a fresh checkout, as in CI) keeps its digest, so neither its record nor
    its pages are made again. ``path``: where :meth:`save` keeps them (None: nowhere).
    """

    def __init__(self, path: Path | None):
        self.path = path
        self._known: dict[str, tuple[int, int, str]] = (read_cache(path, str(VERSION)) if path else None) or {}
        self._saved = dict(self._known)  # what the file holds
        self._used: dict[str, tuple[int, int, str]] = {}
        self.start_run()

    def start_run(self) -> None:
        self.started = time.time_ns()

    def __call__(self, file: Path) -> str | None:
        """The digest of ``file``'s bytes; None if it cannot be read."""
        current = signature(file)
        if current is None:
            return None
        name = str(file)
        known = self._known.get(name)
        if known is not None and known[:2] == current:
            self._used[name] = known
            return known[2]
        digest = _read_digest(file)
        if digest is not None and settled(current, self.started):
            self._known[name] = self._used[name] = (*current, digest)
        return digest

    def save(self) -> None:
        """Keep the digests of the files asked for since the last save (files gone are forgotten)."""
        if self.path is not None and self._used != self._saved:
            write_cache(self.path, str(VERSION), self._used)
            self._saved = self._used
        self._known, self._used = dict(self._used), {}


def photo_files(document: YamlDocument | None) -> list[Path]:
    """The photo files a record names: its checks depend on them too."""
    if document is None:
        return []
    data = document.data
    photos = data.get("photos") if isinstance(data, dict) else None
    names = [p.get("file") for p in photos if isinstance(p, dict)] if isinstance(photos, list) else []
    return [document.file.parent / name for name in names if isinstance(name, str)]


MAGIC = b"exemplars-cache 2\n"  # the first line of every cache file this version writes
_DIGEST_LINE = 65  # a digest in hex (64 characters) and a newline


def _hex_digest(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=32).hexdigest().encode()


def sealed(key: str, payload: bytes) -> bytes:
    """``payload`` as a cache file holds it: the magic line, the digest of the rest, the digest of
    ``key`` (what the payload was made from), then the payload."""
    body = _hex_digest(key.encode()) + b"\n" + payload
    return MAGIC + _hex_digest(body) + b"\n" + body


def write_sealed(path: Path, key: str, payload: bytes) -> None:
    """Keep ``payload`` at ``path`` for a later run with the same ``key``; a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(sealed(key, payload))
    os.replace(temporary, path)


def read_sealed(path: Path, key: str) -> memoryview | None:
    """What :func:`write_sealed` kept at ``path`` under ``key``: None if there is none, if it was made
    from other inputs (another ``key``), or if it is damaged (then with a warning, see :func:`discarded`)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None  # no cache yet: nothing to say
    except OSError:
        discarded(path)
        return None
    start = len(MAGIC) + _DIGEST_LINE
    body = memoryview(data)[start:]  # not a copy: the records' cache of a big site is 75 MB
    if not data.startswith(MAGIC) or len(body) < _DIGEST_LINE or data[len(MAGIC):start] != _hex_digest(body) + b"\n":
        discarded(path)
        return None
    return body[_DIGEST_LINE:] if body[:_DIGEST_LINE - 1] == _hex_digest(key.encode()) else None


def discarded(path: Path) -> None:
    """Remove the damaged cache file ``path`` and say so in one line; the caller makes it again.

    Removed, so that the run writes it again even when it would not otherwise (``worth_saving``):
    a damaged cache is told once, not at every run.
    """
    try:
        shown = os.path.relpath(path)
    except ValueError:  # on another drive than the working folder (Windows)
        shown = str(path)
    print(message("cache-discarded", cache=Path(shown).as_posix()), file=sys.stderr)
    try:
        path.unlink(missing_ok=True)
    except OSError:  # a folder in its place, say: the next write replaces it or fails as it would have
        pass
    return None


def read_cache(path: Path, key: str) -> Any:
    """What :func:`write_cache` kept at ``path`` under ``key``; None if absent, keyed otherwise or damaged.

    The bytes are unpickled only once their digest is checked: a damaged file is never believed.
    """
    payload = read_sealed(path, key)
    if payload is None:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # sound bytes of a class that changed since: made again like a damaged cache
        discarded(path)
        return None


def write_cache(path: Path, key: str, value: Any) -> None:
    """Keep ``value`` at ``path`` for a later run with the same ``key`` (:func:`write_sealed`)."""
    write_sealed(path, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def worth_saving(changes: int, entries: int) -> bool:
    """Whether a cache with ``changes`` since it was read is worth writing again.

    A cache that misses a few changes costs the next run those few records or pages, which
    it checks are current anyway; writing 20,000 entries after a one-record edit costs a second.
    """
    return changes > max(20, entries // 100)


def context_key(project: Project) -> str:
    """A digest of everything besides the record itself that decides what a check finds."""
    digest = hashlib.blake2b(f"{VERSION} {sys.version}".encode())
    judges = [*sorted(PACKAGE_DIR.rglob("*.py")), *sorted(SCHEMA_DIR.glob("*.json"))]
    content = [*sorted(project.taxonomies_dir.glob("*")), *sorted(project.movements_dir.glob("*")),
               *sorted(project.decisions_dir.rglob("*.yml"))]
    for path in judges + content:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


class RecordCache:
    """The entries of one project: read once, brought up to date by each run, written by :meth:`save`."""

    def __init__(self, project: Project, photo_digests: FileDigests):
        self.path = project.cache_dir / "records.pickle"
        self.photo_digests = photo_digests
        self.key: str | None = None  # the context the entries were judged in; read at the first run
        self.entries: dict[Path, Entry] = {}
        self.unsaved = 0  # entries changed since read or saved

    def start_run(self, project: Project) -> None:
        key = context_key(project)
        if key != self.key:  # the first run, or the generator, a schema, a taxonomy or a movement changed
            self.unsaved += len(self.entries)
            self.key, self.entries = key, read_cache(self.path, key) or {}
        self.started = time.time_ns()

    def current(self, file: Path) -> Entry | None:
        """The entry of ``file`` if the file and its photos are as when it was read, else None.

        A record whose size or time changed but whose bytes did not (every file of a fresh
        checkout, as in CI; a branch switched and back; ``touch``) is known by its digest, and its
        entry kept under the new time: reading a file costs far less than parsing and checking it.
        """
        entry = self.entries.get(file)
        if entry is None or not all(self.photo_digests(path) == kept for path, kept in entry.photos):
            return None
        record = signature(file)
        if record == entry.record:
            return entry
        if record is None or entry.document is None or _read_digest(file) != entry.document.digest:
            return None
        if settled(record, self.started):  # else it may change again unseen: look next time too
            entry.record = record
            self.unsaved += 1
        return entry

    def store(self, file: Path, record: Signature | None, document: YamlDocument | None,
              problems: list[Problem]) -> None:
        photos = tuple((path, self.photo_digests(path)) for path in photo_files(document))
        self.unsaved += 1
        if not settled(record, self.started):
            self.entries.pop(file, None)
            return
        self.entries[file] = Entry(record, photos, document, problems)

    def end_run(self, files: list[Path]) -> None:
        """Forget the records that are gone: ``files`` are those there now."""
        if self.entries.keys() != set(files):
            kept = {file: self.entries[file] for file in files if file in self.entries}
            self.unsaved += len(self.entries) - len(kept)
            self.entries = kept

    def save(self) -> None:
        """Write the entries, if enough changed to be :func:`worth_saving`."""
        if self.key is None:  # no run started (it failed first): nothing to keep
            return
        if worth_saving(self.unsaved, len(self.entries)) or not self.path.exists():
            write_cache(self.path, self.key, self.entries)
            self.unsaved = 0
