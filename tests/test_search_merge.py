"""Pagefind run on parts of the search documents and the parts merged (search/merge.py) give
the bundle one Pagefind run over all of them gives: same pages, same words with the same
postings, same chunks, same filters. Real Pagefind runs over the repository's real search
documents; what a citizen finds in such a bundle is tested in Chromium (test_search.py).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import cbor2
import pytest
from generator.search import bundle as search_bundle
from generator.search import indexer as search_indexer
from generator.search.documents import DOCUMENT_GLOB, OTHER_FOLDERS, PROFILE_GLOB
from generator.search.indexer import INDEX_CHUNK_SIZE, IndexingError, index_documents, part_globs, part_of, run_pagefind
from generator.search.merge import merge_bundles

from conftest import copy_project, run_generator
from test_search_index import DOCUMENTS


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> Path:
    """The repository's search documents, as the render stage writes them."""
    root = copy_project(tmp_path_factory.mktemp("merge"))
    run_generator(root, "generate", check=True)
    return root / DOCUMENTS


@pytest.fixture(scope="module")
def one_run(documents: Path, tmp_path_factory) -> Path:
    """One Pagefind run over the profiles' documents (what the parts below are cut from)."""
    bundle = tmp_path_factory.mktemp("one-run") / "pagefind"
    run_pagefind(documents, bundle, INDEX_CHUNK_SIZE, PROFILE_GLOB)
    return bundle


@pytest.fixture(scope="module")
def one_run_of_all(documents: Path, tmp_path_factory) -> Path:
    """One Pagefind run over every document: profiles, movements and decisions."""
    bundle = tmp_path_factory.mktemp("one-run-all") / "pagefind"
    run_pagefind(documents, bundle, INDEX_CHUNK_SIZE)
    return bundle


def in_parts(documents: Path, folder: Path, sizes: list[int]) -> list[Path]:
    """Pagefind run on consecutive parts of ``documents`` of the given sizes; the parts' bundles."""
    files = sorted(documents.glob(PROFILE_GLOB))
    assert sum(sizes) == len(files)
    bundles, start = [], 0
    for number, size in enumerate(sizes):
        part = folder / f"part-{number}"
        for file in files[start:start + size]:
            target = part / file.relative_to(documents)
            target.parent.mkdir(parents=True)
            shutil.copyfile(file, target)
        run_pagefind(part, folder / f"bundle-{number}", INDEX_CHUNK_SIZE)
        bundles.append(folder / f"bundle-{number}")
        start += size
    return bundles


def meta(bundle: Path) -> list:
    (language,) = search_bundle.languages(bundle).values()
    return search_bundle.read_file(search_bundle.meta_path(bundle, language["hash"]))


def unpacked(bundle: Path) -> dict:
    """A bundle with pages named by address instead of number, and meta fields by name
    instead of number: what two bundles of the same pages must share, whatever their order."""
    index = meta(bundle)
    fields = index[search_bundle.META_FIELDS]
    pages = []
    for name, word_count in index[search_bundle.META_PAGES]:
        fragment = json.loads(gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
                              .removeprefix(search_bundle.SIGNATURE))
        pages.append((fragment["url"], word_count, fragment["meta"]["title"]))

    def postings(packed: list) -> dict:
        found, page = {}, 0
        for step, locs, meta_locs in packed:
            page += step
            found[pages[page][0]] = (locs, [fields[-value - 1] if value < 0 else value for value in meta_locs])
        return found

    chunks, words = [], {}
    for _, _, name in index[search_bundle.META_CHUNKS]:
        entries = search_bundle.read_file(bundle / "index" / f"{name}.pf_index")[0]
        chunks.append([entry[0] for entry in entries])
        for word, plain, variants in entries:
            words[word] = (postings(plain), {form: postings(packed) for form, packed in variants})
    filters = {}
    for name, chunk in index[search_bundle.META_FILTERS]:
        _, values = search_bundle.read_file(bundle / "filter" / f"{chunk}.pf_filter")
        filters[name] = {value: sorted(pages[page][0] for page in numbers) for value, numbers in values}
    return {"pages": sorted(pages), "chunks": chunks, "ranges": [chunk[:2] for chunk in index[search_bundle.META_CHUNKS]],
            "words": words, "filters": filters, "fields": fields}


@pytest.mark.parametrize("sizes", [[20, 20, 11], [1] * 5 + [46]], ids=["three-parts", "six-uneven-parts"])
def test_parts_merged_are_the_bundle_of_one_run(documents: Path, one_run: Path, tmp_path: Path, sizes):
    merged = tmp_path / "merged"
    merge_bundles(in_parts(documents, tmp_path, sizes), merged, INDEX_CHUNK_SIZE)
    expected, got = unpacked(one_run), unpacked(merged)
    assert len(got["pages"]) == 51
    for key in expected:
        assert got[key] == expected[key], key
    def files(bundle: Path) -> set[str]:
        return {f.name for f in bundle.iterdir() if f.suffix != ".pf_meta"}

    assert files(merged) == files(one_run) and len(list(merged.glob("*.pf_meta"))) == 1
    assert {f.stem for f in (merged / "fragment").iterdir()} == {name for name, _ in meta(merged)[search_bundle.META_PAGES]}
    entry = json.loads((merged / search_bundle.ENTRY).read_text("utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 51


def rename_first_page(bundle: Path, name: str) -> None:
    """Give the bundle's first page the name ``name`` (as if its hash had begun so)."""
    index = meta(bundle)
    old = index[search_bundle.META_PAGES][0][0]
    (bundle / "fragment" / f"{old}.pf_fragment").rename(bundle / "fragment" / f"{name}.pf_fragment")
    index[search_bundle.META_PAGES][0][0] = name
    (language,) = search_bundle.languages(bundle).values()
    search_bundle.meta_path(bundle, language["hash"]).write_bytes(search_bundle.pack(cbor2.dumps(index)))


def test_pages_of_two_parts_with_one_short_name_keep_their_own_details(documents: Path, one_run: Path, tmp_path: Path):
    # Names are 7 hex digits of a hash: of the 18,651 pages of N = 20,000 indexed in ten parts, one was renamed so.
    first, second = in_parts(documents, tmp_path, [25, 26])
    taken = meta(first)[search_bundle.META_PAGES][0][0]
    own = meta(second)[search_bundle.META_PAGES][0][0]
    rename_first_page(second, taken)
    merged = tmp_path / "merged"
    merge_bundles([first, second], merged, INDEX_CHUNK_SIZE)
    names = [name for name, _ in meta(merged)[search_bundle.META_PAGES]]
    assert len(set(names)) == 51 and names[0] == taken
    assert names[25] == own  # named from its own content's hash, as Pagefind names it
    assert unpacked(merged) == unpacked(one_run)  # each page's words still lead to its own details


def test_parts_with_different_meta_fields_keep_each_fields_words(documents: Path, tmp_path: Path):
    # A part whose pages lack a field the others have numbers its fields differently.
    files = sorted(documents.glob(PROFILE_GLOB))
    source = tmp_path / "documents"
    shutil.copytree(documents, source)
    for file in sorted(source.glob(PROFILE_GLOB))[40:]:
        text = file.read_text("utf-8")
        file.write_text(text.replace('data-pagefind-meta="kind:', 'data-pagefind-meta="a-kind:'), "utf-8")
    one = tmp_path / "one"
    run_pagefind(source, one, INDEX_CHUNK_SIZE, PROFILE_GLOB)
    merged = tmp_path / "merged"
    merge_bundles(in_parts(source, tmp_path, [40, len(files) - 40]), merged, INDEX_CHUNK_SIZE)
    assert unpacked(merged)["fields"] == ["a-kind", "kind", "place", "title", "year"]
    assert unpacked(merged) == unpacked(one)


def test_the_indexer_in_parts_gives_a_finished_bundle(documents: Path, one_run_of_all: Path, tmp_path: Path):
    # The profiles in parts of ten, and the movements in a part of their own.
    output = tmp_path / "pagefind"
    index_documents(documents, output, part_size=10)
    expected, got = unpacked(one_run_of_all), unpacked(output)
    assert got["words"] == expected["words"] and got["filters"] == expected["filters"]
    assert len(got["pages"]) == 51 + len(list(documents.glob("phong-trao/*/index.html"))) > 51
    (language,) = search_bundle.languages(output).values()
    assert (output / search_bundle.filter_table_name(language["hash"])).is_file()
    assert not (tmp_path / "pagefind-parts").exists()  # the parts are gone


def test_parts_of_different_pagefind_versions_are_refused(documents: Path, tmp_path: Path):
    first, second = in_parts(documents, tmp_path, [25, 26])
    entry = json.loads((second / search_bundle.ENTRY).read_text("utf-8"))
    (second / search_bundle.ENTRY).write_text(json.dumps({**entry, "version": "9.9.9"}), "utf-8")
    with pytest.raises(ValueError, match="different Pagefind versions"):
        merge_bundles([first, second], tmp_path / "merged", INDEX_CHUNK_SIZE)


def test_an_indexer_failure_is_a_message_and_leaves_nothing(documents: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(IndexingError, match=r"Pagefind could not build the search index \(exit status 1\)"):
        index_documents(documents, tmp_path / "pagefind", part_size=10)
    assert list(tmp_path.iterdir()) == []


def ids_of(glob: str) -> list[str]:
    return glob[len("dien-hinh/{"):-len("}/index.html")].split(",")


def test_parts_are_globs_of_whole_ids_chosen_by_their_hash_within_the_argument_limit(documents: Path, tmp_path: Path,
                                                                                     monkeypatch):
    ids = sorted(path.parent.name for path in documents.glob(PROFILE_GLOB))
    globs = part_globs(documents, 20)
    assert len(globs) == 4  # 51 documents over 20 a part: 3, as a power of two
    assert sorted(profile for glob in globs for profile in ids_of(glob)) == ids
    assert [sorted({part_of(profile, 4) for profile in ids_of(glob)}) for glob in globs] == [[0], [1], [2], [3]]
    assert all(ids_of(glob) == sorted(ids_of(glob)) for glob in globs)
    # A profile added (or removed) changes its own part's documents only.
    more = shutil.copytree(documents, tmp_path / "documents")
    (more / "dien-hinh" / "ho-so-moi" / "index.html").parent.mkdir()
    (more / "dien-hinh" / "ho-so-moi" / "index.html").write_text("<html></html>", "utf-8")
    changed = [(old, new) for old, new in zip(globs, part_globs(more, 20)) if old != new]
    assert len(changed) == 1 and set(ids_of(changed[0][1])) - set(ids_of(changed[0][0])) == {"ho-so-moi"}
    monkeypatch.setattr(search_indexer, "GLOB_LIMIT", 200)  # as if ids were long: more parts
    globs = part_globs(documents, 20)
    assert len(globs) > 4 and all(len(glob) < 200 + len("dien-hinh/{}/index.html") for glob in globs)
    assert sorted(profile for glob in globs for profile in ids_of(glob)) == ids


def test_a_document_folder_that_is_no_profile_id_is_refused(documents: Path, tmp_path: Path):
    odd = shutil.copytree(documents, tmp_path / "documents")
    (odd / "dien-hinh" / "x{y}").mkdir()
    (odd / "dien-hinh" / "x{y}" / "index.html").write_text("<html></html>", "utf-8")
    with pytest.raises(IndexingError, match=r"dien-hinh/x\{y\} is not named by a profile id"):
        index_documents(odd, tmp_path / "pagefind", part_size=10)


def bundle_files(bundle: Path) -> dict[str, bytes]:
    return {path.relative_to(bundle).as_posix(): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("part_size", [10, 1000], ids=["in parts", "one part"])
def test_kept_parts_are_indexed_once_and_give_the_bundle_of_a_clean_run(documents: Path, tmp_path: Path, monkeypatch,
                                                                       part_size: int):
    """After one document changes, only its part goes through Pagefind again; a kept part whose
    files changed is indexed again; the bundle is, every file, the one of a run without kept parts."""
    documents = shutil.copytree(documents, tmp_path / "documents")
    cache = tmp_path / "kept"
    runs: list[str] = []
    real_run = search_indexer.run_pagefind
    monkeypatch.setattr(search_indexer, "run_pagefind",
                        lambda documents, output, chunk_size, glob=DOCUMENT_GLOB: runs.append(glob)
                        or real_run(documents, output, chunk_size, glob))

    def index_and_compare(expected_runs: int) -> None:
        runs.clear()
        index_documents(documents, tmp_path / "kept-run", part_size=part_size, cache=cache)
        assert len(runs) == expected_runs
        index_documents(documents, tmp_path / "clean-run", part_size=part_size)
        assert bundle_files(tmp_path / "kept-run") == bundle_files(tmp_path / "clean-run")

    parts = len(part_globs(documents, part_size))
    parts += parts > 1 and any(documents.glob(f"{folder}/*/index.html") for folder in OTHER_FOLDERS)  # their own part
    index_and_compare(parts)
    edited = sorted(documents.glob(PROFILE_GLOB))[-1]
    edited.write_text(edited.read_text("utf-8").replace("</h1>", " sửa</h1>", 1), "utf-8")
    index_and_compare(1)
    index_and_compare(0)
    (kept_file,) = sorted(cache.rglob("*.pf_fragment"))[:1]
    data = bytearray(kept_file.read_bytes())
    data[len(data) // 2] ^= 1  # a flipped bit in a kept part
    kept_file.write_bytes(bytes(data))
    index_and_compare(1)
    assert len([path for path in cache.iterdir() if path.is_dir()]) == parts  # one site's parts, no more
