"""Where a generation spends its time, stage by stage: clean, and after a one-record edit.

    python benchmarks/stages.py N [--edits K]

Works on a temporary copy of the site with N synthetic records added (``build.temporary_site``):
a clean generation, then K times one record edited and generated again, as a one-off run
(the caches read from and saved to ``build/cache/``) and in a preview session (the caches kept in
memory). Prints, for the clean generation and the last edit of each kind, the seconds of each
stage (in the main process: a stage spread over the cores counts its wall time) and what the stages
timed leave over (among it: compiling the templates and freeing the caches' objects at the end
of a one-off run, about 0.1 and 0.3 s at 20,000; writing the files). A stage is timed by
wrapping the function the pipeline calls for it; none of the wrapped functions calls another,
so the figures add up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from functools import wraps
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build.page_cache import PageCache  # noqa: E402
from generator.paths import Project  # noqa: E402
from generator.pipeline import run as pipeline  # noqa: E402
from generator.pipeline.render import SiteRenderer  # noqa: E402
from generator.site.related import RelatedProfiles  # noqa: E402

from build import temporary_site  # noqa: E402

SECONDS: defaultdict[str, float] = defaultdict(float)

# (owner, attribute, what the stage does): each a function the pipeline calls once or a few times a run.
STAGES = [
    (pipeline, "check", "list, compare and (if changed) read and check the records"),
    (pipeline, "build_catalog", "the catalog and its indexes"),
    (pipeline, "page_dates", "each record's last change (git)"),
    (pipeline, "files_on_disk", "walk the generated folder"),
    (PageCache, "start_run", "page cache: read (one-off) and start"),
    (pipeline, "publish_photos", "photos"),
    (RelatedProfiles, "__init__", "related profiles: groups"),
    (SiteRenderer, "profile_pages", "profiles: keys and related lists"),
    (pipeline, "make_pages", "profiles, cards, search documents: make or keep"),
    (SiteRenderer, "render_pages", "lists and other Markdown pages"),
    (pipeline, "export_files", "open data exports"),
    (pipeline, "replication_pages", "replication pages"),
    (pipeline, "statistics_files", "statistics"),
    (pipeline, "feed_files", "feeds"),
    (pipeline, "published_photo_files", "published photos"),
    (PageCache, "end_run", "page cache: end"),
    (pipeline.Session, "save", "save the caches"),
]


def timed_stage(function, label: str):
    @wraps(function)
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SECONDS[label] += time.perf_counter() - start
    return run


def report(title: str, seconds: float, outcome: pipeline.Outcome) -> None:
    assert outcome.report is not None  # the generation wrote its files
    print(f"{title}: {seconds:.2f} s ({len(outcome.report.written)} files written)")
    for _, _, label in STAGES:
        print(f"  {label:58s} {SECONDS[label]:6.2f} s")
    print(f"  {'the rest':58s} {seconds - sum(SECONDS.values()):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of synthetic exemplars")
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind (the last is printed)")
    args = parser.parse_args()
    for owner, name, label in STAGES:
        setattr(owner, name, timed_stage(getattr(owner, name), label))

    with temporary_site(args.n) as root:
        project = Project.at(root)
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic records")
        time.sleep(2)  # records written less than 2 s before a run are never cached (generator/build/cache.py)
        SECONDS.clear()
        start = time.perf_counter()
        outcome = pipeline.generate(project)
        report("clean generation", time.perf_counter() - start, outcome)
        edited = next(project.records_dir.joinpath("synthetic").rglob("*.yml"))
        session = None
        for title in ("one-off run after one edit", "preview session after one edit"):
            if title.startswith("preview"):
                session = pipeline.Session(project)
                pipeline.generate(project, session)
            for count in range(args.edits):
                text = edited.read_text(encoding="utf-8")
                edited.write_text(text.replace("summary: ", f"summary: Sửa {count}. ", 1), "utf-8")
                SECONDS.clear()
                start = time.perf_counter()
                outcome = pipeline.generate(project, session)
                seconds = time.perf_counter() - start
            report(title, seconds, outcome)


if __name__ == "__main__":
    main()
