"""The stages joined up: load → validate → model → render → write.

The CLI and the MkDocs plugin both call :func:`generate`; tests call the
stages one by one.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..build import parallel
from ..build.cache import FileDigests, RecordCache, photo_files, settled, signature
from ..build.history import page_dates
from ..build.page_cache import PageCache
from ..paths import DECISIONS, SCHEMA_DIR, Project
from ..problems import ProblemList
from ..rules.takedown import takedown_problems
from ..search.documents import search_documents
from ..search.vocabulary import vocabulary_files
from ..site.cards import card_pages
from ..site.exports import export_files
from ..site.feeds import feed_files
from ..site.front_page import featured_problems
from ..site.photos import PhotoPublisher, PublishedPhoto
from ..site.replication import replication_pages
from ..site.sharing import SiteConfig, template_globals
from ..site.statistics import statistics_files
from .fragments import Fragments
from .load import LoadedProject, YamlDocument, exemplar_files, load_project
from .model import Catalog, Exemplar, build_decision, build_exemplar, build_movement
from .render import SiteRenderer, decision_scan, digests, exemplar_page, make_pages, photo_path, record_pages
from .validate import Validation, unique_id_problems, validate_pages, validate_project
from .write import Content, Stamp, Writer, WriteReport, files_on_disk


@dataclass
class Outcome:
    """What a run produced: always the validation, and the rest when records were valid."""

    loaded: LoadedProject
    validation: Validation
    catalog: Catalog | None = None
    report: WriteReport | None = None

    @property
    def ok(self) -> bool:
        return self.validation.ok


class Session:
    """The caches of one project across runs: read from ``build/cache/`` on first use.

    A one-off run makes its own session and saves it when done. The preview server keeps
    one for as long as it runs, so each rebuild after an edit skips reading and writing
    the caches and building again the records that did not change, and saves it when it
    stops (a session that is never saved costs the next run time, never correctness).
    """

    def __init__(self, project: Project):
        self.project = project
        self._records: RecordCache | None = None
        self._photo_digests: FileDigests | None = None
        self._page_cache: PageCache | None = None
        self.exemplars: dict[tuple[str | None, str], Exemplar] = {}  # (record cache key, digest) → built record
        # The generated folder as the last run left it (path → stamp). The preview's next run trusts it
        # instead of walking 60,000 files (a second at 20,000 records), and walks again only when a
        # write fails on a missing folder: a single page deleted by hand meanwhile comes back when its
        # record changes or at the next one-off run, which always walks.
        self.generated: dict[str, Stamp] | None = None
        # The catalog of the last run, if it had no errors (what :func:`refresh_profiles` patches),
        # when that run began (time.time_ns()), and the file each of its records was read from.
        self.catalog: Catalog | None = None
        self.catalog_time = 0
        self.record_files: dict[str, Path] = {}

    @property
    def photo_digests(self) -> FileDigests:
        """The digests of the photos' bytes: what records and pages with photos are keyed by."""
        if self._photo_digests is None:
            self._photo_digests = FileDigests(self.project.cache_dir / "photo-digests.pickle")
        return self._photo_digests

    @property
    def records(self) -> RecordCache:
        if self._records is None:
            self._records = RecordCache(self.project, self.photo_digests)
        return self._records

    @property
    def page_cache(self) -> PageCache:
        if self._page_cache is None:
            self._page_cache = PageCache(self.project)
        return self._page_cache

    def save(self) -> None:
        for cache in (self._records, self._page_cache, self._photo_digests):
            if cache is not None:
                cache.save()


@contextmanager
def _in_session(project: Project, session: Session | None) -> Iterator[Session]:
    """``session``, or a one-off session for this run, saved when the run is done."""
    if session is not None:
        yield session
        return
    one_off = Session(project)
    yield one_off
    one_off.save()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while records are read and pages made.

    A big site makes millions of small objects and no reference cycles; the
    collector would walk all of them again and again (a third of the time for
    20,000 records). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@collector_paused()
def check(project: Project, session: Session | None = None) -> Outcome:
    """Load and validate every record, the exemplar records spread over the machine's cores."""
    listing = ProblemList()
    files = exemplar_files(project, listing)
    loaded = load_project(project, exemplars=[])
    loaded.problems.extend(listing)
    validation = validate_project(loaded, project)
    with _in_session(project, session) as session:
        cache = session.records
        session.photo_digests.start_run()
        cache.start_run(project)
        found: dict[Path, tuple] = {}  # file → (document, problems)
        stale = []
        for file in files:
            if entry := cache.current(file):
                found[file] = (entry.document, entry.problems)
            else:
                stale.append(file)
        for shard in parallel.map_shards(partial(_check_records, project), stale):
            for file, record, document, problems in shard:
                cache.store(file, record, document, problems)
                found[file] = (document, problems)
        cache.end_run(files)
    for file in files:  # in the files' order, whichever run or process read them
        document, problems = found[file]
        if document is None:
            loaded.unreadable += 1
        else:
            loaded.exemplars.append(document)
        validation.problems.extend(problems)
    # What spans records is checked here, over all of them: that file names are unique, and that
    # no record a takedown request removed is published (with the log's deadlines, as of today).
    validation.problems.extend(unique_id_problems(loaded.exemplars))
    validation.problems.extend(validate_pages(project))
    validation.problems.extend(takedown_problems(project, loaded.exemplars))
    validation.problems.extend(featured_problems(project, loaded.exemplars))
    validation.invalid = {p.file for p in validation.problems.errors}
    return Outcome(loaded, validation)


def _check_records(project: Project, files: list[Path]) -> list[tuple]:
    """Load and validate exemplar records: for each, its file, signature, document and problems.

    Runs in a worker process for a shard of a big site; taxonomies and movements
    are read again there (a few files) so that the records are judged exactly
    as in one process.
    """
    signatures = [signature(file) for file in files]  # before reading: a later edit must not go unseen
    loaded = load_project(project, exemplars=files)
    validation = validate_project(loaded, project)
    documents = {doc.file: doc for doc in loaded.exemplars}
    problems: dict[str, list] = {}
    for problem in validation.problems:
        if problem.code != "duplicate-id":  # checked over all records by the caller
            problems.setdefault(problem.file, []).append(problem)
    results = []
    for file, record in zip(files, signatures):
        document = documents.get(file)
        if document is not None:
            document.forget_marks()  # only needed for messages, which are made already
        results.append((file, record, document, problems.get(project.display(file), [])))
    return results


def build_catalog(loaded: LoadedProject, validation: Validation, session: Session | None = None) -> Catalog:
    """Typed records and indexes from documents that passed validation.

    With a session, a record whose digest is unchanged since an earlier run of it is not built again.
    """
    taxonomy = validation.taxonomy
    assert taxonomy is not None, "records are built only after a validation that passed"
    movements = {doc.stem: build_movement(doc.stem, doc.data, taxonomy) for doc in loaded.movements}
    decisions = {doc.stem: build_decision(doc.stem, doc.data, doc.file.parent, taxonomy)
                 for doc in loaded.decisions if not doc.unpublished}
    built = session.exemplars if session else {}
    # Taxonomies, movements and decisions: what records are built with.
    context = session.records.key if session else ""
    photo_digests = session.photo_digests if session else FileDigests(None)
    exemplars = []
    for doc in loaded.exemplars:
        if doc.unpublished:  # checked, perhaps half written: never built, never shown
            continue
        key = (context, record_digest(doc, photo_digests))
        exemplar = built.get(key)
        if exemplar is None or exemplar.id != doc.stem:
            exemplar = build_exemplar(doc.stem, doc.data, doc.file.parent, taxonomy, movements, key[1], decisions)
        exemplars.append(exemplar)
    if session:
        session.exemplars = {(context, exemplar.digest): exemplar for exemplar in exemplars}
    return Catalog.build(taxonomy, movements.values(), exemplars, decisions.values())


def site_catalog(project: Project, outcome: Outcome, session: Session | None = None) -> Catalog:
    """The catalog of a checked project without errors, as pages are made from it: :func:`build_catalog`,
    with each record's place then and now and each record's last change."""
    catalog = build_catalog(outcome.loaded, outcome.validation, session)
    for exemplar in catalog.exemplars:  # here, before page-making processes are forked: the tables load once
        catalog.then_now(exemplar.place)
    catalog.last_changed = page_dates(project, outcome.loaded)
    return catalog


def record_digest(doc: YamlDocument, photo_digests: FileDigests) -> str:
    """The record's bytes and its photos' bytes: what its pages are keyed by (page_cache.py)."""
    photos = [(path.as_posix(), photo_digests(path)) for path in photo_files(doc)]
    return hashlib.blake2b(repr((doc.digest, photos)).encode(), digest_size=16).hexdigest()


def render_files(
    catalog: Catalog, page_cache: PageCache | None = None, project: Project | None = None, writer: Writer | None = None,
    photo_digests: FileDigests | None = None,
) -> dict[str, Content]:
    """Every generated file: Markdown pages, model cards, search documents, feeds and published photos.

    With a ``project``, absolute addresses come from its ``mkdocs.yml`` (see :func:`site_renderer`).
    With a ``writer``, the pages made one per record (profiles, cards, search documents) are
    written as they are made and come back as :data:`~generator.pipeline.write.WRITTEN`.
    """
    renderer, site, photo_variants = site_renderer(catalog, page_cache, project, photo_digests=photo_digests)
    env = renderer.env
    files: dict[str, Content] = dict(renderer.render_pages())
    # Profiles, printable model cards and what Pagefind indexes: most of a run's work, on all cores.
    one_per_record = record_pages(renderer.profile_pages(), card_pages(env, catalog), search_documents(env, catalog))
    files.update(make_pages(one_per_record, page_cache, writer))
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):  # published for editors and tools
        files[f"schema/{schema.name}"] = schema.read_bytes()
    for decision in catalog.decisions:
        if decision.file:
            files[f"{DECISIONS}/{decision_scan(decision)}"] = decision.file.read_bytes()
    everything = digests(catalog.exemplars)  # the exports and the replication page show every record
    exports = partial(export_files, catalog, page_cache.fragments if page_cache else Fragments())
    for name, make in (("exports", exports), ("replication", partial(replication_pages, catalog))):
        files.update(page_cache.files(name, everything, make) if page_cache else make())
    files.update(statistics_files(catalog))
    files.update(vocabulary_files(catalog))  # the search page's "did you mean"
    files.update(feed_files(catalog, site))  # absolute addresses: needs the site's address
    files.update(published_photo_files(photo_variants, page_cache))
    return files


def site_renderer(
    catalog: Catalog, page_cache: PageCache | None = None, project: Project | None = None,
    shown: list[Exemplar] | None = None, photo_digests: FileDigests | None = None,
) -> tuple[SiteRenderer, SiteConfig, dict[str, Path]]:
    """A renderer of ``catalog`` with the site's settings (from ``project``'s ``mkdocs.yml``) and the
    photos published of the records ``shown`` (all by default): the renderer, the settings and the
    photos' files.

    With a ``project``, photos are re-encoded only when new or changed (``build/cache/photos/``, by
    the digests of their bytes: ``photo_digests``, the session's).
    """
    site = SiteConfig.read(project.config_file) if project else SiteConfig()
    photo_cache = project.cache_dir / "photos" if project else None
    # Its cache folder holds the photos' bytes until they are read.
    publisher = PhotoPublisher(photo_cache, photo_digests)
    photos, photo_variants = publish_photos(catalog.exemplars if shown is None else shown, publisher,
                                            every_photo=shown is None)
    renderer = SiteRenderer(catalog, page_cache=page_cache)
    renderer.env.globals.update(template_globals(site, photos))
    return renderer, site, photo_variants


def publish_photos(
    exemplars: list[Exemplar], publisher: PhotoPublisher, every_photo: bool = True
) -> tuple[dict[tuple[str, int], PublishedPhoto], dict[str, Path]]:
    """Every photo of ``exemplars``, by (record id, photo index), and the files to write
    (each with the file in the publisher's cache that holds its bytes). ``every_photo``: these are
    all the site's records, so the publisher's cache forgets the others' photos."""
    keys, jobs = [], []
    for exemplar in exemplars:
        for index, photo in enumerate(exemplar.photos):
            keys.append((exemplar.id, index))
            jobs.append((photo.file, photo_path(exemplar, index).rsplit(".", 1)[0]))
    published, files = publisher.publish_all(jobs, every_photo)
    return dict(zip(keys, published)), files


def published_photo_files(variants: dict[str, Path], page_cache: PageCache | None) -> dict[str, Content]:
    """The photos' published files, read from the photo cache unless the page cache vouches for the
    copy published already: a cached file's folder and name say what it holds (the photo's
    digest, the width and format), so thousands of photos are not read again after every edit."""
    def read(names: list[str]) -> list[Content]:
        return [variants[name].read_bytes() for name in names]

    if page_cache is None:
        return dict(zip(variants, read(list(variants))))
    return page_cache.pages({name: (cached.parent.name, cached.name) for name, cached in variants.items()}, read)


def generate(project: Project, session: Session | None = None) -> Outcome:
    """Validate, then (if there are no errors) write the generated site sources.

    ``session``: the caches of a long-running process (see :class:`Session`); a one-off
    run reads them from disk and saves them before it returns.
    """
    started = time.time_ns()
    with _in_session(project, session) as session, collector_paused():
        outcome = check(project, session)
        if outcome.ok:
            outcome.catalog = site_catalog(project, outcome, session)
            try:
                outcome.report = _render_and_write(project, session, outcome.catalog, session.generated)
            except FileNotFoundError:  # someone removed generated files since: look at the folder again
                if session.generated is None:
                    raise
                outcome.report = _render_and_write(project, session, outcome.catalog, None)
            session.generated = outcome.report.stamps
            session.record_files = {doc.stem: doc.file for doc in outcome.loaded.exemplars}
        session.catalog, session.catalog_time = outcome.catalog, started
    return outcome


def refresh_profiles(project: Project, session: Session, files: list[Path]) -> WriteReport | None:
    """The preview's first answer to edited records: their profiles, written now, before
    :func:`generate` brings every other page up to date (the preview runs it next, in the background).

    Each profile is the page :func:`generate` makes of the same records (a test compares them byte
    for byte): the session's catalog, with the edited records built again, is the catalog a full run
    builds. None, and nothing written, unless the last run had no errors and each of ``files`` is a
    record that run published from the same file, still published, without errors, with the same
    photos, unchanged since (older than the run by more than a coarse file-system clock's tick):
    else only a full run can say what to show (a new file, say, may repeat another's id).
    """
    catalog, on_disk = session.catalog, session.generated
    if catalog is None or on_disk is None or not files:
        return None
    with collector_paused():
        loaded = load_project(project, exemplars=files)
        if validate_project(loaded, project).problems.errors or len(loaded.exemplars) != len(files):
            return None
        earlier = {exemplar.id: exemplar for exemplar in catalog.exemplars}
        movements = {movement.id: movement for movement in catalog.movements}
        edited = {}
        decisions = {decision.id: decision for decision in catalog.decisions}
        for doc in loaded.exemplars:
            before = earlier.get(doc.stem)
            photos = photo_files(doc)
            if before is None or session.record_files.get(doc.stem) != doc.file or doc.unpublished:
                return None
            if photos != [photo.file for photo in before.photos]:
                return None
            if not all(settled(signature(photo), session.catalog_time) for photo in photos):
                return None
            exemplar = build_exemplar(doc.stem, doc.data, doc.file.parent, catalog.taxonomy, movements,
                                      record_digest(doc, session.photo_digests), decisions)
            if not exemplar.published:
                return None
            edited[exemplar.id] = exemplar
        patched = Catalog.build(catalog.taxonomy, catalog.movements,
                                [edited.get(exemplar.id, exemplar) for exemplar in catalog.exemplars],
                                catalog.decisions)
        patched.place_history = catalog.place_history
        patched.last_changed = {**catalog.last_changed, **page_dates(project, loaded)}
        renderer, _, _ = site_renderer(patched, project=project, shown=list(edited.values()),
                                       photo_digests=session.photo_digests)
        writer = Writer(project.generated_dir, on_disk)
        for exemplar in edited.values():
            writer.put(exemplar_page(exemplar), renderer.render_profile(exemplar))
    on_disk.update(writer.report.stamps)
    return writer.report


def _render_and_write(project: Project, session: Session, catalog: Catalog,
                      on_disk: dict[str, Stamp] | None) -> WriteReport:
    """Render what the page cache does not keep and write it; ``on_disk``: the generated folder
    as this session left it, or None to look (``write.files_on_disk``)."""
    on_disk = files_on_disk(project.generated_dir) if on_disk is None else on_disk
    page_cache = session.page_cache
    page_cache.start_run(project, on_disk)
    writer = Writer(project.generated_dir, on_disk)
    report = writer.put_all(render_files(catalog, page_cache, project, writer, session.photo_digests))
    page_cache.end_run(report.stamps, set(digests(catalog.exemplars)))
    return report
