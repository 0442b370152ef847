"""The search indexer: Pagefind over the search documents, a part at a time, then one finished bundle.

    python -m generator.search.indexer DOCUMENTS OUTPUT [--part-size N] [--chunk-size N] [--cache DIR]

:class:`~generator.search.index.SearchIndexJob` runs it in a process of its own, on the core
MkDocs leaves free. It exits with status 0 once ``OUTPUT`` holds the bundle the site
serves, or 1 after printing what went wrong.

Why in parts: Pagefind keeps everything it indexes in memory until it writes its bundle,
about 250 KB per profile, so one run over 20,000 profiles peaked at 4 GB. The documents
are indexed ``part_size`` at a time, each part chosen by a glob that lists its documents,
and the parts' bundles merged
(``search/merge.py``) into the bundle one run would have written. Then the bundle is
finished (``search/bundle.py``).

Kept between builds (``--cache``): each part's bundle, under the digest of what made it (its
documents' names and bytes, the chunk size, the Pagefind version and program). A part whose documents did
not change is not indexed again: after a one-record edit, Pagefind indexes one part. A kept
part is checked against the digests of its files, written beside it; one that fails is indexed
again. A profile's part is chosen by a hash of its id, so adding or removing a profile
re-indexes its own part only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import cbor2

from ..build.cache import FileDigests
from ..pipeline.write import files_on_disk
from ..vietnamese import SLUG_PATTERN
from .bundle import CHUNK_BUDGET, finish_bundle
from .documents import DOCUMENT_GLOB, OTHER_FOLDERS, OTHER_GLOB, PROFILE_GLOB
from .merge import merge_bundles, word_table

# Pagefind cuts its word index into chunks of about this many word positions (its default is
# 20,000) and a query downloads every chunk that holds one of its words. Vietnamese is written
# in syllables that recur on every page ("ha", "o", "nuoi"), so with big chunks each query word
# drags in its neighbours' postings too. At 20,000 profiles, 16 everyday queries fetched
# 8.3 MB together with the default, 3.6 MB at 1,000 and 2.8 MB at 100, for 36 KB more index
# metadata (loaded once, with the engine): `python benchmarks/search_chunks.py`.
# Pagefind 1.5 reads this setting only from the environment, under an "unstable" name: the
# benchmarks show at once if a new version ignores it.
INDEX_CHUNK_SIZE = 100
# Documents per Pagefind run, on average (parts are chosen by a hash of the id: part_globs).
# 2,000 took about 500 MB of Pagefind's memory. An edit indexes its part again: 2,000
# documents took 8.0 s, 500 2.2 s and 250 1.0 s (N = 5,000, 2 cores): Pagefind's time is its
# documents', a start costs little; more parts make the merge longer (more pieces per word).
PART_SIZE = 500
GLOB_LIMIT = 100_000  # characters in a part's glob: see part_globs


class IndexingError(Exception):
    """Indexing failed; the message says why, for the person running the build."""


def pagefind_command(documents: Path, output: Path, glob: str = DOCUMENT_GLOB) -> list[str]:
    """Pagefind over the search documents under ``documents`` that ``glob`` matches, its bundle written to ``output``."""
    return [
        sys.executable, "-m", "pagefind",
        "--site", str(documents),
        "--glob", glob,
        "--output-path", str(output),
        "--force-language", "vi",
        "--quiet",
    ]


def run_pagefind(documents: Path, output: Path, chunk_size: int, glob: str = DOCUMENT_GLOB) -> None:
    """One Pagefind run; raises :class:`IndexingError` with its output if it fails."""
    # One indexing thread: Pagefind keeps about one core busy anyway (52 s of CPU in 39 s at
    # 20,000 profiles with two threads, 49 s in 46 s with one), and MkDocs needs the other.
    environment = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(chunk_size), "RAYON_NUM_THREADS": "1"}
    ran = subprocess.run(pagefind_command(documents, output, glob), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, env=environment, preexec_fn=stop_with_parent)
    if ran.returncode != 0:
        raise IndexingError(f"Pagefind could not build the search index (exit status {ran.returncode}):\n"
                            f"{ran.stdout.decode('utf-8', 'replace').strip()}")


def index_documents(documents: Path, output: Path, part_size: int = PART_SIZE,
                    chunk_size: int = INDEX_CHUNK_SIZE, cache: Path | None = None) -> None:
    """Index the search documents under ``documents`` into the finished bundle ``output``
    (replaced), keeping the parts' bundles in ``cache`` if given; raises :class:`IndexingError`."""
    shutil.rmtree(output, ignore_errors=True)
    try:
        parts = part_globs(documents, part_size)
        whole = len(parts) <= 1
        if whole:
            kept = PartCache(cache, documents, chunk_size)
            key = kept.key(DOCUMENT_GLOB)
            if not kept.restore(key, output):
                run_pagefind(documents, output, chunk_size)
                kept.save(key, output)
            kept.forget_all_but({key})
        else:  # the movements and decisions, a few hundred at most, are a part of their own
            others = any(next((documents / folder).glob("*/index.html"), None) for folder in OTHER_FOLDERS)
            _index_in_parts(documents, parts + [OTHER_GLOB] * others, output, chunk_size,
                            PartCache(cache, documents, chunk_size))
        finish_bundle(output, split=whole)  # merging cut the parts' chunks already
    except (OSError, ValueError, LookupError, cbor2.CBORError) as error:
        shutil.rmtree(output, ignore_errors=True)
        raise IndexingError(
            f"Could not finish Pagefind's bundle ({type(error).__name__}: {error}). The search bundle "
            "code reads the files of the Pagefind version requirements.txt pins; is another one installed?"
        ) from error
    except BaseException:
        shutil.rmtree(output, ignore_errors=True)
        raise


def part_globs(documents: Path, part_size: int) -> list[str]:
    """Globs that each match about ``part_size`` of the profiles' documents: a profile's part is
    chosen by a hash of its id (:func:`part_of`), so adding, removing or editing one profile
    changes one part and leaves the others' documents, and so their kept bundles, as they were.

    The number of parts is a power of two (at least the documents over ``part_size``): it doubles
    only when the site doubles, and each part is then cut in two. A glob lists its documents'
    folders (``dien-hinh/{a,b,c}/index.html``): a profile's id is a slug (validation refuses
    other file names), so it needs no escaping; a folder named otherwise raises
    :class:`IndexingError`. A glob is one command line argument, which Linux limits to 128 KB,
    so parts are doubled again while one's glob would reach :data:`GLOB_LIMIT` characters.
    """
    folder = PROFILE_GLOB.partition("/*/")[0]
    ids = sorted(path.parent.name for path in documents.glob(PROFILE_GLOB))
    for profile in ids:
        if not SLUG_PATTERN.match(profile):
            raise IndexingError(f"The search document folder {documents / folder / profile} is not named by a "
                                "profile id. The folder holds only what the generator writes: delete it and build again.")
    count = 1 << max(0, -(-len(ids) // part_size) - 1).bit_length()
    while True:
        parts: list[list[str]] = [[] for _ in range(count)]
        for profile in ids:
            parts[part_of(profile, count)].append(profile)
        if all(sum(len(profile) + 1 for profile in part) <= GLOB_LIMIT for part in parts) or count >= len(ids):
            return [glob_of(part) for part in parts if part]
        count *= 2


def part_of(profile: str, count: int) -> int:
    """The part (of ``count``, a power of two) a profile's document is indexed in: a hash of its id,
    the same on every machine and run (never Python's ``hash``)."""
    return int.from_bytes(hashlib.sha256(profile.encode()).digest()[:8], "big") % count


def glob_of(ids: list[str]) -> str:
    """The glob that matches the search documents of the profiles ``ids``."""
    folder, _, file = PROFILE_GLOB.partition("/*/")
    return f"{folder}/{{{','.join(ids)}}}/{file}"


def documents_of(documents: Path, glob: str) -> list[Path]:
    """The search documents under ``documents`` that a part's glob selects, as Pagefind reads it:
    pathlib has no braces, so the glob's one ``{a,b}`` group (ids or folders) is spelled out."""
    head, brace, rest = glob.partition("{")
    if not brace:
        return sorted(documents.glob(glob))
    choices, _, tail = rest.partition("}")
    return sorted({path for choice in choices.split(",") for path in documents.glob(head + choice + tail)})


def _index_in_parts(documents: Path, parts: list[str], output: Path, chunk_size: int, kept: PartCache) -> None:
    work = output.with_name(f"{output.name}-parts")
    shutil.rmtree(work, ignore_errors=True)
    try:
        bundles = [work / str(number) for number in range(len(parts))]
        keys = [kept.key(glob) for glob in parts]
        tables = []
        for glob, bundle, key in zip(parts, bundles, keys):
            if not kept.restore(key, bundle):
                run_pagefind(documents, bundle, chunk_size, glob)
                kept.save(key, bundle, word_table(bundle))
            tables.append(kept.tables.get(key))
        kept.forget_all_but(set(keys))
        merge_bundles(bundles, output, chunk_size, tables, budget=CHUNK_BUDGET)
    finally:
        shutil.rmtree(work, ignore_errors=True)


class PartCache:
    """Parts' bundles kept between builds, each in a folder named by the digest of what made it,
    with the digests of its files beside it (``files.json``) and what merging needs of its words
    (``words.cbor``, :func:`~generator.search_merge.word_table`). No folder: nothing is kept.

    The documents' and the kept files' digests are remembered by their sizes and times
    (``digests.pickle``, :class:`~generator.cache.FileDigests`): a build reads only the files that
    changed since the last, not every document and every kept file."""

    LIST = "files.json"
    TABLE = "words.cbor"
    DIGESTS = "digests.pickle"

    def __init__(self, folder: Path | None, documents: Path, chunk_size: int):
        self.folder = folder
        self.documents = documents
        # The Pagefind that indexes: the pinned package's, or the program PAGEFIND_BINARY_PATH names.
        binary = os.environ.get("PAGEFIND_BINARY_PATH", "")
        self.made_by = f"{metadata.version('pagefind')}\0{binary}\0{chunk_size}\0"
        self.tables: dict[str, bytes] = {}  # key → the word table of a part restored or saved
        self.digests = FileDigests(folder / self.DIGESTS if folder else None)

    def key(self, glob: str) -> str:
        """The digest of a part's documents (names and bytes), as ``glob`` selects them."""
        digest = hashlib.sha256(f"{self.made_by}{glob}\0".encode())
        for path in documents_of(self.documents, glob):
            name = path.relative_to(self.documents).as_posix()
            digest.update(f"{name}\0{self.digests(path)}\0".encode())
        return digest.hexdigest()

    def restore(self, key: str, bundle: Path) -> bool:
        """Put the kept bundle ``key`` at ``bundle`` if it is there and whole: hard links, as merging
        and finishing a bundle move and replace its files but never write into one. With a word
        table, the part's index chunks are left out: merging reads the table instead."""
        if self.folder is None:
            return False
        kept = self.folder / key
        try:
            listed = json.loads((kept / self.LIST).read_text(encoding="utf-8"))
            if not isinstance(listed, dict) or files_on_disk(kept).keys() != listed.keys() | {self.LIST}:
                raise ValueError("other files")
            table = self.TABLE in listed
            used = [name for name in listed if not (table and name.startswith("index/"))]
            for name in used:
                if self.digests(kept / name) != listed[name]:
                    raise ValueError(f"{name} changed")
            if table:
                self.tables[key] = (kept / self.TABLE).read_bytes()
        except (OSError, ValueError):
            shutil.rmtree(kept, ignore_errors=True)  # indexed again and kept anew
            return False
        for name in used:
            if name != self.TABLE:
                (bundle / name).parent.mkdir(parents=True, exist_ok=True)
                _link(str(kept / name), str(bundle / name))
        return True

    def save(self, key: str, bundle: Path, table: bytes | None = None) -> None:
        """Keep a copy (hard links) of the part's fresh bundle, and its word table if given, listed
        with their files' digests."""
        if table is not None:
            self.tables[key] = table
        if self.folder is None:
            return
        staging = self.folder / f".{key}.new"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(bundle, staging, copy_function=_link)
        if table is not None:
            (staging / self.TABLE).write_bytes(table)
        listed = {path.relative_to(staging).as_posix(): self.digests(path)
                  for path in sorted(staging.rglob("*")) if path.is_file()}
        (staging / self.LIST).write_text(json.dumps(listed), encoding="utf-8")
        shutil.rmtree(self.folder / key, ignore_errors=True)
        staging.rename(self.folder / key)

    def forget_all_but(self, keys: set[str]) -> None:
        """Remove the parts this build did not use (the cache holds one site's parts), and keep
        the digests of what it looked at."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in keys | {self.DIGESTS}:
                shutil.rmtree(path, ignore_errors=True)
        self.digests.save()


def _link(source: str, dest: str) -> None:
    try:
        os.link(source, dest)
    except OSError:  # a file system without hard links
        shutil.copy2(source, dest)


if sys.platform == "linux":
    import ctypes

    _prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up in the parent: the child only calls it
    _PR_SET_PDEATHSIG = 1

    def stop_with_parent() -> None:
        """Run in a child process before it starts: have the kernel stop it when the process
        that started it dies, even of a signal that leaves no time to clean up (SIGTERM, SIGKILL).

        The kernel watches the thread that started it: MkDocs builds, and the preview rebuilds,
        in the main thread.
        """
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
else:
    stop_with_parent = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.search.indexer", description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--part-size", type=int, default=PART_SIZE)
    parser.add_argument("--chunk-size", type=int, default=INDEX_CHUNK_SIZE)
    parser.add_argument("--cache", type=Path, help="where to keep the parts' bundles between runs")
    args = parser.parse_args(argv)
    # MkDocs, on the other core, is what the build waits for: the indexer (and the Pagefind runs
    # it starts) yields to it, and to the kernel writing their files, whenever they compete.
    os.nice(10)
    # Stopped (by the build that started it, or Ctrl-C): end quietly, and end Pagefind first:
    # SystemExit and KeyboardInterrupt make subprocess.run stop its child and wait for it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        index_documents(args.documents, args.output, args.part_size, args.chunk_size, args.cache)
    except IndexingError as error:
        print(error)
        return 1
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    return 0


if __name__ == "__main__":
    sys.exit(main())
