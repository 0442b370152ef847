"""Stage 3, model: typed records and the indexes the pages are drawn from.

Everything here is built from documents that passed validation, so the
constructors trust their input. Only published exemplars enter a
:class:`Catalog`: drafts and withdrawn records never reach a page.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..rules.consent import CONTENT, withheld_content
from ..rules.places import Merger, ThenNow, UnitTable, then_now
from ..vietnamese import fold, slugify, sort_key, vietnamese_date

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
    slug: str = ""  # its page's address, /loai/<slug>/ (kinds.yml)


@dataclass(frozen=True)
class AwardLevel:
    id: str
    name: str
    description: str = ""
    issuers: tuple[str, ...] = ()  # folded phrases naming who signs awards of this level (decisions.issuer_level)


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

    @property
    def issuers_by_level(self) -> dict[str, tuple[str, ...]]:
        return {level.id: level.issuers for level in self.levels.values() if level.issuers}

    def find_award(self, text: str) -> AwardForm | None:
        """The award form named ``text``, ignoring case, spacing and tone marks."""
        return self._awards_by_folded.get(fold(text))

    def known_award(self, text: str) -> AwardForm:
        """The award form named ``text``, which validation found (records are built only once valid)."""
        form = self.find_award(text)
        if form is None:
            raise KeyError(f"no award form is named {text!r}: only validated records are built")
        return form

    def nearest_awards(self, text: str, count: int = 3) -> list[str]:
        """Names of the award forms closest to ``text``, for "did you mean" hints."""
        folded = difflib.get_close_matches(fold(text), self._awards_by_folded, n=count, cutoff=0.5)
        names: list[str] = []
        for key in folded:
            name = self._awards_by_folded[key].name
            if name not in names:
                names.append(name)
        return names


# How a page says a When, in full and in a table cell: by what the source gives.
_WHEN_LABEL = {"exact": "năm {}", "period": "giai đoạn {}–{}", "start": "từ năm {}", "end": "đến năm {}",
               "before": "trước năm {}", "reported": "năm chưa rõ (được nêu trong nguồn năm {})"}
_WHEN_SHORT = {"exact": "{}", "period": "{}–{}", "start": "từ {}", "end": "đến {}",
               "before": "trước {}", "reported": "nguồn năm {}"}


@dataclass(frozen=True)
class When:
    """When something happened, as far as the source says: a year, a period, "before" a year,
    or only the year of the source that reported it. Never more precise than the source."""

    exact: int | None = None
    start: int | None = None
    end: int | None = None
    before: int | None = None
    reported: int | None = None

    @property
    def year(self) -> int | None:
        """The year, if known exactly: what places a record under a year."""
        return self.exact

    @property
    def label(self) -> str:
        """How pages say it, in Vietnamese: "năm 2017", "giai đoạn 2021–2023", "trước năm 2018"."""
        return self._say(_WHEN_LABEL)

    @property
    def short(self) -> str:
        """The same in a table cell or a list line: "2017", "2021–2023", "trước 2018", "nguồn năm 2019"."""
        return self._say(_WHEN_SHORT)

    def _say(self, wording: dict[str, str]) -> str:
        if self.exact is not None:
            return wording["exact"].format(self.exact)
        if self.start is not None and self.end is not None:
            if self.start == self.end:
                return wording["exact"].format(self.start)
            return wording["period"].format(self.start, self.end)
        for kind in ("start", "end", "before"):
            if getattr(self, kind) is not None:
                return wording[kind].format(getattr(self, kind))
        return wording["reported"].format(self.reported)

    @property
    def latest(self) -> int:
        """The latest year it can be: for ordering ("most recent first")."""
        for value in (self.exact, self.end, self.reported):
            if value is not None:
                return value
        return self.before - 1 if self.before is not None else self.start or 0


def build_when(value: Any) -> When | None:
    """A record's ``year`` (an integer or one of the mappings the schema allows) as a :class:`When`."""
    if value is None:
        return None
    if isinstance(value, int):
        return When(exact=value)
    return When(start=value.get("from"), end=value.get("to"), before=value.get("before"),
                reported=value.get("reported"))


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
class Decision:
    """A quyết định khen thưởng: who signed it, when, and what it confers."""

    id: str
    number: str
    issuer: str
    date: str = ""  # YYYY-MM-DD, when known
    year: int | None = None  # the year of ``date``, or the year alone when the date is not known
    title: str = ""
    award_forms: tuple[AwardForm, ...] = ()
    url: str = ""
    file: Path | None = None  # a scanned copy, absolute path
    sources: tuple[Source, ...] = ()

    @property
    def date_label(self) -> str:
        """"ngày 15/01/2018", "năm 2018" or ""."""
        if self.date:
            return f"ngày {vietnamese_date(self.date)}"
        return f"năm {self.year}" if self.year else ""

    @property
    def label(self) -> str:
        """"Quyết định số 1234/QĐ-UBND ngày 15/01/2018"."""
        return " ".join(filter(None, (f"Quyết định số {self.number}", self.date_label)))


@dataclass(frozen=True)
class Award:
    form: AwardForm
    when: When | None = None  # the award's own year, else its decision's
    by: str = ""  # who decided it: the award's own, else its decision's signer
    decision: Decision | None = None
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
class Exemplar:
    id: str
    name: str
    kind: Kind
    summary: str
    when: When | None  # None: the sources do not say
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
    ethnicity: str = ""
    born: int | None = None  # the year only: full birth dates are never published
    # Kinds of content the record holds but no consent grant covers (consent.py): left out above.
    withheld: tuple[str, ...] = ()
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
    levels = {
        lv["id"]: AwardLevel(lv["id"], lv["name"], lv.get("description", ""), tuple(map(fold, lv.get("issuers", ()))))
        for lv in awards["levels"]
    }
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
        kinds={k["id"]: Kind(k["id"], k["name"], k["plural"], k["slug"]) for k in kinds},
        fields={f["id"]: Field(f["id"], f["name"], f.get("description", "")) for f in fields},
        levels=levels,
        award_forms=forms,
        units=UnitTable.from_data(units),
    )


def build_decision(decision_id: str, data: dict, folder: Path, taxonomy: Taxonomy) -> Decision:
    date = data.get("date", "")
    return Decision(
        id=decision_id,
        number=data["number"],
        issuer=data["issuer"],
        date=date,
        year=int(date[:4]) if date else data.get("year"),
        title=data.get("title", ""),
        award_forms=tuple(taxonomy.known_award(name) for name in data.get("awards", ())),
        url=data.get("url", ""),
        file=(folder / data["file"]).resolve() if data.get("file") else None,
        sources=_sources(data.get("sources", ())),
    )


def build_award(data: dict, taxonomy: Taxonomy, decisions: dict[str, Decision]) -> Award:
    decision = decisions.get(data["decision"]) if data.get("decision") else None
    when = build_when(data.get("year"))
    if when is None and decision is not None and decision.year:
        when = When(exact=decision.year)
    return Award(
        form=taxonomy.known_award(data["award"]),
        when=when,
        by=data.get("by") or (decision.issuer if decision else ""),
        decision=decision,
        reason_type=data.get("reason_type", ""),
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
    digest: str = "", decisions: dict[str, Decision] | None = None,
) -> Exemplar:
    withheld = withheld_content(data)
    if withheld:
        data = _without(data, withheld)
    place = data["place"]
    awards = sorted(
        (build_award(a, taxonomy, decisions or {}) for a in data.get("awards", ())),
        key=lambda a: (a.form.rank, -(a.when.latest if a.when else 0)),
    )
    replication = data.get("replication", {})
    return Exemplar(
        id=exemplar_id,
        name=data["name"],
        kind=taxonomy.kinds[data["kind"]],
        summary=data["summary"],
        when=build_when(data.get("year")),
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
        ethnicity=data.get("ethnicity", ""),
        born=data.get("born"),
        withheld=tuple(withheld),
        status=data.get("status", "published"),
        digest=digest,
    )


def _without(data: dict, kinds: list[str]) -> dict:
    """The record without the fields of those kinds of content (consent.CONTENT): a copy, the
    loaded document stays as read."""
    data = {**data, "replication": dict(data.get("replication", {}))}
    for kind in kinds:
        for path in CONTENT[kind]:
            (data["replication"] if path[0] == "replication" else data).pop(path[-1], None)
    return data


def vietnamese_order(items: Iterable, name=lambda item: item.name) -> list:
    return sorted(items, key=lambda item: sort_key(name(item)))


@dataclass
class Catalog:
    """All published exemplars and movements, with the indexes pages are drawn from."""

    taxonomy: Taxonomy
    movements: list[Movement]  # in Vietnamese alphabetical order
    exemplars: list[Exemplar]  # published only, in Vietnamese alphabetical order
    decisions: list[Decision] = field(default_factory=list)  # published, latest first
    by_kind: dict[str, list[Exemplar]] = field(default_factory=dict)
    by_field: dict[str, list[Exemplar]] = field(default_factory=dict)
    by_movement: dict[str, list[Exemplar]] = field(default_factory=dict)
    by_province: dict[str, list[Exemplar]] = field(default_factory=dict)
    by_year: dict[int, list[Exemplar]] = field(default_factory=dict)  # only the years known exactly
    without_year: list[Exemplar] = field(default_factory=list)  # the sources give no exact year
    by_award: dict[str, list[Exemplar]] = field(default_factory=dict)  # form id, highest honour first
    by_decision: dict[str, list[Exemplar]] = field(default_factory=dict)  # decision id → the exemplars it honoured
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
    def build(cls, taxonomy: Taxonomy, movements: Iterable[Movement], exemplars: Iterable[Exemplar],
              decisions: Iterable[Decision] = ()) -> Catalog:
        published = vietnamese_order(e for e in exemplars if e.published)
        ordered_decisions = sorted(decisions, key=lambda d: (-(d.year or 0), d.date, sort_key(d.number)))
        catalog = cls(taxonomy, vietnamese_order(movements), published, ordered_decisions)
        names = ("kind", "field", "movement", "province", "year", "award", "decision")
        indexes: dict[str, defaultdict[Any, list[Exemplar]]] = {name: defaultdict(list) for name in names}
        for exemplar in published:  # one pass; lists stay in alphabetical order
            indexes["kind"][exemplar.kind.id].append(exemplar)
            indexes["province"][exemplar.place.province_slug].append(exemplar)
            if exemplar.when and exemplar.when.year is not None:
                indexes["year"][exemplar.when.year].append(exemplar)
            else:
                catalog.without_year.append(exemplar)
            for decision_id in dict.fromkeys(a.decision.id for a in exemplar.awards if a.decision):
                indexes["decision"][decision_id].append(exemplar)
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
        catalog.by_decision = dict(indexes["decision"])
        return catalog
