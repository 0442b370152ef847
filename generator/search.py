"""Search index: Pagefind over the built profiles, run after MkDocs has written the site.

Only profile pages are indexed, and only their article (not the theme's header, navigation
or footer), so the index grows with the stories and nothing else. Pagefind folds
diacritics (so ``dam thuy`` finds ``Đầm Thủy``), splits its index into chunks a query
loads on demand, and reads the filters and result details that ``_search_data.md.j2``
puts into each profile.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .render import EXEMPLARS

PROFILE_GLOB = f"{EXEMPLARS}/*/index.html"
ARTICLE_SELECTOR = "article.md-content__inner"


class SearchIndexError(RuntimeError):
    pass


def build_search_index(site_dir: Path) -> None:
    """Write ``site_dir/pagefind/`` (index, filters, search UI) for the built site."""
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--glob", PROFILE_GLOB,
        "--root-selector", ARTICLE_SELECTOR,
        "--force-language", "vi",
        "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed to index {site_dir}:\n{done.stdout}{done.stderr}")
