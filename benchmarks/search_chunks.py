"""Which Pagefind index chunks everyday queries download, for several chunk sizes.

    python benchmarks/search_chunks.py SITE [SIZE ...]

SITE is a built site, in its project's folder (for example one kept by ``benchmarks/search.py N --keep DIR``: pass
DIR/site). For each SIZE (default: 300 1000 2000 20000, Pagefind's default) the profiles are
indexed again with that chunk size (``generator.search.indexer.INDEX_CHUNK_SIZE`` is what the build
uses) and the script prints, per query of ``QUERIES``, how many chunks and how many bytes
Pagefind 1.5 fetches for it: it reads the chunk ranges from the index metadata and picks the
chunks as Pagefind's ``request_indexes`` does (a chunk whose range holds the word, or, when
none does because a range's end was shortened to a prefix, every chunk whose shortened range
could hold it). The browser measurement in ``benchmarks/search.py`` shows the same bytes.
The site's index is left built with the last SIZE.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import struct
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.paths import Project  # noqa: E402
from generator.search import index as search  # noqa: E402
from generator.search import indexer as search_indexer  # noqa: E402

QUERIES = (
    "nuoi ong ha quang", "Trường Hà", "nuôi ong", "dam thuy", "nong thon moi", "be thi hong",
    "don bien phong coc pang", "quang han", "lung ri", "Me Van Dat", "Phục Hoà", "thai nguyen",
    "hien mau", "chuyen doi so", "Nguyễn Thị Lan", "cao bang",
)


def read_cbor(data: bytes, at: int = 0):
    """Decode the CBOR item at ``at`` (the subset Pagefind writes): (value, next offset)."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        value = info
    else:
        width = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        value = int.from_bytes(data[at:at + width], "big")
        at += width
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at:at + value]
        return (raw.decode("utf-8") if major == 3 else raw), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = read_cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(value):
            key, at = read_cbor(data, at)
            pairs[key], at = read_cbor(data, at)
        return pairs, at
    if major == 7 and info == 27:
        return struct.unpack(">d", data[at - 8:at])[0], at
    if major == 7:
        return {20: False, 21: True, 22: None}.get(info), at
    raise ValueError(f"unexpected CBOR item {head:#x}")


def chunk_ranges(bundle: Path) -> list[list]:
    """[from, to, hash] of each index chunk, from the bundle's pf_meta."""
    meta = next(bundle.glob("*.pf_meta"))
    decoded, _ = read_cbor(gzip.decompress(meta.read_bytes())[len("pagefind_dcd"):])
    return next(part for part in decoded if isinstance(part, list) and part
                and isinstance(part[0], list) and len(part[0]) == 3 and isinstance(part[0][0], str))


def folded(word: str) -> str:
    """A query word as Pagefind looks it up: lower case, tone and vowel marks dropped (đ kept)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


def chunks_for(word: str, chunks: list[list]) -> set[str]:
    strict = {c[2] for c in chunks if c[0] <= word <= c[1]}
    if strict:
        return strict
    loose = set()
    for start, end, name in chunks:
        a, b = min(len(word), len(start)), min(len(word), len(end))
        if word[:a] >= start[:a] and word[:b] <= end[:b]:
            loose.add(name)
    return loose


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("sizes", type=int, nargs="*", default=[300, 1000, 2000, 20000])
    args = parser.parse_args()
    bundle = args.site / "pagefind"
    for size in args.sizes:
        search_indexer.INDEX_CHUNK_SIZE = size
        shutil.rmtree(bundle, ignore_errors=True)
        search.build_search_index(Project.at(args.site.resolve().parent), args.site)
        chunks = chunk_ranges(bundle)
        total = 0.0
        lines = []
        for query in QUERIES:
            names = set().union(*(chunks_for(folded(word), chunks) for word in query.split()))
            size_kb = sum(os.path.getsize(bundle / "index" / f"{name}.pf_index") for name in names) / 1024
            total += size_kb
            lines.append(f"    {query!r}: {len(names)} chunks, {size_kb:.0f} KB")
        meta_kb = os.path.getsize(next(bundle.glob("*.pf_meta"))) / 1024
        print(f"chunk size {size}: {len(chunks)} chunks, pf_meta {meta_kb:.0f} KB, "
              f"{total:.0f} KB for the {len(QUERIES)} queries together")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
