"""Time validation, generation and the MkDocs build for N synthetic exemplars.

    python benchmarks/build.py N [--skip-mkdocs]

Works on a temporary copy of the site (configuration, theme, content and the
repository's records) with N records from ``benchmarks/synth.py`` added, and
prints one line per figure, with N and the machine's core count.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.paths import SEARCH_DOCUMENTS, Project  # noqa: E402
from generator.pipeline.run import Session, build_catalog, check, generate  # noqa: E402

from memory import ProcessTreeMemory  # noqa: E402


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def copy_site(dest: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "theme", "exemplars"):
        shutil.copytree(REPO / folder, dest / folder, ignore=shutil.ignore_patterns("synthetic*"))


def synthetic_site(dest: Path, n: int) -> None:
    """The site and the repository's records in ``dest``, with ``n`` synthetic records added."""
    copy_site(dest)
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), str(n), str(dest / "exemplars" / "synthetic")],
                   check=True, stdout=subprocess.DEVNULL)


@contextmanager
def temporary_site(n: int) -> Iterator[Path]:
    """A :func:`synthetic_site` in a temporary folder, removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="exemplar-bench-") as tmp:
        synthetic_site(Path(tmp), n)
        yield Path(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of synthetic exemplars")
    parser.add_argument("--skip-mkdocs", action="store_true", help="time only validate and generate")
    args = parser.parse_args()

    with temporary_site(args.n) as root:
        project = Project.at(root)
        records = sum(1 for _ in project.records_dir.rglob("*.yml"))
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic + {records - args.n} repository records")

        time.sleep(2)  # records written less than 2 s before a run are never cached (generator/build/cache.py)
        seconds, outcome = timed(lambda: check(project))
        assert outcome.ok, [p.text("en") for p in outcome.validation.problems.errors[:5]]
        print(f"validate, no cache:         {seconds:7.2f} s  {records / seconds:8.0f} records/s")

        seconds, outcome = timed(lambda: check(project))
        print(f"validate, cache of the run before: {seconds:7.2f} s")

        seconds, _ = timed(lambda: build_catalog(outcome.loaded, outcome.validation))
        print(f"model (catalog + indexes):  {seconds:7.2f} s")

        shutil.rmtree(root / "build")
        with ProcessTreeMemory(os.getpid()) as generation_memory:
            seconds, outcome = timed(lambda: generate(project))
        written = len(outcome.report.written)
        print(f"validate + generate, clean: {seconds:7.2f} s  {records / seconds:8.0f} records/s  ({written} files)")

        edited = next(project.records_dir.joinpath("synthetic").rglob("*.yml"))
        edited.write_text(edited.read_text(encoding="utf-8").replace("summary: ", "summary: Đã sửa. ", 1), "utf-8")
        seconds, outcome = timed(lambda: generate(project))
        print(f"regenerate after one edit:  {seconds:7.2f} s  ({len(outcome.report.written)} files rewritten)")
        session = Session(project)  # as the preview keeps it between rebuilds
        generate(project, session)
        edited.write_text(edited.read_text(encoding="utf-8").replace("Đã sửa. ", "Đã sửa lại. ", 1), "utf-8")
        seconds, outcome = timed(lambda: generate(project, session))
        print(f"regenerate after one edit, preview session: {seconds:7.2f} s  "
              f"({len(outcome.report.written)} files rewritten)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process (validate + generate): {peak:.0f} MB")
        if generation_memory.available:
            print(f"peak memory of the clean generation, with its worker processes (PSS): "
                  f"{generation_memory.peak_pss} MB")

        if args.skip_mkdocs:
            return
        seconds, _, _, memory = timed_build(root)
        if memory.available:
            print(f"peak memory of the build, its processes together (PSS): {memory.peak_pss} MB; "
                  f"largest single process (RSS): {memory.peak_process} MB")
        pages = sum(1 for _ in (root / "site").rglob("index.html"))
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        print(f"full build (generate + MkDocs): {seconds:7.2f} s  ({pages} pages, {size / 1e6:.0f} MB)")
        bare = bare_mkdocs_build(root)
        print(f"bare MkDocs build of the same Markdown: {bare:7.2f} s  (full / bare = {seconds / bare:.2f})")


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(root: Path, *options: str, profile: Path | None = None) -> tuple[float, float, str, ProcessTreeMemory]:
    """Seconds, CPU seconds (its processes together), output and memory (peaks) of
    `python -m generator build` in ``root``. The CPU time says what the build costs when other
    work shares the machine and stretches the wall-clock time. With ``profile``, the build runs
    under cProfile, which writes its statistics there (and slows it)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}  # this checkout's generator
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
    start, cpu = time.perf_counter(), cpu_of_children()
    build = subprocess.Popen([sys.executable, *profiler, "-m", "generator", "build", *options], cwd=root, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with ProcessTreeMemory(build.pid) as memory:
        output, _ = build.communicate()
    seconds = time.perf_counter() - start
    if build.returncode != 0:
        sys.exit(output)
    return seconds, cpu_of_children() - cpu, output, memory


BARE_CONFIG = """\
site_name: Bare
docs_dir: docs
site_dir: site
theme: {name: material, language: vi, font: false}
plugins: []  # not even MkDocs' default search plugin
markdown_extensions: [admonition, attr_list, md_in_html, tables, toc]
nav: [index.md]
validation: {nav: {omitted_files: ignore}, links: {not_found: ignore, anchors: ignore}}
"""


def bare_mkdocs_build(root: Path) -> float:
    """Seconds for plain MkDocs and Material on the generated Markdown: no plugin, no search index.

    The yardstick for what the generator's pages and plugins add to MkDocs' own cost.
    """
    bare = root / "bare"
    shutil.copytree(root / "content" / "pages", bare / "docs", ignore=shutil.ignore_patterns("*.py"))
    generated = root / "build" / "generated"
    shutil.copytree(generated, bare / "docs", dirs_exist_ok=True,  # not the search documents: Pagefind's only
                    ignore=lambda folder, names: [SEARCH_DOCUMENTS] if Path(folder) == generated else [])
    (bare / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    seconds, result = timed(lambda: subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=bare, capture_output=True, text=True))
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    return seconds


if __name__ == "__main__":
    main()
