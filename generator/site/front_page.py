"""The front page: which exemplars it shows, chosen from the records by rules, never by hand.

Staff may put forward a few records by id (``mkdocs.yml``: ``extra.featured``); the rest of the
featured places, and the "latest honoured" and "most replicated" rows, follow the rules below,
so the page stays true as records are added, corrected or withdrawn. An id in ``extra.featured``
that is not a published record is an error at its position in ``mkdocs.yml``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..paths import Project
from ..pipeline.load import YamlDocument
from ..pipeline.model import Catalog, Exemplar, Movement
from ..problems import ProblemList
from ..vietnamese import sort_key, vietnamese_date

FEATURED_COUNT = 6
LATEST_COUNT = 4
REPLICATED_COUNT = 4
FEATURED_KEYS = ("extra", "featured")
# Nodes with their positions, without running MkDocs' tags (!ENV, !!python/name).
_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FrontPage:
    featured: list[Exemplar]
    latest: list[Exemplar]  # the latest honoured
    replicated: list[Exemplar]  # adopted in the most places
    movements: list[tuple[Movement, int]]  # with published exemplars, and how many
    waiting: list[Movement]  # movements with no published exemplar yet: shown apart
    updated: date | None  # when the records last changed


def honour_year(exemplar: Exemplar) -> int:
    """The latest year the record was honoured in, as far as its sources say (0: not known)."""
    years = [award.when.latest for award in exemplar.awards if award.when]
    return max(years, default=0)


def _featured_order(exemplar: Exemplar) -> tuple:
    """What the rule puts forward: a photo, then the highest honour, then the widest replication."""
    award = exemplar.highest_award
    return (not exemplar.photos, award.form.rank if award else 10**6,
            -len(exemplar.replication.adopted_by), sort_key(exemplar.name))


def movements_by_use(catalog: Catalog) -> tuple[list[tuple[Movement, int]], list[Movement]]:
    """Movements with published exemplars (with their count), and those with none yet."""
    used, waiting = [], []
    for movement in catalog.movements:
        count = len(catalog.by_movement.get(movement.id, ()))
        if count:
            used.append((movement, count))
        else:
            waiting.append(movement)
    return used, waiting


def data_updated(catalog: Catalog) -> date | None:
    """The day the published records last changed (history.py's dates)."""
    latest = max(catalog.last_changed.values(), default=None)
    return latest.date() if latest else None


def updated_label(catalog: Catalog) -> str | None:
    """:func:`data_updated` as pages say it ("22/12/2018")."""
    updated = data_updated(catalog)
    return vietnamese_date(updated) if updated else None


def front_page(catalog: Catalog, featured_ids: tuple[str, ...] = ()) -> FrontPage:
    """What the front page shows: ``featured_ids`` first, then the records the rules put forward."""
    from .replication import most_replicated  # here: replication imports render, which imports this module

    by_id = {exemplar.id: exemplar for exemplar in catalog.exemplars}
    chosen = [by_id[i] for i in dict.fromkeys(featured_ids) if i in by_id]  # unknown ids: validation's error
    chosen_ids = {exemplar.id for exemplar in chosen}
    others = sorted((e for e in catalog.exemplars if e.id not in chosen_ids), key=_featured_order)
    featured = (chosen + others)[:max(FEATURED_COUNT, len(chosen))]
    honoured = [e for e in catalog.exemplars if honour_year(e)]
    latest = sorted(honoured, key=lambda e: (-honour_year(e), _featured_order(e)))[:LATEST_COUNT]
    replicated = most_replicated(catalog)[:REPLICATED_COUNT]
    used, waiting = movements_by_use(catalog)
    return FrontPage(featured, latest, replicated, used, waiting, data_updated(catalog))


def featured_problems(project: Project, records: list[YamlDocument]) -> ProblemList:
    """An error for each ``extra.featured`` entry of ``mkdocs.yml`` that is not a published record's id."""
    config_file = project.config_file
    problems = ProblemList()
    node = _config_node(config_file, FEATURED_KEYS)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        return problems
    display = project.display(config_file)
    items = node.value if isinstance(node, yaml.SequenceNode) else None
    if items is None or not all(isinstance(item, yaml.ScalarNode) for item in items):
        problems.add(display, node.start_mark.line + 1, node.start_mark.column + 1, "featured-not-a-list")
        return problems
    published = sorted(doc.stem for doc in records if not doc.unpublished)
    for item in items:
        if item.value not in published:
            near = difflib.get_close_matches(item.value, published, n=3, cutoff=0.6)
            problems.add(display, item.start_mark.line + 1, item.start_mark.column + 1, "featured-unknown",
                         value=item.value, suggestions=", ".join(near) or "-")
    return problems


def _config_node(config_file: Path, keys: tuple[str, ...]) -> yaml.Node | None:
    """The value node at ``keys`` (nested mapping keys) of ``config_file``, if written there."""
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_Composer)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    for wanted in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((value for key, value in node.value if key.value == wanted), None)
    return node
