"""Search documents: what Pagefind indexes for each profile, movement and decision, written by the render stage.

Pagefind used to read the profiles MkDocs had built, so it could only start once MkDocs
had finished: on a big site, most of a minute after a build of several, on a machine
whose second core sat idle meanwhile. A search document (``search_document.html.j2``)
carries the words of a profile's article, its filters and result details, and nothing
of the theme, so it can be written with the Markdown pages and indexed while MkDocs
builds (``search/index.py``). Documents sit under :data:`~generator.paths.SEARCH_DOCUMENTS`
in the generated folder, at their page's address below it
(``_search/dien-hinh/<id>/index.html`` for ``/dien-hinh/<id>/``), so Pagefind's results
link to the pages. The plugin keeps them out of MkDocs and out of the published site.

Movements and decisions have documents of their own (``search_movement.html.j2``,
``search_decision.html.j2``), so that a movement's name finds the movement and not only
its exemplars; each document files its result type ("Điển hình", "Phong trào",
"Quyết định khen thưởng") as a filter, and the search page shows it on each result.
"""

from __future__ import annotations

from jinja2 import Environment

from ..paths import DECISIONS, EXEMPLARS, MOVEMENTS, SEARCH_DOCUMENTS
from ..pipeline.model import Catalog, Decision, Exemplar, Movement
from ..pipeline.render import PageSet

TEMPLATE = "search_document.html.j2"
MOVEMENT_TEMPLATE = "search_movement.html.j2"
DECISION_TEMPLATE = "search_decision.html.j2"
# What Pagefind is told to index under SEARCH_DOCUMENTS: the profiles' documents, and
# (OTHER_GLOB) the movements' and decisions'.
PROFILE_GLOB = f"{EXEMPLARS}/*/index.html"
OTHER_FOLDERS = (MOVEMENTS, DECISIONS)
OTHER_GLOB = f"{{{','.join(OTHER_FOLDERS)}}}/*/index.html"
DOCUMENT_GLOB = f"{{{EXEMPLARS},{MOVEMENTS},{DECISIONS}}}/*/index.html"


def search_document_path(exemplar: Exemplar) -> str:
    return f"{SEARCH_DOCUMENTS}/{EXEMPLARS}/{exemplar.id}/index.html"


def search_documents(env: Environment, catalog: Catalog) -> PageSet:
    """The search document of every published profile, movement and decision, by its path
    under the generated folder.

    A profile's document shows one record, so the page cache keys it by that record's digest
    alone: an edit rewrites only its own record's document. A movement's or decision's shows
    only its own file (what the page context holds), so it is keyed by its id.
    """
    template = env.get_template(TEMPLATE)
    movement_template = env.get_template(MOVEMENT_TEMPLATE)
    decision_template = env.get_template(DECISION_TEMPLATE)
    by_path: dict[str, Exemplar | Movement | Decision] = {
        search_document_path(exemplar): exemplar for exemplar in catalog.exemplars}
    inputs = {search_document_path(exemplar): (TEMPLATE, exemplar.digest) for exemplar in catalog.exemplars}
    for folder, items, name in ((MOVEMENTS, catalog.movements, MOVEMENT_TEMPLATE),
                                (DECISIONS, catalog.decisions, DECISION_TEMPLATE)):
        for item in items:
            path = f"{SEARCH_DOCUMENTS}/{folder}/{item.id}/index.html"
            by_path[path] = item
            inputs[path] = (name, item.id)

    def make(path: str) -> str:
        item = by_path[path]
        if isinstance(item, Movement):
            return movement_template.render(movement=item)
        if isinstance(item, Decision):
            return decision_template.render(decision=item)
        return template.render(exemplar=item)

    return PageSet(inputs, make)
