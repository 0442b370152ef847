"""Pagefind bundles of disjoint sets of pages, merged into the bundle Pagefind would have
written for all of them at once.

Pagefind holds everything it indexes in memory until it writes its bundle: about 250 KB
per profile, 4 GB at 20,000 profiles. The search indexer (``search/indexer.py``) therefore
runs it on a few hundred documents at a time and merges the parts' bundles here.

For each language, in the layout of the Pagefind version ``requirements.txt`` pins:

- **pages** are listed part after part, so a page numbered ``n`` in a part becomes
  ``n`` plus the number of pages in the parts before it;
- **fragments** (a page's result details, named by a hash of their content) are moved as
  they are; a page whose name another page of an earlier part already has gets a longer
  one, as Pagefind names pages that collide within one run;
- **words**: each part lists its words in order, so the parts' lists are merged like sorted
  files, the postings of a word found in several parts joined, and the merged list cut into
  chunks by Pagefind's own rule (``chunk_index``), so chunk boundaries are those one run
  would have made. A part's words are read once into its word table (:func:`word_table`):
  each word's postings as Pagefind stored them, so joining them is joining bytes (encoding
  the postings anew took most of a merge: cbor2 spends microseconds on each list), and a
  kept part's table is kept with it, so its chunks are not read again;
- **filters**: each value's pages, renumbered, from every part;
- **meta fields** (the names Pagefind numbers a page's metadata by) are united in
  Pagefind's order, and a part's numbers translated where its list differs.

The tests compare a merged bundle with the bundle of one Pagefind run over the same
documents, word by word.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2

from .bundle import (
    ENTRY,
    META_CHUNKS,
    META_FIELDS,
    META_FILTERS,
    META_PAGES,
    META_SORTS,
    META_VERSION,
    SIGNATURE,
    array_head,
    languages,
    meta_path,
    pack,
    ranges,
    read_file,
    short_hash,
    split_groups,
    trimmed,
)

# Folders of a bundle this module writes itself; every other file is the same in each part.
OWN_FOLDERS = ("index", "filter", "fragment")


class Part:
    """One part's bundle, for one language: its index metadata, its words (a :func:`word_table`)
    and where its pages start."""

    def __init__(self, bundle: Path, language: str, details: dict, offset: int, table: list | None) -> None:
        self.bundle = bundle
        self.language = language
        self.meta = read_file(meta_path(bundle, details["hash"]))
        self.offset = offset
        self.table = table if table is not None else _language_table(bundle, self.meta)
        self.field_ids: list[int] | None = None  # a meta field's number in the merged list, if it differs

    @property
    def pages(self) -> list[list]:
        return self.meta[META_PAGES]

    def words(self) -> Iterator[tuple[str, Part, list]]:
        """(word, this part, [word, positions, plain postings, variants]) for each of the part's words, in order."""
        for entry in self.table:
            yield entry[0], self, entry


def merge_bundles(parts: list[Path], output: Path, chunk_size: int, tables: list[bytes | None] | None = None,
                  budget: int | None = None) -> None:
    """Write into ``output`` (emptied first) one bundle of the pages of the Pagefind bundles
    ``parts``, as if Pagefind had indexed them together with ``PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE``
    ``chunk_size``. The parts' own files are moved, not copied: they are spent afterwards.

    ``tables``: each part's :func:`word_table` if known (kept with the part), else None (read from
    its chunks). ``budget``: cut index chunks larger than this many bytes as
    :func:`~generator.search_bundle.split_index_chunks` would (None: as Pagefind cuts them).
    """
    entries = [json.loads((part / ENTRY).read_text(encoding="utf-8")) for part in parts]
    versions = {entry["version"] for entry in entries}
    if len(versions) != 1:
        raise ValueError(f"the parts were indexed by different Pagefind versions: {sorted(versions)}")
    shutil.rmtree(output, ignore_errors=True)
    for folder in OWN_FOLDERS:
        (output / folder).mkdir(parents=True)
    _move_shared_files(parts, output)
    known = [cbor2.loads(table) if table is not None else {} for table in tables or [None] * len(parts)]
    languages = {}
    for language in sorted({language for entry in entries for language in entry["languages"]}):
        found = [(part, entry["languages"][language], table.get(language)) for part, entry, table
                 in zip(parts, entries, known) if language in entry["languages"]]
        languages[language] = _merge_language(output, language, found, chunk_size, budget)
    entry = {**entries[0], "languages": languages}
    (output / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _move_shared_files(parts: list[Path], output: Path) -> None:
    """The engine, the UI and the WebAssembly of each language: the same files in every part."""
    for part in parts:
        for path in part.iterdir():
            if path.name in OWN_FOLDERS or path.name == ENTRY or path.suffix == ".pf_meta":
                continue
            if not (output / path.name).exists():
                os.replace(path, output / path.name)


def _merge_language(output: Path, language: str, found: list[tuple[Path, dict, list | None]], chunk_size: int,
                    budget: int | None) -> dict:
    """Merge one language's pages, words and filters; its entry in ``pagefind-entry.json``."""
    parts, offset = [], 0
    for bundle, details, table in found:
        part = Part(bundle, language, details, offset, table)
        parts.append(part)
        offset += len(part.pages)
    if any(part.meta[META_SORTS] for part in parts):
        raise ValueError("a part has sort orders (data-pagefind-sort), which merging does not support")
    fields = sorted({field for part in parts for field in part.meta[META_FIELDS]})
    for part in parts:
        if part.meta[META_FIELDS] != fields:
            part.field_ids = [fields.index(field) for field in part.meta[META_FIELDS]]
    meta: list[Any] = [None] * 6
    meta[META_VERSION] = parts[0].meta[META_VERSION]
    meta[META_PAGES] = _move_fragments(parts, output / "fragment")
    meta[META_CHUNKS] = _write_word_chunks(parts, output / "index", chunk_size, budget)
    meta[META_FILTERS] = _write_filters(parts, output / "filter")
    meta[META_SORTS] = []
    meta[META_FIELDS] = fields
    data = pack(cbor2.dumps(meta))
    name = short_hash(language, data, (), length=10)
    meta_path(output, name).write_bytes(data)
    return {**found[0][1], "hash": name, "page_count": len(meta[META_PAGES])}


def _move_fragments(parts: list[Part], fragments: Path) -> list[list]:
    """Every part's pages, in order, their fragments moved into ``fragments``; the merged page list."""
    taken: set[str]
    pages, taken = [], set()
    for part in parts:
        for name, word_count in part.pages:
            source = part.bundle / "fragment" / f"{name}.pf_fragment"
            if name in taken:
                details = source.read_bytes()
                if (fragments / f"{name}.pf_fragment").read_bytes() != details:
                    name = _longer_name(part.language, details, name, taken)
            if name not in taken:  # pages with identical details share a file, as in one run
                os.replace(source, fragments / f"{name}.pf_fragment")
                taken.add(name)
            pages.append([name, word_count])
    return pages


def _longer_name(language: str, fragment: bytes, name: str, taken: set[str]) -> str:
    """A name for a page whose short name ``name`` another page has: a longer prefix of the
    same hash, as Pagefind lengthens names that collide (a SHA-1, each byte in hex unpadded)."""
    data = gzip.decompress(fragment)[len(SIGNATURE):]
    digest = "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())
    length = len(name) - len(language) - 1
    while f"{language}_{digest[:length]}" in taken:
        length += 1
        if length > len(digest):
            raise ValueError(f"two pages have the same name {name!r} and no longer one is left")
    return f"{language}_{digest[:length]}"


def _write_word_chunks(parts: list[Part], index: Path, chunk_size: int, budget: int | None) -> list[list[str]]:
    """Merge the parts' words into chunks written to ``index``; the chunk list for the metadata."""
    taken: set[str]
    chunks, chunk, positions, taken = [], [], 0, set()
    language = parts[0].language

    def write(data: bytes) -> str:
        name = short_hash(language, data, taken)
        taken.add(name)
        (index / f"{name}.pf_index").write_bytes(data)
        return name

    # heapq.merge breaks ties in the order of its inputs: a word's entries come part after part.
    merged = heapq.merge(*(part.words() for part in parts), key=lambda item: item[0])
    for entries in _by_word(merged):
        chunk.append((entries[0][1][0], _merge_word(entries)))
        # Pagefind's rule (chunk_index): a chunk ends once its words' plain spellings have
        # ``chunk_size`` positions (each page counting one more).
        positions += sum(entry[1] for _, entry in entries)
        if positions >= chunk_size:
            chunks.append(chunk)
            chunk, positions = [], 0
    if chunk:
        chunks.append(chunk)
    ranges_ = trimmed([[words[0][0], words[-1][0], ""] for words in chunks])
    listed: list[list[str]] = []
    for words, (start, end, _) in zip(chunks, ranges_):
        data = _chunk_bytes(words)
        groups = split_groups(words, len(data), budget) if budget is not None else [words]
        if len(groups) == 1:
            listed.append([start, end, write(data)])
            continue
        for part, group in zip(ranges(groups, start, end), groups):  # as search_bundle cuts a chunk
            part[2] = write(_chunk_bytes(group))
            listed.append(part)
    return listed


def _chunk_bytes(words: list[tuple[str, bytes]]) -> bytes:
    """An index chunk's file, [[word, ...]], from its words' own bytes."""
    return pack(b"\x81" + array_head(len(words)) + b"".join(encoded for _, encoded in words))


def _by_word(merged: Iterator[tuple[str, Part, list]]) -> Iterator[list[tuple[Part, list]]]:
    """The merged stream's entries grouped by word: [(part, entry), ...] in part order."""
    entries: list[tuple[Part, list]]
    word, entries = None, []
    for item_word, part, entry in merged:
        if item_word != word and entries:
            yield entries
            entries = []
        word = item_word
        entries.append((part, entry))
    if entries:
        yield entries


def _merge_word(entries: list[tuple[Part, list]]) -> bytes:
    """One word's entries from several parts (each a word table's) as the bytes of one index entry,
    [word, pages, [[form, pages], ...]]: the parts' postings joined as they are stored."""
    pages: list[tuple[Part, list]] = []
    variants: dict[str, list[tuple[Part, list]]] = {}  # form → its postings in each part, in order of appearance
    for part, (_, _, plain, part_variants) in entries:
        pages.append((part, plain))
        for form, postings in part_variants:
            variants.setdefault(form, []).append((part, postings))
    encoded = [b"\x83", cbor2.dumps(entries[0][1][0]), _joined_postings(pages), array_head(len(variants))]
    for form, postings in variants.items():
        encoded += [b"\x82", cbor2.dumps(form), _joined_postings(postings)]
    return b"".join(encoded)


def _joined_postings(pieces: list[tuple[Part, list]]) -> bytes:
    """Parts' postings of a word (each [count, first page, last page, first posting's rest, other
    postings], see :func:`_postings_piece`) as one list, pages as differences from the one before:
    only each part's first posting is written anew, its page counted from the last part's last."""
    encoded, count, last = [], 0, 0
    for part, piece in pieces:
        if not piece[0]:
            continue
        if part.field_ids:
            piece = _translated(piece, part.field_ids)
        number, first, end, first_rest, others = piece
        encoded += [b"\x83", cbor2.dumps(part.offset + first - last), first_rest, others]
        count += number
        last = part.offset + end
    return array_head(count) + b"".join(encoded)


def _translated(piece: list, field_ids: list[int]) -> list:
    """A postings piece with its meta fields' numbers (negative numbers in meta_locs: a field's
    number, less one, negated) translated to the merged list's."""
    number, first, _, first_rest, others = piece
    postings = [[first, *cbor2.loads(b"\x82" + first_rest)], *cbor2.loads(array_head(number - 1) + others)]
    for posting in postings:
        posting[2] = [-field_ids[-value - 1] - 1 if value < 0 else value for value in posting[2]]
    return _piece_of(postings)


def word_table(bundle: Path) -> bytes:
    """What merging needs of a part's words, for each language (CBOR, kept with the part by the
    search indexer so that a kept part's chunks need not be read again): see :func:`_language_table`."""
    return cbor2.dumps({language: _language_table(bundle, read_file(meta_path(bundle, details["hash"])))
                        for language, details in languages(bundle).items()})


def _language_table(bundle: Path, meta: list) -> list:
    """Each word of a part, in order, as [word, positions, plain postings, [[form, postings], ...]]:
    positions as Pagefind counts them to cut chunks, postings as :func:`_postings_piece` keeps them."""
    table = []
    for _, _, name in meta[META_CHUNKS]:
        chunk = _Reader(gzip.decompress((bundle / "index" / f"{name}.pf_index").read_bytes())[len(SIGNATURE):])
        if chunk.array() != 1:
            raise ValueError(f"the index chunk {name} is not an array of one item")
        for _ in range(chunk.array()):
            if chunk.array() != 3:
                raise ValueError(f"a word of the index chunk {name} is not [word, pages, variants]")
            word = chunk.item()
            plain, positions = _postings_piece(chunk)
            variants = []
            for _ in range(chunk.array()):
                if chunk.array() != 2:
                    raise ValueError(f"a variant in the index chunk {name} is not [form, pages]")
                variants.append([chunk.item(), _postings_piece(chunk)[0]])
            table.append([word, positions, plain, variants])
    return table


def _postings_piece(chunk: _Reader) -> tuple[list, int]:
    """A word's postings ([page, locs, meta_locs], pages as differences from the one before, the
    first from 0) read from ``chunk`` as [count, first page, last page, the first posting's locs
    and meta_locs as stored, the other postings as stored], to be merged by joining bytes; and
    their positions as Pagefind counts them (each page one more)."""
    count = chunk.array()
    if not count:
        return [0, 0, 0, b"", b""], 0
    start = chunk.tell()
    if chunk.data[start] != 0x83:
        raise ValueError("a posting in an index chunk is not [page, locs, meta_locs]")
    first = chunk.item()
    first_rest = chunk.data[chunk.head_end(start + 1):chunk.tell()]  # after [ and the page
    others, last, positions = chunk.tell(), first[0], len(first[1]) + len(first[2]) + 1
    for _ in range(count - 1):
        step, locs, meta_locs = chunk.item()
        last += step
        positions += len(locs) + len(meta_locs) + 1
    return [count, first[0], last, first_rest, chunk.data[others:chunk.tell()]], positions


def _piece_of(postings: list[list]) -> list:
    """Postings as :func:`_postings_piece` reads them, from their values."""
    data = cbor2.dumps(postings)
    return _postings_piece(_Reader(data))[0]


class _Reader:
    """CBOR read an item at a time, with where each ends in the bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.stream = io.BytesIO(data)
        self.decoder = cbor2.CBORDecoder(self.stream)

    def tell(self) -> int:
        return self.stream.tell()

    def item(self) -> Any:
        return self.decoder.decode()

    def array(self) -> int:
        """Read an array's head: how many items follow."""
        at = self.tell()
        if self.data[at] >> 5 != 4:
            raise ValueError("an array was expected in an index chunk")
        end = self.head_end(at)
        info = self.data[at] & 31
        self.stream.seek(end)
        return info if info < 24 else int.from_bytes(self.data[at + 1:end], "big")

    def head_end(self, at: int) -> int:
        """Where the head of the item at ``at`` ends (its type and length, or a small integer)."""
        info = self.data[at] & 31
        return at + 1 + (0 if info < 24 else 1 << (info - 24))


def _write_filters(parts: list[Part], filters: Path) -> list[list[str]]:
    """Each filter's values with their pages from every part, written to ``filters``; the filter list."""
    merged: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, chunk in part.meta[META_FILTERS]:
            _, values = read_file(part.bundle / "filter" / f"{chunk}.pf_filter")
            for value, pages in values:
                merged.setdefault(name, {}).setdefault(value, []).extend(page + part.offset for page in pages)
    taken: set[str]
    listed, taken = [], set()
    for name in sorted(merged):
        data = pack(cbor2.dumps([name, [[value, pages] for value, pages in sorted(merged[name].items())]]))
        chunk = short_hash(parts[0].language, data, taken)
        taken.add(chunk)
        (filters / f"{chunk}.pf_filter").write_bytes(data)
        listed.append([name, chunk])
    return listed
