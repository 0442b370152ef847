"""Time a clean `python -m generator build` and the incremental one after a one-record commit.

    python benchmarks/incremental.py N [--edits K] [--skip-bare]

On a temporary copy of the site with N synthetic records (``benchmarks/synth.py``) committed to
git, as CI checks it out: a clean build (no ``build/``, no ``site/``), then K times a commit that
edits one record's summary followed by `python -m generator build` with ``build/`` and ``site/``
kept (what CI restores), then bare MkDocs on the same Markdown (``build.py``). Prints each
figure with N and the machine's core count, the pages the incremental build made and kept, and
the peak memory of each build (its processes together).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import bare_mkdocs_build, temporary_site
from memory import ProcessTreeMemory

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org"]


def commit(root: Path, message: str) -> None:
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=root, check=True)


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(root: Path, *options: str) -> tuple[float, float, str, int | None]:
    """Seconds, CPU seconds (its processes together), output and peak PSS (MB) of
    `python -m generator build` in ``root``. The CPU time says what the build costs when other
    work shares the machine and stretches the wall-clock time."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}  # this checkout's generator
    start, cpu = time.perf_counter(), cpu_of_children()
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", *options], cwd=root, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with ProcessTreeMemory(build.pid) as memory:
        output, _ = build.communicate()
    seconds = time.perf_counter() - start
    if build.returncode != 0:
        sys.exit(output)
    return seconds, cpu_of_children() - cpu, output, memory.peak_pss if memory.available else None


def mkdocs_seconds(output: str) -> str:
    found = re.search(r"Documentation built in ([\d.]+) seconds", output)
    return found.group(1) if found else "?"


def pages_made(output: str) -> str:
    found = re.search(r"(?:Dựng lại|Built) (\d+) .*?(\d+) ", output)
    return f"{found.group(1)} pages made, {found.group(2)} kept" if found else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of synthetic exemplars")
    parser.add_argument("--edits", type=int, default=2, help="one-record commits to time (default 2)")
    parser.add_argument("--skip-bare", action="store_true", help="do not time bare MkDocs")
    args = parser.parse_args()

    with temporary_site(args.n) as root:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        commit(root, "records")
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic records (+ the repository's)")
        seconds, cpu, output, peak = timed_build(root)
        clean, clean_cpu = seconds, cpu
        print(f"clean build: {seconds:7.2f} s, CPU {cpu:.2f} s (MkDocs {mkdocs_seconds(output)} s), peak {peak} MB")
        edited = sorted((root / "exemplars" / "synthetic").rglob("*.yml"))[len(os.listdir(root / "exemplars")) % 7]
        for number in range(1, args.edits + 1):
            text = edited.read_text(encoding="utf-8")
            edited.write_text(text.replace("summary: ", f"summary: Sửa lần {number}. ", 1), encoding="utf-8")
            commit(root, f"edit {number}")
            seconds, cpu, output, peak = timed_build(root)
            print(f"one-record commit, incremental build: {seconds:7.2f} s = {seconds / clean:.1%} of clean, "
                  f"CPU {cpu:.2f} s = {cpu / clean_cpu:.1%} of clean's "
                  f"(MkDocs {mkdocs_seconds(output)} s; {pages_made(output)}), peak {peak} MB")
        if not args.skip_bare:
            bare = bare_mkdocs_build(root)
            print(f"bare MkDocs build of the same Markdown: {bare:7.2f} s (clean / bare = {clean / bare:.2f})")


if __name__ == "__main__":
    main()
