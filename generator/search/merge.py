"""Pagefind bundles of disjoint sets of pages, merged into the bundle Pagefind would have
written for all of them at once.

Pagefind holds everything it indexes in memory until it writes its bundle: about 250 KB
per profile, 4 GB at 20,000 profiles. The search indexer (``search/indexer.py``) therefore
runs it on a few thousand documents at a time and merges the parts' bundles here, a word
at a time, so the merge itself never holds more than a chunk of each part.

For each language, in the layout of the Pagefind version ``requirements.txt`` pins:

- **pages** are listed part after part, so a page numbered ``n`` in a part becomes
  ``n`` plus the number of pages in the parts before it;
- **fragments** (a page's result details, named by a hash of their content) are moved as
  they are; a page whose name another page of an earlier part already has gets a longer
  one, as Pagefind names pages that collide within one run;
- **words**: each part lists its words in order, so the parts' lists are merged like sorted
  files, the postings of a word found in several parts joined, and the merged list cut into
  chunks by Pagefind's own rule (``chunk_index``), so chunk boundaries are those one run
  would have made;
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
    meta_path,
    pack,
    read_file,
    short_hash,
    trimmed,
)

# Folders of a bundle this module writes itself; every other file is the same in each part.
OWN_FOLDERS = ("index", "filter", "fragment")


class Part:
    """One part's bundle, for one language: its index metadata and where its pages start."""

    def __init__(self, bundle: Path, language: str, details: dict, offset: int) -> None:
        self.bundle = bundle
        self.language = language
        self.meta = read_file(meta_path(bundle, details["hash"]))
        self.offset = offset
        self.field_ids: list[int] | None = None  # a meta field's number in the merged list, if it differs

    @property
    def pages(self) -> list[list]:
        return self.meta[META_PAGES]

    def words(self) -> Iterator[tuple[str, Part, list]]:
        """(word, this part, [word, pages, variants]) for each of the part's words, in order, a chunk at a time."""
        for _, _, name in self.meta[META_CHUNKS]:
            for entry in read_file(self.bundle / "index" / f"{name}.pf_index")[0]:
                yield entry[0], self, entry


def merge_bundles(parts: list[Path], output: Path, chunk_size: int) -> None:
    """Write into ``output`` (emptied first) one bundle of the pages of the Pagefind bundles
    ``parts``, as if Pagefind had indexed them together with ``PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE``
    ``chunk_size``. The parts' own files are moved, not copied: they are spent afterwards.
    """
    entries = [json.loads((part / ENTRY).read_text(encoding="utf-8")) for part in parts]
    versions = {entry["version"] for entry in entries}
    if len(versions) != 1:
        raise ValueError(f"the parts were indexed by different Pagefind versions: {sorted(versions)}")
    shutil.rmtree(output, ignore_errors=True)
    for folder in OWN_FOLDERS:
        (output / folder).mkdir(parents=True)
    _move_shared_files(parts, output)
    languages = {}
    for language in sorted({language for entry in entries for language in entry["languages"]}):
        found = [(part, entry["languages"][language]) for part, entry in zip(parts, entries)
                 if language in entry["languages"]]
        languages[language] = _merge_language(output, language, found, chunk_size)
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


def _merge_language(output: Path, language: str, found: list[tuple[Path, dict]], chunk_size: int) -> dict:
    """Merge one language's pages, words and filters; its entry in ``pagefind-entry.json``."""
    parts, offset = [], 0
    for bundle, details in found:
        part = Part(bundle, language, details, offset)
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
    meta[META_CHUNKS] = _write_word_chunks(parts, output / "index", chunk_size)
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


def _write_word_chunks(parts: list[Part], index: Path, chunk_size: int) -> list[list[str]]:
    """Merge the parts' words into chunks written to ``index``; the chunk list for the metadata."""
    taken: set[str]
    chunks, chunk, positions, taken = [], [], 0, set()

    def write(words: list[list]) -> None:
        data = pack(cbor2.dumps([words]))
        name = short_hash(parts[0].language, data, taken)
        taken.add(name)
        (index / f"{name}.pf_index").write_bytes(data)
        chunks.append([words[0][0], words[-1][0], name])

    # heapq.merge breaks ties in the order of its inputs: a word's entries come part after part.
    merged = heapq.merge(*(part.words() for part in parts), key=lambda item: item[0])
    for entries in _by_word(merged):
        entry = _merge_word(entries)
        chunk.append(entry)
        # Pagefind's rule (chunk_index): a chunk ends once its words' plain spellings have
        # ``chunk_size`` positions (each page counting one more); search_bundle cuts what that makes too big.
        positions += sum(len(page[1]) + len(page[2]) + 1 for page in entry[1])
        if positions >= chunk_size:
            write(chunk)
            chunk, positions = [], 0
    if chunk:
        write(chunk)
    return trimmed(chunks)


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


def _merge_word(entries: list[tuple[Part, list]]) -> list:
    """One word's entries from several parts (each [word, pages, variants]) as one entry."""
    pages: list[list] = []
    variants: dict[str, tuple[list[list], int]] = {}  # form → its merged postings, their last page
    last = 0
    for part, (_, part_pages, part_variants) in entries:
        last = _append_postings(pages, last, part_pages, part)
        for form, variant_pages in part_variants:
            merged, variant_last = variants.get(form, ([], 0))
            variants[form] = merged, _append_postings(merged, variant_last, variant_pages, part)
    return [entries[0][1][0], pages, [[form, merged] for form, (merged, _) in variants.items()]]


def _append_postings(merged: list[list], last: int, postings: list[list], part: Part) -> int:
    """Append a part's postings ([page, locs, meta_locs], pages as differences from the one
    before) to ``merged``, whose last page is ``last``; the last page after them."""
    if not postings:
        return last
    end = part.offset + sum(posting[0] for posting in postings)
    postings[0][0] += part.offset - last
    if part.field_ids:  # a negative number in meta_locs is a field's number, less one, negated
        for posting in postings:
            posting[2] = [-part.field_ids[-value - 1] - 1 if value < 0 else value for value in posting[2]]
    merged.extend(postings)
    return end


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
