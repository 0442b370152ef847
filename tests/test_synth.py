"""benchmarks/synth.py writes valid, varied records that only refer to what exists."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

from conftest import REPO, copy_project, run_generator

OPTIONAL_KEYS = {
    "role", "organization", "movements", "fields", "awards", "story", "practices", "results",
    "replication", "photos", "sources", "people", "consent", "status",
}


def test_synthetic_records_validate_and_cover_the_format(tmp_path: Path):
    project = copy_project(tmp_path)
    out = project / "exemplars" / "synthetic"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), "300", str(out)], check=True)
    files = sorted(out.rglob("*.yml"))
    assert len(files) == 300

    result = run_generator(project, "validate")
    assert result.returncode == 0, result.stdout
    assert "0 lỗi" in result.stderr

    records = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]
    used = set().union(*records)
    assert OPTIONAL_KEYS <= used, OPTIONAL_KEYS - used
    assert {r["kind"] for r in records} == {"individual", "collective", "household", "model"}
    assert {r.get("status", "published") for r in records} == {"published", "draft", "withdrawn"}
    names = " ".join(r["name"] for r in records)
    assert "đ" in names.lower()
    assert any(not unicodedata.is_normalized("NFC", r["name"]) for r in records), "no NFD name"
    text = unicodedata.normalize("NFC", " ".join(str(r) for r in records)).lower()
    assert "hoà" in text and "hòa" in text  # both tone placements
    for tone in "àảãáạ":
        assert tone in text
