"""What each stage of a clean generation of N synthetic records costs alone, and the rate they allow at best.

    python benchmarks/floors.py N

Works on a temporary copy of the site with N records from ``benchmarks/synth.py`` added.
Prints, with N and the machine's core count:

- reading every record with libyaml's C loader and nothing else (no line and column
  for each value, no checks), in one process: the "cost of reading the YAML";
- each stage of the generator in one process, per record: reading the records with the
  line and column of every value and checking them (``pipeline.check``, no cache), building
  the catalog, and rendering the three pages made per record (profile, model card, search
  document, side by side as the generator makes them, so what they share is made once; not
  written);
- writing the files a clean generation writes (their bytes taken from one) into an
  empty folder with the write stage (``write.write_files``), in one process.

Last, the rate these allow on the machine's cores if the work were shared without any loss
(each stage's one-process time divided by the number of cores): what no generation of these
pages, with this Python code and these templates, can beat here. The generator itself does
all of it on all cores, with losses.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import parallel  # noqa: E402
from generator.paths import Project  # noqa: E402
from generator.pipeline.load import exemplar_files  # noqa: E402
from generator.pipeline.render import make_pages, record_pages  # noqa: E402
from generator.pipeline.run import check, generate, site_catalog, site_renderer  # noqa: E402
from generator.pipeline.write import files_on_disk, write_files  # noqa: E402
from generator.problems import ProblemList  # noqa: E402
from generator.search.documents import search_documents  # noqa: E402
from generator.site.cards import card_pages  # noqa: E402

from build import temporary_site  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of synthetic exemplars")
    args = parser.parse_args()
    with temporary_site(args.n) as root:
        project = Project.at(root)
        records = exemplar_files(project, ProblemList())
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic + {len(records) - args.n} repository records")

        texts = [file.read_bytes() for file in records]
        start = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)
        seconds = time.perf_counter() - start
        size = sum(map(len, texts)) / len(texts)
        print(f"read the YAML (libyaml, one process): {seconds:7.2f} s  {len(texts) / seconds:7.0f} records/s"
              f"  ({size:.0f} bytes a record)")

        stages = one_process_stages(project)
        for stage, seconds in stages.items():
            print(f"{stage} (one process): {seconds:7.2f} s  {len(records) / seconds:7.0f} records/s"
                  f"  ({1000 * seconds / len(records):.2f} ms a record)")

        generate(project)
        generated = project.generated_dir
        files = {relative: (generated / relative).read_bytes() for relative in files_on_disk(generated)}
        megabytes = sum(map(len, files.values())) / 1e6
        writes = []
        for attempt in (1, 2):
            target = root / f"written-{attempt}"
            start = time.perf_counter()
            write_files(target, files, on_disk={})
            writes.append(time.perf_counter() - start)
            print(f"write the generated files (one process), run {attempt}: {writes[-1]:7.2f} s"
                  f"  ({len(files)} files, {megabytes:.0f} MB; {len(records) / writes[-1]:.0f} records/s)")
            shutil.rmtree(target)

        cores = parallel.workers()
        at_best = (sum(stages.values()) + min(writes)) / cores
        print(f"at best on {cores} cores (the stages and the faster write, shared without loss): {at_best:7.2f} s"
              f"  {len(records) / at_best:7.0f} records/s")


def one_process_stages(project: Project) -> dict[str, float]:
    """Seconds each stage of a clean generation takes in one process (no cache, nothing written)."""
    workers = parallel.workers
    parallel.workers = lambda: 1
    try:
        stages = {}
        start = time.perf_counter()
        outcome = check(project)
        stages["read with line and column, and check"] = time.perf_counter() - start
        start = time.perf_counter()
        catalog = site_catalog(project, outcome)
        stages["build the catalog"] = time.perf_counter() - start
        renderer, _, _ = site_renderer(catalog, project=project)
        env = renderer.env
        pages = record_pages(renderer.profile_pages(), card_pages(env, catalog), search_documents(env, catalog))
        start = time.perf_counter()
        make_pages(pages)
        stages["render the profiles, model cards and search documents"] = time.perf_counter() - start
        return stages
    finally:
        parallel.workers = workers
        shutil.rmtree(project.root / "build", ignore_errors=True)  # the generation below starts clean


if __name__ == "__main__":
    main()
