"""Search documents: what Pagefind indexes for each profile, written by the render stage.

Pagefind used to read the profiles MkDocs had built, so it could only start once MkDocs
had finished: on a big site, most of a minute after a build of several, on a machine
whose second core sat idle meanwhile. A search document (``search_document.html.j2``)
carries the words of a profile's article, its filters and result details, and nothing
of the theme, so it can be written with the Markdown pages and indexed while MkDocs
builds (``search.py``). Documents sit under :data:`~generator.render.SEARCH_DOCUMENTS`
in the generated folder, at their profile's address below it
(``_search/dien-hinh/<id>/index.html`` for ``/dien-hinh/<id>/``), so Pagefind's results
link to the profiles. The plugin keeps them out of MkDocs and out of the published site.
"""

from __future__ import annotations

from jinja2 import Environment

from .model import Catalog, Exemplar
from .render import EXEMPLARS, SEARCH_DOCUMENTS, PageSet

TEMPLATE = "search_document.html.j2"
# What Pagefind is told to index under SEARCH_DOCUMENTS: exactly the profiles' documents.
PROFILE_GLOB = f"{EXEMPLARS}/*/index.html"


def search_document_path(exemplar: Exemplar) -> str:
    return f"{SEARCH_DOCUMENTS}/{EXEMPLARS}/{exemplar.id}/index.html"


def search_documents(env: Environment, catalog: Catalog) -> PageSet:
    """The search document of every published profile, by its path under the generated folder.

    A document shows one record, so the page cache keys it by that record's digest alone:
    an edit rewrites only its own record's document.
    """
    template = env.get_template(TEMPLATE)
    by_path = {search_document_path(exemplar): exemplar for exemplar in catalog.exemplars}
    inputs = {path: (TEMPLATE, exemplar.digest) for path, exemplar in by_path.items()}
    return PageSet(inputs, lambda path: template.render(exemplar=by_path[path]))
