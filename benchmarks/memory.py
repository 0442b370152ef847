"""Peak memory of a process and everything it starts, sampled from /proc (Linux).

    with ProcessTreeMemory(process.pid) as memory:
        process.wait()
    print(memory.peak_pss, memory.peak_process)

A build runs several processes at once (MkDocs with the generator, its worker processes,
the search indexer and the Pagefind runs it starts), so the peak of any one of them
(``ru_maxrss``) understates what the machine needs. The sum of their proportional set sizes
(PSS: a page shared by n processes counts 1/n in each, so memory shared after a fork counts
once) is what they hold together.

The sampler is a process of its own (``python benchmarks/memory.py PID``), not a thread: a
thread would take the GIL from the process it measures, and reading a big process's
``smaps_rollup`` costs the kernel milliseconds, so it samples once a second. A spike
shorter than that can be missed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

INTERVAL = 1.0  # seconds between samples


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += _children(pid)
    return tree


def _kilobytes(pid: int, file: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:  # the process has ended
        pass
    return 0


class ProcessTreeMemory:
    """Samples the memory of process ``pid`` and its descendants until the ``with`` block ends:
    ``peak_pss``, the largest sum of their PSS, and ``peak_process``, the largest RSS of one, in MB."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.available = Path(f"/proc/{pid}/smaps_rollup").exists()
        self.peak_pss = self.peak_process = 0
        self._sampler: subprocess.Popen | None = None

    def __enter__(self) -> ProcessTreeMemory:
        if self.available:
            self._sampler = subprocess.Popen([sys.executable, __file__, str(self.pid)], stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc) -> None:
        if self._sampler is not None:
            self._sampler.send_signal(signal.SIGTERM)
            self.peak_pss, self.peak_process = map(int, self._sampler.communicate()[0].split())


class _Stopped(Exception):
    pass


def _stop(*_) -> None:
    raise _Stopped


def sample(pid: int, sampler: int) -> None:
    """Sample ``pid``'s tree (less the ``sampler`` process itself) until SIGTERM or its end, then print the two peaks."""
    peaks = [0, 0]
    signal.signal(signal.SIGTERM, _stop)
    try:
        while Path(f"/proc/{pid}").exists():
            tree = [member for member in _tree(pid) if member != sampler]
            peaks[0] = max(peaks[0], sum(_kilobytes(member, "smaps_rollup", "Pss:") for member in tree) // 1024)
            peaks[1] = max(peaks[1], max((_kilobytes(member, "status", "VmRSS:") for member in tree), default=0) // 1024)
            time.sleep(INTERVAL)
    except _Stopped:
        pass
    print(*peaks)


if __name__ == "__main__":
    sample(int(sys.argv[1]), os.getpid())
