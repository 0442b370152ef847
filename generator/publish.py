"""Publishing a build: atomically, and the same bytes for the same commit.

MkDocs writes into its ``site_dir`` as it goes, so a build that fails half-way
would leave a half-built site. :func:`build_site` builds into a fresh folder
next to ``site/`` and swaps it in only when MkDocs has finished without error;
a failed build leaves the previous ``site/`` as it was.

MkDocs takes the sitemap's dates and the gzip header of ``sitemap.xml.gz`` from
``SOURCE_DATE_EPOCH``, or from the clock. Set from the last commit's time, two
builds of one commit give byte-identical sites.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .incremental import IncrementalBuild


def commit_time(root: Path) -> str | None:
    """Seconds since the epoch of the last commit in ``root``'s repository, or None outside git."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


def pin_build_time(root: Path) -> None:
    """Build dates come from git (unless the caller set SOURCE_DATE_EPOCH itself)."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        when = commit_time(root)
        if when is not None:
            os.environ["SOURCE_DATE_EPOCH"] = when


def build_site(config, *, incremental: bool = True) -> Path:
    """Run MkDocs' build into a staging folder and swap it in as ``config.site_dir`` on success.

    ``incremental``: pages whose inputs did not change since the published site was built are
    linked from it instead of made again (``incremental.py``); the result is a clean build's.
    """
    from mkdocs.commands import build

    site_dir = Path(config["site_dir"])
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    root = Path(config.config_file_path).parent
    plan = IncrementalBuild(root, site_dir, use_manifest=incremental)
    config.plugins["exemplars"].incremental = plan
    dirty = plan.possible  # MkDocs then asks each page whether it changed (the plan answers)
    notes = plan.quiet_dirty_build_notes() if dirty else None
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
        config["site_dir"] = str(staging)
        build.build(config, dirty=dirty)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        config["site_dir"] = str(site_dir)
        config.plugins["exemplars"].incremental = None
        if notes is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(notes)
    _swap(staging, site_dir)
    plan.save()
    return site_dir


def _swap(new: Path, target: Path) -> None:
    """Two renames on one file system: ``target`` is never missing for longer than between them."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)
