"""Stopping on request: Ctrl-C (SIGINT) or SIGTERM ends a command cleanly, wherever it is.

The command line turns either signal into :class:`Stopped`, raised where the program was, so
every ``finally`` and ``except BaseException`` on the way out cleans up (a build's staging
folder, the search indexer, worker processes), and then prints one line and exits with
128 + the signal's number (130, 143), as shells expect. A second signal stops that cleanup
too (what it leaves, the next build removes: ``publish.remove_stale_staging``), but never
the publishing of the site: :func:`deferred` holds the signals until the swap is done.

Python runs a signal handler between two steps of whatever the main thread does, and a few
such places swallow what it raises (a callback the interpreter calls around a fork, a
``__del__``) and report it as "Exception ignored in …" with a traceback: that report is
left out, and the signal is remembered, so that :func:`checkpoint` raises it again where
it must not be missed: before the site is swapped in, and when the command ends.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(BaseException):
    """A stop signal arrived. ``published``: it arrived while the new site was being put in place,
    and was acted on only once that was done."""

    def __init__(self, signum: int, published: bool = False):
        super().__init__(signum)
        self.signum = signum
        self.published = published


_requested: int | None = None  # the stop signal received, if any


def _stop(signum: int, frame, published: bool = False) -> None:
    global _requested
    _requested = signum
    raise Stopped(signum, published)


def checkpoint() -> None:
    """Raise :class:`Stopped` if a stop signal came, even if what it raised then was swallowed."""
    if _requested is not None:
        raise Stopped(_requested)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within it, SIGINT and SIGTERM raise :class:`Stopped` (unless this process was started with
    them ignored, as a background job of a script is)."""
    previous = {each: signal.getsignal(each) for each in SIGNALS}
    for each, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(each, _stop)
    hook = sys.unraisablehook  # Python's report of an exception it had to swallow: not for ours
    sys.unraisablehook = lambda report: None if isinstance(report.exc_value, Stopped) else hook(report)
    try:
        yield
    finally:
        global _requested
        _requested = None
        sys.unraisablehook = hook
        for each, handler in previous.items():
            signal.signal(each, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done, then raise :class:`Stopped` (``published``)
    if one came: for steps that must not stop half-way, such as swapping the new site in."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
        yield
        return
    pending: list[int] = []
    previous = {each: signal.getsignal(each) for each in SIGNALS}
    for each, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(each, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)
    if pending:
        ours = previous[signal.Signals(pending[0])] is _stop
        if ours:
            _stop(pending[0], None, published=True)
        raise Stopped(pending[0], published=True)  # no handler of ours: a Ctrl-C's KeyboardInterrupt, say
