"""Shared fixtures: throwaway copies of the project to validate and build for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
# The private channel for takedown requests (mkdocs.yml, extra.takedown), as a deployment sets it.
# Unset, every validation warns that it is missing; the tests of that default unset it themselves.
TAKEDOWN_CHANNEL = {"TAKEDOWN_EMAIL": "thiduakhenthuong@example.gov.vn",
                    "TAKEDOWN_ADDRESS": "Ban Thi đua - Khen thưởng, số 1 đường Thử, phường Thử, tỉnh Thử"}


@pytest.fixture(scope="session", autouse=True)
def takedown_channel():
    """Tests build a site whose takedown channel is configured (in this process and the generator's),
    with the generator of this checkout."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in TAKEDOWN_CHANNEL.items():
            patch.setenv(name, value)
        # A generator started in a subprocess from a temporary folder must import this checkout's
        # code, not whichever checkout the virtual environment's editable install points at.
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
        yield


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def copy_project(dest: Path, *, with_records: bool = True) -> Path:
    """Copy the site's configuration, theme and content (and records) into ``dest``."""
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "theme", dest / "theme")
    if with_records:
        shutil.copytree(REPO / "exemplars", dest / "exemplars", ignore=shutil.ignore_patterns("synthetic*"))
    else:
        (dest / "exemplars").mkdir()
    return dest


def run_generator(
    project: Path, *args: str, check: bool = False, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run ``python -m generator ARGS`` in ``project`` as staff would; never a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "RecursionError" not in output, output
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def grant_consent(record: Path, covers: str, person: str = "") -> None:
    """Add to a record's ``consent`` list the recorded consent of ``person`` (an individual's own
    when omitted) to publish ``covers`` (e.g. "[photos]")."""
    text = record.read_text(encoding="utf-8")
    who = f"    person: {person}\n" if person else ""
    grant = (f"  - basis: consent\n{who}    covers: {covers}\n    date: \"2025-03-01\"\n    given_by: {person or 'chính người được nêu tên'}\n"
             "    channel: form\n    text_version: Phiếu đồng ý công bố thông tin 1.0\n")
    assert text.count("\nconsent:\n") == 1, record
    record.write_text(text.replace("\nconsent:\n", "\nconsent:\n" + grant), encoding="utf-8")


def add_photo(record: Path, entries: str = "  - file: anh/ruong.jpg\n", size: tuple[int, int] = (64, 48)) -> None:
    """Put a red photo ``anh/ruong.jpg`` beside ``record`` and list it: ``entries`` go under ``photos:``."""
    (record.parent / "anh").mkdir(exist_ok=True)
    Image.new("RGB", size, (200, 40, 40)).save(record.parent / "anh" / "ruong.jpg")
    with record.open("a", encoding="utf-8") as f:
        f.write("photos:\n" + entries)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)
