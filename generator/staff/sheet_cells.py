"""One spreadsheet cell into one record value, read the way Vietnamese staff write it.

Every reader takes what a cell holds (text, a number, an Excel date) and returns the
value the record stores, or raises :class:`CellError` naming the message that says
what to write instead. Nothing here knows about rows, records or files.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..pipeline.load import FORBIDDEN_CHARACTERS
from ..rules.decisions import is_decision_number
from ..vietnamese import fold, nfc, slugify

_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serial numbers (as Excel counts them after 1900-03-01)
_SERIALS = (16438, 73415)  # Excel date serials from 1945 to 2100
_YEARS = (1945, 2100)
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d|2100)(?!\d)")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# "ngày 15 tháng 01 năm 2018", as decisions date themselves (folded: no marks, lower case).
_WORDED_DATE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*)?(\d{2,4})$")
_DATE_PREFIX = re.compile(r"^ngay\s+(?=\d)")  # "ngày 15/01/2018"
_PERIOD = re.compile(r"^(?:giai doan\s*|tu\s*(?:nam\s*)?)?(\d{4})\s*(?:-|–|—|den\s*(?:nam\s*)?)\s*(\d{4})$")
_LIST_SEPARATORS = re.compile(r"[;\n]")
# What staff write around a decision's number: "Số 1234/QĐ-UBND", "QĐ số: 1234/QD-UBND".
_DECISION_PREFIX = re.compile(r"^(?:quyết định\s*|qđ\s*)?(?:số\s*)?:?\s*", re.IGNORECASE)
_DECISION_KIND = re.compile(r"/q[dđ]-", re.IGNORECASE)  # "QD" typed without its mark is "QĐ"


class CellError(Exception):
    """The cell cannot be read; ``code`` names the message in ``messages.yml``."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def text(value: Any) -> str:
    """What the cell shows, as NFC text with Unix line breaks and no surrounding spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date()
    return nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


def refuse_control_characters(value: Any) -> None:
    """A cell holding a control character or a noncharacter cannot be imported: the record would not load."""
    if found := FORBIDDEN_CHARACTERS.search(text(value)):
        raise CellError("import-control-character", char=f"U+{ord(found.group()):04X}")


def line(value: Any) -> str:
    return " ".join(text(value).split())


def prose(value: Any) -> str:
    lines = [" ".join(part.split()) for part in text(value).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def items(value: Any) -> list[str]:
    return [item for item in (" ".join(part.split()) for part in _LIST_SEPARATORS.split(text(value))) if item]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _excel_day(serial: float) -> date:
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _calendar_date(day: int, month: int, year: int, written: str) -> date:
    if year < 100:
        raise CellError("import-bad-date-short-year", value=written)
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError("import-bad-date", value=written) from None


def read_date(value: Any) -> date:
    """A day from an Excel date cell or serial, or text: 15/01/2018, 15-01-2018, 15.01.2018,
    ngày 15 tháng 01 năm 2018, 2018-01-15. Day before month, as Vietnamese writes it."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if _is_number(value) and _SERIALS[0] <= value <= _SERIALS[1]:
        return _excel_day(value)
    written = line(value)
    folded = _DATE_PREFIX.sub("", fold(written))
    if match := _NUMERIC_DATE.match(folded) or _WORDED_DATE.match(folded):
        day, month, year = map(int, match.groups())
        return _calendar_date(day, month, year, written)
    if match := _ISO_DATE.match(folded):
        year, month, day = map(int, match.groups())
        return _calendar_date(day, month, year, written)
    raise CellError("import-bad-date", value=written)


def _exact_year(value: Any) -> int:
    if isinstance(value, (datetime, date)):
        return value.year
    if _is_number(value):
        if _YEARS[0] <= value <= _YEARS[1] and float(value).is_integer():
            return int(value)
        if _SERIALS[0] <= value <= _SERIALS[1]:
            return _excel_day(value).year
        raise CellError("import-bad-year", value=text(value))
    years = set(_YEAR_IN_TEXT.findall(text(value)))  # "2017", "12/2017", "năm 2017", "15/01/2017"
    if len(years) != 1:
        raise CellError("import-bad-year", value=text(value))
    return int(years.pop())


def read_year(value: Any) -> int:
    """An exact year: 2017, "năm 2017", "12/2017", a date."""
    return _exact_year(value)


def read_when(value: Any) -> int | dict[str, int]:
    """A year as far as it is known: 2017; a period "2021-2023" (giai đoạn 2021–2023, 2021 đến 2023);
    "trước 2018"; "nguồn 2019" (only the year of the source that reported it). See the format's ``year``."""
    if not isinstance(value, str):
        return _exact_year(value)
    folded = fold(line(value))
    years = [int(year) for year in _YEAR_IN_TEXT.findall(folded)]
    if "truoc" in folded.split() or "nguon" in folded.split():
        if len(years) != 1:
            raise CellError("import-bad-year", value=line(value))
        return {"before": years[0]} if "truoc" in folded.split() else {"reported": years[0]}
    if match := _PERIOD.match(folded):
        start, end = map(int, match.groups())
        if start > end:
            raise CellError("import-bad-period", value=line(value), start=start, end=end)
        return start if start == end else {"from": start, "to": end}
    return _exact_year(value)


def decision_number(value: Any) -> str:
    """A decision's number as printed: "Số 1234 / QD-UBND" → "1234/QĐ-UBND" (``decisions.DECISION_NUMBER``)."""
    written = line(value)
    compact = re.sub(r"\s*([/-])\s*", r"\1", _DECISION_PREFIX.sub("", written, count=1))
    number = _DECISION_KIND.sub("/QĐ-", compact)
    if not is_decision_number(number):
        raise CellError("import-bad-decision-number", value=written)
    return number


@dataclass(frozen=True)
class Lookups:
    """Movement and field ids by the ways staff write them: the id or the name, with or without marks."""

    movements: dict[str, str]
    fields: dict[str, str]


def ids(value: Any, table: dict[str, str], code: str) -> list[str]:
    found = []
    for item in items(value):
        match = table.get(slugify(item))
        if match is None:
            raise CellError(code, value=item,
                            suggestions=[table[s] for s in difflib.get_close_matches(slugify(item), table, n=3)])
        found.append(match)
    return list(dict.fromkeys(found))


def choice(value: Any, choices: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    written = line(value)
    for choice_id, words in choices:
        if fold(written) in {fold(choice_id), *map(fold, words)}:
            return choice_id
    allowed = [words[0] for _, words in choices]
    raise CellError("import-bad-choice", value=written, allowed=", ".join(allowed),
                    suggestions=difflib.get_close_matches(written, allowed, n=2, cutoff=0.5))
