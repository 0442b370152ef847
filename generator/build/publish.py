"""Publishing a build: atomically, and the same bytes for the same commit.

MkDocs writes into its ``site_dir`` as it goes, so a build that fails half-way
would leave a half-built site. :func:`build_site` builds into a fresh folder
next to ``site/`` and swaps it in only when MkDocs has finished without error;
a failed build leaves the previous ``site/`` as it was. The swap is one atomic
exchange of the two folders where the system offers it (Linux's ``renameat2``), else
two renames; stop signals wait until it is done (``stopping.deferred``). A build
killed without a chance to clean up (SIGKILL, a power cut) leaves its staging folder;
the next build removes those of earlier builds (:func:`remove_stale_staging`), and
only those: folders beside ``site/`` named exactly as :func:`build_site` names them,
while no other build of the same site runs.

MkDocs takes the sitemap's dates and the gzip header of ``sitemap.xml.gz`` from
``SOURCE_DATE_EPOCH``, or from the clock. Set from the last commit's time, two
builds of one commit give byte-identical sites.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from .incremental import IncrementalBuild
from .stopping import checkpoint, deferred

fcntl: ModuleType | None
try:
    import fcntl as _fcntl
    fcntl = _fcntl
except ImportError:  # Windows: builds are not locked against each other
    fcntl = None


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


def _staging_pattern(site_dir: Path) -> re.Pattern:
    """The names :func:`build_site` gives its staging folders: ``.site-new-`` or ``.site-old-``
    and the eight characters of :func:`tempfile.mkdtemp`."""
    return re.compile(rf"\.{re.escape(site_dir.name)}-(?:new|old)-[a-z0-9_]{{8}}")


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Remove the staging folders earlier builds of ``site_dir`` left beside it; what was removed.

    Only while no other build of the site runs (:func:`build_lock`): a running build's folder is its own.
    """
    pattern = _staging_pattern(site_dir)
    stale = []
    with os.scandir(site_dir.parent) as entries:
        for entry in entries:
            if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                stale.append(Path(entry.path))
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


@contextmanager
def build_lock(site_dir: Path) -> Iterator[None]:
    """Held for a whole build of ``site_dir``, shared with builds of it running at once; a build
    that starts alone (the lock free) first removes what interrupted builds left (:func:`remove_stale_staging`)."""
    if fcntl is None:
        remove_stale_staging(site_dir)
        yield
        return
    descriptor = os.open(site_dir.parent, os.O_RDONLY)  # the folder that holds the site and its staging
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another build runs: its staging folder is not stale
            pass
        else:
            remove_stale_staging(site_dir)
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)


def build_site(config, *, incremental: bool = True) -> Path:
    """Run MkDocs' build into a staging folder and swap it in as ``config.site_dir`` on success.

    ``incremental``: pages whose inputs did not change since the published site was built are
    linked from it instead of made again (``incremental.py``); the result is a clean build's.
    """
    from mkdocs.commands import build

    site_dir = Path(config["site_dir"])
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    root = Path(config.config_file_path).parent
    with build_lock(site_dir):
        plan = IncrementalBuild(root, site_dir, use_manifest=incremental)
        config.plugins["exemplars"].incremental = plan
        dirty = plan.possible  # MkDocs then asks each page whether it changed (the plan answers)
        notes = plan.quiet_dirty_build_notes() if dirty else None
        try:
            with staging_folder(site_dir) as staging:
                config["site_dir"] = str(staging)
                build.build(config, dirty=dirty)
                checkpoint()  # a stop signal whose exception something in MkDocs swallowed
        finally:
            config["site_dir"] = str(site_dir)
            config.plugins["exemplars"].incremental = None
            if notes is not None:
                logging.getLogger("mkdocs.commands.build").removeFilter(notes)
        with deferred():  # a stop signal now waits until the new site is in place and the old one gone
            swap_in(staging, site_dir)
            plan.save()
    return site_dir


@contextmanager
def staging_folder(site_dir: Path) -> Iterator[Path]:
    """A new, empty folder beside ``site_dir`` for a build to write the site into, removed if the block
    fails; the build then puts it in place with :func:`swap_in` (both engines, under :func:`build_lock`)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where
    the system or the file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):  # not Linux, or a C library older than glibc 2.28
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap_in(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` and remove what was there: in one step where the system can,
    else in two renames (``target`` is then missing for the moment between them)."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        old = new  # the folder built into now holds the previous site
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
