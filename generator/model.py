"""Stage 3, model: typed records and the indexes the pages are drawn from.

Everything here is built from documents that passed validation, so the
constructors trust their input. Only published exemplars enter a
:class:`Catalog`: drafts and withdrawn records never reach a page.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from .places import Merger, ThenNow, UnitTable, then_now
from .vietnamese import fold, slugify, sort_key

INDIVIDUAL_KINDS = ("individual", "household")  # kinds that name private people
NOT_PUBLISHED = ("draft", "withdrawn")


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Kind:
    id: str
    name: str
    plural: str


@dataclass(frozen=True)
class AwardLevel:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class AwardForm:
    id: str
    name: str
    level: AwardLevel
    rank: int  # position in awards.yml: 0 is the highest honour
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class Taxonomy:
    """The lists records refer to: kinds, fields and award forms."""

    kinds: dict[str, Kind]
    fields: dict[str, Field]
    levels: dict[str, AwardLevel]
    award_forms: list[AwardForm]
    units: UnitTable = field(default_factory=UnitTable)  # places then and now (units.yml)
    _awards_by_folded: dict[str, AwardForm] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for form in self.award_forms:
            for text in (form.name, *form.aliases):
                self._awards_by_folded.setdefault(fold(text), form)

    def find_award(self, text: str) -> AwardForm | None:
        """The award form named ``text``, ignoring case, spacing and tone marks."""
        return self._awards_by_folded.get(fold(text))

    def nearest_awards(self, text: str, count: int = 3) -> list[str]:
        """Names of the award forms closest to ``text``, for "did you mean" hints."""
        folded = difflib.get_close_matches(fold(text), self._awards_by_folded, n=count, cutoff=0.5)
        names: list[str] = []
        for key in folded:
            name = self._awards_by_folded[key].name
            if name not in names:
                names.append(name)
        return names


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""
    publisher: str = ""
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class Movement:
    id: str
    name: str
    summary: str
    scope: str = ""
    period_from: int | None = None
    period_to: int | None = None
    launched_by: str = ""
    fields: tuple[Field, ...] = ()
    criteria: tuple[str, ...] = ()
    description: str = ""
    sources: tuple[Source, ...] = ()

    @property
    def is_national(self) -> bool:
        return self.scope == "national"


@dataclass(frozen=True)
class Place:
    province: str
    district: str = ""
    commune: str = ""
    village: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        """Named units from the smallest to the largest."""
        return tuple(p for p in (self.village, self.commune, self.district, self.province) if p)

    @property
    def label(self) -> str:
        return ", ".join(self.parts)

    @property
    def province_slug(self) -> str:
        return slugify(self.province)


@dataclass(frozen=True)
class Award:
    form: AwardForm
    year: int
    by: str = ""
    decision: str = ""
    reason_type: str = ""


@dataclass(frozen=True)
class Result:
    label: str
    value: str


@dataclass(frozen=True)
class Adoption:
    place: str
    year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Replication:
    how: str = ""
    contact: str = ""
    adopted_by: tuple[Adoption, ...] = ()


@dataclass(frozen=True)
class Photo:
    file: Path  # absolute path of the original
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class Consent:
    basis: str
    date: str = ""
    source: str = ""


@dataclass(frozen=True)
class Exemplar:
    id: str
    name: str
    kind: Kind
    summary: str
    year: int
    place: Place
    role: str = ""
    organization: str = ""
    movements: tuple[Movement, ...] = ()
    fields: tuple[Field, ...] = ()
    awards: tuple[Award, ...] = ()  # highest honour first
    story: str = ""
    practices: tuple[str, ...] = ()
    results: tuple[Result, ...] = ()
    replication: Replication = Replication()
    photos: tuple[Photo, ...] = ()
    sources: tuple[Source, ...] = ()
    consent: Consent | None = None
    status: str = "published"
    # Of the record file and its photos: equal digests, equal pages (render.PageCache).
    digest: str = field(default="", compare=False, repr=False)

    @property
    def published(self) -> bool:
        return self.status not in NOT_PUBLISHED

    @property
    def highest_award(self) -> Award | None:
        return self.awards[0] if self.awards else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _sources(items: Iterable[dict]) -> tuple[Source, ...]:
    return tuple(
        Source(
            title=s["title"],
            url=s.get("url", ""),
            publisher=s.get("publisher", ""),
            author=s.get("author", ""),
            date=s.get("date", ""),
        )
        for s in items
    )


def build_taxonomy(kinds: list[dict], fields: list[dict], awards: dict, units: dict) -> Taxonomy:
    levels = {lv["id"]: AwardLevel(lv["id"], lv["name"], lv.get("description", "")) for lv in awards["levels"]}
    forms = [
        AwardForm(
            id=f["id"],
            name=f["name"],
            level=levels[f["level"]],
            rank=rank,
            description=f.get("description", ""),
            aliases=tuple(f.get("aliases", ())),
        )
        for rank, f in enumerate(awards["forms"])
    ]
    return Taxonomy(
        kinds={k["id"]: Kind(k["id"], k["name"], k["plural"]) for k in kinds},
        fields={f["id"]: Field(f["id"], f["name"], f.get("description", "")) for f in fields},
        levels=levels,
        award_forms=forms,
        units=UnitTable.from_data(units),
    )


def build_movement(movement_id: str, data: dict, taxonomy: Taxonomy) -> Movement:
    period = data.get("period", {})
    return Movement(
        id=movement_id,
        name=data["name"],
        summary=data["summary"],
        scope=data.get("scope", ""),
        period_from=period.get("from"),
        period_to=period.get("to"),
        launched_by=data.get("launched_by", ""),
        fields=tuple(taxonomy.fields[f] for f in data.get("fields", ())),
        criteria=tuple(data.get("criteria", ())),
        description=data.get("description", ""),
        sources=_sources(data.get("sources", ())),
    )


def build_exemplar(
    exemplar_id: str, data: dict, folder: Path, taxonomy: Taxonomy, movements: dict[str, Movement],
    digest: str = "",
) -> Exemplar:
    place = data["place"]
    awards = sorted(
        (
            Award(
                form=taxonomy.find_award(a["award"]),
                year=a["year"],
                by=a.get("by", ""),
                decision=_text(a.get("decision")),
                reason_type=a.get("reason_type", ""),
            )
            for a in data.get("awards", ())
        ),
        key=lambda a: (a.form.rank, -a.year),
    )
    replication = data.get("replication", {})
    consent = data.get("consent")
    return Exemplar(
        id=exemplar_id,
        name=data["name"],
        kind=taxonomy.kinds[data["kind"]],
        summary=data["summary"],
        year=data["year"],
        place=Place(
            province=place["province"],
            district=place.get("district", ""),
            commune=place.get("commune", ""),
            village=_text(place.get("village")),
        ),
        role=data.get("role", ""),
        organization=data.get("organization", ""),
        movements=tuple(movements[m] for m in data.get("movements", ())),
        fields=tuple(taxonomy.fields[f] for f in data.get("fields", ())),
        awards=tuple(awards),
        story=data.get("story", ""),
        practices=tuple(data.get("practices", ())),
        results=tuple(Result(r["label"], _text(r["value"])) for r in data.get("results", ())),
        replication=Replication(
            how=replication.get("how", ""),
            contact=replication.get("contact", ""),
            adopted_by=tuple(
                Adoption(a["place"], a.get("year"), a.get("note", ""))
                for a in replication.get("adopted_by", ())
            ),
        ),
        photos=tuple(
            Photo((folder / p["file"]).resolve(), p.get("caption", ""), p.get("credit", ""))
            for p in data.get("photos", ())
        ),
        sources=_sources(data.get("sources", ())),
        consent=Consent(consent["basis"], consent.get("date", ""), consent.get("source", ""))
        if consent
        else None,
        status=data.get("status", "published"),
        digest=digest,
    )


def vietnamese_order(items: Iterable, name=lambda item: item.name) -> list:
    return sorted(items, key=lambda item: sort_key(name(item)))


@dataclass
class Catalog:
    """All published exemplars and movements, with the indexes pages are drawn from."""

    taxonomy: Taxonomy
    movements: list[Movement]  # in Vietnamese alphabetical order
    exemplars: list[Exemplar]  # published only, in Vietnamese alphabetical order
    by_kind: dict[str, list[Exemplar]] = field(default_factory=dict)
    by_field: dict[str, list[Exemplar]] = field(default_factory=dict)
    by_movement: dict[str, list[Exemplar]] = field(default_factory=dict)
    by_province: dict[str, list[Exemplar]] = field(default_factory=dict)
    by_year: dict[int, list[Exemplar]] = field(default_factory=dict)
    by_award: dict[str, list[Exemplar]] = field(default_factory=dict)  # form id, highest honour first
    province_names: dict[str, str] = field(default_factory=dict)  # slug → name as written
    place_history: dict[Place, ThenNow] = field(default_factory=dict, repr=False)  # memo of then_now()
    last_changed: dict[str, datetime] = field(default_factory=dict)  # generated page → its record's last change (history.py)

    def today_province(self, province: str) -> Merger | None:
        """The province of today that ``province`` became, if it was merged or renamed: None for one of today's."""
        return self.taxonomy.units.province_successor(province)

    def then_now(self, place: Place) -> ThenNow:
        """The recorded place with its unit types, and its unit today where a source maps it (places.py)."""
        found = self.place_history.get(place)
        if found is None:
            found = then_now(place.province, place.district, place.commune, place.village, self.taxonomy.units)
            self.place_history[place] = found
        return found

    @classmethod
    def build(cls, taxonomy: Taxonomy, movements: Iterable[Movement], exemplars: Iterable[Exemplar]) -> Catalog:
        published = vietnamese_order(e for e in exemplars if e.published)
        catalog = cls(taxonomy, vietnamese_order(movements), published)
        indexes = {name: defaultdict(list) for name in ("kind", "field", "movement", "province", "year", "award")}
        for exemplar in published:  # one pass; lists stay in alphabetical order
            indexes["kind"][exemplar.kind.id].append(exemplar)
            indexes["province"][exemplar.place.province_slug].append(exemplar)
            indexes["year"][exemplar.year].append(exemplar)
            for f in exemplar.fields:
                indexes["field"][f.id].append(exemplar)
            for m in exemplar.movements:
                indexes["movement"][m.id].append(exemplar)
            for form_id in dict.fromkeys(award.form.id for award in exemplar.awards):  # once per form
                indexes["award"][form_id].append(exemplar)
            catalog.province_names.setdefault(exemplar.place.province_slug, exemplar.place.province)
        catalog.by_kind = dict(indexes["kind"])
        catalog.by_field = dict(indexes["field"])
        catalog.by_movement = dict(indexes["movement"])
        catalog.by_province = {
            slug: indexes["province"][slug]
            for slug in sorted(indexes["province"], key=lambda s: sort_key(catalog.province_names[s]))
        }
        catalog.by_year = dict(sorted(indexes["year"].items(), reverse=True))
        catalog.by_award = {f.id: indexes["award"][f.id] for f in taxonomy.award_forms if f.id in indexes["award"]}
        return catalog
