"""``python -m generator new``: a blank record, correctly named and commented, ready to fill.

The file is laid out by a template in ``templates/new/``; the comment above
each key is the key's title and description from the JSON Schema, so the help
an editor reads in the file is the same as the hover help in VS Code and the
validator's idea of the format.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..paths import SCHEMA_DIR, TEMPLATES_DIR, Project
from ..pipeline.load import exemplar_files
from ..pipeline.write import write_atomically
from ..problems import ProblemList
from ..rules.decisions import decision_id
from ..vietnamese import nfc, slugify

RECORD_TYPES = ("exemplar", "movement", "decision")


class ScaffoldError(Exception):
    """The record cannot be made as asked; ``code`` names the message in ``messages.yml``."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NewRecord:
    path: Path
    record_id: str


@cache
def schema_document(record_type: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{record_type}.schema.json").read_text(encoding="utf-8"))


KIND_IDS = tuple(schema_document("exemplar")["properties"]["kind"]["enum"])


def schema_help(record_type: str, dotted: str) -> str:
    """The schema's title and description of a key (``"place.district"``), as one line of help."""
    node = schema_document(record_type)
    for part in dotted.split("."):
        node = node["properties"][part] if "properties" in node else node["items"]["properties"][part]
    title, description = node.get("title", dotted), node.get("description")
    return f"{title}. {description}" if description else f"{title}."


def yaml_scalar(value: object) -> str:
    """``value`` written as one YAML scalar, quoted only where YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR / "new"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, not HTML: values go through the `yaml` filter
    )
    env.filters.update(yaml=yaml_scalar, slug=slugify)
    return env


def schema_reference(record_type: str, record_path: Path, project: Project) -> str:
    """How a record at ``record_path`` names its schema for the editor: relative inside the repository."""
    schema_file = SCHEMA_DIR / f"{record_type}.schema.json"
    if schema_file.is_relative_to(project.root):
        return Path(os.path.relpath(schema_file, record_path.parent)).as_posix()
    return schema_file.as_uri()


def render_new_record(record_type: str, path: Path, project: Project, **values: object) -> str:
    """The text of a new record of ``record_type`` that will be saved at ``path``."""
    template = _environment().get_template(f"{record_type}.yml.j2")
    return template.render(
        schema_url=schema_reference(record_type, path, project),
        help=lambda dotted: schema_help(record_type, dotted),
        **values,
    )


def render_yaml(template: str, **values: object) -> str:
    """YAML text laid out by ``templates/new/<template>``, its values written with the ``yaml`` filter."""
    return _environment().get_template(template).render(**values)


def _free_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` … if another record already has that id."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def taken_exemplar_ids(project: Project) -> set[str]:
    return {path.stem for path in exemplar_files(project, ProblemList())}


def new_exemplar(project: Project, name: str, province: str, kind: str | None = None) -> NewRecord:
    """Write ``exemplars/<province>/<id>.yml`` for a new exemplar; the id comes from the name."""
    name, province = nfc(name).strip(), nfc(province).strip()
    wanted, folder = slugify(name), slugify(province)
    if not wanted:
        raise ScaffoldError("new-no-name")
    if not folder:
        raise ScaffoldError("new-no-province")
    record_id = _free_id(wanted, taken_exemplar_ids(project))
    path = project.records_dir / folder / f"{record_id}.yml"
    text = render_new_record("exemplar", path, project, name=name, province=province, kind=kind)
    _write_new(path, text)
    return NewRecord(path, record_id)


def new_movement(project: Project, name: str, scope: str | None = None) -> NewRecord:
    """Write ``content/movements/<id>.yml`` for a new movement; the id comes from the name."""
    name = nfc(name).strip()
    wanted = slugify(name)
    if not wanted:
        raise ScaffoldError("new-no-name")
    taken = {path.stem for path in project.movements_dir.glob("*.yml")}
    record_id = _free_id(wanted, taken)
    path = project.movements_dir / f"{record_id}.yml"
    text = render_new_record("movement", path, project, name=name, scope=nfc(scope).strip() if scope else None)
    _write_new(path, text)
    return NewRecord(path, record_id)


def new_decision(project: Project, number: str, issuer: str | None = None, signed: str | None = None) -> NewRecord:
    """Write ``content/decisions/<id>.yml`` for the decision ``number``; ``signed``: its date
    (YYYY-MM-DD) or year, which the id carries (numbers restart every year)."""
    number = nfc(number).strip()
    if not slugify(number):
        raise ScaffoldError("new-no-number")
    signed = (signed or "").strip()
    if signed and not _SIGNED.match(signed):
        raise ScaffoldError("new-bad-signed")
    year = int(signed[:4]) if signed else None
    taken = {path.stem for path in project.decisions_dir.rglob("*.yml")}
    record_id = _free_id(decision_id(number, year), taken)
    path = project.decisions_dir / f"{record_id}.yml"
    text = render_new_record("decision", path, project, number=number, issuer=nfc(issuer).strip() if issuer else None,
                             date=signed if len(signed) == 10 else None, year=year if len(signed) == 4 else None)
    _write_new(path, text)
    return NewRecord(path, record_id)


_SIGNED = re.compile(r"^\d{4}(?:-\d{2}-\d{2})?$")


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"))
