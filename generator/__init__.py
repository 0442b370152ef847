"""Static site generator for a public showcase of Vietnamese emulation exemplars.

Records (YAML) go through five stages, one module each in :mod:`.pipeline`:
load → validate → model → render → write; :mod:`.pipeline.run` joins them.
The other sub-packages serve the stages and the build:

- :mod:`.rules`: what a record may say (places then and now, decisions, consent,
  personal data, reserved names, safe Markdown, takedowns), used by validate and render;
- :mod:`.site`: the pages and files beyond profiles and lists (front page, statistics,
  feeds, open data, cards, sharing, photos);
- :mod:`.search`: the documents Pagefind indexes, the indexer, the merged bundle;
- :mod:`.staff`: the staff's tools (``new``, ``import``, ``template``);
- :mod:`.build`: caches, parallel work, record dates, incremental builds, stopping,
  CSP, link check, publishing.

:mod:`.paths` owns every address and path, :mod:`.problems` every message,
:mod:`.vietnamese` the text rules. :mod:`.cli` and :mod:`.plugin` (MkDocs) are the doors.
"""
