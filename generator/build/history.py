"""When each record last changed: the date that feeds and the sitemap give a profile.

A record's date is the time of the last commit that touched its file, read from git in
one ``git log`` over the records' folders, so a rebuild of one commit gives the same dates
and a record whose file did not change keeps its date. A file with uncommitted changes,
or a project outside git, takes the file's modification time, clamped to
``SOURCE_DATE_EPOCH`` when that is set (the reproducible-builds convention).

A shallow clone knows only its last commit: every record would seem changed then. CI must
check out the whole history (``fetch-depth: 0``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from ..paths import EXEMPLARS, MOVEMENTS, Project
from ..pipeline.load import LoadedProject
from .cache import read_cache, write_cache


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _commit_times(root: Path, top_dir: Path, paths: list[str], cache: Path | None) -> dict[Path, int]:
    """Each file under ``paths`` → seconds of the last commit that changed it.

    ``git log`` walks the whole history (a second at 20,000 records); its answer depends only
    on the commit checked out, so it is kept in ``cache`` under that commit's hash.
    """
    head = _git(root, "rev-parse", "HEAD")
    if head is None:  # no commit yet
        return {}
    key = f"{head.strip()} {paths}"
    if cache is not None and (kept := read_cache(cache, key)) is not None:
        return kept
    log = _git(root, "log", "--format=@%ct", "--name-only", "--no-renames", "--", *paths)
    if log is None:
        return {}
    times: dict[Path, int] = {}
    when = 0
    for line in log.splitlines():
        if line.startswith("@"):
            when = int(line[1:])
        elif line:
            times.setdefault(top_dir / line, when)  # newest first: the first time seen is the last change
    if cache is not None:
        write_cache(cache, key, times)
    return times


def _committed_times(root: Path, folders: list[Path], cache: Path | None = None) -> dict[Path, int]:
    """Each clean, committed file under ``folders`` → seconds of the last commit that changed it."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return {}
    top_dir = Path(top.strip()).resolve()
    paths = [str(folder) for folder in folders if folder.is_dir()]
    if not paths:
        return {}
    times = dict(_commit_times(root, top_dir, paths, cache))
    status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *paths) or ""
    for entry in status.split("\0"):
        if len(entry) > 3:
            times.pop(top_dir / entry[3:], None)  # changed since the last commit
    return times


def last_changes(root: Path, files: Iterable[Path], folders: list[Path],
                 cache: Path | None = None) -> dict[Path, datetime]:
    """The time (UTC) each of ``files`` last changed; ``folders`` hold them all (one git call)."""
    committed = _committed_times(root, folders, cache)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    ceiling = int(epoch) if epoch.isdigit() else None
    changes = {}
    for file in files:
        # Files found under the project's resolved root are resolved already (save a
        # symlinked folder, whose records then take their files' times).
        seconds = committed.get(file)
        if seconds is None:
            seconds = int(file.stat().st_mtime)
            if ceiling is not None:
                seconds = min(seconds, ceiling)
        changes[file] = datetime.fromtimestamp(seconds, UTC)
    return changes


def page_dates(project: Project, loaded: LoadedProject) -> dict[str, datetime]:
    """The generated page of every exemplar and movement → when its record last changed."""
    pages = {doc.file: f"{EXEMPLARS}/{doc.stem}.md" for doc in loaded.exemplars}
    pages.update({doc.file: f"{MOVEMENTS}/{doc.stem}.md" for doc in loaded.movements})
    changes = last_changes(project.root, pages, [project.records_dir, project.movements_dir],
                           project.cache_dir / "history.pickle")
    return {pages[file]: when for file, when in changes.items()}
