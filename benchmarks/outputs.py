"""Time the statistics page, the Atom feeds and the record dates from git for N synthetic exemplars.

    python benchmarks/outputs.py N

Works on a temporary copy of the site with N records from ``benchmarks/synth.py``
added and committed to a fresh git repository (with a second commit editing a
tenth of them, so the history has more than one commit), then prints one line per
figure, with N and the machine's core count.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build.history import page_dates  # noqa: E402
from generator.paths import Project  # noqa: E402
from generator.pipeline.run import build_catalog, check  # noqa: E402
from generator.site.feeds import feed_files  # noqa: E402
from generator.site.sharing import SiteConfig  # noqa: E402
from generator.site.statistics import statistics_files  # noqa: E402

from build import temporary_site, timed  # noqa: E402


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *args], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of synthetic exemplars")
    args = parser.parse_args()
    with temporary_site(args.n) as root:
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "records")
        records = sorted((root / "exemplars" / "synthetic").rglob("*.yml"))
        for record in records[::10]:
            record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        git(root, "commit", "-qam", "edits")
        project = Project.at(root)
        outcome = check(project)
        assert outcome.ok
        catalog = build_catalog(outcome.loaded, outcome.validation)
        print(f"machine: {os.cpu_count()} cores; N = {args.n} synthetic + "
              f"{len(outcome.loaded.exemplars) - args.n} repository records, 2 commits")
        seconds, dates = timed(lambda: page_dates(project, outcome.loaded))
        catalog.last_changed = dates
        print(f"record dates from git (one git log):   {seconds:7.2f} s")
        seconds, files = timed(lambda: statistics_files(catalog))
        size = sum(len(v) for v in files.values())
        print(f"statistics page + {len(files) - 1} CSVs:         {seconds:7.2f} s  ({size / 1e3:.0f} kB)")
        site = SiteConfig.read(project.root / "mkdocs.yml")
        seconds, files = timed(lambda: feed_files(catalog, site))
        size = sum(len(v.encode()) for v in files.values())
        print(f"Atom feeds ({len(files)} files):              {seconds:7.2f} s  ({size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
