"""Places then and now: the unit a record names, as it was, and the unit it is part of today.

Records keep the names of their time ("xã Cách Linh, huyện Phục Hòa, tỉnh Cao Bằng", 2017).
Pages add today's unit where a recorded source says what it is, and nothing where none does:

- provinces: the 23 mergers of NQ 202/2025/QH15 (``content/taxonomies/units.yml``, data with
  its sources; today's 34 names are cross-checked against ``vietnam-provinces``);
- districts: the mergers in the same table (Cao Bằng, NQ 897/NQ-UBTVQH14, 2020), and the end
  of the district level on 01/7/2025 (NQ 203/2025/QH15);
- communes: the 2024 → 2025 mapping shipped in ``vietnam-address-converter`` (its table of
  old province/district/commune → new province/commune), looked up by exact name only, after
  the district step above. Its free-text parser is never used: it reads an unknown district
  such as "huyện Phục Hòa" as today's "xã Phục Hòa". A commune it does not list, lists
  twice under one name, or maps to a unit that ``vietnam-provinces`` does not know today
  gets no "today" at all.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

from ..vietnamese import fold, nfc

TABLE_FILE = "units.yml"
COMMUNE_PACKAGE = "vietnam-address-converter"

# Unit types a name may start with, longest first ("thị xã" before "xã").
_TYPES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")
_TYPE_PREFIX = re.compile(rf"^({'|'.join(_TYPES)})\s+(.+)$", re.IGNORECASE)
_TP_ABBREVIATION = re.compile(r"^tp(\.\s*|\s+)", re.IGNORECASE)  # "TP. Hồ Chí Minh", "TP Hồ Chí Minh"
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")  # "Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu"


def split_type(name: str) -> tuple[str, str]:
    """("thành phố", "Cao Bằng") for "Thành phố Cao Bằng"; ("", name) for a bare name.

    Matched with the tone marks, so "Quân Hà" is a name, not "quận Hà".
    """
    name = nfc(name).strip()
    name = _TP_ABBREVIATION.sub("thành phố ", name, count=1)
    match = _TYPE_PREFIX.match(name)
    if match:
        return match.group(1).casefold(), match.group(2)
    return "", name


@functools.lru_cache(maxsize=1 << 16)  # asked about the same few thousand names for every record
def name_key(name: str) -> str:
    """What two spellings of one unit's name share: no type word, folded, one kind of dash."""
    return fold(_DASHES.sub(" - ", split_type(name)[1]))


@dataclass(frozen=True)
class Resolution:
    """A legal source of the table: its id, its short citation and its title."""

    id: str
    short: str
    title: str


@dataclass(frozen=True)
class Merger:
    """A unit formed on ``valid_from`` from the units in ``parts``."""

    name: str
    type: str
    parts: tuple[str, ...]
    valid_from: str | int  # "YYYY-MM-DD", or a year where only the year is known
    source: Resolution
    province: str = ""  # a district's province

    @property
    def label(self) -> str:
        return f"{self.type} {self.name}"

    @property
    def since(self) -> str:
        return date_label(self.valid_from)


def date_label(value: str | int) -> str:
    """A table date as precisely as known: "01/7/2025", or "năm 2020" where only the year is."""
    if isinstance(value, int):
        return f"năm {value}"
    year, month, day = value.split("-")
    return f"{day}/{int(month)}/{year}"


@dataclass(frozen=True)
class UnitTable:
    """``units.yml``: the provincial and district mergers, with their sources."""

    provinces: tuple[Merger, ...] = ()
    districts: tuple[Merger, ...] = ()
    unchanged_provinces: tuple[str, ...] = ()
    district_level_ended: str = ""  # "YYYY-MM-DD"
    district_level_source: Resolution | None = None

    @classmethod
    def from_data(cls, data: dict) -> UnitTable:
        sources = {s["id"]: Resolution(s["id"], s["short"], s["title"]) for s in data["sources"]}

        def mergers(rows: list[dict]) -> tuple[Merger, ...]:
            return tuple(Merger(r["name"], r["type"], tuple(r["from"]), r["valid_from"], sources[r["source"]],
                                r.get("province", "")) for r in rows)

        ended = data["district_level_ended"]
        return cls(mergers(data["provinces"]), mergers(data.get("districts", ())),
                   tuple(data["unchanged_provinces"]["names"]), ended["date"], sources[ended["source"]])

    @functools.cached_property
    def _province_successors(self) -> dict[str, Merger]:
        return {name_key(part): m for m in self.provinces for part in m.parts if name_key(part) != name_key(m.name)}

    @functools.cached_property
    def _district_successors(self) -> dict[tuple[str, str], Merger]:
        return {(name_key(m.province), name_key(part)): m
                for m in self.districts for part in m.parts if name_key(part) != name_key(m.name)}

    @property
    def former_provinces(self) -> list[str]:
        """The provinces whose name ended: the 29 of the 2025 mergers, and any renamed."""
        return [part for m in self.provinces for part in m.parts if name_key(part) != name_key(m.name)]

    @property
    def today_provinces(self) -> list[str]:
        """Today's 34: the units the table formed and the unchanged ones."""
        return list(dict.fromkeys([m.name for m in self.provinces] + list(self.unchanged_provinces)))

    def province_successor(self, province: str) -> Merger | None:
        """The merger a former province went into; None for one of today's names."""
        return self._province_successors.get(name_key(province))

    def district_successor(self, province: str, district: str) -> Merger | None:
        """The district merger a former district went into, if the table has one."""
        return self._district_successors.get((name_key(province), name_key(district)))

    @functools.cached_property
    def _province_types(self) -> dict[str, str]:
        return {name_key(merger.name): merger.type for merger in reversed(self.provinces)}  # the first one wins

    def province_type(self, province: str) -> str:
        """"thành phố" or "tỉnh", from the table (the 29 former provinces were all tỉnh)."""
        key = name_key(province)
        if key in self._province_types:
            return self._province_types[key]
        return "thành phố" if key in _CITIES else "tỉnh"


# Today's provincial units that are cities and were not merged (the merged ones carry their type).
_CITIES = {name_key("Hà Nội"), name_key("Huế")}


@functools.lru_cache(maxsize=4)
def _read_table(path: Path, stamp: tuple[int, int]) -> UnitTable:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return UnitTable.from_data(data)


def unit_table(taxonomies_dir: Path) -> UnitTable:
    """The unit table of a project (empty without ``units.yml``); read again when the file changes."""
    path = taxonomies_dir / TABLE_FILE
    try:
        stat = path.stat()
    except OSError:
        return UnitTable()
    return _read_table(path, (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=1)
def _todays_names() -> tuple[dict[str, str], dict[str, set[str]]]:
    """From ``vietnam-provinces`` (bundled data, offline): folded province → name, and each
    province's communes (folded full names such as "xa bach thong")."""
    from vietnam_provinces import Province, Ward

    provinces, wards = {}, {}
    for province in Province.iter_all():
        key = name_key(province.name)
        provinces[key] = split_type(province.name)[1]
        wards[key] = {fold(ward.name) for ward in Ward.iter_by_province(province.code)}
    return provinces, wards


def known_provinces(table: UnitTable) -> dict[str, str]:
    """Folded name → name, for today's 34 provinces and the 29 former ones."""
    known = dict(_todays_names()[0])
    known.update({name_key(name): name for name in table.former_provinces})
    return known


def nearest_provinces(name: str, table: UnitTable) -> list[str] | None:
    """None if ``name`` is a known province, today's or a former one; else the nearest known names."""
    known = known_provinces(table)
    key = name_key(name)
    if key in known:
        return None
    # A high cutoff: a far-fetched name ("Hà Tĩnh" for "Thừa Thiên Huế") would be worse than none.
    return [known[k] for k in difflib.get_close_matches(key, list(known), n=3, cutoff=0.75)]


# --- communes: the package's 2024 → 2025 table ---------------------------------------------

_PACKAGE_TYPES = {"xa": "xã", "phuong": "phường", "thi-tran": "thị trấn", "huyen": "huyện", "quan": "quận",
                  "thi-xa": "thị xã", "thanh-pho": "thành phố", "dac-khu": "đặc khu"}


@dataclass(frozen=True)
class CommuneRow:
    old_type: str  # "xã", "phường", "thị trấn"
    district_type: str
    new_commune: str  # with its type: "Xã Bạch Thông"
    new_province: str  # folded key of today's province


@dataclass(frozen=True)
class CommuneTable:
    rows: dict[tuple[str, str, str], tuple[CommuneRow, ...]]
    district_types: dict[tuple[str, str], str]  # (province, district) → "huyện", "thành phố", …


@functools.lru_cache(maxsize=1)
def _commune_table() -> CommuneTable:
    """(province, district, commune) folded without type words → the package's rows for it.

    Loaded once per process, at the first record with a commune or district (0.3 s, 65 MB):
    the catalog asks in the parent, before page-making processes are forked.
    """
    from vietnam_address_converter.data import DEFAULT_DATA

    districts = {d["code"]: d for d in DEFAULT_DATA["oldDistricts"].values()}
    rows: dict[tuple[str, str, str], list[CommuneRow]] = {}
    district_types: dict[tuple[str, str], set[str]] = {}
    for row in DEFAULT_DATA["mapping"]["rows"]:
        old, new = row["old"], row["new"]
        if not old.get("ward_name"):
            continue
        district_type = _PACKAGE_TYPES.get(districts.get(old["district_code"], {}).get("type", ""), "")
        key = (name_key(old["province_name"]), name_key(old["district_name"]), name_key(old["ward_name"]))
        entry = CommuneRow(split_type(old["ward_name"])[0], district_type, new["ward_name"],
                           name_key(new["province_name"]))
        if entry not in rows.setdefault(key, []):
            rows[key].append(entry)
        district_types.setdefault(key[:2], set()).add(district_type)
    return CommuneTable({key: tuple(found) for key, found in rows.items()},
                        {key: types.pop() for key, types in district_types.items() if len(types) == 1})


@functools.lru_cache(maxsize=1)
def commune_source() -> str:
    """The source named where a commune's unit today is shown: the package and its installed version."""
    return f"bảng đối chiếu xã, phường trước và sau 01/7/2025 của gói {COMMUNE_PACKAGE} {version(COMMUNE_PACKAGE)}"


# --- a record's place, then and now ---------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One sourced change to a recorded unit, said in a sentence."""

    text: str
    source: str  # short citation: "Nghị quyết 897/NQ-UBTVQH14", or the package and version


@dataclass(frozen=True)
class ThenNow:
    """A recorded place as it was, and what a source says it is today."""

    recorded: str  # "Khuất Rung, Triệu Ẩu, huyện Phục Hòa, tỉnh Cao Bằng": types only where known
    today_communes: str = ""  # "xã Bế Văn Đàn" where a source maps the commune, else ""
    today_province: str = ""  # today's province name ("Thái Nguyên", for its page) where ``today`` is said
    today_province_label: str = ""  # "tỉnh Thái Nguyên"
    changes: tuple[Change, ...] = ()

    @property
    def today(self) -> str:
        """Today's unit as a source says it ("xã Bạch Thông, tỉnh Thái Nguyên"); "" where none does."""
        return ", ".join(part for part in (self.today_communes, self.today_province_label) if part)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(change.source for change in self.changes))


def then_now(province: str, district: str, commune: str, village: str, table: UnitTable) -> ThenNow:
    """The recorded place with its unit types, and its unit today where a source maps it."""
    changes: list[Change] = []
    province_merger = table.province_successor(province)
    province_label = f"{table.province_type(province)} {split_type(province)[1]}"
    today_province = province_merger.name if province_merger else split_type(province)[1]
    today_province_label = province_merger.label if province_merger else province_label
    if province_merger:
        joined = "hợp nhất vào" if len(province_merger.parts) > 1 else "trở thành"
        changes.append(Change(f"{province_label} {joined} {province_merger.label} từ {province_merger.since}",
                              province_merger.source.short))

    district_merger = table.district_successor(province, district) if district else None
    district_type, district_name = split_type(district)
    district_2024 = district_merger.name if district_merger else district_name
    commune_type, commune_name = split_type(commune)
    communes = _commune_table() if commune or district else CommuneTable({}, {})
    rows = communes.rows.get((name_key(province), name_key(district_2024), name_key(commune_name)), ()) \
        if commune else ()
    if commune_type:
        rows = tuple(row for row in rows if row.old_type == commune_type)
    if district_merger:
        district_type = district_merger.type
        changes.append(Change(f"huyện {district_name} nhập vào {district_merger.label} {district_merger.since}",
                              district_merger.source.short))
    elif not district_type and district:
        district_type = communes.district_types.get((name_key(province), name_key(district_name)), "")
    if district and table.district_level_source:
        changes.append(Change(f"cấp huyện kết thúc hoạt động từ {date_label(table.district_level_ended)}",
                              table.district_level_source.short))

    communes_today = _communes_today(rows, name_key(today_province))
    if communes_today:
        commune_type = commune_type or rows[0].old_type
        split = " (xã cũ được chia cho các đơn vị này)" if len(communes_today) > 1 else ""
        if communes_today == [_typed(commune_type, commune_name)]:
            split = " (đơn vị sau sắp xếp, cùng tên)"
        changes.append(Change(f"{_typed(commune_type, commune_name)} nay thuộc {', '.join(communes_today)}{split}",
                              commune_source()))

    parts = [_typed("", str(village)) if village else "", _typed(commune_type, commune_name) if commune else "",
             _typed(district_type, district_name) if district else "", province_label]
    said = bool(communes_today or province_merger)  # today's unit differs from the recorded one, by a source
    return ThenNow(", ".join(p for p in parts if p), ", ".join(communes_today),
                   today_province if said else "", today_province_label if said else "", tuple(changes))


def district_period(province: str, district: str, table: UnitTable) -> str:
    """How long a recorded district was a unit, by the table: "đến năm 2020, nhập vào huyện Quảng Hòa"."""
    merger = table.district_successor(province, district)
    ended = ""
    if table.district_level_source:
        ended = f"đến {date_label(table.district_level_ended)}, khi cấp huyện kết thúc ({table.district_level_source.short})"
    if merger:
        return f"đến {merger.since}, nhập vào {merger.label} ({merger.source.short}); {merger.label} {ended}".strip()
    return ended


def _communes_today(rows: tuple[CommuneRow, ...], province_key: str) -> list[str]:
    """Today's communes for the rows of one old commune, or none unless every check holds:
    one kind of old unit, today's province as the table says, each commune known today."""
    if not rows or len({row.old_type for row in rows}) != 1:
        return []
    if any(row.new_province != province_key for row in rows):
        return []
    today = _todays_names()[1].get(province_key, set())
    names = list(dict.fromkeys(row.new_commune for row in rows))
    if not all(fold(name) in today for name in names):
        return []
    return [_typed(*split_type(name)) for name in names]


def _typed(unit_type: str, name: str) -> str:
    return f"{unit_type} {name}" if unit_type else name
