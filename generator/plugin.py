"""The MkDocs plugin: generated pages join the hand-written ones in every build.

``mkdocs build`` and ``mkdocs serve`` run the generator before MkDocs reads
its files; ``python -m generator build`` runs it first itself (to print
problems cleanly) and says so, so nothing is generated twice.
While serving, records and taxonomies are watched, and a record with errors
leaves the last good pages in place instead of stopping the server; the
problems are listed at the top of every page.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

import watchdog.observers
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

from .build import csp
from .build.incremental import IncrementalBuild
from .build.post_build import finish_site
from .build.raw_links import RawLinksExtension, page_prefix
from .paths import CARDS, SEARCH_DOCUMENTS, SITEMAP, Project
from .pipeline.render import COMPILED_TEMPLATES
from .pipeline.run import Outcome, Session, generate, refresh_profiles
from .pipeline.write import files_on_disk
from .problems import format_text, message
from .rules import takedown
from .search.index import SearchIndexError, SearchIndexJob, documents_dir
from .site.front_page import updated_label
from .site.photos import PHOTO_SUFFIXES
from .site.sharing import SiteConfig

log = logging.getLogger("mkdocs.plugins.exemplars")
# Set to 1 (`python -m generator serve --poll`) to keep MkDocs' polling of watched folders.
POLL_VARIABLE = "EXEMPLARS_SERVE_POLL"


# watchdog picks the platform's observer class when imported: mypy sees a variable, not a class.
class _ChangesObserver(watchdog.observers.Observer):  # type: ignore[valid-type,misc]
    """The native observer, told to report changes only: a file that is merely opened and read
    (the build reads every record) must not start another build.

    Folders count too, but for "modified" (any change to a file in it): a folder of records moved
    out of the project is reported as the folder gone, with no event for its files.
    """

    CHANGES = (FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
               DirCreatedEvent, DirDeletedEvent, DirMovedEvent)

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or self.CHANGES)


def _use_native_observer(server, watched: list[str]) -> None:
    """Let the operating system report file changes to the preview instead of MkDocs' polling.

    MkDocs walks every watched folder twice a second; on 20,000 records that walk kept
    one core busy and slowed every rebuild. watchdog's native observer (inotify,
    FSEvents, ReadDirectoryChangesW) is told of changes instead. Folders MkDocs already
    watches move over with the public ``unwatch``/``watch``. Where the system does not
    report changes (some network or WSL-mounted drives), ``--poll`` keeps polling.
    """
    moved = []
    for path in watched:
        try:
            server.unwatch(path)
        except KeyError:  # MkDocs was not watching it (theme folders without --watch-theme)
            continue
        moved.append(path)
    server.observer = _ChangesObserver()
    for path in moved:
        server.watch(path)


class _RecordEdits(FileSystemEventHandler):
    """What changed in the project's records, movements and taxonomies since the preview last asked:
    the record files written (and still there), or None if anything else changed there too (a
    record removed or renamed away, a photo, a movement, a taxonomy), which only a full generation
    can follow.

    A record counts however the editor saved it: in place, or as a new file renamed over it
    (gedit, Kate, JetBrains' "safe write"), or after renaming the old one to a backup (Vim, Emacs).
    Files the generator never reads change nothing: hidden files, and names without a record's
    or a photo's extension (``x.yml~``, ``x.yml___jb_tmp___``, Vim's ``4913``). Whether a record
    written is one the last run published from the same file is for
    :func:`~generator.pipeline.run.refresh_profiles` to say.
    """

    READ_SUFFIXES = frozenset({".yml", ".yaml", *PHOTO_SUFFIXES})

    def __init__(self, records_dir: Path):
        self.records_dir = records_dir
        self._lock = threading.Lock()
        self._written: set[Path] = set()
        self._other = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory and event.event_type == "modified":  # its files' own events say what changed
            return  # (the preview's observer does not report it: _ChangesObserver; MkDocs' polling does)
        paths = [event.src_path, *([event.dest_path] if event.event_type == "moved" else [])]
        for path in map(Path, map(os.fsdecode, paths)):
            if path.name.startswith(".") or (not event.is_directory and path.suffix.lower() not in self.READ_SUFFIXES):
                continue
            record = not event.is_directory and path.suffix == ".yml" and path.is_relative_to(self.records_dir)
            with self._lock:
                if record:
                    self._written.add(path)
                else:
                    self._other = True

    def take(self) -> list[Path] | None:
        """The records written since the last call (None: something else changed too)."""
        with self._lock:
            written, other = sorted(self._written), self._other
            self._written, self._other = set(), False
        if other or not all(path.is_file() for path in written):  # a record removed, or renamed away
            return None
        return written


class _FollowUp:
    """The full generation that follows the preview's first answer to an edit (the edited profiles):
    run in a thread once those are published, so the server answers meanwhile; when it is done it
    writes ``trigger``, a file the server watches, which starts the build that publishes the rest."""

    def __init__(self) -> None:
        self.wanted = False  # set when a build published edited profiles only
        self.started = 0.0
        self._thread: threading.Thread | None = None
        self._outcome: Outcome | None = None
        self._error: BaseException | None = None

    def start(self, project: Project, session: Session, trigger: Path) -> None:
        self.wanted, self.started = False, time.time()

        def run() -> None:
            try:
                self._outcome = generate(project, session)
            except BaseException as error:  # raised again in the build thread (finish)
                self._error = error
            trigger.parent.mkdir(parents=True, exist_ok=True)  # build/ may have been removed meanwhile
            trigger.write_text(str(time.time_ns()), encoding="utf-8")

        self._thread = threading.Thread(target=run, name="exemplars-follow-up", daemon=True)
        self._thread.start()

    def finish(self) -> Outcome | None:
        """Wait for the generation under way, if any: its outcome, once (its error raised here)."""
        if self._thread is None:
            return None
        self._thread.join()
        outcome, error = self._outcome, self._error
        self._thread = self._outcome = self._error = None
        if error is not None:
            raise error
        return outcome


class _GeneratedFile(File):
    """A generated file, which knows whether it changed since the site was last built: the plugin
    tells it from the write reports, so a dirty rebuild does not compare the times of 20,000
    pages and their HTML twice over (MkDocs' own ``is_modified``)."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class ExemplarsPlugin(BasePlugin):
    def __init__(self) -> None:
        # Set by the CLI when it has generated (and reported) already: the generated files.
        self.pregenerated: list[str] | None = None
        # The files the last generation left in the generated folder (None: find them on disk).
        self.generated_files: list[str] | None = None
        self.serving = False
        self.script_hashes: set[str] = set()  # inline-script hashes of every page (Content-Security-Policy)
        self.indexed = False  # whether this process has built a search index yet
        self.search_index = SearchIndexJob()  # Pagefind, started when generation is done (search/index.py)
        self.preview_problems: list[dict] = []  # while serving: what preview.js lists on every page
        self.session: Session | None = None  # while serving: the caches, kept in memory between rebuilds
        self.cards: list[str] = []  # the model cards, linked into the site after the build
        self.dirty = False  # dirty builds (the preview's): the site keeps what earlier builds put there
        # Whether the site holds a finished build: a dirty build (the preview's) then publishes only the
        # generated files written since, which the plugin knows from the write reports.
        self.site_complete = False
        self.unpublished: set[str] = set()  # generated files written since the last finished build
        self.files_kept: dict[str, File] = {}  # while serving: each generated file's File, made once
        self.edits: _RecordEdits | None = None  # while serving: records edited since the last build
        self.follow_up = _FollowUp()  # while serving: the generation after an edit's first answer
        self.data_updated: str | None = None  # "22/12/2018": when the records last changed (every page's footer)
        # Set by publish.build_site for `python -m generator build`: pages whose inputs did not change are kept.
        self.incremental: IncrementalBuild | None = None
        self.raw_links = RawLinksExtension()  # raw HTML addresses, as Zensical resolves them (raw_links.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The generator writes feeds only for a site with a published address (feeds.py): the theme
        # announces them only then. The preview's own address (MkDocs sets it) does not count.
        published = SiteConfig.read(Path(config.config_file_path)).site_url is not None
        config.extra["feeds"] = published
        config.markdown_extensions.append(self.raw_links)  # type: ignore[arg-type]  # an instance is fine
        if self.serving:  # no one reads a preview's sitemap: of 20,000 pages it cost every rebuild 0.3 s
            config.theme.static_templates.discard(SITEMAP)
            config.extra["preview"] = True  # pages list the problems (theme/assets/javascripts/preview.js)
        elif not published:  # a sitemap lists absolute addresses: none rather than relative or local ones
            config.theme.static_templates.discard(SITEMAP)
            log.info(message("site-url-missing"))
        return config

    def project(self, config: MkDocsConfig) -> Project:
        return Project.at(Path(config.config_file_path).parent)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.pregenerated is not None:  # the CLI generated and reported already
            self.generated_files, self.pregenerated = self.pregenerated, None
            config.extra["data_updated"] = self.data_updated
            self.start_search_index(config)
            return
        if self.serving and self.session is None:
            self.session = Session(self.project(config))
        if not (self.serving and self._answered_quickly(config)):
            self._take(generate(self.project(config), self.session), config)
        config.extra["data_updated"] = self.data_updated
        self.start_search_index(config)  # while serving, after errors too: the last good documents stay

    def _answered_quickly(self, config: MkDocsConfig) -> bool:
        """Whether this preview build needs no generation of its own: it publishes the generation that
        followed the last edit, or the profiles of records just edited (the rest follows).

        A full generation after every edit keeps a big site's edited page waiting seconds for lists
        it does not show: on 20,000 records, 2 s before MkDocs could start.
        """
        assert self.session is not None  # on_pre_build made it: this is a preview
        followed = self.follow_up.finish()
        if followed is not None:
            self._take(followed, config)
        edited = self.edits.take() if self.edits else None
        if edited and (report := refresh_profiles(self.project(config), self.session, edited)):
            self.unpublished.update(report.written)
            self.follow_up.wanted = True
            log.info(message("preview-profiles-first", count=len(edited)))
            return True
        # The build the follow-up asked for, with nothing changed since it began (mkdocs.yml is read
        # by the generation but not among the folders watched for edits).
        unchanged = os.path.getmtime(config.config_file_path) < self.follow_up.started
        return followed is not None and edited == [] and unchanged

    def _take(self, outcome: Outcome, config: MkDocsConfig) -> None:
        """Publish what a generation wrote and report its problems."""
        # After errors nothing was written and the last good pages stay: on_files finds them on disk.
        self.generated_files = list(outcome.report.stamps) if outcome.report else None
        self.unpublished.update(outcome.report.written if outcome.report else ())
        if outcome.catalog is not None:
            self.data_updated = updated_label(outcome.catalog)
        problems = outcome.validation.problems.sorted()
        for line in format_text(problems):
            (log.warning if self.serving or "warning:" in line else log.error)(line)
        if self.serving:  # listed on every page by theme/assets/javascripts/preview.js
            self.preview_problems = [
                {"file": p.file, "line": p.line, "column": p.column, "severity": p.severity, "text": p.text()}
                for p in sorted(problems, key=lambda p: p.severity != "error")
            ]
        elif not outcome.ok:
            raise Abort(message("build-stopped"))

    def start_search_index(self, config: MkDocsConfig) -> None:
        """Start the search indexer (Pagefind over the search documents, in parts) while MkDocs builds."""
        if self.serving and self.indexed:  # the preview's search keeps its first index: rebuilding it
            return  # after every edit would cost more than the edit's pages on a big site
        project = self.project(config)
        if self.serving and not documents_dir(project).is_dir():  # none yet (every record has errors):
            return  # a later build indexes them
        self.search_index.start(project)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        generated_dir = self.project(config).generated_dir
        known = self.generated_files
        unrendered = SITEMAP not in config.theme.static_templates  # on_config: the preview's, or no address
        if unrendered and (template := files.get_file_from_path(SITEMAP)):  # MkDocs took it for a static
            files.remove(template)  # file of the theme: not to be copied either
        for source_map in [file for file in files.media_files() if file.src_uri.endswith(".map")]:
            files.remove(source_map)  # the theme's source maps: for its developers, not for citizens
        # Model cards are finished pages that no page links to through Markdown: instead of
        # 20,000 more Files for MkDocs to hold and copy, on_post_build links them into the site.
        self.cards = []
        # The preview keeps each File between rebuilds: making 20,000 of them again took a second.
        kept, self.files_kept = self.files_kept, {}
        hand_written = set(files.src_uris)
        for uri in sorted(known if known is not None else files_on_disk(generated_dir)):
            if uri in hand_written:
                raise Abort(f"content/pages/{uri} clashes with a generated page: rename or remove it.")
            if uri.startswith(f"{CARDS}/"):
                self.cards.append(uri)
                continue
            if uri.startswith(f"{SEARCH_DOCUMENTS}/"):  # read by Pagefind only, never published
                continue
            file = kept.get(uri) or _GeneratedFile.generated(config, uri, abs_src_path=str(generated_dir / uri))
            assert isinstance(file, _GeneratedFile)  # generated() makes its class; MkDocs types it File
            file.changed = self._unpublished(uri)
            if self.serving:
                self.files_kept[uri] = file
            files.append(file)
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        if self.incremental is not None:  # before MkDocs reads any page: which ones it need not make again
            self.incremental.plan(files, config)
        return nav

    def _unpublished(self, uri: str) -> bool:
        """Whether the generated file ``uri`` has yet to reach the site: every file does, unless a
        dirty build adds to a finished one (then only those generation wrote since)."""
        return not (self.dirty and self.site_complete) or uri in self.unpublished

    def on_shutdown(self) -> None:
        try:
            self.follow_up.finish()  # not saved half way
        except Exception as error:
            log.error(message("preview-follow-up-failed", error=error))
        if self.session is not None:  # the preview kept its caches in memory: the next run starts from them
            self.session.save()
        self.search_index.cancel()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if os.environ.get(POLL_VARIABLE) != "1":
            _use_native_observer(server, [config.docs_dir, config.config_file_path, *config.theme.dirs])
        project = self.project(config)
        self.edits = _RecordEdits(project.records_dir)
        for folder in (project.records_dir, project.movements_dir, project.decisions_dir, project.taxonomies_dir):
            if folder.is_dir():
                server.watch(str(folder))
                server.observer.schedule(self.edits, str(folder), recursive=True)
        trigger_folder = self.follow_up_trigger(project).parent
        trigger_folder.mkdir(parents=True, exist_ok=True)
        server.watch(str(trigger_folder))
        return server

    @staticmethod
    def follow_up_trigger(project: Project) -> Path:
        return project.build_dir / "preview" / "follow-up"

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        env.bytecode_cache = COMPILED_TEMPLATES  # MkDocs makes a new environment for every (re)build
        if self.incremental is not None:  # before the sitemap is made
            self.incremental.restore_page_data(files)
        return env

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files) -> str:
        self.raw_links.prefix = page_prefix(page.file.src_uri, page.url)
        if "updated" in page.meta:  # a profile: the sitemap's <lastmod> is its record's last change (history.py)
            page.update_date = str(page.meta["updated"])
        elif page.file.src_uri == takedown.PAGE:  # the board's private channel, from mkdocs.yml
            channel = takedown.channel_markdown(SiteConfig.read(Path(config.config_file_path)))
            markdown = markdown.replace(takedown.CHANNEL_PLACEHOLDER, channel)
        return markdown

    # Content-Security-Policy: each page allows exactly its own inline scripts (see csp.py).
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if page is not None:
            # The page is written next and its Markdown and HTML are never read again: held to the
            # end of the build, 20,000 profiles' texts were most of its memory.
            page.markdown = page.content = None
        if self.serving:  # the live-reload server injects its own inline script into each page
            return output
        output, hashes = csp.add_policy(output)
        self.script_hashes.update(hashes)
        if page is not None and self.incremental is not None:  # the last plugin (see csp.py): what is written
            self.incremental.record(page, output, hashes)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # 404.html; not sitemap.xml
            return output_content
        return self.on_post_page(output_content, page=None, config=config)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        cards = [card for card in self.cards if self._unpublished(card)]
        self.site_complete, self.unpublished = True, set()
        if self.follow_up.wanted:  # the edited profiles are out: now everything else
            project = self.project(config)
            assert self.session is not None  # a follow-up is wanted in a preview only
            self.follow_up.start(project, self.session, self.follow_up_trigger(project))
        if self.serving:
            problems = json.dumps(self.preview_problems, ensure_ascii=False)
            Path(config.site_dir, "preview-problems.json").write_text(problems, encoding="utf-8")
        if self.incremental is not None:  # the pages kept from the last build allow their scripts too
            self.script_hashes.update(self.incremental.kept_script_hashes())
            log.info(message("build-incremental", rebuilt=self.incremental.rebuilt, kept=len(self.incremental.kept)))
        indexing = self.search_index.started  # the preview's later builds keep the first index
        try:
            finish_site(self.project(config).generated_dir, Path(config.site_dir), cards=cards,
                        script_hashes=self.script_hashes, search_index=self.search_index)
        except SearchIndexError as error:
            raise Abort(str(error)) from error
        self.script_hashes = set()
        self.indexed = self.indexed or indexing

    def on_build_error(self, *, error: Exception) -> None:
        self.search_index.cancel()  # no Pagefind left running for a build that failed
