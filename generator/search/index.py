"""Search index: Pagefind over the profiles' search documents, run while MkDocs builds the site.

Only profiles are indexed, from the search documents the render stage writes for them
(``search/documents.py``): the words of each profile's article, the filters and the
result details, and nothing of the theme, so the index grows with the stories and
nothing else. Pagefind folds diacritics (so ``dam thuy`` finds ``Đầm Thủy``) and splits
its index into chunks a query loads on demand.

Why in the background: MkDocs builds on one core. Pagefind over the built site had to
wait for it, and added most of a minute to a 20,000-profile build (45 s after MkDocs'
200 s on two cores). The search documents are complete as soon as generation ends, so
the plugin starts the search indexer then (:meth:`SearchIndexJob.start`), a process that
runs Pagefind in parts, merges and finishes the bundle (``search/indexer.py``), and MkDocs
and the indexer each use a core. The bundle is written under ``build/``, because MkDocs
empties the site folder when it starts; once MkDocs has written the site,
:meth:`SearchIndexJob.finish` waits for the indexer and moves the bundle into ``site/pagefind/``.

A job never outlives its build: a failed or interrupted build cancels it
(:meth:`SearchIndexJob.cancel`), so does the end of the Python process (``atexit``), and
on Linux the kernel stops the indexer, which stops Pagefind, if the process that started it is killed.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

from ..paths import BUNDLE, SEARCH_DOCUMENTS, Project
from . import indexer
from .indexer import stop_with_parent


class SearchIndexError(RuntimeError):
    pass


def documents_dir(project: Project) -> Path:
    """Where the render stage writes the project's search documents."""
    return project.generated_dir / SEARCH_DOCUMENTS


class SearchIndexJob:
    """One run of the search indexer in the background: :meth:`start`, then :meth:`finish` or :meth:`cancel`."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.output: Path | None = None  # where the indexer writes the bundle
        self.log: IO[bytes] | None = None  # the indexer's output: a file, so that a full pipe can never stall it

    @property
    def started(self) -> bool:
        return self.process is not None

    def start(self, project: Project) -> None:
        """Start indexing the project's search documents into ``build/pagefind/`` (emptied first)."""
        self.cancel()  # the job of an earlier build that never reached its end
        output = project.build_dir / BUNDLE
        shutil.rmtree(output, ignore_errors=True)  # nothing of an interrupted run may end up in the site
        self.output = output
        self.log = tempfile.TemporaryFile()
        command = [sys.executable, "-m", "generator.search.indexer", str(documents_dir(project)), str(output),
                   "--part-size", str(indexer.PART_SIZE), "--chunk-size", str(indexer.INDEX_CHUNK_SIZE),
                   "--cache", str(project.build_dir / "search-parts")]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                        preexec_fn=stop_with_parent)
        atexit.register(self.cancel)

    def finish(self, site_dir: Path) -> None:
        """Wait for the indexer and move its bundle to ``site_dir/pagefind/``, replacing any there.

        Raises :class:`SearchIndexError` with the indexer's message if it failed.
        """
        assert self.process is not None and self.output is not None, "finish() before start()"
        try:
            status = self.process.wait()
        except BaseException:  # interrupted while waiting (Ctrl-C): stop the indexer too
            self.cancel()
            raise
        output = self._end()
        if status != 0:
            shutil.rmtree(self.output, ignore_errors=True)
            raise SearchIndexError(output.strip() or f"The search indexer stopped (exit status {status}).")
        sys.stderr.write(output)  # its warnings (a damaged cache of parts): a successful run says nothing else
        target = site_dir / BUNDLE
        if target.exists():
            shutil.rmtree(target)
        shutil.move(self.output, target)  # a rename on one file system, else a copy

    def cancel(self) -> None:
        """Stop the indexer if it is still running and remove what it wrote."""
        if self.process is None:
            return
        assert self.output is not None  # set with the process
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._end()
        shutil.rmtree(self.output, ignore_errors=True)

    def _end(self) -> str:
        """Forget the finished process; what it printed."""
        atexit.unregister(self.cancel)
        self.process = None
        assert self.log is not None  # set with the process
        self.log.seek(0)
        output = self.log.read().decode("utf-8", "replace")
        self.log.close()
        return output


def build_search_index(project: Project, site_dir: Path) -> None:
    """Index the project's search documents into ``site_dir/pagefind/``, waiting for it: for
    scripts that index a site again (the benchmarks). Builds use a :class:`SearchIndexJob`."""
    job = SearchIndexJob()
    job.start(project)
    job.finish(site_dir)

