"""Consent per kind of content: which parts of a person's record may be published.

A record's ``consent`` is a list of grants (domain.md §3). A ``public-decision`` grant, citing
a decision record or a published official source, covers the award facts only (name, role,
unit, place, awards, movements, fields, summary). Anything else needs a ``consent`` grant whose
``covers`` names it: the story (with practices, results and the replication how-to and places),
photos, the contact, the ethnicity, the birth year; a minor's consent counts only with a
guardian's. In a household every named person must grant what the page shows about the
household, since it shows them all.

Shared by validate.py (which says which field lacks which basis) and model.py (which drops
what is not covered, so that no later stage can publish it). Both read validated or
half-validated data, so nothing here trusts a type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PERSON_KINDS = ("individual", "household")  # kinds that name private people
AWARD = "award"  # the award facts: what a public decision covers
# Each kind of content a consent grant may cover, and the record fields it is made of.
CONTENT: dict[str, tuple[tuple[str, ...], ...]] = {
    "story": (("story",), ("practices",), ("results",), ("replication", "how"), ("replication", "adopted_by")),
    "photos": (("photos",),),
    "contact": (("replication", "contact"),),
    "ethnicity": (("ethnicity",),),
    "birth-year": (("born",),),
}
COVERS = (AWARD, *CONTENT)  # the schema's list of what `covers` may name


@dataclass(frozen=True)
class Person:
    """Someone the record names: the individual, or one of a household's ``people``."""

    name: str
    minor: bool
    path: tuple  # where the record names them


def same_name(name: str) -> str:
    """A name as grants are matched by: spacing does not matter, letters and marks do."""
    return " ".join(name.split())


def named_people(data: dict) -> list[Person]:
    kind = data.get("kind")
    if kind == "individual" and isinstance(data.get("name"), str):
        return [Person(same_name(data["name"]), data.get("minor") is True, ("name",))]
    people = data.get("people") if kind == "household" else None
    return [
        Person(same_name(entry["name"]), entry.get("minor") is True, ("people", index, "name"))
        for index, entry in enumerate(people if isinstance(people, list) else ())
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    ]


def grants(data: dict) -> list[tuple[int, dict]]:
    """The record's grants with their positions in its ``consent`` list."""
    items = data.get("consent")
    return [(i, g) for i, g in enumerate(items) if isinstance(g, dict)] if isinstance(items, list) else []


def grant_person(grant: dict, data: dict) -> str | None:
    """Whose data a grant is about: its ``person``, else an individual's own name."""
    person = grant.get("person")
    if isinstance(person, str):
        return same_name(person)
    name = data.get("name")
    return same_name(name) if data.get("kind") == "individual" and isinstance(name, str) else None


def what_grant_covers(grant: dict, person: Person) -> set[str]:
    if grant.get("basis") == "public-decision":
        return {AWARD}
    if grant.get("basis") != "consent" or person.minor and not isinstance(grant.get("guardian"), dict):
        return set()
    covers = grant.get("covers")
    return {c for c in covers if isinstance(c, str)} if isinstance(covers, list) else set()


def coverage(data: dict) -> dict[Person, set[str]]:
    """What each named person's grants cover."""
    people = named_people(data)
    covered: dict[Person, set[str]] = {person: set() for person in people}
    by_name = {person.name: person for person in people}
    for _, grant in grants(data):
        person = by_name.get(grant_person(grant, data) or "")
        if person is not None:
            covered[person] |= what_grant_covers(grant, person)
    return covered


def covered_by_all(covered: dict[Person, set[str]]) -> set[str]:
    """What may be published about the record: what every named person's grants cover."""
    sets = list(covered.values())
    return set.intersection(*sets) if sets else set()


def present_content(data: dict) -> dict[str, list[tuple[str, ...]]]:
    """The fields of each kind of content the record fills in."""
    present: dict[str, list[tuple[str, ...]]] = {}
    for kind, paths in CONTENT.items():
        for path in paths:
            if _value(data, path) not in (None, "", [], {}):
                present.setdefault(kind, []).append(path)
    return present


def withheld_content(data: dict) -> list[str]:
    """The kinds of content a person's record fills in but no grant covers: not published.
    Collectives and models name no private person: nothing is withheld from them."""
    if data.get("kind") not in PERSON_KINDS:
        return []
    covered = covered_by_all(coverage(data))
    return [kind for kind in present_content(data) if kind not in covered]


def _value(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data
