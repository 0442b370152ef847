"""Places across the 2025 reorganisation: which province an old province is part of today.

The table is data (``content/taxonomies/provinces.yml``, with its source); records keep the
names of their time, and pages and search add today's province beside them.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path

import yaml

from .vietnamese import fold

TABLE_FILE = "provinces.yml"


def load_province_successors(taxonomies_dir: Path) -> dict[str, str]:
    """Folded old province name → today's province name (empty if there is no table)."""
    path = taxonomies_dir / TABLE_FILE
    if not path.is_file():
        return {}
    table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {fold(row["old"]): row["now"] for row in table.get("merged", ())}


@functools.lru_cache(maxsize=4)
def known_provinces(taxonomies_dir: Path) -> dict[str, str]:
    """Folded name → name, for today's 34 provinces (``vietnam-provinces``) and the table's old ones."""
    from vietnam_provinces import Province  # ships its data: works offline

    names = [_short_name(p.name) for p in Province.iter_all()]
    table = load_province_successors(taxonomies_dir)
    names += list(table.values())
    known = {fold(name): name for name in names}
    path = taxonomies_dir / TABLE_FILE
    if path.is_file():
        rows = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("merged", ())
        known.update({fold(row["old"]): row["old"] for row in rows})
    return known


def nearest_provinces(name: str, taxonomies_dir: Path) -> list[str] | None:
    """None if ``name`` is a known province (old or new); else the nearest known names."""
    known = known_provinces(taxonomies_dir)
    folded = fold(_short_name(name))
    if folded in known:
        return None
    return [known[k] for k in difflib.get_close_matches(folded, list(known), n=3, cutoff=0.5)]


def _short_name(name: str) -> str:
    for prefix in ("Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name
