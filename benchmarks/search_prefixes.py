"""What cutting oversized index chunks costs partial words: prefixes that find fewer words.

    python benchmarks/search_prefixes.py SITE [--words 1500]

SITE is a built site in its project's folder (for example one kept by
``benchmarks/search.py N --keep DIR``: pass DIR/site). The profiles are indexed again
into a temporary folder, and the bundle is compared before and after
``generator.search.bundle.split_index_chunks``: for every prefix (two letters or more,
short of the whole word) of a sample of the index's words, which words Pagefind's
engine would find starting with it (the words of the chunks it fetches for it, picked
as in ``benchmarks/search_chunks.py``). Whole words always find their chunk (a test
checks it); a prefix can find fewer words after a cut, when it falls inside a cut
chunk's range, because then the engine fetches that chunk only.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.paths import Project  # noqa: E402
from generator.pipeline.run import collector_paused  # noqa: E402
from generator.search import bundle as search_bundle  # noqa: E402
from generator.search import index as search  # noqa: E402

from search_chunks import chunks_for  # noqa: E402


def index_words(bundle: Path) -> tuple[list[list], dict[str, list[str]]]:
    """The chunks' ranges ([from, to, name]) and each chunk's words."""
    (language,) = search_bundle.languages(bundle).values()
    chunks = search_bundle.read_file(search_bundle.meta_path(bundle, language["hash"]))[search_bundle.META_CHUNKS]
    words = {name: [word for word, _ in search_bundle.encoded_words(bundle / "index" / f"{name}.pf_index")]
             for _, _, name in chunks}
    return chunks, words


def found(prefix: str, chunks: list[list], words: dict[str, list[str]]) -> set[str]:
    return {word for name in chunks_for(prefix, chunks) for word in words[name] if word.startswith(prefix)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--words", type=int, default=1500, help="words sampled (their prefixes are compared)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="exemplar-prefixes-") as tmp, collector_paused():
        job = search.SearchIndexJob()
        job.start(Project.at(args.site.resolve().parent))
        assert job.process is not None and job.output is not None  # set by start()
        job.process.wait()
        before_bundle = Path(tmp) / "before"
        shutil.copytree(job.output, before_bundle)
        job.cancel()  # removes its output
        after_bundle = shutil.copytree(before_bundle, Path(tmp) / "after")
        added = search_bundle.split_index_chunks(after_bundle)
        before_chunks, before_words = index_words(before_bundle)
        after_chunks, after_words = index_words(after_bundle)
        everything = sorted(word for words in before_words.values() for word in words if len(word) >= 3)
        sample = random.Random(1).sample(everything, min(args.words, len(everything)))
        prefixes = sorted({word[:end] for word in sample for end in range(2, len(word))})
        none_left = fewer = kept = total = 0
        for prefix in prefixes:
            before = found(prefix, before_chunks, before_words)
            after = found(prefix, after_chunks, after_words)
            total += len(before)
            kept += len(before & after)
            none_left += bool(before) and not after
            fewer += bool(after) and not before <= after
        print(f"{len(before_chunks)} chunks, {added} added by cutting; {len(prefixes)} prefixes of {len(sample)} "
              f"words: {fewer} find fewer words, {none_left} find none where they found some; "
              f"words found kept {kept}/{total} ({kept / max(total, 1):.1%})")


if __name__ == "__main__":
    main()
