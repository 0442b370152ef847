"""Stage 2, validate: every problem in every record, in one run, each with file and line.

Two layers. The JSON Schemas in ``schemas/`` are the one definition of the
record format (editors use the same files for completion and hover help);
their errors are turned into messages for communications staff here. Then the
checks a schema cannot express: ids that must exist in other files, unique
file names, award forms matched loosely, photos inside the repository, consent
dates that have come, and personal data that must never be published, in every
record and hand-written page (``personal_data.py``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from PIL import Image
from referencing import Registry, Resource

from .. import clock
from ..paths import AWARDS, FIELDS, KINDS, PROVINCES, SCHEMA_DIR, Project
from ..problems import ProblemList
from ..rules import consent
from ..rules.decisions import is_decision_number, issuer_level
from ..rules.personal_data import BLOCKING_CODES, check_document, check_page
from ..rules.places import nearest_provinces
from ..rules.reserved import address, id_key, record_outputs, site_page_taken
from ..site.photos import over_budget
from ..vietnamese import SLUG_PATTERN, fold, slugify
from .load import FORBIDDEN_CHARACTERS, KeyPath, LoadedProject, Mark, YamlDocument
from .model import Taxonomy, build_taxonomy

# Keys inside `then` branches of the schema, and the message that explains why they are needed.
_CONDITIONAL_REQUIRED = {
    "story": "story-required",
    "consent": "consent-required",
    "people": "household-people-required",
    "covers": "consent-covers-required",
    "date": "consent-date-required",
    "given_by": "consent-given-by-required",
    "channel": "consent-channel-required",
    "text_version": "consent-text-version-required",
}
_FORMAT_CODES = {"url": "format-url", "date": "format-date", "file": "format-photo", "request": "format-request-id"}


def _schema_files() -> dict[str, dict]:
    return {path.name: json.loads(path.read_text("utf-8")) for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@dataclass(frozen=True)
class Schema:
    """One schema, checked twice over: fast, then in detail only if the fast check fails.

    jsonschema-rs answers "is this record valid?" about sixty times faster than
    jsonschema, and nearly every record is; jsonschema's errors carry what the
    messages for staff are made from (paths, keywords, schema titles).
    """

    fast: jsonschema_rs.Draft202012Validator
    detailed: Draft202012Validator

    def errors(self, data: Any) -> list[ValidationError]:
        if self.fast.is_valid(data):
            return []
        return list(self.detailed.iter_errors(data))


@cache
def record_schema(name: str, definition: str | None = None) -> Schema:
    """``<name>.schema.json``, or one of its ``$defs`` entries."""
    files = _schema_files()
    schema = files[f"{name}.schema.json"]
    if definition:
        schema = {"$ref": f"{name}.schema.json#/$defs/{definition}"}
    registry = Registry().with_resources((uri, Resource.from_contents(c)) for uri, c in files.items())
    return Schema(
        fast=jsonschema_rs.Draft202012Validator(
            schema, registry=jsonschema_rs.Registry(list(files.items())), validate_formats=True
        ),
        detailed=Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER),
    )


def _nearest(word: str, choices: Any, count: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=count, cutoff=0.6)


@dataclass
class _Checker:
    """Reports problems of one document against its positions."""

    doc: YamlDocument
    problems: ProblemList

    def error(self, path: KeyPath, code: str, /, *, key: bool = False, **params) -> None:
        """An error at the value at ``path`` (or its key): the record is not published."""
        self.error_at(self.doc.mark(path, key=key), code, **params)

    def warning(self, path: KeyPath, code: str, /, *, key: bool = False, **params) -> None:
        """A warning at the value at ``path`` (or its key): told, but the record is published."""
        mark = self.doc.mark(path, key=key)
        self.problems.add(self.doc.display, mark.line, mark.column, code, "warning", **params)

    def error_at(self, mark: Mark, code: str, /, **params) -> None:
        self.problems.add(self.doc.display, mark.line, mark.column, code, "error", **params)

    def schema(self, schema: Schema) -> bool:
        """Check the document against a schema; return True if it conforms."""
        data = self.doc.data
        if data is None:
            self.error((), "file-empty")
            return False
        errors = schema.errors(data)
        root_schema = schema.detailed.schema
        assert isinstance(root_schema, Mapping)  # every schema file is an object
        for err in _misspellings_told_once(errors):
            self._schema_error(err, root_schema)
        return not errors

    def _schema_error(self, err: ValidationError, root_schema: Mapping[str, Any]) -> None:
        schema, value, instance = _carried(err)
        path = tuple(err.absolute_path)
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        kind = err.validator
        if kind == "required":
            conditional = "then" in err.schema_path
            # A `then` branch lists no properties: take the titles from the schema's top level.
            properties = schema.get("properties") or root_schema.get("properties", {})
            for missing in value:
                if missing in instance:
                    continue
                title = properties.get(missing, {}).get("title", missing)
                code = _CONDITIONAL_REQUIRED.get(missing, "missing-key") if conditional else "missing-key"
                self.error(path, code, key=True, key_name=missing, title=title)
        elif kind == "additionalProperties":
            allowed = schema.get("properties", {})
            for extra in instance:
                if extra not in allowed:
                    self.error(path + (extra,), "unknown-key", key=True, key_name=extra,
                               suggestions=_nearest(extra, allowed), allowed=", ".join(allowed))
        elif (kind == "type" and instance is None or kind in ("minLength", "minProperties")
              or kind == "minItems" and not instance):
            self.error(path, "empty-value", key=True, key_name=key)
        elif kind == "type" and path == ("consent",) and isinstance(instance, dict):
            self.error(path, "consent-old-format", key=True)
        elif kind == "type":
            if path == ():
                self.error(path, "not-a-mapping")
            else:
                expected = value if isinstance(value, list) else [value]
                code = "wrong-type-when" if expected == ["integer", "object"] else f"wrong-type-{expected[0]}"
                self.error(path, code, key_name=key)
        elif kind == "enum" and instance is None:
            self.error(path, "empty-choice", key=True, key_name=key, allowed=", ".join(value))
        elif kind in ("enum", "const"):
            allowed = value if kind == "enum" else [value]
            self.error(path, "not-allowed", key_name=key, value=instance,
                       allowed=", ".join(map(str, allowed)),
                       suggestions=_nearest(str(instance), map(str, allowed)))
        elif kind == "maxLength":
            self.error(path, "too-long", key_name=key, limit=value, length=len(instance))
        elif kind in ("minimum", "maximum"):
            low, high = schema.get("minimum", ""), schema.get("maximum", "")
            self.error(path, "out-of-range", key_name=key, value=instance, minimum=low, maximum=high)
        elif kind == "pattern" and value == r"\S":
            self.error(path, "empty-value", key=True, key_name=key)
        elif kind == "format":
            self.error(path, "format-date", key_name=key, value=instance)
        elif kind == "pattern":
            self.error(path, _FORMAT_CODES.get(key, "format-id"), key_name=key, value=instance,
                       suggestion=slugify(str(instance)))
        elif kind == "uniqueItems":
            self.error(path, "duplicate-item", key_name=key)
        else:
            self.error(path, "schema-other", detail=err.message)


def schema_problems(doc: YamlDocument, schema: Schema, problems: ProblemList) -> bool:
    """Add to ``problems`` each way ``doc`` does not conform to ``schema``; True if it conforms."""
    return _Checker(doc, problems).schema(schema)


def _carried(err: ValidationError) -> tuple[Mapping[str, Any], Any, Any]:
    """The subschema, the keyword's value and the instance of a validator's error.

    A validator's error always carries all three, the subschema a mapping (these keywords are
    in one); the stubs also allow a boolean schema and `Unset`, the default of an error built
    by hand.
    """
    assert isinstance(err.schema, Mapping)
    return err.schema, err.validator_value, err.instance


def _misspellings_told_once(errors: list[ValidationError]) -> list[ValidationError]:
    """Drop "required key K is missing" where the same mapping has a key that is K misspelt.

    `sumary:` gives both "summary is missing" and "sumary is unknown, did you mean summary?";
    the second alone says what to do, at the line to fix.
    """
    misspelt: set[tuple[tuple, str]] = set()
    for err in errors:
        if err.validator == "additionalProperties":
            schema, _, instance = _carried(err)
            allowed = schema.get("properties", {})
            for extra in instance:
                if extra not in allowed:
                    misspelt.update((tuple(err.absolute_path), near) for near in _nearest(extra, allowed))
    return [
        err for err in errors
        if not (err.validator == "required" and "then" not in err.schema_path
                and all((tuple(err.absolute_path), key) in misspelt
                        for key in _carried(err)[1] if key not in _carried(err)[2]))
    ]


def _check_ids(check: _Checker, path: tuple, ids: Any, known: Any, code: str) -> None:
    if not isinstance(ids, list):
        return
    for index, item in enumerate(ids):
        if isinstance(item, str) and item not in known:
            check.error(path + (index,), code, value=item, suggestions=_nearest(item, known))


def _check_file_name(check: _Checker) -> None:
    stem = check.doc.stem
    if not SLUG_PATTERN.match(stem):
        check.error((), "bad-file-name", name=stem, suggestion=slugify(stem) or "ten-dien-hinh")


def unique_id_problems(docs: list[YamlDocument]) -> ProblemList:
    """A problem for each record whose file name (its id) another record has already taken, letter
    case and Unicode normal form aside (they are one path on a case-insensitive file system).

    Published records take their ids first: a draft repeating a published id is the one told
    (and, as a draft, only warned), never the record on the site."""
    problems = ProblemList()
    first_seen: dict[str, YamlDocument] = {}
    for doc in sorted(docs, key=lambda d: (d.unpublished, d.display)):
        other = first_seen.setdefault(id_key(doc.stem), doc)
        if other is not doc:
            problems.add(doc.display, 1, 1, "duplicate-id", "warning" if doc.unpublished else "error",
                         id=doc.stem, other=f"{other.display}:1", **({"draft": True} if doc.unpublished else {}))
    return problems


def reserved_id_problems(docs: list[YamlDocument], kind: str) -> ProblemList:
    """A problem for each record of ``kind`` whose id would put one of its files where the site
    writes a page of its own (``index.yml`` would replace the A–Z list at ``/dien-hinh/``)."""
    problems = ProblemList()
    for doc in docs:
        for output in record_outputs(kind, doc.stem):
            if page := site_page_taken(output):
                problems.add(doc.display, 1, 1, "reserved-id", id=doc.stem, page=page, address=address(page))
                break
    return problems


@dataclass
class Validation:
    """The outcome of validating a project: problems, and the taxonomy if it was sound."""

    problems: ProblemList
    taxonomy: Taxonomy | None = None
    invalid: set[str] = field(default_factory=set)  # displays of documents with errors

    @property
    def ok(self) -> bool:
        return not self.problems.errors


_GROUP_FOLDERS = {"kinds": KINDS, "fields": FIELDS, "awards": AWARDS}  # where each taxonomy's lists are written


def _validate_taxonomies(loaded: LoadedProject, problems: ProblemList) -> Taxonomy | None:
    docs = {"kinds": loaded.kinds, "fields": loaded.fields, "awards": loaded.awards}
    sound = True
    for name, doc in docs.items():
        if doc is None:
            sound = False
            continue
        check = _Checker(doc, problems)
        if not check.schema(record_schema("taxonomies", name)):
            sound = False
            continue
        items = doc.data["forms"] if name == "awards" else doc.data
        prefix = ("forms",) if name == "awards" else ()
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item["id"] in seen:
                check.error(prefix + (index, "id"), "taxonomy-duplicate-id", id=item["id"])
                sound = False
            seen.add(item["id"])
            if page := site_page_taken(f"{_GROUP_FOLDERS[name]}/{item['id']}.md"):  # its list's page
                check.error(prefix + (index, "id"), "reserved-id", id=item["id"], page=page, address=address(page))
                sound = False
    if not _units_sound(loaded.units, problems):
        sound = False
    if not sound:
        return None
    awards = docs["awards"]
    # Sound: every file is there (a missing one is unsound above).
    assert awards is not None and loaded.kinds and loaded.fields and loaded.units
    check = _Checker(awards, problems)
    level_ids = {level["id"] for level in awards.data["levels"]}
    names: dict[str, str] = {}
    for index, form in enumerate(awards.data["forms"]):
        if form["level"] not in level_ids:
            check.error(("forms", index, "level"), "unknown-level", value=form["level"],
                        suggestions=_nearest(form["level"], level_ids))
            sound = False
        for text in (form["name"], *form.get("aliases", ())):
            other = names.setdefault(fold(text), form["id"])
            if other != form["id"]:
                check.error(("forms", index), "award-name-clash", name=text, other=other)
                sound = False
    if not sound:
        return None
    return build_taxonomy(loaded.kinds.data, loaded.fields.data, awards.data, loaded.units.data)


def _units_sound(doc: YamlDocument | None, problems: ProblemList) -> bool:
    """units.yml against its schema; every source it cites listed; no unit merged into two."""
    if doc is None:
        return False
    check = _Checker(doc, problems)
    if not check.schema(record_schema("taxonomies", "units")):
        return False
    data = doc.data
    sound = True
    sources = {source["id"] for source in data["sources"]}
    cited: list[tuple[tuple, str]] = [(("district_level_ended", "source"), data["district_level_ended"]["source"]),
             (("unchanged_provinces", "source"), data["unchanged_provinces"]["source"])]
    for level in ("provinces", "districts"):
        merged: dict[tuple[str, str], str] = {}
        for index, row in enumerate(data.get(level, ())):
            cited.append(((level, index, "source"), row["source"]))
            for part in row["from"]:
                key = (fold(row.get("province", "")), fold(part))
                if merged.setdefault(key, row["name"]) != row["name"]:
                    check.error((level, index, "from"), "unit-merged-twice", name=part, other=merged[key])
                    sound = False
    for path, source in cited:
        if source not in sources:
            check.error(path, "unknown-unit-source", value=source, suggestions=_nearest(source, sources))
            sound = False
    return sound


def _validate_movement(doc: YamlDocument, taxonomy: Taxonomy | None, problems: ProblemList) -> None:
    check = _Checker(doc, problems)
    _check_file_name(check)
    if not check.schema(record_schema("movement")) and not isinstance(doc.data, dict):
        return
    check_document(doc, problems)
    data = doc.data
    if taxonomy:
        _check_ids(check, ("fields",), data.get("fields"), taxonomy.fields, "unknown-field")
    _check_period_order(check, ("period",), data.get("period"))


def _check_period_order(check: _Checker, path: tuple, period: Any) -> None:
    if isinstance(period, dict):
        start, end = period.get("from"), period.get("to")
        if isinstance(start, int) and isinstance(end, int) and start > end:
            check.error(path + ("to",), "period-order", start=start, end=end)


def _check_when(check: _Checker, path: tuple, when: Any) -> None:
    """A year written as a mapping says one thing: a period, "before", or the source's year."""
    if not isinstance(when, dict):
        return
    shapes = [key for key in ("before", "reported") if key in when]
    if "from" in when or "to" in when:
        shapes.insert(0, "from")
    if len(shapes) > 1:
        keys = ", ".join(key for key in ("from", "to", "before", "reported") if key in when)
        check.error(path, "when-mixed", key=True, key_name=path[-1], keys=keys)
    _check_period_order(check, path, when)


def validate_decision(doc: YamlDocument, taxonomy: Taxonomy | None, project: Project, problems: ProblemList) -> None:
    check = _Checker(doc, problems)
    _check_file_name(check)
    if not check.schema(record_schema("decision")) and not isinstance(doc.data, dict):
        return
    data = doc.data
    number = data.get("number")
    if isinstance(number, str) and number.strip() and not is_decision_number(number):
        check.error(("number",), "decision-number", value=number)
    check_document(doc, problems)
    if "date" in data and "year" in data:
        check.error(("year",), "decision-date-and-year", key=True)
    signed = data.get("date")
    if isinstance(signed, str) and signed > _today():
        check.error(("date",), "date-in-future", value=signed)
    scan = data.get("file")
    if isinstance(scan, str) and scan.strip():
        _check_file_inside(check, ("file",), scan, check.doc.file.parent, project.root)
    if taxonomy is None:
        return
    awards = data.get("awards")
    for index, name in enumerate(awards if isinstance(awards, list) else ()):
        if isinstance(name, str) and name.strip() and taxonomy.find_award(name) is None:
            check.error(("awards", index), "unknown-award", value=name, suggestions=taxonomy.nearest_awards(name))
    issuer = data.get("issuer")
    if isinstance(issuer, str) and isinstance(awards, list):
        level = issuer_level(issuer, taxonomy.issuers_by_level)
        for index, name in enumerate(awards):
            form = taxonomy.find_award(name) if isinstance(name, str) else None
            if form and level and form.level.id != level:
                check.error(("awards", index), "decision-issuer-level", award=form.name, issuer=issuer,
                            level=form.level.name)


def _today() -> str:
    """Today's date, YYYY-MM-DD (:func:`clock.today`; a bad ``EXEMPLARS_TODAY`` is told by the takedown check)."""
    try:
        return clock.today().isoformat()
    except ValueError:
        return date.today().isoformat()


def _check_file_inside(check: _Checker, path: tuple, name: str, folder: Path, root: Path) -> Path | None:
    """The file ``name`` (relative to ``folder``) if it exists inside ``root``; else a problem at ``path``."""
    try:
        file = (folder / name).resolve()
        outside = Path(name).is_absolute() or not file.is_relative_to(root)
        found = not outside and file.is_file()
    except (OSError, ValueError):  # a NUL character, a name too long for the file system
        outside, found = Path(name).is_absolute(), False
    if outside:
        check.error(path, "photo-outside", file=name)
    elif not found:
        check.error(path, "photo-missing", file=name)
    return file if found else None


def _check_photos(check: _Checker, photos: Any, project: Project) -> None:
    if not isinstance(photos, list):
        return
    folder = check.doc.file.parent
    for index, photo in enumerate(photos):
        name = photo.get("file") if isinstance(photo, dict) else None
        if not isinstance(name, str):
            continue
        path = _check_file_inside(check, ("photos", index, "file"), name, folder, project.root)
        if path is None:
            continue
        if too_large := over_budget(path):  # before decoding: a small file may hold a huge picture
            code, params = too_large
            check.error(("photos", index, "file"), code, file=name, **params)
        elif not _is_readable_image(path):
            check.error(("photos", index, "file"), "photo-unreadable", file=name)


def _is_readable_image(path: Path) -> bool:
    """Whether the photo decodes: ``verify`` misses a truncated JPEG (a copy cut short), decoding does not.

    JPEGs decode at an eighth of their size (``draft``), which still reads every byte.
    """
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def _check_award(check: _Checker, path: tuple, award: dict, taxonomy: Taxonomy | None,
                 decisions: dict[str, YamlDocument]) -> None:
    """The award's form exists, and agrees with the decision it cites (form, signer, year)."""
    text = award.get("award")
    form = None
    if taxonomy and isinstance(text, str) and text.strip():
        form = taxonomy.find_award(text)
        if form is None:
            check.error(path + ("award",), "unknown-award", value=text, suggestions=taxonomy.nearest_awards(text))
    elif isinstance(text, str) and text and not text.strip():  # "" is the schema's to report
        check.error(path + ("award",), "empty-value", key=True, key_name="award")
    decision_id = award.get("decision")
    if not isinstance(decision_id, str) or not decision_id:
        return
    if decision_id not in decisions:
        code = "decision-number-not-id" if "/" in decision_id else "unknown-decision"
        check.error(path + ("decision",), code, value=decision_id, suggestions=_nearest(decision_id, decisions))
        return
    decision = decisions[decision_id].data
    if not isinstance(decision, dict):
        return
    listed = decision.get("awards")
    if form and taxonomy and isinstance(listed, list):
        forms = {taxonomy.find_award(name) for name in listed if isinstance(name, str)}
        if form not in forms:
            check.error(path + ("award",), "award-not-in-decision", award=form.name, decision=decision_id,
                        listed=", ".join(name for name in listed if isinstance(name, str)))
    issuer = decision.get("issuer")
    if form and taxonomy and isinstance(issuer, str):
        level = issuer_level(issuer, taxonomy.issuers_by_level)
        if level and level != form.level.id:
            check.error(path + ("award",), "decision-issuer-level", award=form.name, issuer=issuer,
                        level=form.level.name)
    by = award.get("by")
    if isinstance(by, str) and isinstance(issuer, str) and fold(by) != fold(issuer):
        check.error(path + ("by",), "award-by-not-decision", by=by, issuer=issuer, decision=decision_id)
    year = award.get("year")
    decision_year = _decision_year(decision)
    if isinstance(year, int) and decision_year and year != decision_year:
        check.error(path + ("year",), "award-year-not-decision", year=year, decision_year=decision_year,
                    decision=decision_id)


def _decision_year(decision: dict) -> int | None:
    date = decision.get("date")
    if isinstance(date, str) and date[:4].isdigit():
        return int(date[:4])
    year = decision.get("year")
    return year if isinstance(year, int) else None


def validate_exemplar(
    doc: YamlDocument, taxonomy: Taxonomy | None, movement_ids: set[str], project: Project, problems: ProblemList,
    decisions: dict[str, YamlDocument] | None = None,
) -> None:
    """Add to ``problems`` what is wrong with one exemplar record, itself and against the project."""
    decisions = decisions or {}
    check = _Checker(doc, problems)
    _check_file_name(check)
    check.schema(record_schema("exemplar"))
    data = doc.data
    if not isinstance(data, dict):
        return
    _check_ids(check, ("movements",), data.get("movements"), movement_ids, "unknown-movement")
    _check_when(check, ("year",), data.get("year"))
    awards = data.get("awards")
    for index, award in enumerate(awards if isinstance(awards, list) else ()):
        if isinstance(award, dict):
            _check_when(check, ("awards", index, "year"), award.get("year"))
            _check_award(check, ("awards", index), award, taxonomy, decisions)
    if taxonomy:
        _check_ids(check, ("fields",), data.get("fields"), taxonomy.fields, "unknown-field")
    _check_photos(check, data.get("photos"), project)
    _check_consent(check, data, decisions)
    check_document(doc, problems)
    if taxonomy:
        _check_province(check, data.get("place"), taxonomy)


def _check_consent(check: _Checker, data: dict, decisions: dict[str, YamlDocument]) -> None:
    """Each grant is sound; each person the record names has a basis for the award facts; and
    each field of a person's record that no grant covers is told (it will not be published)."""
    people = consent.named_people(data)
    earliest = _earliest_honour_year(data, decisions)
    for index, grant in consent.grants(data):
        _check_grant(check, ("consent", index), grant, data, people, decisions, earliest)
    if not people or not isinstance(data.get("consent"), list):
        return  # a missing `consent` or `people` (or a model's grants) is the schema's to report
    if not data["consent"]:
        check.error(("consent",), "consent-required", key=True)
        return
    covered = consent.coverage(data)
    for person in people:
        if consent.AWARD not in covered[person]:
            check.error(person.path, "consent-no-award-basis", name=person.name)
    everyone = consent.covered_by_all(covered)
    for content, paths in consent.present_content(data).items():
        if content in everyone:
            continue
        lacking = ", ".join(person.name for person in people if content not in covered[person])
        for path in paths:
            check.warning(path, "consent-not-covered", key=True, field=".".join(path),
                          content=content, people=lacking)


def _check_grant(check: _Checker, path: tuple, grant: dict, data: dict, people: list[consent.Person],
                 decisions: dict[str, YamlDocument], earliest: int | None) -> None:
    person_name = consent.grant_person(grant, data)
    person = next((p for p in people if p.name == person_name), None)
    if data.get("kind") == "household" and "person" not in grant:
        check.error(path, "consent-person-required", key=True)
    elif person is None and person_name and person_name.strip() and people:
        names = [p.name for p in people]
        check.error(path + ("person",), "consent-unknown-person", value=person_name, names=", ".join(names),
                    suggestions=_nearest(person_name, names))
    if grant.get("basis") == "public-decision":
        decision_id = grant.get("decision")
        if "decision" not in grant and "source" not in grant:
            check.error(path, "consent-decision-or-source", key=True)
        elif isinstance(decision_id, str) and decision_id.strip() and decision_id not in decisions:
            code = "decision-number-not-id" if "/" in decision_id else "unknown-decision"
            check.error(path + ("decision",), code, value=decision_id, suggestions=_nearest(decision_id, decisions))
    if grant.get("basis") != "consent":
        return
    _check_consent_date(check, path + ("date",), grant.get("date"), earliest)
    guardian = grant.get("guardian")
    if isinstance(guardian, dict):
        _check_consent_date(check, path + ("guardian", "date"), guardian.get("date"), earliest)
    elif person is not None and person.minor:
        check.error(path, "consent-minor-guardian", key=True, name=person.name)


def _check_consent_date(check: _Checker, path: tuple, value: Any, earliest: int | None) -> None:
    """A consent is given after the honour it publishes could be known, and not in the future."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return  # the schema's to report
    if value > _today():
        check.error(path, "consent-date-future", value=value, today=_today())
    elif earliest is not None and int(value[:4]) < earliest:
        check.error(path, "consent-date-before-honour", value=value, year=earliest)


def _earliest_honour_year(data: dict, decisions: dict[str, YamlDocument]) -> int | None:
    """The earliest year the record's honour is known to have been: its year, its awards' years
    and their decisions' (a period counts from its start; "before" or "reported" bound nothing)."""
    awards = [a for a in data["awards"] if isinstance(a, dict)] if isinstance(data.get("awards"), list) else []
    years = [_first_year(data.get("year")), *(_first_year(a.get("year")) for a in awards)]
    for award in awards:
        decision = decisions.get(award["decision"]) if isinstance(award.get("decision"), str) else None
        if decision is not None and isinstance(decision.data, dict):
            years.append(_decision_year(decision.data))
    known = [year for year in years if year is not None]
    return min(known) if known else None


def _first_year(when: Any) -> int | None:
    if isinstance(when, int):
        return when
    start = when.get("from") if isinstance(when, dict) else None
    return start if isinstance(start, int) else None


def _check_province(check: _Checker, place: Any, taxonomy: Taxonomy) -> None:
    """A province neither of today nor a former one gets a warning; a former name is a correct one."""
    province = place.get("province") if isinstance(place, dict) else None
    if isinstance(province, str) and (page := site_page_taken(f"{PROVINCES}/{slugify(province)}.md")):
        check.error(("place", "province"), "reserved-province", value=province, page=page, address=address(page))
    if isinstance(province, str) and province.strip():
        nearest = nearest_provinces(province, taxonomy.units)
        if nearest is not None:
            check.warning(("place", "province"), "unknown-province",
                          value=province, suggestions=nearest)


def validate_pages(project: Project) -> ProblemList:
    """The hand-written pages (``content/pages/**/*.md``) reach the site as they are: personal data
    and control characters in them."""
    problems = ProblemList()
    if project.pages_dir.is_dir():
        for page in sorted(project.pages_dir.rglob("*.md")):
            check_page(page, project.display(page), problems)
            _check_page_characters(page, project.display(page), problems)
    return problems


def _check_page_characters(page: Path, display: str, problems: ProblemList) -> None:
    """Each control character or noncharacter of a page, at its line and column (CRLF line ends are fine)."""
    try:
        text = page.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
    except OSError:
        return
    for found in FORBIDDEN_CHARACTERS.finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        problems.add(display, text.count("\n", 0, found.start()) + 1, found.start() - line_start + 1,
                     "control-character", char=f"U+{ord(found.group()):04X}")


def validate_project(loaded: LoadedProject, project: Project) -> Validation:
    """Check everything that was loaded; never stops at the first problem."""
    problems = ProblemList(loaded.problems)
    taxonomy = _validate_taxonomies(loaded, problems)
    for doc in loaded.movements:
        _validate_movement(doc, taxonomy, problems)
    problems.extend(unique_id_problems(loaded.movements))
    problems.extend(reserved_id_problems(loaded.movements, "movement"))
    for doc in loaded.decisions:
        validate_decision(doc, taxonomy, project, problems)
    problems.extend(unique_id_problems(loaded.decisions))
    problems.extend(reserved_id_problems(loaded.decisions, "decision"))
    movement_ids = {doc.stem for doc in loaded.movements}
    decisions = usable_decisions(loaded, problems)
    for doc in loaded.exemplars:
        validate_exemplar(doc, taxonomy, movement_ids, project, problems, decisions)
    problems.extend(unique_id_problems(loaded.exemplars))
    problems.extend(reserved_id_problems(loaded.exemplars, "exemplar"))
    drafts_do_not_block(problems, loaded, project)
    invalid = {p.file for p in problems.errors}
    return Validation(problems, taxonomy, invalid)


def usable_decisions(loaded: LoadedProject, problems: ProblemList) -> dict[str, YamlDocument]:
    """The decisions awards may cite: published, and without errors (an award citing another is an error)."""
    broken = {p.file for p in problems.errors}
    return {doc.stem: doc for doc in loaded.decisions
            if doc.display not in broken and isinstance(doc.data, dict) and not doc.unpublished}


def drafts_do_not_block(problems: ProblemList, loaded: LoadedProject, project: Project) -> None:
    """Problems in drafts and withdrawn records become warnings: they never reach the site, so
    they must not stop it; staff still see every problem, at its position, while they work.

    A draft whose YAML cannot even be read is known by its ``status:`` line. Personal data stays an
    error: a draft is not published, but it is in the repository for anyone to read."""
    documents = (*loaded.exemplars, *loaded.decisions)
    unpublished = {doc.display for doc in documents if doc.unpublished}
    readable = {doc.display for doc in documents} | {doc.display for doc in loaded.movements}
    for problem in problems:
        if problem.severity != "error" or problem.code in BLOCKING_CODES:
            continue
        if problem.file not in readable and problem.file not in unpublished and _says_unpublished(project, problem.file):
            unpublished.add(problem.file)
        if problem.file in unpublished:
            problem.severity = "warning"
            problem.params = {**problem.params, "draft": True}


_STATUS_LINE = re.compile(r"^status\s*:\s*[\"']?(?:draft|withdrawn)[\"']?\s*(?:#.*)?$", re.MULTILINE)


def _says_unpublished(project: Project, display: str) -> bool:
    """Whether an unreadable record file has a top-level ``status: draft`` (or withdrawn) line."""
    path = project.root / display
    record_folders = (project.records_dir, project.decisions_dir)
    if path.suffix != ".yml" or not any(path.is_relative_to(folder) for folder in record_folders):
        return False
    try:
        text = path.read_bytes()[:1_000_000].decode("utf-8", errors="replace")
    except OSError:
        return False
    return bool(_STATUS_LINE.search(text))
