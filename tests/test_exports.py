"""Open data on a real build: exemplars.json matches its schema, exemplars.csv opens in Excel."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from generator.site.exports import CSV_COLUMNS
from jsonschema import Draft202012Validator

from test_site import DRAFT_MARKER, WITHDRAWN_MARKER, site  # noqa: F401  (module-scoped build)

SCHEMA = Path(__file__).parents[1] / "generator" / "schemas" / "export.schema.json"


def profile_ids(site: Path) -> set[str]:  # noqa: F811
    return {p.parent.name for p in (site / "dien-hinh").glob("*/index.html")}


def test_json_matches_its_schema_and_lists_every_published_profile(site: Path):  # noqa: F811
    data = json.loads((site / "du-lieu" / "exemplars.json").read_text(encoding="utf-8"))
    Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    assert data["schema_version"] == "2.0"
    ids = [row["id"] for row in data["exemplars"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == profile_ids(site)
    for row in data["exemplars"]:
        assert (site / row["page"] / "index.html").is_file(), row["page"]
    thuy = next(row for row in data["exemplars"] if row["id"] == "nguyen-thi-thuy-kiem-thu")
    assert thuy["highest_award"] == "Huân chương Lao động hạng Ba"
    assert thuy["award_count"] == 3
    assert (site / "schema" / "export.schema.json").is_file()  # published next to the data


def test_csv_has_a_bom_and_the_documented_columns(site: Path):  # noqa: F811
    raw = (site / "du-lieu" / "exemplars.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 Vietnamese only with the BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert {row["id"] for row in rows} == profile_ids(site)
    assert any(row["province"] == "Lào Cai" for row in rows)
    text = raw.decode("utf-8-sig")
    assert DRAFT_MARKER not in text and WITHDRAWN_MARKER not in text


def test_most_replicated_page_ranks_models_by_adoptions(site: Path):  # noqa: F811
    data = json.loads((site / "du-lieu" / "exemplars.json").read_text(encoding="utf-8"))
    adopted = [row for row in data["exemplars"] if row["adoption_count"]]
    body = (site / "nhan-rong" / "index.html").read_text(encoding="utf-8")
    positions = [body.index(f'href="../{row["page"]}"') for row in adopted]
    counts = [row["adoption_count"] for row in sorted(adopted, key=lambda r: positions[adopted.index(r)])]
    assert len(set(counts)) > 1 and counts == sorted(counts, reverse=True)
