"""Finishing touches to Pagefind's bundle, made once Pagefind has written it.

**Oversized index chunks are split** (:func:`split_index_chunks`). A query downloads the
index chunk that holds each of its words. Pagefind 1.5.2 cuts its word list into chunks
by counting the postings of each word's plain spelling only (``chunk_index`` counts a
word's ``pages``, not its ``additional_variants``), and most Vietnamese words are written
with marks: a word that never appears unmarked ("góp", "gương", "trước") counts for
nothing, so such words pile up in the chunk of the next unmarked word. At 20,000
profiles the chunk a query for "ha" downloads was 132 KB, three fifths of it the
postings of "góp" and "gương". Such chunks are cut again here by their real size, and
the index metadata is rewritten to list the new chunks, with ranges made as Pagefind
makes them.

**The filter table** (:func:`write_filter_table`): which pages carry which filter value,
for the search page to count and filter results in the browser. Pagefind's engine counts
each filter value of each search by scanning the list of results for every page of every
value: at 20,000 profiles a query with 1,300 results took 400 ms with the filters loaded,
50 ms without. The table holds what Pagefind's filter chunks hold, with the pages named
as the engine names its results; the search page loads it instead of those chunks
(``theme/assets/javascripts/search-engine/pagefind.js``).

**Filters in a fixed order** (:func:`canonical_filters`). Pagefind 1.5.2 writes a filter's
values in an order that varies from run to run (a hash map's), and names its filter files,
and so its index metadata and ``pagefind-entry.json``, after their bytes: the same filters,
other files on every build. Each filter file is written again with its values sorted, the
filters listed by name, and everything named after those bytes, so one commit always
builds the same bundle.

Both read and write Pagefind's own files (gzip, a signature, then CBOR), in the layout of
the version ``requirements.txt`` pins: the search tests in Chromium run on a bundle made
this way, so a version that changes the layout fails them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zlib
from pathlib import Path

import cbor2

from ..pipeline.write import write_atomically

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# An index chunk compressed to more than this, and holding several words, is cut so that
# each part stays under it where one word allows. Smaller chunks mean fewer bytes per
# query word and a longer chunk list in the index metadata (about 20 bytes a chunk).
CHUNK_BUDGET = 12 * 1024

# Fields of Pagefind 1.5's index metadata (a CBOR array).
META_VERSION, META_PAGES, META_CHUNKS, META_FILTERS, META_SORTS, META_FIELDS = range(6)


def read_file(path: Path):
    """The value in one of Pagefind's files."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind {path.suffix} file")
    return cbor2.loads(data[len(SIGNATURE):])


def pack(encoded: bytes) -> bytes:
    """CBOR as a Pagefind file's bytes."""
    return gzip.compress(SIGNATURE + encoded, compresslevel=6, mtime=0)


def short_hash(language: str, data: bytes, taken, length: int = 7) -> str:
    """A file name as Pagefind makes them (language, then hex), longer while it is ``taken``."""
    digest = hashlib.sha256(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken:
        length += 1
    return f"{language}_{digest[:length]}"


def languages(bundle: Path) -> dict:
    return json.loads((bundle / ENTRY).read_text(encoding="utf-8"))["languages"]


def meta_path(bundle: Path, language_hash: str) -> Path:
    return bundle / f"pagefind.{language_hash}.pf_meta"


def split_index_chunks(bundle: Path, budget: int = CHUNK_BUDGET) -> int:
    """Cut the bundle's index chunks larger than ``budget`` bytes; the number of chunks added."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    added = 0
    for language, details in entry["languages"].items():
        meta = read_file(meta_path(bundle, details["hash"]))
        taken = {name for _, _, name in meta[META_CHUNKS]}
        chunks = []
        for chunk in meta[META_CHUNKS]:
            parts = _split_chunk(bundle / "index", language, chunk, budget, taken)
            chunks.extend(parts)
            added += len(parts) - 1
        if len(chunks) == len(meta[META_CHUNKS]):
            continue
        meta[META_CHUNKS] = chunks
        _replace_meta(bundle, language, details, meta)
    if added:  # the entry names the new index metadata
        write_entry(bundle, entry)
    return added


def _replace_meta(bundle: Path, language: str, details: dict, meta: list) -> None:
    """Write a language's index metadata ``meta`` under the name its bytes give, remove the
    file it replaces, and name it in ``details`` (the language's entry)."""
    old_meta = meta_path(bundle, details["hash"])
    data = pack(cbor2.dumps(meta))
    details["hash"] = short_hash(language, data, (), length=10)
    if meta_path(bundle, details["hash"]) != old_meta:
        meta_path(bundle, details["hash"]).write_bytes(data)
        old_meta.unlink()


def write_entry(bundle: Path, entry: dict) -> None:
    """Replaced, never written into: the bundle's files may be links to kept parts (search_indexer.PartCache)."""
    write_atomically(bundle / ENTRY, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def canonical_filters(bundle: Path) -> None:
    """Write every filter file again with its values (and each value's pages) sorted, list the
    filters by name, and name the files, the index metadata and the entry after those bytes."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta = read_file(meta_path(bundle, details["hash"]))
        filters = []
        for name, chunk in meta[META_FILTERS]:  # read them all before writing any: a new name may be an old one
            path = bundle / "filter" / f"{chunk}.pf_filter"
            filter_name, values = read_file(path)
            filters.append((name, [filter_name, sorted([value, sorted(pages)] for value, pages in values)]))
            path.unlink()
        listed: list = []
        taken: set[str] = set()
        for name, content in sorted(filters):
            data = pack(cbor2.dumps(content))
            chunk = short_hash(language, data, taken)
            taken.add(chunk)
            (bundle / "filter" / f"{chunk}.pf_filter").write_bytes(data)
            listed.append([name, chunk])
        meta[META_FILTERS] = listed
        _replace_meta(bundle, language, details, meta)
    write_entry(bundle, entry)


def _split_chunk(index: Path, language: str, chunk: list, budget: int, taken: set) -> list[list]:
    """``chunk`` ([from, to, name]) as one or more chunks of at most ``budget`` bytes where
    one word allows, written to ``index``; the original file is removed if it was cut."""
    start, end, name = chunk
    path = index / f"{name}.pf_index"
    size = path.stat().st_size
    if size <= budget or word_count(path) < 2:
        return [chunk]
    groups = split_groups(encoded_words(path), size, budget)
    if len(groups) == 1:
        return [chunk]
    parts = ranges(groups, start, end)
    for part, group in zip(parts, groups):
        # [[word, ...]] again, from the words' own bytes: encoding them anew would take longer.
        data = pack(b"\x81" + array_head(len(group)) + b"".join(encoded for _, encoded in group))
        part[2] = short_hash(language, data, taken)
        taken.add(part[2])
        (index / f"{part[2]}.pf_index").write_bytes(data)
    path.unlink()
    return parts


def split_groups(words: list[tuple[str, bytes]], size: int, budget: int) -> list[list[tuple[str, bytes]]]:
    """The words of a chunk of ``size`` bytes (compressed), in as many groups as keep each under
    ``budget`` where one word allows; one group if the chunk is small enough or holds one word."""
    if size <= budget or len(words) < 2:
        return [words]
    ratio = size / sum(len(encoded) for _, encoded in words)  # compressed bytes per byte, about even
    return group_by_size(words, budget / ratio)


def group_by_size(words: list[tuple[str, bytes]], limit: float) -> list[list[tuple[str, bytes]]]:
    """Consecutive words in groups of at most ``limit`` bytes, or of one word larger than that."""
    group: list[tuple[str, bytes]]
    groups, group, size = [], [], 0
    for word in words:
        if group and size + len(word[1]) > limit:
            groups.append(group)
            group, size = [], 0
        group.append(word)
        size += len(word[1])
    groups.append(group)
    return groups


def ranges(groups: list[list[tuple[str, bytes]]], start: str, end: str) -> list[list[str]]:
    """[from, to, ""] for each group of a chunk that ranged from ``start`` to ``end``, the
    boundaries between groups shortened as Pagefind's ``chunk_meta`` shortens its own."""
    parts = [[group[0][0], group[-1][0], ""] for group in groups]
    parts[0][0], parts[-1][1] = start, end
    return trimmed(parts)


def trimmed(chunks: list[list[str]]) -> list[list[str]]:
    """Chunks' ranges ([first word, last word, name], in order) with each boundary shortened
    to the prefixes that tell its two words apart, as Pagefind's ``chunk_meta`` does."""
    for before, after in zip(chunks, chunks[1:]):
        before_prefix, after_prefix = prefixes(before[1], after[0])
        if before_prefix >= before[0]:  # never a range that ends before it starts
            before[1] = before_prefix
        after[0] = after_prefix
    return chunks


def encoded_words(path: Path) -> list[tuple[str, bytes]]:
    """An index chunk's words, each with its bytes as stored."""
    data = gzip.decompress(path.read_bytes())[len(SIGNATURE):]
    stream = io.BytesIO(data)
    stream.seek(words_array(data)[1])
    decoder = cbor2.CBORDecoder(stream)
    words, at = [], stream.tell()
    while at < len(data):
        word = decoder.decode()[0]
        words.append((word, data[at:stream.tell()]))
        at = stream.tell()
    return words


def array_head(length: int) -> bytes:
    """The CBOR head of an array of ``length`` items."""
    if length < 24:
        return bytes([0x80 | length])
    width = 1 if length < 0x100 else 2 if length < 0x10000 else 4
    return bytes([0x80 | {1: 24, 2: 25, 4: 26}[width]]) + length.to_bytes(width, "big")


def word_count(path: Path) -> int:
    """How many words an index chunk holds, from the start of the file: most big chunks hold
    one common word, and decoding them whole to learn that would take most of the time."""
    head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(path.read_bytes(), len(SIGNATURE) + 16)
    return words_array(head[len(SIGNATURE):])[0]


def words_array(data: bytes) -> tuple[int, int]:
    """For a chunk's CBOR, [[word, ...]]: how many words, and where the first starts."""
    if data[0] != 0x81:
        raise ValueError("an index chunk is not an array of one item")
    info = data[1] & 31
    if info < 24:
        return info, 2
    width = 1 << (info - 24)
    return int.from_bytes(data[2:2 + width], "big"), 2 + width


def prefixes(last: str, first: str) -> tuple[str, str]:
    """The shortest prefixes that tell the last word of a chunk from the first of the next,
    as Pagefind's ``get_prefixes`` makes the chunk ranges the engine looks words up in."""
    common = 0
    for a, b in zip(last, first):
        if a != b:
            break
        common += 1
    return last[:common + 1], first[:common + 1]


def filter_table_name(language_hash: str) -> str:
    """The filter table's file name: it changes with the index metadata, so no browser keeps an old one."""
    return f"filters.{language_hash}.json"


def write_filter_table(bundle: Path) -> None:
    """Write, for each language, which pages carry which filter value.

    ``{"pages": [page id, ...], "filters": {name: {value: [page, ...]}}}``: pages by their
    place in ``pages``, each list ascending and given as differences from the one before
    (``[3, 1, 4]`` is pages 3, 4 and 8), which compresses better.
    """
    for details in languages(bundle).values():
        meta = read_file(meta_path(bundle, details["hash"]))
        filters = {}
        for name, chunk in meta[META_FILTERS]:  # listed by name (canonical_filters)
            _, values = read_file(bundle / "filter" / f"{chunk}.pf_filter")
            filters[name] = {value: _differences(pages) for value, pages in sorted(values)}
        table = {"pages": [page[0] for page in meta[META_PAGES]], "filters": filters}
        (bundle / filter_table_name(details["hash"])).write_text(
            json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _differences(pages: list[int]) -> list[int]:
    pages = sorted(pages)
    return [page - before for page, before in zip(pages, [0] + pages)]


def finish_bundle(bundle: Path, split: bool = True) -> None:
    """The touches, in order: the filter table is named after the final index metadata.
    ``split``: cut big index chunks (a merged bundle's were cut as they were merged)."""
    canonical_filters(bundle)
    if split:
        split_index_chunks(bundle)
    write_filter_table(bundle)
