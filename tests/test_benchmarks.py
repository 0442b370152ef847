"""The benchmark scripts still run and print their figures (on a tiny site: nothing here is timed).

The README's figures come from these scripts; one that broke with a change to the pipeline
would only be found the next time someone measures.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SECONDS = r"\s+\d+\.\d\d s"


def run_benchmark(*args: str) -> str:
    ran = subprocess.run([sys.executable, str(BENCHMARKS / args[0]), *args[1:]], capture_output=True, text=True,
                         timeout=600)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


@pytest.mark.parametrize("script, figures", [
    (["build.py", "40", "--skip-mkdocs"], [
        rf"validate, no cache:{SECONDS}", rf"validate \+ generate, clean:{SECONDS}\s+\d+ records/s",
        rf"regenerate after one edit:{SECONDS}\s+\(\d+ files rewritten\)",
        rf"regenerate after one edit, preview session:{SECONDS}",
    ]),
    (["floors.py", "40"], [
        rf"read the YAML \(libyaml, one process\):{SECONDS}",
        rf"read with line and column, and check \(one process\):{SECONDS}",
        rf"render the profiles, model cards and search documents \(one process\):{SECONDS}",
        rf"write the generated files \(one process\), run 2:{SECONDS}",
        rf"at best on \d+ cores .*:{SECONDS}\s+\d+ records/s",
    ]),
    (["stages.py", "40", "--edits", "1"], [
        r"clean generation: \d+\.\d\d s \(\d+ files written\)",
        r"one-off run after one edit: \d+\.\d\d s \(\d+ files written\)",
        r"preview session after one edit: \d+\.\d\d s",
        rf"list, compare and \(if changed\) read and check the records{SECONDS}", rf"the rest{SECONDS}",
    ]),
    (["personal_data.py", "40", "--repeat", "1"], [
        r"corpus: 0 misses of \d+ samples to flag, 0 false alarms of \d+ to leave alone",
        r"synthetic records: \d+ false alarms in \d+ of 40 records \(\d+\.\d\d per thousand\)",
        rf"the check over \d+ records \(one process\):{SECONDS} \(\d+\.\d µs a record\)",
        rf"clean validation \(generator.pipeline.run.check, no cache, all cores\):{SECONDS}",
        r"the check's cost: \d+\.\d% of a clean validation",
    ]),
], ids=lambda value: value[0] if isinstance(value[0], str) and value[0].endswith(".py") else "")
def test_a_benchmark_prints_its_figures(script, figures):
    printed = run_benchmark(*script)
    assert re.search(r"machine: \d+ cores; N = 40", printed), printed
    for figure in figures:
        assert re.search(figure, printed), (figure, printed)


def test_no_stage_is_timed_inside_another():
    """A stage timed inside another would count twice, and what the stages leave over would fall below zero."""
    printed = run_benchmark("stages.py", "40", "--edits", "1")
    rests = [float(value) for value in re.findall(r"the rest\s+(-?\d+\.\d\d) s", printed)]
    assert len(rests) == 3 and min(rests) >= 0, printed
