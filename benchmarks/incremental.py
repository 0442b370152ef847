"""Time a clean `python -m generator build` and the incremental one after a one-record commit.

    python benchmarks/incremental.py N [--edits K] [--skip-bare] [--site-url URL] [--profile FILE]

On a temporary copy of the site with N synthetic records (``benchmarks/synth.py``) committed to
git, as CI checks it out: a clean build (no ``build/``, no ``site/``), then K times a commit that
edits one record's summary followed by `python -m generator build` with ``build/`` and ``site/``
kept (what CI restores), then bare MkDocs on the same Markdown (``build.py``). Prints each
figure with N and the machine's core count, the pages the incremental build made and kept, and
the peak memory of each build (its processes together). The builds have a published address
(``SITE_URL``), as in CI: with it they also make the sitemap, canonical links and the cards' QR codes.
``--profile FILE`` runs one more one-record build under cProfile and keeps its statistics in FILE.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import bare_mkdocs_build, temporary_site, timed_build

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org"]


def commit(root: Path, message: str) -> None:
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=root, check=True)


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
    parser.add_argument("--site-url", default="https://thidua.example.gov.vn/",
                        help="the published address the builds have, as CI's do ('' for none)")
    parser.add_argument("--profile", type=lambda name: Path(name).resolve(), help="profile one more one-record build into this file")
    args = parser.parse_args()
    os.environ["SITE_URL"] = args.site_url

    with temporary_site(args.n) as root:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        commit(root, "records")
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic records (+ the repository's)")
        seconds, cpu, output, memory = timed_build(root)
        clean, clean_cpu = seconds, cpu
        print(f"clean build: {seconds:7.2f} s, CPU {cpu:.2f} s (MkDocs {mkdocs_seconds(output)} s), peak {memory.peak_pss} MB")
        edited = sorted((root / "exemplars" / "synthetic").rglob("*.yml"))[len(os.listdir(root / "exemplars")) % 7]
        for number in range(1, args.edits + 1 + bool(args.profile)):
            text = edited.read_text(encoding="utf-8")
            edited.write_text(text.replace("summary: ", f"summary: Sửa lần {number}. ", 1), encoding="utf-8")
            commit(root, f"edit {number}")
            profiled = number > args.edits
            seconds, cpu, output, memory = timed_build(root, profile=args.profile if profiled else None)
            if profiled:
                print(f"profiled one-record build: {seconds:7.2f} s under cProfile; statistics in {args.profile}")
            else:
                print(f"one-record commit, incremental build: {seconds:7.2f} s = {seconds / clean:.1%} of clean, "
                      f"CPU {cpu:.2f} s = {cpu / clean_cpu:.1%} of clean's "
                      f"(MkDocs {mkdocs_seconds(output)} s; {pages_made(output)}), peak {memory.peak_pss} MB")
        if not args.skip_bare:
            bare = bare_mkdocs_build(root)
            print(f"bare MkDocs build of the same Markdown: {bare:7.2f} s (clean / bare = {clean / bare:.2f})")


if __name__ == "__main__":
    main()
