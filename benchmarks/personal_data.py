"""The personal-data check: what it misses and what it flags wrongly, and what it costs.

    python benchmarks/personal_data.py N [--repeat R]

Prints (a) misses and false alarms over tests/data/personal_data_corpus.yml; (b) false alarms over
the N synthetic records of ``benchmarks/synth.py`` (which hold no personal data, only money, years,
decision numbers and areas: whatever is found in them is a false alarm), on a temporary copy of the
site (``build.temporary_site``); (c) the check's own time over every record, in one process, against
a clean validation of the same site (``generator.pipeline.run.check`` without its cache, on all cores).
Times are the best of R runs.
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

from generator.paths import Project  # noqa: E402
from generator.pipeline.load import load_yaml  # noqa: E402
from generator.pipeline.run import check  # noqa: E402
from generator.problems import ProblemList  # noqa: E402
from generator.rules.personal_data import check_document, find  # noqa: E402

from build import temporary_site  # noqa: E402

CORPUS = REPO / "tests" / "data" / "personal_data_corpus.yml"


def corpus_figures() -> tuple[int, int, int, int]:
    """Misses, samples to flag, false alarms, samples to leave alone."""
    corpus = yaml.safe_load(CORPUS.read_text("utf-8"))
    misses = sum(
        [[f.kind, f.text] for f in find(sample["text"])] != [[kind, str(text)] for kind, text in sample["finds"]]
        for sample in corpus["must_flag"]
    )
    false_alarms = sum(bool(find(text)) for text in corpus["must_not_flag"])
    return misses, len(corpus["must_flag"]), false_alarms, len(corpus["must_not_flag"])


def best_time(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of synthetic exemplars")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (the best is printed)")
    args = parser.parse_args()

    misses, to_flag, false_alarms, to_leave = corpus_figures()
    print(f"corpus: {misses} misses of {to_flag} samples to flag, "
          f"{false_alarms} false alarms of {to_leave} to leave alone")

    with temporary_site(args.n) as root:
        project = Project.at(root)
        files = sorted(project.records_dir.rglob("*.yml"))
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic + {len(files) - args.n} repository records")
        documents = [load_yaml(file, project.display(file)) for file in files]
        synthetic = [doc for doc in documents if doc.display.startswith("exemplars/synthetic/")]
        flagged = ProblemList()
        for doc in synthetic:
            check_document(doc, flagged)
        records = len({problem.file for problem in flagged})
        print(f"synthetic records: {len(flagged)} false alarms in {records} of {len(synthetic)} records "
              f"({1000 * records / len(synthetic):.2f} per thousand)")

        def check_all() -> None:
            problems = ProblemList()
            for doc in documents:
                check_document(doc, problems)

        def clean_validation() -> None:
            shutil.rmtree(root / "build", ignore_errors=True)
            check(project)

        time.sleep(2)  # records written less than 2 s before a run are never cached (generator/build/cache.py)
        own = best_time(check_all, args.repeat)
        whole = best_time(clean_validation, args.repeat)
        print(f"the check over {len(documents)} records (one process): {own:.2f} s "
              f"({1e6 * own / len(documents):.1f} µs a record)")
        print(f"clean validation (generator.pipeline.run.check, no cache, all cores): {whole:.2f} s")
        print(f"the check's cost: {100 * own / whole:.1f}% of a clean validation")


if __name__ == "__main__":
    main()
