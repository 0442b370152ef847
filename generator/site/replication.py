"""The most-replicated page: models ranked by how many places adopted them."""

from __future__ import annotations

from ..paths import REPLICATED_PAGE
from ..pipeline.model import Catalog, Exemplar
from ..pipeline.render import make_environment


def most_replicated(catalog: Catalog) -> list[Exemplar]:
    """Adopted models, most adoptions first; ties keep Vietnamese alphabetical order."""
    adopted = [e for e in catalog.exemplars if e.replication.adopted_by]
    return sorted(adopted, key=lambda e: -len(e.replication.adopted_by))  # sort is stable


def replication_pages(catalog: Catalog) -> dict[str, str]:
    env = make_environment()
    env.globals["catalog"] = catalog
    page = env.get_template("replicated_index.md.j2").render(exemplars=most_replicated(catalog))
    return {REPLICATED_PAGE: page}
