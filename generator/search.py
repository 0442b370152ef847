"""Search index: Pagefind over the built profiles, run after MkDocs has written the site.

Only profile pages are indexed, and only their article (not the theme's header, navigation
or footer), so the index grows with the stories and nothing else. Pagefind folds
diacritics (so ``dam thuy`` finds ``Đầm Thủy``), splits its index into chunks a query
loads on demand, and reads the filters and result details that ``_search_data.md.j2``
puts into each profile.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .render import EXEMPLARS

PROFILE_GLOB = f"{EXEMPLARS}/*/index.html"
ARTICLE_SELECTOR = "article.md-content__inner"
# The "¶" permalink after each heading would be indexed as part of its last word ("hay¶").
EXCLUDE_SELECTORS = ".headerlink"
# Pagefind cuts its word index into chunks of about this many word positions (its default is
# 20,000) and a query downloads every chunk that holds one of its words. Vietnamese is written
# in syllables that recur on every page ("ha", "o", "nuoi"), so with big chunks each query word
# drags in its neighbours' postings too. At 20,000 profiles, 16 everyday queries fetched
# 8.3 MB together with the default, 3.6 MB at 1,000 and 2.8 MB at 100, for 36 KB more index
# metadata (loaded once, with the engine): `python benchmarks/search_chunks.py`.
# Pagefind 1.5 reads this setting only from the environment, under an "unstable" name: the
# benchmarks show at once if a new version ignores it.
INDEX_CHUNK_SIZE = 100


class SearchIndexError(RuntimeError):
    pass


def build_search_index(site_dir: Path) -> None:
    """Write ``site_dir/pagefind/`` (index, filters, search UI) for the built site."""
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--glob", PROFILE_GLOB,
        "--root-selector", ARTICLE_SELECTOR,
        "--exclude-selectors", EXCLUDE_SELECTORS,
        "--force-language", "vi",
        "--quiet",
    ]
    environment = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)}
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed to index {site_dir}:\n{done.stdout}{done.stderr}")
