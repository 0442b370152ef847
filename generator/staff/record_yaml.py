"""Record files written by tools: a new record's YAML, and a sheet's values merged into an existing file.

A merge never drops what the file says and the sheet does not: a value the sheet gives
replaces the file's, a key the sheet leaves empty keeps the file's value, a list of words
(movements, fields, practices) gains the sheet's new words, and a list of items (awards,
sources, photos, results, places that adopted a model) gains the sheet's new items, an item
the file already has taking the sheet's values for the keys the sheet gives. The file is
edited in place with a round-trip YAML parser, so its comments, key order, quoting and
block styles stay as staff wrote them; :func:`diff` shows what changes before anything does.
"""

from __future__ import annotations

import copy
import difflib
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..vietnamese import fold
from .scaffold import schema_document

# Which keys make two items of a list the same item: at least one of them equal, none different.
ITEM_IDENTITY = {
    "awards": ("award", "decision", "year"),
    "sources": ("title", "url"),
    "photos": ("file",),
    "results": ("label",),
    "adopted_by": ("place",),
}
# A year known only as a period, a bound or the source's year is written on one line.
_WHEN_KEYS = {"from", "to", "before", "reported"}


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and styles are kept
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)  # list items indented under their key, as staff write them
    yaml.preserve_quotes = True
    return yaml


def _schema_order(schema: dict) -> list[str]:
    return list(schema.get("properties", {}))


def _item_schema(schema: dict) -> dict:
    items = schema.get("items", {})
    if "$ref" in items:  # "#/$defs/source"
        return schema_document("exemplar")["$defs"][items["$ref"].rsplit("/", 1)[1]]
    return items


def _node(value: Any, schema: dict) -> Any:
    """A plain value as the YAML node it is written as: keys in the schema's order, text with line
    breaks as a `|` block, a partly known year on one line."""
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        order = _schema_order(schema)
        node = CommentedMap()
        for key in sorted(value, key=lambda k: order.index(k) if k in order else len(order)):
            node[key] = _node(value[key], properties.get(key, {}))
        if value and set(value) <= _WHEN_KEYS:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        return CommentedSeq(_node(item, _item_schema(schema)) for item in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def new_record_text(record: dict, schema: dict, schema_line: str | None) -> str:
    """The YAML file for a new ``record``, keys in ``schema``'s order, with the editor's schema line on top."""
    out = io.StringIO()
    _yaml().dump(_node(record, schema), out)
    head = f"# yaml-language-server: $schema={schema_line}\n\n" if schema_line else ""
    return head + out.getvalue()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return fold(a) == fold(b)
    return a == b


def _same_text(current: Any, value: Any) -> bool:
    """Whether a value the sheet gives says what the file says: a `|` block's final line break or a
    village written as a number is no difference."""
    if isinstance(current, str) or isinstance(value, str):
        return str(current).strip() == str(value).strip()
    return current == value


def same_item(existing: Any, item: dict, list_name: str) -> bool:
    """Whether ``item`` of the list ``list_name`` is the item ``existing``: see ``ITEM_IDENTITY``."""
    if not isinstance(existing, dict):
        return False
    shared = [key for key in ITEM_IDENTITY[list_name] if key in existing and key in item]
    return bool(shared) and all(_same(existing[key], item[key]) for key in shared)


def _merge_list(target: list, values: list, schema: dict, name: str) -> bool:
    changed = False
    for value in values:
        if name in ITEM_IDENTITY and isinstance(value, dict):
            match = next((item for item in target if same_item(item, value, name)), None)
            if match is not None:
                changed |= _merge_map(match, value, _item_schema(schema))
                continue
        elif any(_same(item, value) for item in target):
            continue
        target.append(_node(value, _item_schema(schema)))
        changed = True
    return changed


def _merge_map(target: dict, values: dict, schema: dict) -> bool:
    """Merge ``values`` into ``target`` (see the module docstring); whether ``target`` changed."""
    properties = schema.get("properties", {})
    order = _schema_order(schema)
    changed = False
    for key, value in values.items():
        sub_schema = properties.get(key, {})
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict) and not set(value) <= _WHEN_KEYS:
            changed |= _merge_map(current, value, sub_schema)
        elif isinstance(current, list) and isinstance(value, list):
            changed |= _merge_list(current, value, sub_schema, key)
        elif key in target:
            if not _same_text(current, value):
                target[key] = _node(value, sub_schema)
                changed = True
        else:
            rank = order.index(key) if key in order else len(order)
            position = sum(1 for k in target if (order.index(k) if k in order else len(order)) <= rank)
            if isinstance(target, CommentedMap):
                target.insert(position, key, _node(value, sub_schema))
            else:
                target[key] = _node(value, sub_schema)
            changed = True
    return changed


def merged_text(existing: str, data: Any, record: dict) -> str | None:
    """``existing`` with ``record`` merged in, or None when the merge changes nothing it says.

    ``data`` is what ``existing`` says, as the project's loader reads it: whether anything changes
    is known from it, and only a file that changes is read again, slowly, to be edited in place.
    """
    schema = schema_document("exemplar")
    if not isinstance(data, dict) or not _merge_map(copy.deepcopy(data), record, schema):
        return None
    yaml = _yaml()
    document = yaml.load(existing)
    _merge_map(document, record, schema)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def diff(before: str, after: str, before_name: str, after_name: str) -> list[str]:
    """The unified diff of a file's text, line by line, without line ends."""
    return [line.rstrip("\n") for line in difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), before_name, after_name)]
