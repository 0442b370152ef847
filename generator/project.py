"""Where a project's records, content and generated pages live.

The layout is a convention, the same for every site built with this
generator, so that staff find records in the same place everywhere::

    mkdocs.yml
    exemplars/**/<id>.yml        one record per exemplar (subfolders allowed)
    content/movements/<id>.yml   one record per movement
    content/decisions/<id>.yml   one record per award decision
    content/taxonomies/*.yml     kinds, fields and award forms
    content/pages/               hand-written pages (MkDocs' docs_dir)
    build/generated/             generated Markdown (a build product, never committed)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: Path | str) -> Project:
        return cls(Path(root).resolve())

    @property
    def records_dir(self) -> Path:
        return self.root / "exemplars"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def movements_dir(self) -> Path:
        return self.content_dir / "movements"

    @property
    def decisions_dir(self) -> Path:
        return self.content_dir / "decisions"

    @property
    def taxonomies_dir(self) -> Path:
        return self.content_dir / "taxonomies"

    @property
    def pages_dir(self) -> Path:
        return self.content_dir / "pages"

    @property
    def generated_dir(self) -> Path:
        return self.root / "build" / "generated"

    def display(self, path: Path) -> str:
        """``path`` as people see it in messages: relative to the project, with ``/``."""
        relative = self._inside(path)
        if relative is None:  # resolving costs a system call per folder of the path: only when needed
            relative = self._inside(path.resolve())
        return path.as_posix() if relative is None else relative

    def _inside(self, path: Path) -> str | None:
        if path.is_relative_to(self.root) and ".." not in path.parts:
            return path.relative_to(self.root).as_posix()
        return None
