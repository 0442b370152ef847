"""Stage 5, write: put generated files on disk, touching only what changed.

A file whose bytes are already right is left alone, bytes and modification
time both, so MkDocs' live reload and any later copy step see only real
changes. Files that are no longer generated are removed, so a deleted or
unpublished record leaves nothing behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_files(out_dir: Path, files: dict[str, str | bytes], trusted: set[str] = frozenset()) -> WriteReport:
    """Make ``out_dir`` hold exactly ``files`` (relative path → content).

    ``trusted`` files are the same as a previous run wrote (the page cache says so): they
    are left alone if they are still there at their size, without reading them back.
    """
    report = WriteReport()
    folders: set[Path] = set()  # made already: asking the file system again for each file is slow
    for relative, content in sorted(files.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = out_dir / relative
        try:
            if path.stat().st_size == len(data) and (relative in trusted or path.read_bytes() == data):
                report.unchanged += 1
                continue
        except FileNotFoundError:
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
        write_atomically(path, data)
        report.written.append(relative)
    if out_dir.is_dir():
        for path in sorted(out_dir.rglob("*"), reverse=True):  # children before their folders
            relative = path.relative_to(out_dir).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
                report.removed.append(relative)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return report
