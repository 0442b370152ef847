"""MkDocs and Zensical side by side on the same Markdown, clean and after one edit, for each N.

    python benchmarks/engines.py N [N …]     (e.g. 1000 5000; needs requirements-zensical.txt)

For each N, on a temporary copy of the site with N synthetic records (``benchmarks/synth.py``)
committed to git, as CI checks it out, in one run:

- the engines alone on the generated Markdown (``build/zensical/docs``: the hand-written and
  generated pages), each with the same bare configuration (Material's theme, no plugin, no search,
  the project's Markdown extensions): clean (MkDocs; Zensical without its cache), then after one
  profile's Markdown is edited (``mkdocs build --dirty``, which rebuilds only pages whose file
  is newer; Zensical with its cache);
- the whole ``python -m generator build --engine mkdocs|zensical`` (generation, engine, search
  index and post-build steps): clean (no ``build/``, no ``site/``), then after a commit that edits
  one record, with ``build/`` and ``site/`` kept (what CI restores).

Prints a table with N and the machine (cores, memory); every figure is wall-clock seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build.engines import work_dir
from generator.paths import Project

from build import temporary_site
from incremental import commit

# The engines alone: the same theme and Markdown extensions as mkdocs.yml, nothing of the project's own.
BARE_CONFIG = """\
site_name: Bare
docs_dir: docs
site_dir: site-{engine}
use_directory_urls: true
theme: {{name: material, language: vi, font: false, variant: classic}}
plugins: {plugins}
markdown_extensions: [admonition, attr_list, md_in_html, tables, fenced_code, toc]
nav: [index.md]
validation: {{nav: {{omitted_files: ignore}}, links: {{not_found: ignore, anchors: ignore}}}}
"""
# No search in either: MkDocs runs none without a plugin; Zensical runs its own unless told not to.
PLUGINS = {"mkdocs": "[]", "zensical": "[{search: {enabled: false}}]"}


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GB"


def seconds_of(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}  # this checkout's generator
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds


def edit_profile(page: Path, number: int) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n# ", f"\n*Sửa lần {number}.*\n\n# ", 1), encoding="utf-8")


def bare_engines(root: Path) -> dict[str, float]:
    """The engines alone on the generated Markdown that ``build --engine zensical`` laid out: the
    sources are copied (an edit must not reach the project's own files), with a bare configuration."""
    bare = root / "bare-engines"
    shutil.copytree(work_dir(Project.at(root)) / "docs", bare / "docs", symlinks=False)
    for engine in ("mkdocs", "zensical"):
        (bare / f"{engine}.yml").write_text(BARE_CONFIG.format(engine=engine, plugins=PLUGINS[engine]), encoding="utf-8")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"]
    zensical = [sys.executable, "-m", "zensical", "build", "-f", "zensical.yml"]
    figures = {
        "mkdocs clean": seconds_of(mkdocs, bare),
        "zensical clean": seconds_of([*zensical, "--clean"], bare),
    }
    profile = sorted((bare / "docs" / "dien-hinh").glob("*.md"))[1]
    edit_profile(profile, 1)
    figures["mkdocs edit"] = seconds_of([*mkdocs, "--dirty"], bare)
    figures["zensical edit"] = seconds_of(zensical, bare)
    shutil.rmtree(bare)
    return figures


def generator_builds(root: Path) -> dict[str, float]:
    """The whole build with each engine, clean then after a one-record commit."""
    figures: dict[str, float] = {}
    edited = sorted((root / "exemplars" / "synthetic").rglob("*.yml"))[3]
    for number, engine in enumerate(("mkdocs", "zensical"), start=1):
        for folder in ("build", "site"):
            shutil.rmtree(root / folder, ignore_errors=True)
        build = [sys.executable, "-m", "generator", "build", "--engine", engine]
        figures[f"{engine} clean"] = seconds_of(build, root)
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("summary: ", f"summary: Sửa lần {number}. ", 1), encoding="utf-8")
        commit(root, f"edit {number}")
        figures[f"{engine} edit"] = seconds_of(build, root)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="+", help="numbers of synthetic exemplars")
    args = parser.parse_args()
    rows = []
    for n in args.n:
        with temporary_site(n) as root:
            subprocess.run(["git", "init", "-q"], cwd=root, check=True)
            commit(root, "records")
            whole = generator_builds(root)  # the Zensical build leaves build/zensical/docs for the bare runs
            bare = bare_engines(root)
        rows.append((n, bare, whole))
        print(f"N = {n} done", file=sys.stderr)

    print(f"machine: {machine()}; seconds, wall clock; N synthetic records (+ the repository's)")
    print("| N | engine | alone, clean | alone, one page edited | generator build, clean | after a one-record commit |")
    print("|---|---|---|---|---|---|")
    for n, bare, whole in rows:
        for engine in ("mkdocs", "zensical"):
            print(f"| {n:,} | {engine} | {bare[f'{engine} clean']:.1f} | {bare[f'{engine} edit']:.1f} "
                  f"| {whole[f'{engine} clean']:.1f} | {whole[f'{engine} edit']:.1f} |")


if __name__ == "__main__":
    main()
