"""Shared fixtures: throwaway copies of the project to validate and build for real."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


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


def run_generator(project: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    """Run ``python -m generator ARGS`` in ``project`` as staff would."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)
