"""Every address on the site and every path in a project or in this package, in one place.

A page's address is what citizens see and share, so the folder names are Vietnamese (without
marks) and never change lightly: a renamed folder breaks every link shared before
(``kinds.yml`` keeps redirects for the kind pages that moved).

A project's layout is a convention, the same for every site built with this
generator, so that staff find records in the same place everywhere::

    mkdocs.yml
    exemplars/**/<id>.yml        one record per exemplar (subfolders allowed)
    content/movements/<id>.yml   one record per movement
    content/decisions/<id>.yml   one record per award decision
    content/taxonomies/*.yml     kinds, fields and award forms
    content/pages/               hand-written pages (MkDocs' docs_dir)
    build/generated/             generated Markdown (a build product, never committed)
    build/cache/                 what earlier runs found and made (always safe to delete)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# What the package reads beside its modules (pyproject.toml's package-data lists the same files).
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
SCHEMA_DIR = PACKAGE_DIR / "schemas"
MESSAGES_FILE = PACKAGE_DIR / "messages.yml"

# Folders of the generated site, each one folder deep (render.py's links rely on it).
EXEMPLARS = "dien-hinh"
MOVEMENTS = "phong-trao"
KINDS = "loai"
FIELDS = "linh-vuc"
PROVINCES = "dia-phuong"
YEARS = "nam"
AWARDS = "khen-thuong"
DECISIONS = "quyet-dinh"
FEEDS = "nguon-tin"  # Atom feeds (site/feeds.py)
CARDS = "the-mo-hinh"  # printable model cards (site/cards.py)
STATISTICS_DIR = "thong-ke"
EXPORT_DIR = "du-lieu"  # open data (site/exports.py)
REPLICATED_PAGE = "nhan-rong/index.md"
# The hand-written page that tells a person how to ask to be removed (rules/takedown.py): every profile links it.
TAKEDOWN_PAGE = "yeu-cau-go-thong-tin.md"
# Search documents (search/documents.py): indexed by Pagefind, never published. Below it, a
# document's path is its profile's address, so the index links to the profiles.
SEARCH_DOCUMENTS = "_search"
BUNDLE = "pagefind"  # the search bundle's folder in the site, where search.js looks for it
VOCABULARY = "tim-kiem/tu-vung.json"  # beside the search page, where search.js fetches it
SITEMAP = "sitemap.xml"


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
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def build_dir(self) -> Path:
        """Build products, never committed: generated Markdown, caches, the search bundle."""
        return self.root / "build"

    @property
    def generated_dir(self) -> Path:
        return self.build_dir / "generated"

    @property
    def cache_dir(self) -> Path:
        return self.build_dir / "cache"

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
