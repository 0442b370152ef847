"""Open data: every published exemplar as ``exemplars.json`` and ``exemplars.csv``.

Both are built from the catalog, which holds published records only, so drafts
and withdrawn records never reach them. The CSV starts with a byte-order mark
so that Excel opens Vietnamese text correctly. The JSON carries the version of
its schema (``generator/schemas/export.schema.json``), published next to it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ..paths import EXPORT_DIR
from ..pipeline.fragments import Fragments
from ..pipeline.model import Award, Catalog, Exemplar
from ..pipeline.render import exemplar_page

SCHEMA_VERSION = "2.0"  # 2.0: year is null unless known exactly; "when" says what is known
CSV_COLUMNS = (
    "id", "name", "kind", "summary", "year", "when", "province", "district", "commune", "village",
    "role", "organization", "movements", "fields", "highest_award", "award_count",
    "adoption_count", "page",
)


def exemplar_row(exemplar: Exemplar) -> dict:
    """One exemplar as plain data: the fields a reader of the open data needs."""
    place = exemplar.place
    highest = exemplar.highest_award
    return {
        "id": exemplar.id,
        "name": exemplar.name,
        "kind": exemplar.kind.id,
        "summary": exemplar.summary,
        "year": exemplar.when.year if exemplar.when else None,
        "when": exemplar.when.short if exemplar.when else "",
        "province": place.province,
        "district": place.district,
        "commune": place.commune,
        "village": place.village,
        "role": exemplar.role,
        "organization": exemplar.organization,
        "movements": [m.id for m in exemplar.movements],
        "fields": [f.id for f in exemplar.fields],
        "highest_award": highest.form.name if highest else "",
        "awards": [_award_row(a) for a in exemplar.awards],
        "award_count": len(exemplar.awards),
        "adopted_by": [
            {"place": a.place, "year": a.year, "note": a.note} for a in exemplar.replication.adopted_by
        ],
        "adoption_count": len(exemplar.replication.adopted_by),
        "page": exemplar_page(exemplar).removesuffix(".md") + "/",
    }


def _award_row(award: Award) -> dict:
    decision = award.decision
    return {
        "award": award.form.name,
        "level": award.form.level.name,
        "year": award.when.year if award.when else None,
        "when": award.when.short if award.when else "",
        "by": award.by,
        "decision": {"id": decision.id, "number": decision.number, "date": decision.date} if decision else None,
    }


def exemplars_json(catalog: Catalog, fragments: Fragments) -> str:
    # Compact: json's C encoder writes it (indenting falls back to Python, ten times slower),
    # and the file is smaller to download. Written a record at a time (each kept by the page
    # cache), the same bytes as one json.dumps of the whole.
    opening = json.dumps({"schema_version": SCHEMA_VERSION, "exemplars": []}, separators=(",", ":"))[:-2]
    rows = ",".join(fragments.get("json row", e, _json_row) for e in catalog.exemplars)
    return f"{opening}{rows}]}}\n"


def _json_row(exemplar: Exemplar) -> str:
    return json.dumps(exemplar_row(exemplar), ensure_ascii=False, separators=(",", ":"))


def exemplars_csv(catalog: Catalog, fragments: Fragments) -> bytes:
    rows = "".join(fragments.get("csv row", e, _csv_row) for e in catalog.exemplars)
    return (_csv_line(CSV_COLUMNS) + rows).encode("utf-8-sig")


def _csv_row(exemplar: Exemplar) -> str:
    row = exemplar_row(exemplar)
    return _csv_line("; ".join(row[c]) if isinstance(row[c], list) else row[c] for c in CSV_COLUMNS)


def _csv_line(values: Iterable) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


def export_files(catalog: Catalog, fragments: Fragments) -> dict[str, str | bytes]:
    return {
        f"{EXPORT_DIR}/exemplars.json": exemplars_json(catalog, fragments),
        f"{EXPORT_DIR}/exemplars.csv": exemplars_csv(catalog, fragments),
    }
