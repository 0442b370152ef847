"""The search index is built from the generator's search documents while MkDocs builds: real builds.

What a citizen finds is tested in headless Chromium (test_search.py); here: the documents
follow the records like any generated file, the published site holds the index and not the
documents, a failed Pagefind stops the build with its own words, and no Pagefind outlives
the build that started it.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from generator.paths import SEARCH_DOCUMENTS, Project
from generator.pipeline.run import generate
from generator.search import bundle as search_bundle
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import copy_project, run_generator
from test_cache import RECORDS, age_everything, replace_in

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from search_chunks import chunks_for

DOCUMENTS = Path("build") / "generated" / SEARCH_DOCUMENTS


def document(exemplar_id: str) -> str:
    return f"{SEARCH_DOCUMENTS}/dien-hinh/{exemplar_id}/index.html"


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's result fragments by page address (each: gzip, "pagefind_dcd", then JSON)."""
    pages = (json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
             for f in (site / "pagefind" / "fragment").iterdir())
    return {page["url"]: page for page in pages}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("search-index"))
    with pytest.MonkeyPatch.context() as env:  # with its address: a sitemap, which must not list the documents
        env.setenv("SITE_URL", "https://thidua.example.gov.vn/")
        run_generator(root, "build", check=True)
    return root


def test_an_edit_rewrites_its_own_search_document_only_and_a_deletion_removes_it(project: Path):
    age_everything(project)
    root = Project.at(project)
    generate(root)
    replace_in(project / RECORDS / "bui-thu-hang.yml", "summary: ", "summary: Đã sửa. ")
    outcome = generate(root)
    assert [p for p in outcome.report.written if p.startswith(f"{SEARCH_DOCUMENTS}/")] == [document("bui-thu-hang")]
    assert "Đã sửa." in (project / DOCUMENTS / "dien-hinh" / "bui-thu-hang" / "index.html").read_text("utf-8")
    (project / RECORDS / "dam-van-ngan.yml").unlink()
    outcome = generate(root)
    assert not [p for p in outcome.report.written if p.startswith(f"{SEARCH_DOCUMENTS}/")]
    assert [p for p in outcome.report.removed if p.startswith(f"{SEARCH_DOCUMENTS}/")] == [document("dam-van-ngan")]
    assert not (project / DOCUMENTS / "dien-hinh" / "dam-van-ngan").exists()


def test_the_site_has_the_index_and_not_the_documents(built: Path):
    site = built / "site"
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not [p for p in site.rglob("*") if SEARCH_DOCUMENTS in p.parts]
    assert SEARCH_DOCUMENTS not in (site / "sitemap.xml").read_text("utf-8")
    assert not (built / "build" / "pagefind").exists()  # the bundle was moved into the site, not copied
    # Results link to the published profiles, movements and decisions.
    pages = {f"/{folder}/{p.name}/" for folder in ("dien-hinh", "phong-trao", "quyet-dinh") if (site / folder).is_dir()
             for p in (site / folder).iterdir() if (p / "index.html").is_file()}
    documents = {f"/{p.parent.name}/{p.name}/" for p in (built / DOCUMENTS).glob("*/*")}
    assert fragments(site).keys() == pages == documents
    assert any(page.startswith("/phong-trao/") for page in pages)


def test_profiles_carry_nothing_only_pagefind_read(built: Path):
    page = (built / "site" / "dien-hinh" / "ho-ba-be-thi-hong" / "index.html").read_text("utf-8")
    assert "data-pagefind" not in page and "ex-search-data" not in page
    assert 'class="ex-share"' in page and 'class="ex-related"' in page  # still shown


def test_a_search_result_shows_the_profiles_words_filters_and_details(built: Path):
    found = fragments(built / "site")["/dien-hinh/xa-duong-phong/"]
    assert found["meta"] == {"title": "Đảng bộ, chính quyền và Nhân dân xã Dương Phong", "kind": "Tập thể",
                             "place": "Dương Phong, Bạch Thông, Bắc Kạn", "year": "2021–2023"}
    assert found["filters"]["Tỉnh"] == ["Bắc Kạn", "Thái Nguyên"]  # the province of its time and of today
    assert "nay thuộc xã Bạch Thông, tỉnh Thái Nguyên" in found["content"]
    assert "Chia sẻ hồ sơ này" not in found["content"]  # the share box is not the profile's words
    assert found["filters"]["Loại kết quả"] == ["Điển hình"]


def test_a_movement_is_a_result_of_its_own_type_without_its_exemplars_names(built: Path):
    found = fragments(built / "site")["/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/"]
    assert found["meta"]["title"] == "Nông dân thi đua sản xuất kinh doanh giỏi"
    assert found["filters"]["Loại kết quả"] == ["Phong trào"] and "Loại" not in found["filters"]
    exemplar = fragments(built / "site")["/dien-hinh/mo-hinh-vac-cao-bang/"]["meta"]["title"]
    assert exemplar not in found["content"]  # a name finds its own profile, not the movements listing it


def failing_pagefind(monkeypatch, program: str) -> None:
    """Have Pagefind's Python package run ``program`` instead of its binary (its own setting)."""
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", program)


def test_a_failing_pagefind_stops_the_build_with_its_output(built: Path, monkeypatch):
    before = (built / "site" / "pagefind" / "pagefind-entry.json").read_bytes()
    failing_pagefind(monkeypatch, "/bin/ls")  # a broken install: a program that is not Pagefind
    result = run_generator(built, "build")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Pagefind could not build the search index (exit status 2)" in output
    assert "unrecognized option '--site'" in output  # what the program itself said
    assert (built / "site" / "pagefind" / "pagefind-entry.json").read_bytes() == before  # the last site stays


def test_a_bundle_of_another_layout_stops_the_build_with_what_to_check(built: Path, tmp_path: Path, monkeypatch):
    # A Pagefind that writes a bundle this code cannot read (as another version might).
    program = tmp_path / "other-pagefind"
    program.write_text(f"""#!{sys.executable}
import sys
from pathlib import Path
output = Path(sys.argv[sys.argv.index("--output-path") + 1])
output.mkdir(parents=True)
(output / "pagefind-entry.json").write_text('{{"version": "9.0.0", "indexes": {{}}}}')
""", encoding="utf-8")
    program.chmod(0o755)
    failing_pagefind(monkeypatch, str(program))
    result = run_generator(built, "build")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Could not finish Pagefind's bundle (KeyError: 'languages')" in output
    assert "Traceback" not in output
    assert not (built / "build" / "pagefind").exists()


def slow_pagefind(tmp_path: Path, monkeypatch) -> Path:
    """A program in Pagefind's place that never finishes; returns the file it writes its process id to."""
    pid_file = tmp_path / "pagefind.pid"
    program = tmp_path / "slow-pagefind"
    program.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 300\n', encoding="utf-8")
    program.chmod(0o755)
    failing_pagefind(monkeypatch, str(program))
    return pid_file


def wait_for_pid(pid_file: Path) -> int:
    deadline = time.monotonic() + 60
    while not pid_file.is_file() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline, "Pagefind was never started"
        time.sleep(0.05)
    return int(pid_file.read_text())


def running(pid: int, wait: float = 10) -> bool:
    """Whether process ``pid`` is still running after up to ``wait`` seconds (a zombie has ended)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in "ZX":
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)


FAIL_ONCE_PAGEFIND_RUNS = """\
import time
from pathlib import Path


def on_files(files, config):
    while not Path({pid_file!r}).is_file():
        time.sleep(0.05)
    raise RuntimeError("a page failed")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_failed_build_stops_pagefind(project: Path, tmp_path_factory, monkeypatch):
    pid_file = slow_pagefind(tmp_path_factory.mktemp("bin"), monkeypatch)
    # A build that fails once Pagefind is running: an MkDocs hook, run after the plugin.
    (project / "fail.py").write_text(FAIL_ONCE_PAGEFIND_RUNS.format(pid_file=str(pid_file)), encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks: [fail.py]\n")
    with pytest.raises(RuntimeError, match="a page failed"):
        build(load_config(config_file=str(project / "mkdocs.yml")))  # in this process, which goes on running
    assert not running(wait_for_pid(pid_file), wait=0)  # stopped by the plugin, not by the end of a process
    assert not (project / "build" / "pagefind").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; Linux stops Pagefind on SIGTERM")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["interrupted", "terminated"])
def test_an_interrupted_build_stops_pagefind(project: Path, tmp_path_factory, monkeypatch, stop):
    pid_file = slow_pagefind(tmp_path_factory.mktemp("bin"), monkeypatch)
    # A harness that runs the tests in the background (a shell's `&`) hands its children SIGINT
    # ignored, and Python then never raises KeyboardInterrupt: the build gets Ctrl-C as a terminal would send it.
    build_process = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        pagefind = wait_for_pid(pid_file)
        os.kill(build_process.pid, stop)  # the build alone, as a process manager or CI timeout does
        build_process.wait(timeout=60)
    finally:
        build_process.kill()
    assert not running(pagefind)


def test_the_filter_table_files_each_page_under_the_filters_pagefind_gave_it(built: Path):
    bundle = built / "site" / "pagefind"
    (language,) = search_bundle.languages(bundle).values()
    table = json.loads((bundle / search_bundle.filter_table_name(language["hash"])).read_text("utf-8"))
    filed: dict[str, dict[str, set]] = {page: {} for page in table["pages"]}
    for name, values in table["filters"].items():
        for value, steps in values.items():
            page = 0
            for step in steps:
                page += step
                filed[table["pages"][page]].setdefault(name, set()).add(value)
    pagefind = {f.name.removesuffix(".pf_fragment"): json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
                for f in (bundle / "fragment").iterdir()}
    assert filed.keys() == pagefind.keys()  # the table names pages as the engine names its results
    assert filed == {page: {name: set(values) for name, values in fragment["filters"].items()}
                     for page, fragment in pagefind.items()}
    assert len(list(bundle.glob("filters.*.json"))) == 1


def index_words(bundle: Path) -> tuple[list[list], dict[str, str]]:
    """The index chunks' ranges ([from, to, name]) and, for each word, the chunk that holds it."""
    (language,) = search_bundle.languages(bundle).values()
    chunks = search_bundle.read_file(search_bundle.meta_path(bundle, language["hash"]))[search_bundle.META_CHUNKS]
    holder = {word[0]: name for _, _, name in chunks
              for word in search_bundle.read_file(bundle / "index" / f"{name}.pf_index")[0]}
    return chunks, holder


def test_split_index_chunks_find_every_word_and_prefix_they_found(built: Path, tmp_path: Path):
    bundle = shutil.copytree(built / "site" / "pagefind", tmp_path / "pagefind")
    before_chunks, before = index_words(bundle)
    added = search_bundle.split_index_chunks(bundle, budget=1)  # every chunk of several words is cut
    after_chunks, after = index_words(bundle)
    assert added > 100 and len(after_chunks) == len(before_chunks) + added
    assert after.keys() == before.keys()  # every word is kept, in one chunk
    assert len(list((bundle / "index").iterdir())) == len(after_chunks)  # the cut chunks' files are gone
    assert [start for start, _, _ in after_chunks] == sorted(start for start, _, _ in after_chunks)

    def found(query: str, chunks: list[list], holder: dict[str, str]) -> set[str]:
        """The words with ``query`` as prefix in the chunks Pagefind's engine fetches for it."""
        fetched = chunks_for(query, chunks)
        return {word for word, name in holder.items() if name in fetched and word.startswith(query)}

    for word in before:
        assert after[word] in chunks_for(word, after_chunks), word  # a whole word finds its chunk
        # A word typed in part still finds words it begins. Not always the same ones: when the
        # part falls inside a chunk's range, the engine fetches that chunk only (Pagefind's own
        # chunks behave so too), and cut chunks have more boundaries.
        for end in range(1, len(word)):
            assert found(word[:end], after_chunks, after) or not found(word[:end], before_chunks, before), word[:end]
