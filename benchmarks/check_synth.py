#!/usr/bin/env python3
"""Check the output of benchmarks/synth.py.

    python benchmarks/check_synth.py OUT [--seed S]

Loads every record in OUT with yaml.safe_load and checks it against the record
format and the repository's taxonomies; then rebuilds the same records in
memory (same seed) and checks that each file reads back into exactly that data.
Prints a short summary; exits 1 on the first failures.
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
import unicodedata
import zlib
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

TOP_KEYS = {"name", "kind", "summary", "year", "place", "role", "organization", "movements", "fields", "awards",
            "story", "practices", "results", "replication", "photos", "sources", "consent", "status"}
REQUIRED = {"name", "kind", "summary", "year", "place"}
PLACE_KEYS = {"province", "district", "commune", "village"}
AWARD_KEYS = {"award", "year", "by", "decision", "reason_type"}
REASONS = {"cong-trang", "dot-xuat", "phong-trao", "qua-trinh-cong-hien", "nien-han", "doi-ngoai"}
SOURCE_KEYS = {"title", "url", "publisher", "author", "date"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Same personal-data patterns as the generator's validator.
MOBILE = re.compile(r"(?<![\d.,])(?:\+84|84|0)[ .]?[35789]\d(?:[ .]?\d){7}(?![\d,])")
ID_NUMBER = re.compile(r"(?<![\d.,/-])(?:\d{12}|\d{9})(?![\d.,/-])")


def png_ok(path: Path) -> bool:
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return False
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        tag, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(tag + body) & 0xFFFFFFFF != crc:
            return False
        if tag == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    return len(zlib.decompress(idat)) == h * (1 + 3 * w)


def strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    tax = synth.Taxonomy(synth.ROOT)
    movements = {m["id"] for m in tax.movements}
    award_keys = {}
    for f in tax.forms.values():
        for text in [f["name"], *(f.get("aliases") or [])]:
            award_keys[synth.fold(text)] = f["id"]

    files = sorted(p for p in args.out.rglob("*.yml"))
    errors: list[str] = []
    seen: dict[str, Path] = {}
    used_keys: Counter = Counter()
    stats: Counter = Counter()
    story_lengths = []
    given_names = set()

    def err(path, msg):
        errors.append(f"{path}: {msg}")

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded = {}
    for path in files:
        rec = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        loaded[path.relative_to(args.out).as_posix()] = rec
        stem = path.stem
        if not synth.SLUG_RE.match(stem):
            err(path, "bad slug")
        if stem in seen:
            err(path, f"duplicate id with {seen[stem]}")
        seen[stem] = path
        if not isinstance(rec, dict):
            err(path, "not a mapping")
            continue
        if set(rec) - TOP_KEYS:
            err(path, f"unknown keys {set(rec) - TOP_KEYS}")
        if REQUIRED - set(rec):
            err(path, f"missing {REQUIRED - set(rec)}")
        used_keys.update(list(rec))
        status = rec.get("status", "published")
        stats["status:" + str(rec.get("status", "(omitted)"))] += 1
        if status not in ("published", "draft", "withdrawn"):
            err(path, f"bad status {status}")
        if rec["kind"] not in tax.kinds:
            err(path, f"bad kind {rec['kind']}")
        if not isinstance(rec["year"], int) or not 2010 <= rec["year"] <= 2025:
            err(path, "bad year")
        if not isinstance(rec["summary"], str) or len(rec["summary"]) > 300 or "\n" in rec["summary"]:
            err(path, "bad summary")
        name = rec["name"]
        if not unicodedata.is_normalized("NFC", name):
            stats["nfd names"] += 1
        for s in strings({k: v for k, v in rec.items() if k != "name"}):
            if not unicodedata.is_normalized("NFC", s):
                err(path, f"non-NFC text {s[:40]!r}")
            if MOBILE.search(s) or ID_NUMBER.search(s):
                err(path, f"looks like personal data: {s[:60]!r}")
        if rec["kind"] == "individual":
            given_names.add(unicodedata.normalize("NFC", name).rsplit(" ", 1)[-1])
        place = rec["place"]
        if not isinstance(place, dict) or "province" not in place or set(place) - PLACE_KEYS:
            err(path, "bad place")
        for k in PLACE_KEYS & set(place):
            used_keys["place." + k] += 1
        for m in rec.get("movements", []):
            if m not in movements:
                err(path, f"unknown movement {m}")
        for f in rec.get("fields", []):
            if f not in tax.field_set:
                err(path, f"unknown field {f}")
        for a in rec.get("awards", []):
            if set(a) - AWARD_KEYS or "award" not in a or not isinstance(a.get("year"), int):
                err(path, f"bad award {a}")
            used_keys.update("awards." + k for k in a)
            if synth.fold(a["award"]) not in award_keys:
                err(path, f"award not found: {a['award']!r}")
            elif a["award"] != a["award"].strip() or "  " in a["award"]:
                stats["awards with odd spacing"] += 1
            if a.get("reason_type") not in (None, *REASONS):
                err(path, f"bad reason_type {a.get('reason_type')}")
            if a["award"] in {f["name"] for f in tax.forms.values()}:
                stats["awards exact name"] += 1
            else:
                stats["awards other spelling"] += 1
        if "story" in rec:
            story_lengths.append(len(rec["story"]))
            if status == "published" and not 500 <= len(rec["story"]) <= 3000:
                err(path, f"story length {len(rec['story'])}")
        elif status == "published":
            err(path, "published without story")
        for r in rec.get("results", []):
            if set(r) != {"label", "value"}:
                err(path, f"bad result {r}")
        rep = rec.get("replication")
        if rep is not None:
            if set(rep) - {"how", "contact", "adopted_by"}:
                err(path, "bad replication")
            used_keys.update("replication." + k for k in rep)
            for a in rep.get("adopted_by", []):
                if "place" not in a or set(a) - {"place", "year", "note"}:
                    err(path, f"bad adopted_by {a}")
                used_keys.update("adopted_by." + k for k in a)
        for ph in rec.get("photos", []):
            used_keys.update("photos." + k for k in ph)
            fp = path.parent / ph["file"]
            if not fp.is_file() or not png_ok(fp):
                err(path, f"photo missing or bad: {ph['file']}")
        for s in rec.get("sources", []):
            if set(s) - SOURCE_KEYS or "title" not in s:
                err(path, f"bad source {s}")
            used_keys.update("sources." + k for k in s)
            d = s.get("date")
            if d is not None and not (isinstance(d, date) or DATE_RE.match(d)):
                err(path, f"bad source date {d!r}")
        c = rec.get("consent")
        if rec["kind"] in ("individual", "household"):
            if c is None:
                err(path, "individual/household without consent")
        if c is not None:
            stats["consent:" + c.get("basis", "?")] += 1
            if c.get("basis") == "consent" and not (isinstance(c.get("date"), date) or DATE_RE.match(str(c.get("date")))):
                err(path, "consent without date")
            if c.get("basis") == "public-record" and not c.get("source"):
                err(path, "public-record without source")
        if len(errors) > 30:
            break

    # round trip: rebuild in memory and compare
    builder = synth.Builder(tax, args.seed)
    mismatches = 0
    for i in range(len(loaded)):
        rel, rec = builder.build(i)
        if loaded.get(rel) != rec:
            mismatches += 1
            if mismatches <= 3:
                err(rel, "file does not read back into the generated data")

    missing_keys = (TOP_KEYS | {"place." + k for k in PLACE_KEYS} | {"awards." + k for k in AWARD_KEYS}
                    | {"replication.how", "replication.contact", "replication.adopted_by", "adopted_by.year",
                       "adopted_by.note", "photos.caption", "photos.credit"} | {"sources." + k for k in SOURCE_KEYS}
                    ) - set(used_keys)
    if len(loaded) >= 200 and missing_keys:
        errors.append(f"optional keys never used: {sorted(missing_keys)}")
    old = {"Hòa", "Thủy", "Thúy", "Thụy", "Hòe", "Khỏe", "Tùy", "Hóa", "Thỏa"} & given_names
    new = {"Hoà", "Thuỷ", "Thuý", "Thuỵ", "Hoè", "Khoẻ", "Tuỳ", "Hoá", "Thoả"} & given_names
    if len(loaded) >= 200 and (not old or not new):
        errors.append(f"tone placements among given names: old {old}, new {new}")

    n = len(loaded)
    print(f"{n} records, {len(set(p.split('/')[0] for p in loaded))} folders; round-trip mismatches: {mismatches}")
    if story_lengths:
        print(f"story length min {min(story_lengths)} / median {sorted(story_lengths)[len(story_lengths)//2]}"
              f" / max {max(story_lengths)}")
    print("kinds:", dict(Counter(r["kind"] for r in loaded.values())))
    print(", ".join(f"{k}: {v}" for k, v in sorted(stats.items())))
    print("key use:", ", ".join(f"{k} {v}" for k, v in sorted(used_keys.items())))
    if errors:
        print("\n".join(errors[:40]), file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
