"""The search indexer: Pagefind over the search documents, a part at a time, then one finished bundle.

    python -m generator.search_indexer DOCUMENTS OUTPUT [--part-size N] [--chunk-size N]

:class:`~generator.search.SearchIndexJob` runs it in a process of its own, on the core
MkDocs leaves free. It exits with status 0 once ``OUTPUT`` holds the bundle the site
serves, or 1 after printing what went wrong.

Why in parts: Pagefind keeps everything it indexes in memory until it writes its bundle,
about 250 KB per profile, so one run over 20,000 profiles peaked at 4 GB. The documents
are indexed ``part_size`` at a time, each part chosen by a glob that lists its documents,
and the parts' bundles merged
(``search_merge.py``) into the bundle one run would have written. Then the bundle is
finished (``search_bundle.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import cbor2

from .search_bundle import finish_bundle
from .search_documents import DOCUMENT_GLOB, OTHER_FOLDERS, OTHER_GLOB, PROFILE_GLOB
from .search_merge import merge_bundles
from .vietnamese import SLUG_PATTERN

# Pagefind cuts its word index into chunks of about this many word positions (its default is
# 20,000) and a query downloads every chunk that holds one of its words. Vietnamese is written
# in syllables that recur on every page ("ha", "o", "nuoi"), so with big chunks each query word
# drags in its neighbours' postings too. At 20,000 profiles, 16 everyday queries fetched
# 8.3 MB together with the default, 3.6 MB at 1,000 and 2.8 MB at 100, for 36 KB more index
# metadata (loaded once, with the engine): `python benchmarks/search_chunks.py`.
# Pagefind 1.5 reads this setting only from the environment, under an "unstable" name: the
# benchmarks show at once if a new version ignores it.
INDEX_CHUNK_SIZE = 100
# Documents per Pagefind run: about 500 MB of Pagefind's memory. Smaller parts save memory
# and cost a Pagefind start each (about 0.3 s) and a longer merge.
PART_SIZE = 2000
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
                    chunk_size: int = INDEX_CHUNK_SIZE) -> None:
    """Index the search documents under ``documents`` into the finished bundle ``output``
    (replaced); raises :class:`IndexingError`."""
    shutil.rmtree(output, ignore_errors=True)
    try:
        parts = part_globs(documents, part_size)
        if len(parts) <= 1:
            run_pagefind(documents, output, chunk_size)
        else:  # the movements and decisions, a few hundred at most, are a part of their own
            others = any(next((documents / folder).glob("*/index.html"), None) for folder in OTHER_FOLDERS)
            _index_in_parts(documents, parts + [OTHER_GLOB] * others, output, chunk_size)
        finish_bundle(output)
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
    """Globs that each match up to ``part_size`` of the profiles' documents, in order of their ids.

    A glob lists its documents' folders (``dien-hinh/{a,b,c}/index.html``): a profile's id is a
    slug (validation refuses other file names), so it needs no escaping; a folder named otherwise
    raises :class:`IndexingError`. A glob is one command
    line argument, which Linux limits to 128 KB, so a part also ends before its glob reaches
    :data:`GLOB_LIMIT` characters.
    """
    folder, _, file = PROFILE_GLOB.partition("/*/")
    ids = sorted(path.parent.name for path in documents.glob(PROFILE_GLOB))
    parts, part, length = [], [], 0
    for profile in ids:
        if not SLUG_PATTERN.match(profile):
            raise IndexingError(f"The search document folder {documents / folder / profile} is not named by a "
                                "profile id. The folder holds only what the generator writes: delete it and build again.")
        if part and (len(part) == part_size or length + len(profile) + 1 > GLOB_LIMIT):
            parts.append(part)
            part, length = [], 0
        part.append(profile)
        length += len(profile) + 1
    if part:
        parts.append(part)
    return [f"{folder}/{{{','.join(part)}}}/{file}" for part in parts]


def _index_in_parts(documents: Path, parts: list[str], output: Path, chunk_size: int) -> None:
    work = output.with_name(f"{output.name}-parts")
    shutil.rmtree(work, ignore_errors=True)
    try:
        bundles = [work / str(number) for number in range(len(parts))]
        for glob, bundle in zip(parts, bundles):
            run_pagefind(documents, bundle, chunk_size, glob)
        merge_bundles(bundles, output, chunk_size)
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
    parser = argparse.ArgumentParser(prog="python -m generator.search_indexer", description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--part-size", type=int, default=PART_SIZE)
    parser.add_argument("--chunk-size", type=int, default=INDEX_CHUNK_SIZE)
    args = parser.parse_args(argv)
    # MkDocs, on the other core, is what the build waits for: the indexer (and the Pagefind runs
    # it starts) yields to it, and to the kernel writing their files, whenever they compete.
    os.nice(10)
    # Stopped (by the build that started it, or Ctrl-C): end quietly, and end Pagefind first:
    # SystemExit and KeyboardInterrupt make subprocess.run stop its child and wait for it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        index_documents(args.documents, args.output, args.part_size, args.chunk_size)
    except IndexingError as error:
        print(error)
        return 1
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    return 0


if __name__ == "__main__":
    sys.exit(main())
