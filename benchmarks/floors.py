"""What a clean generation of N synthetic records cannot go below: reading the YAML, writing the files.

    python benchmarks/floors.py N

Works on a temporary copy of the site with N records from ``benchmarks/synth.py`` added.
Prints, with N and the machine's core count:

- reading every record with libyaml's C loader and nothing else (no line and column
  for each value, no checks), in one process: the "cost of reading the YAML";
- writing the files a clean generation writes (their bytes taken from one) into an
  empty folder with the write stage (``write.write_files``), in one process.

The generator does both and more (marks, validation, rendering), on all cores.
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

from build import temporary_site  # noqa: E402
from generator.load import exemplar_files  # noqa: E402
from generator.pipeline import generate  # noqa: E402
from generator.problems import ProblemList  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.write import files_on_disk, write_files  # noqa: E402


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

        generate(project)
        generated = project.generated_dir
        files = {relative: (generated / relative).read_bytes() for relative in files_on_disk(generated)}
        megabytes = sum(map(len, files.values())) / 1e6
        for attempt in (1, 2):
            target = root / f"written-{attempt}"
            start = time.perf_counter()
            write_files(target, files, on_disk={})
            seconds = time.perf_counter() - start
            print(f"write the generated files (one process), run {attempt}: {seconds:7.2f} s"
                  f"  ({len(files)} files, {megabytes:.0f} MB; {len(records) / seconds:.0f} records/s)")
            shutil.rmtree(target)


if __name__ == "__main__":
    main()
