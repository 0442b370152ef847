"""Places across the 2025 reorganisation: which province an old province is part of today.

The table is data (``content/taxonomies/provinces.yml``, with its source); records keep the
names of their time, and pages and search add today's province beside them.
"""

from __future__ import annotations

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
