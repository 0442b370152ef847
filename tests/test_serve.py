"""Live preview: an edited record shows up in the served page; a broken one does not stop the server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from generator.plugin import _ChangesObserver, _RecordEdits
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from test_browser import CHROMIUM, CHROMIUM_ARGS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out waiting for the preview")


def visit(page, url: str) -> None:
    """Open ``url``; live reload may cut a navigation short right after a rebuild: try again."""
    for _ in range(10):
        try:
            page.goto(url)
            page.wait_for_load_state("load")
            return
        except PlaywrightError:
            time.sleep(0.5)
    page.goto(url)


def rename_school(project: Path, new_name: str) -> None:
    record = project / "exemplars" / "cao-bang" / "truong-tieu-hoc-hoa-chung.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("name: Trường Tiểu học Hòa Chung", f"name: {new_name}"), "utf-8")


def test_serve_follows_record_edits(project: Path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/dien-hinh/truong-tieu-hoc-hoa-chung/"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: "Trường Tiểu học Hòa Chung" in fetch(url))
        with pytest.raises(urllib.error.HTTPError):  # the preview makes no sitemap (rebuilt for nothing)
            fetch(f"http://127.0.0.1:{port}/sitemap.xml")
        index = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"
        first_index = fetch(index)
        rename_school(project, "Trường Tiểu học Hoà Chung Mới")
        wait_for(lambda: "Hoà Chung Mới" in fetch(url))
        # The edited profile first, then the lists it is on (the generation that follows it).
        wait_for(lambda: "Hoà Chung Mới" in fetch(f"http://127.0.0.1:{port}/dien-hinh/"), timeout=30)
        assert fetch(index) == first_index  # the preview indexes once: an edit keeps the first index
        # Its model card too (a rebuild links only the cards that changed), and the others stay.
        cards = f"http://127.0.0.1:{port}/the-mo-hinh"
        wait_for(lambda: "Hoà Chung Mới" in fetch(f"{cards}/truong-tieu-hoc-hoa-chung.html"), timeout=30)
        assert "Đồn Biên phòng Cốc Pàng" in fetch(f"{cards}/don-bien-phong-coc-pang.html")
        # Saved as gedit, Kate and JetBrains save: a new file renamed over the record. The same quick answer.
        record = project / "exemplars" / "cao-bang" / "truong-tieu-hoc-hoa-chung.yml"
        temporary = record.with_name(f"{record.name}.a1B2c3")
        temporary.write_text(record.read_text(encoding="utf-8").replace("Hoà Chung Mới", "Hoà Chung Lưu"), "utf-8")
        os.replace(temporary, record)
        wait_for(lambda: "Hoà Chung Lưu" in fetch(url))
        # Hand-written pages are still followed: MkDocs' own watches moved to the native observer.
        about = project / "content" / "pages" / "gioi-thieu.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nĐoạn mới thêm khi xem trước.\n", "utf-8")
        wait_for(lambda: "Đoạn mới thêm khi xem trước" in fetch(f"http://127.0.0.1:{port}/gioi-thieu/"))

        broken = project / "exemplars" / "cao-bang" / "hong.yml"
        broken.write_text("name: [broken\n", encoding="utf-8")
        problems = f"http://127.0.0.1:{port}/preview-problems.json"
        wait_for(lambda: "hong.yml" in fetch(problems))
        assert server.poll() is None, "the preview server stopped on a broken record"
        # The error shows in the page the editor is looking at (not rebuilt: its record is fine).
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            visit(page, url)
            banner = page.locator("#preview-problems")
            banner.wait_for(state="visible", timeout=10000)
            text = banner.inner_text()
            assert "exemplars/cao-bang/hong.yml:1:7" in text and "Hồ sơ có 1 lỗi" in text, text
            assert "Hoà Chung Lưu" in page.content()  # the last good page stays

            broken.unlink()
            # Left: the warnings of the repository's records (the consent they lack), no error.
            wait_for(lambda: "cao-bang/hong.yml" not in fetch(problems))
            assert all(p["severity"] == "warning" for p in json.loads(fetch(problems)))
            visit(page, url)
            banner.wait_for(state="visible", timeout=10000)
            heading = banner.inner_text().splitlines()[0]
            assert heading.startswith("Hồ sơ có ") and heading.endswith(" cảnh báo cần xem lại."), heading
            browser.close()
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "exemplars/cao-bang/hong.yml:1:7: error:" in output
    assert output.count("Đã cập nhật trang của 1 hồ sơ vừa sửa") == 2  # both edits showed their profile first
    assert "Traceback" not in output
    [watching] = [line for line in output.splitlines() if "Watching paths for changes" in line]
    for path in ("content/pages", "mkdocs.yml", "exemplars", "content/movements", "content/taxonomies"):
        assert f"'{path}'" in watching, watching  # MkDocs' own watches moved to the native observer


def test_serve_with_polling_follows_record_edits(project: Path):
    """--poll keeps MkDocs' polling, for drives whose file system does not report changes."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/dien-hinh/truong-tieu-hoc-hoa-chung/"
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--poll", "-a", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: "Trường Tiểu học Hòa Chung" in fetch(url))
        rename_school(project, "Trường Tiểu học Hòa Chung Xưa")
        wait_for(lambda: "Hòa Chung Xưa" in fetch(url))
    finally:
        server.terminate()
        server.wait(timeout=10)


def save_through_a_temporary_file(record: Path) -> None:  # gedit, Kate: a new file renamed over the record
    temporary = record.with_name(f"{record.name}.a1B2c3")
    temporary.write_text("name: Hồng Mới\n", encoding="utf-8")
    os.replace(temporary, record)


def save_after_a_backup(record: Path) -> None:  # Vim, Emacs: the record renamed to a backup, then written anew
    backup = record.with_name(f"{record.name}~")
    record.rename(backup)
    record.write_text("name: Hồng Mới\n", encoding="utf-8")
    backup.unlink()
    (record.parent / "4913").write_bytes(b"")  # Vim's check that it may write in the folder
    (record.parent / "4913").unlink()


def save_safely_as_jetbrains_does(record: Path) -> None:
    temporary, old = record.with_name(f"{record.name}___jb_tmp___"), record.with_name(f"{record.name}___jb_old___")
    temporary.write_text("name: Hồng Mới\n", encoding="utf-8")
    record.rename(old)
    temporary.rename(record)
    old.unlink()


def move_a_folder_in(record: Path) -> None:
    outside = record.parents[2] / "moi"
    outside.mkdir()
    (outside / "lan.yml").write_text("name: Lan\n", encoding="utf-8")
    outside.rename(record.parents[1] / "moi")


CHANGES = {  # what the watcher sees → what the preview is told: the records written, or None (other changes)
    "edit": (lambda record: record.write_text("name: Hồng Mới\n", encoding="utf-8"), ["hong.yml"]),
    "edit beside a swap file": (lambda record: (
        record.with_name(".hong.yml.swp").write_bytes(b"vim"), record.write_text("name: Hồng Mới\n", encoding="utf-8")),
        ["hong.yml"]),
    "saved through a temporary file": (save_through_a_temporary_file, ["hong.yml"]),
    "saved after a backup": (save_after_a_backup, ["hong.yml"]),
    "saved safely (JetBrains)": (save_safely_as_jetbrains_does, ["hong.yml"]),
    # Written, but not a record the last run published from this file: refresh_profiles refuses it.
    "new record": (lambda record: record.with_name("lan.yml").write_text("name: Lan\n", encoding="utf-8"), ["lan.yml"]),
    "removed": (lambda record: record.unlink(), None),
    "rename": (lambda record: record.rename(record.with_name("hong-2.yml")), None),
    "photo": (lambda record: record.with_name("anh.jpg").write_bytes(b"\xff\xd8"), None),
    "a folder of records moved out": (lambda record: record.parent.rename(record.parents[2] / "cu"), None),
    "a folder of records moved in": (move_a_folder_in, None),
    "a .yaml file (reported, not read)": (lambda record: record.with_name("lan.yaml").write_text("name: Lan\n"), None),
    "nothing": (lambda record: None, []),
}


@pytest.mark.parametrize("change, expected", CHANGES.values(), ids=CHANGES.keys())
def test_the_preview_tells_records_written_from_other_changes(tmp_path: Path, change, expected):
    """What the file watcher reports decides whether the preview may show the edited profiles first
    (plugin._RecordEdits): only records written, however the editor saves, qualify; anything else
    needs a full generation."""
    records = tmp_path / "exemplars" / "cao-bang"
    records.mkdir(parents=True)
    record = records / "hong.yml"
    record.write_text("name: Hồng\n", encoding="utf-8")
    edits = _RecordEdits(tmp_path / "exemplars")
    observer = _ChangesObserver()
    observer.schedule(edits, str(tmp_path / "exemplars"), recursive=True)
    observer.start()
    try:
        time.sleep(1)  # the observer's watches are in place
        change(record)
        time.sleep(1)  # the events have arrived
        taken = edits.take()
        assert (taken if taken is None else [path.name for path in taken]) == expected
        assert edits.take() == []  # taken once
    finally:
        observer.stop()
        observer.join()
