"""Stopped builds: Ctrl-C or SIGTERM at any moment of a real build (or of validate, generate,
serve) ends it with one line and exit status 130 or 143, no traceback, the published site/
complete (the previous one, or the new one if the signal came while it was being swapped in),
and nothing left beside it; what a killed build leaves, the next build removes.

Each moment is waited for by what the build does, not by a clock: a photo's cache folder that
has no manifest yet (encoding), the staging folder (MkDocs), the previous site gone from site/
while its copy is still being removed (the swap), a record that is a named pipe (reading records).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import run_generator
from test_bad_input import BASE, make_project
from test_photos import RECORD as PHOTO_RECORD
from test_photos import camera_photo
from test_publish import snapshot

STOPPED = "Đã dừng theo yêu cầu; trang web cũ vẫn giữ nguyên."
STOPPED_AFTER_PUBLISH = "Đã dừng theo yêu cầu, sau khi trang web mới đã được thay vào trọn vẹn."
EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}



def staging_folders(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith(".site"))


def start(project: Path, *args: str) -> subprocess.Popen:
    """``python -m generator ARGS`` in a session of its own, as a terminal runs a command: its workers,
    the search indexer and Pagefind in the same process group."""
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", start_new_session=True,
                            preexec_fn=_ctrl_c_as_in_a_terminal)


def _ctrl_c_as_in_a_terminal() -> None:
    """A command typed in a terminal takes Ctrl-C; a suite started in the background (``cmd &``, nohup)
    would hand its children an ignored SIGINT, which the generator rightly leaves ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(condition, process: subprocess.Popen, timeout: float = 300) -> None:
    """Poll ``condition`` until it holds; fails if the process ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the command ended before the moment came: " + process.communicate()[1]
        assert time.monotonic() < deadline, "the moment never came"
        time.sleep(0.002)


def stop(process: subprocess.Popen, signum: int) -> None:
    """Ctrl-C reaches every process of the terminal's foreground group; SIGTERM (``kill``) the command only."""
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)


def assert_stopped_cleanly(process: subprocess.Popen, signum: int, line: str = STOPPED) -> None:
    stdout, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stdout + stderr and "KeyboardInterrupt" not in stdout + stderr, stderr
    assert process.returncode == EXIT[signum], stderr
    assert stderr.splitlines()[-1] == line, stderr
    assert (stdout + stderr).count("Đã dừng theo yêu cầu") == 1, stderr


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project built once, and its site."""
    project = make_project(tmp_path, {"ho-so.yml": BASE, "hop-tac-xa-anh-thu.yml": PHOTO_RECORD})
    camera_photo(project / "exemplars" / "anh" / "le-trao-co.jpg")
    run_generator(project, "build", "--strict", check=True)
    return project, snapshot(project / "site")


def add_photo_records(project: Path, count: int) -> None:
    """``count`` records, each with a large photo of noise: slow to encode, on all cores."""
    for number in range(count):
        photo = project / "exemplars" / "anh" / f"lon-{number}.jpg"
        Image.effect_noise((2400, 1600), 80 + number).convert("RGB").save(photo, "JPEG", quality=95)
        record = PHOTO_RECORD.replace("ảnh thử", f"ảnh thử số {number + 1}")
        record = record.replace("le-trao-co.jpg", photo.name)
        (project / "exemplars" / f"hop-tac-xa-anh-{number}.yml").write_text(record, encoding="utf-8")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_build_stopped_while_encoding_photos_keeps_the_previous_site(built, signum):
    project, before = built
    add_photo_records(project, 4)
    photos = project / "build" / "cache" / "photos"
    known = set(photos.iterdir())
    build = start(project, "build", "--strict")

    def encoding() -> bool:
        return any(not (folder / "manifest.json").exists() for folder in set(photos.iterdir()) - known)

    wait_for(encoding, build)
    stop(build, signum)
    assert_stopped_cleanly(build, signum)
    assert snapshot(project / "site") == before
    assert staging_folders(project) == []
    run_generator(project, "build", "--strict", check=True)  # the folders cut short are made again
    assert len(list(photos.glob("*/manifest.json"))) == 5


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_build_stopped_while_mkdocs_builds_keeps_the_previous_site(built, signum):
    project, before = built
    build = start(project, "build", "--strict")
    wait_for(lambda: staging_folders(project) != [], build)
    stop(build, signum)
    assert_stopped_cleanly(build, signum)
    assert snapshot(project / "site") == before
    assert staging_folders(project) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_the_swap_waits_for_it_to_end(built, signum):
    """The previous site holds many files, so removing it after the swap takes a while: the signal
    comes while site/ is already the new site and the old one is still beside it."""
    project, clean = built
    old = project / "site" / "cu"
    for folder in range(100):
        (old / str(folder)).mkdir(parents=True)
        for name in range(200):
            (old / str(folder) / f"{name}.html").write_bytes(b"old")
    build = start(project, "build", "--strict")
    wait_for(lambda: staging_folders(project) != [], build)
    wait_for(lambda: not old.exists(), build)  # site/ is the new build: the swap has happened
    assert staging_folders(project) != [], "the previous site was removed before the signal could come"
    stop(build, signum)
    assert_stopped_cleanly(build, signum, STOPPED_AFTER_PUBLISH)
    assert snapshot(project / "site") == clean  # the new site, whole
    assert staging_folders(project) == []  # and the previous one removed


def test_the_next_build_removes_what_a_killed_build_left_and_nothing_else(built):
    project, before = built
    build = start(project, "build", "--strict")
    wait_for(lambda: staging_folders(project) != [], build)
    os.killpg(build.pid, signal.SIGKILL)  # no chance to clean up
    build.communicate()
    left = staging_folders(project)
    assert len(left) == 1 and snapshot(project / "site") == before
    # A copy of an earlier site as the old swap left it, and names that are not ours.
    (project / ".site-old-ab_cd012").mkdir()
    others = [".site-new-keep", ".site-older-abcdefgh", ".site-new-abcdefghi", ".sitee-new-abcdefgh"]
    for name in others:
        (project / name).mkdir()
    (project / ".site-new-zzzzzzzz").write_text("a file, not a folder a build made", encoding="utf-8")
    run_generator(project, "build", "--strict", check=True)
    assert staging_folders(project) == sorted([*others, ".site-new-zzzzzzzz"])
    assert snapshot(project / "site") == before


def named_pipe_record(project: Path) -> Path:
    """A record that is a named pipe: reading it waits until someone writes, so a test knows when
    the command is reading records (opening the pipe to write returns once the command opened it)."""
    pipe = project / "exemplars" / "zz-dang-doc.yml"
    os.mkfifo(pipe)
    return pipe


@pytest.mark.parametrize("command", ["validate", "generate", "build"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_command_stopped_while_reading_records_says_one_line(built, command, signum):
    project, before = built
    pipe = named_pipe_record(project)
    process = start(project, command)
    with open(pipe, "wb"):  # returns when the command has opened the record to read it
        stop(process, signum)
        assert_stopped_cleanly(process, signum)
    assert snapshot(project / "site") == before
    assert staging_folders(project) == []


def test_the_preview_stops_with_one_line(built):
    project, _ = built
    with socket.socket() as probe:  # a port free now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = start(project, "serve", "-a", f"127.0.0.1:{port}")
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(server.stderr.readline, "")), daemon=True)
    reader.start()
    wait_for(lambda: any("Serving on" in line for line in output), server)
    os.killpg(server.pid, signal.SIGINT)
    server.wait(timeout=120)
    reader.join(timeout=30)
    text = "".join(output)
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert server.returncode == 130, text
    assert output[-1].rstrip("\n") == STOPPED and text.count("Đã dừng theo yêu cầu") == 1, text
