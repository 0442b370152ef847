"""Search index: Pagefind over the profiles' search documents, run while MkDocs builds the site.

Only profiles are indexed, from the search documents the render stage writes for them
(``search_documents.py``): the words of each profile's article, the filters and the
result details, and nothing of the theme, so the index grows with the stories and
nothing else. Pagefind folds diacritics (so ``dam thuy`` finds ``Đầm Thủy``) and splits
its index into chunks a query loads on demand.

Why in the background: MkDocs builds on one core. Pagefind over the built site had to
wait for it, and added most of a minute to a 20,000-profile build (45 s after MkDocs'
200 s on two cores). The search documents are complete as soon as generation ends, so
the plugin starts Pagefind then (:meth:`SearchIndexJob.start`) and MkDocs and Pagefind
each use a core. Pagefind writes its bundle under ``build/``, because MkDocs empties the
site folder when it starts; once MkDocs has written the site, :meth:`SearchIndexJob.finish`
waits for Pagefind, finishes the bundle (``search_bundle.py``) and moves it into ``site/pagefind/``.

A job never outlives its build: a failed or interrupted build cancels it
(:meth:`SearchIndexJob.cancel`), so does the end of the Python process (``atexit``), and
on Linux the kernel stops Pagefind if the process that started it is killed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import cbor2

from .pipeline import collector_paused
from .project import Project
from .render import SEARCH_DOCUMENTS
from .search_bundle import finish_bundle
from .search_documents import PROFILE_GLOB

# Pagefind cuts its word index into chunks of about this many word positions (its default is
# 20,000) and a query downloads every chunk that holds one of its words. Vietnamese is written
# in syllables that recur on every page ("ha", "o", "nuoi"), so with big chunks each query word
# drags in its neighbours' postings too. At 20,000 profiles, 16 everyday queries fetched
# 8.3 MB together with the default, 3.6 MB at 1,000 and 2.8 MB at 100, for 36 KB more index
# metadata (loaded once, with the engine): `python benchmarks/search_chunks.py`.
# Pagefind 1.5 reads this setting only from the environment, under an "unstable" name: the
# benchmarks show at once if a new version ignores it.
INDEX_CHUNK_SIZE = 100
BUNDLE = "pagefind"  # the bundle's folder in the site, where search.js looks for it


class SearchIndexError(RuntimeError):
    pass


def documents_dir(project: Project) -> Path:
    """Where the render stage writes the project's search documents."""
    return project.generated_dir / SEARCH_DOCUMENTS


def pagefind_command(documents: Path, output: Path) -> list[str]:
    """Pagefind over the profiles' search documents under ``documents``, its bundle written to ``output``."""
    return [
        sys.executable, "-m", "pagefind",
        "--site", str(documents),
        "--glob", PROFILE_GLOB,
        "--output-path", str(output),
        "--force-language", "vi",
        "--quiet",
    ]


class SearchIndexJob:
    """One Pagefind run in the background: :meth:`start`, then :meth:`finish` or :meth:`cancel`."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.output: Path | None = None  # where Pagefind writes the bundle
        self.log = None  # Pagefind's output: a file, so that a full pipe can never stall it

    @property
    def started(self) -> bool:
        return self.process is not None

    def start(self, project: Project) -> None:
        """Start indexing the project's search documents into ``build/pagefind/`` (emptied first)."""
        self.cancel()  # the job of an earlier build that never reached its end
        output = project.root / "build" / BUNDLE
        shutil.rmtree(output, ignore_errors=True)  # nothing of an interrupted run may end up in the site
        self.output = output
        self.log = tempfile.TemporaryFile()
        # One indexing thread: Pagefind keeps about one core busy anyway (52 s of CPU in 39 s at
        # 20,000 profiles with two threads, 49 s in 46 s with one), and MkDocs needs the other.
        environment = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE),
                       "RAYON_NUM_THREADS": "1"}
        self.process = subprocess.Popen(
            pagefind_command(documents_dir(project), output), stdin=subprocess.DEVNULL, stdout=self.log,
            stderr=subprocess.STDOUT, env=environment, preexec_fn=_stop_with_parent,
        )
        atexit.register(self.cancel)

    def finish(self, site_dir: Path) -> None:
        """Wait for Pagefind, finish its bundle (``search_bundle.py``) and move it to
        ``site_dir/pagefind/``, replacing any there.

        Raises :class:`SearchIndexError` with Pagefind's output if it failed.
        """
        try:
            status = self.process.wait()
        except BaseException:  # interrupted while waiting (Ctrl-C): stop Pagefind too
            self.cancel()
            raise
        output = self._end()
        if status != 0:
            shutil.rmtree(self.output, ignore_errors=True)
            raise SearchIndexError(
                f"Pagefind could not build the search index (exit status {status}):\n{output.strip()}")
        try:
            with collector_paused():  # in a process holding a whole site's objects, each pass is long
                finish_bundle(self.output)
        except (OSError, ValueError, LookupError, cbor2.CBORError) as error:
            shutil.rmtree(self.output, ignore_errors=True)
            raise SearchIndexError(
                f"Could not finish Pagefind's bundle ({type(error).__name__}: {error}). The search bundle "
                "code reads the files of the Pagefind version requirements.txt pins; is another one installed?"
            ) from error
        target = site_dir / BUNDLE
        if target.exists():
            shutil.rmtree(target)
        shutil.move(self.output, target)  # a rename on one file system, else a copy

    def cancel(self) -> None:
        """Stop Pagefind if it is still running and remove what it wrote."""
        if self.process is None:
            return
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


if sys.platform == "linux":
    import ctypes

    _prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up in the parent: the child only calls it
    _PR_SET_PDEATHSIG = 1

    def _stop_with_parent() -> None:
        """Run in Pagefind's process before it starts: have the kernel stop it when the process
        that started it dies, even of a signal that leaves no time to clean up (SIGTERM, SIGKILL).

        The kernel watches the thread that started it: MkDocs builds, and the preview rebuilds,
        in the main thread.
        """
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
else:
    _stop_with_parent = None
