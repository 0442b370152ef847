"""Spreading work over the machine's cores, where it pays.

Work is shared out in a few large shards, one per core, to forked processes:
a fork inherits the imported modules and loaded data for free, and a shard per
core keeps the cost of sending results back to a few large transfers.
A process that runs threads (``mkdocs serve`` does) must not fork, so it, like
a one-core machine or a small site, does the work itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a second process costs more than it saves.
MIN_ITEMS_PER_SHARD = 250


def workers() -> int:
    """How many processes to use: one per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def shards(items: Sequence[Item], per_shard: int | None = None) -> list[list[Item]]:
    """``items`` cut into as many runs of neighbours, of equal length, as it pays to work on at once
    (one, if none). Neighbours stay together: a record's pages, made side by side, share work.

    ``per_shard``: the fewest items worth a process of their own (fewer for slow items);
    :data:`MIN_ITEMS_PER_SHARD` unless given.
    """
    count = max(1, min(workers(), len(items) // (per_shard or MIN_ITEMS_PER_SHARD)))
    if count > 1 and (threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods()):
        count = 1
    size, longer = divmod(len(items), count)  # the first `longer` shards take one item more
    bounds = [index * size + min(index, longer) for index in range(count + 1)]
    return [list(items[start:end]) for start, end in zip(bounds, bounds[1:])]


# The work of the current map_processes call: set before the pool forks its workers, which
# inherit it, so neither the function nor the shards' items need to be picklable.
_work: tuple[Callable, list] | None = None


def _run_shard(index: int):
    assert _work is not None  # a worker forked by map_processes, which set it
    function, shards = _work
    return function(shards[index])


def _worker_signals() -> None:
    """In a worker: Ctrl-C, which the terminal sends to every process of the command, is the parent's
    to act on (it stops the workers itself, :func:`map_processes`); SIGTERM ends the worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def map_processes(function: Callable[[list[Item]], Result], shards: Iterable[list[Item]]) -> list[Result]:
    """``function`` applied to each shard, each in a forked process; results in shard order.

    Only the results travel between processes (pickled): they should be plain data.
    """
    global _work
    shards = list(shards)
    context = multiprocessing.get_context("fork")
    _work = (function, shards)
    try:
        with ProcessPoolExecutor(max_workers=len(shards), mp_context=context, initializer=_worker_signals) as pool:
            try:
                return list(pool.map(_run_shard, range(len(shards))))
            except BaseException:  # stopped (Ctrl-C, SIGTERM) or failed: the other shards' work is not wanted
                for process in list(pool._processes.values()):  # terminate_workers() from Python 3.14
                    process.terminate()
                raise  # leaving the block waits for the pool to see its workers gone
    finally:
        _work = None


def map_shards(function: Callable[[list[Item]], Result], items: Sequence[Item],
               per_shard: int | None = None) -> list[Result]:
    """``function`` applied to each of the :func:`shards` of ``items``: in this process if there is one."""
    batches = shards(items, per_shard)
    if len(batches) == 1:
        return [function(batches[0])]
    return map_processes(function, batches)


def map_items(function: Callable[[Item], Result], items: Sequence[Item],
              per_shard: int | None = None) -> list[Result]:
    """``function(item)`` for each of ``items``, in their order; on all cores when there are enough."""
    made = map_shards(lambda batch: [function(item) for item in batch], items, per_shard)
    return [result for batch in made for result in batch]
