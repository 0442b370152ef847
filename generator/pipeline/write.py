"""Stage 5, write: put generated files on disk, touching only what changed.

A file whose bytes are already right is left alone, bytes and modification
time both, so MkDocs' live reload and any later copy step see only real
changes. Files that are no longer generated are removed, so a deleted or
unpublished record leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final


class Kept:
    """A file the page cache vouches for: what the last run wrote there is still right.

    The write stage then neither reads it back nor writes it, and the run never holds its text.
    """

    def __repr__(self) -> str:
        return "KEPT"


KEPT: Final = Kept()


class Written:
    """A file a :class:`Writer` has put already, wherever it was made (see ``render.make_pages``)."""

    def __repr__(self) -> str:
        return "WRITTEN"


WRITTEN: Final = Written()
Content = str | bytes | Kept | Written
Stamp = tuple[int, int]  # a file's size and modification time (ns): changes whenever anyone writes it


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    stamps: dict[str, Stamp] = field(default_factory=dict)  # of every file now there


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_new(path: Path, data: bytes) -> None:
    """Write a file that was not there: directly, a rename less than :func:`write_atomically`
    (a clean run writes 45,000). Replaced instead if it has appeared meanwhile, so that a file
    already linked into a site (:func:`link_files`) is never written into. A run cut short
    leaves a file whose size and time no cache knows, so the next run writes it again."""
    try:
        with open(path, "xb") as file:
            file.write(data)
    except FileExistsError:
        write_atomically(path, data)


def _stamp(status: os.stat_result) -> Stamp:
    return status.st_size, status.st_mtime_ns


def files_on_disk(folder: Path) -> dict[str, Stamp]:
    """Every file under ``folder`` (relative POSIX path → stamp); empty if there is no folder.

    One walk with ``os.scandir``, which has each entry's type without asking again:
    a tenth of what ``Path.rglob`` costs on 45,000 files.
    """
    found: dict[str, Stamp] = {}
    pending = [(str(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            entries = os.scandir(directory)
        except FileNotFoundError:
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    found[prefix + entry.name] = _stamp(entry.stat(follow_symlinks=False))
    return found


class Writer:
    """Makes ``out_dir`` hold exactly the files of a run: put a file at a time, then :meth:`put_all` the rest.

    ``on_disk`` (:func:`files_on_disk` of ``out_dir``) says what is there already. A big site's
    pages are put by the worker processes that render them, each through its own :meth:`part`,
    whose report the parent then takes in (:meth:`absorb`): the pages are never all held in
    one process, and writing overlaps rendering.
    """

    def __init__(self, out_dir: Path, on_disk: dict[str, Stamp]):
        self.out_dir = out_dir
        self.on_disk = on_disk
        self.report = WriteReport()
        self._folders: set[Path] = set()

    def part(self) -> Writer:
        """A writer for a share of the files, reporting on its own (for :meth:`absorb`)."""
        return Writer(self.out_dir, self.on_disk)

    def absorb(self, report: WriteReport) -> None:
        """Count in the report of a :meth:`part`, whichever process wrote it."""
        self.report.written.extend(report.written)
        self.report.unchanged += report.unchanged
        self.report.stamps.update(report.stamps)

    def put(self, relative: str, content: Content) -> None:
        """Write ``content`` at ``relative``, unless the file there holds it already (or it is :data:`KEPT`)."""
        report, on_disk = self.report, self.on_disk
        if isinstance(content, Written):
            if relative not in report.stamps:
                raise ValueError(f"{relative}: marked written but never put")
            return
        if isinstance(content, Kept):
            if relative not in on_disk:
                raise FileNotFoundError(f"{self.out_dir / relative}: kept by the page cache but not on disk")
            report.unchanged += 1
            report.stamps[relative] = on_disk[relative]
            return
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = self.out_dir / relative
        stamp = on_disk.get(relative)
        if stamp is not None and stamp[0] == len(data) and path.read_bytes() == data:
            report.unchanged += 1
            report.stamps[relative] = stamp
            return
        if relative in on_disk:
            write_atomically(path, data)
        else:
            _make_folder(path.parent, self._folders)
            write_new(path, data)
        report.written.append(relative)
        report.stamps[relative] = _stamp(path.stat())

    def put_all(self, files: Mapping[str, Content]) -> WriteReport:
        """Put each of ``files`` (relative path → content) and remove every file that is not among
        them: the run's report. ``files`` holds all the run produced, :data:`WRITTEN` for those put already."""
        for relative, content in files.items():
            self.put(relative, content)
        report = self.report
        for relative in sorted(self.on_disk.keys() - files.keys()):
            path = self.out_dir / relative
            path.unlink()
            report.removed.append(relative)
            _remove_empty_folders(path.parent, self.out_dir)
        report.written.sort()
        return report


def write_files(out_dir: Path, files: Mapping[str, Content], on_disk: dict[str, Stamp] | None = None) -> WriteReport:
    """Make ``out_dir`` hold exactly ``files`` (relative path → content, or :data:`KEPT`).

    ``on_disk`` is :func:`files_on_disk` of ``out_dir`` if the caller has it already.
    A :data:`KEPT` file must be among them.
    """
    return Writer(out_dir, files_on_disk(out_dir) if on_disk is None else on_disk).put_all(files)


def _make_folder(folder: Path, made: set[Path]) -> None:
    """Make ``folder`` unless this run did already: asking the file system again for each file is slow."""
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def _remove_empty_folders(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def link_files(source: Path, dest: Path, paths: list[str]) -> None:
    """Put each of ``paths`` (relative POSIX paths) from ``source`` into ``dest`` as a hard link.

    A link costs one directory entry, where a copy reads and writes the whole file: for the
    20,000 model cards of a big site, seconds of every build. Safe because the write stage
    replaces files (:func:`write_atomically`) instead of writing into them, so a published
    link keeps the bytes it was published with. Copies where the file system has no links.
    """
    made: set[Path] = set()
    for relative in paths:
        target = dest / relative
        _make_folder(target.parent, made)
        original = source / relative
        try:
            if target.exists():
                if os.path.samefile(original, target):
                    continue
                target.unlink()
            os.link(original, target)
        except OSError:
            shutil.copyfile(original, target)
