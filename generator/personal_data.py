"""Personal data that must never be published, found however people write it (domain.md §3).

Staff paste text from letters, spreadsheets, chat apps and Word, so the same
phone number arrives as ``0912 345 678``, ``0912-345-678``, ``+84 (0) 912…``,
in full-width digits, split by a non-breaking or thin space, or broken across
two lines of a story. Every text is first *normalised*, one character for one
character so that offsets stay those of the text as written:

* every Unicode decimal digit (full-width ``０``–``９``, Arabic-Indic, …) → ASCII;
* every kind of space, line break and invisible separator → a space;
* every kind of dash (hyphen, non-breaking hyphen, en and em dash, minus …) → ``-``;
* dot-like marks (full-width stop, middle dot, one-dot leader …) → ``.``;
* full-width forms (``＠``, ``＋``, ``（``, letters) → their ASCII twins.

Then four kinds of findings are looked for (:data:`KINDS`), each a message code
and severity in ``messages.yml``:

* ``phone``: a Vietnamese mobile number (``03``/``05``/``07``/``08``/``09`` and
  eight digits, or the pre-2018 eleven-digit ``012``/``016``/``018``/``019``),
  national or international (``+84``, ``84``, ``0084``, ``(+84)``, ``+84 (0)``):
  an **error**, it belongs to a person;
* ``landline``: a fixed-line number (``02`` and nine digits, or ``+84 2…``):
  a **warning**, since a unit's switchboard is a fair contact for replication,
  while a home line is not: staff decide;
* ``id``: a 9-digit (CMND) or 12-digit (CCCD) ID number in any grouping:
  an **error**;
* ``email``: an address at a free mail service (gmail.com, yahoo.com …), which
  belongs to a person: an **error**; ``email-other``: an address at another
  domain that is not an official one (``.gov.vn``, ``.edu.vn``, ``.org.vn``):
  a **warning**, a unit may have its own domain.

What staff really write must not be flagged (tests/data/personal_data_corpus.yml):
money (``150.000.000 đồng``), periods (``2016–2020``), decision numbers
(``1730/QĐ-TTg``), dates, areas and counts. So a number followed by a unit
(``đồng``, ``ha``, ``người``, ``%`` …) is a quantity, a number inside a web
address is part of it, and a 9- or 12-digit number counts as an ID number only
when its shape says so: it follows ``CMND``, ``CCCD``, ``căn cước``… (or ``số``),
or it starts with 0 (as every CCCD does; no amount of money does), or it is
written in one piece or grouped in a way thousands are not (``171 234 567``,
``171-234-567``). An unlabelled ``171.234.567``, dot-grouped like an amount of
money, is left alone.

Most records hold nothing of the kind: :func:`may_hold` screens a record's text
in one pass over its UTF-8 bytes before the regular expressions run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .load import YamlDocument
from .problems import ProblemList

# Kind → (message code, severity).
KINDS = {
    "phone": ("private-phone", "error"),
    "landline": ("landline-phone", "warning"),
    "id": ("private-id-number", "error"),
    "email": ("private-email", "error"),
    "email-other": ("unofficial-email", "warning"),
}

_DASHES = "\u00ad\u2043\u2212\u2796\ufe63"  # soft hyphen, hyphen bullet, minus signs; the rest is category Pd
_DOTS = "\u00b7\u0387\u2024\u2027\u2219\u22c5\u3002\ufe52\uff0e\uff61"
_INVISIBLE = "\u180e\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters that editors paste between digits


class _Normalisation(dict):
    """The translation table of :func:`normalise`, filled as characters are first met.

    ``str.translate`` looks every character up in it; a character is worked out
    once (``__missing__``) and kept, so only the few distinct characters of the
    site's text are ever computed, and nothing at import time.
    """

    def __missing__(self, code: int) -> int:
        self[code] = value = ord(_normal_character(chr(code)))
        return value


def _normal_character(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category in ("Zs", "Zl", "Zp") or char in _INVISIBLE or char in "\t\n\r\v\f\x1c\x1d\x1e\x85":
        return " "
    if category == "Pd" or char in _DASHES:
        return "-"
    if char in _DOTS:
        return "."
    if char == "\ufe6b":  # small commercial at
        return "@"
    compatible = unicodedata.normalize("NFKC", char)
    # Full-width and other compatibility forms of letters and the signs of addresses, one for one.
    if len(compatible) == 1 and compatible.isascii() and (compatible.isalpha() or compatible in "@+()_%"):
        return compatible
    return char


_NORMALISATION = _Normalisation()


def normalise(text: str) -> str:
    """``text`` with digits, spaces, dashes, dots and full-width forms made plain, character for character."""
    return text.translate(_NORMALISATION)


# --- the screen ---------------------------------------------------------------------------------

def _screen_table() -> tuple[bytes, bytes]:
    """The table and deleted bytes of :func:`may_hold`'s one pass over UTF-8.

    ASCII digits become ``0`` and ``@`` stays, so that a number of nine digits or more
    shows as ``000000000`` once separators are deleted. Deleted too: every continuation
    byte, and the lead bytes of U+0080–U+00BF and U+2000–U+2FFF, whose characters of
    interest are only spaces, dashes and dots. Lead bytes of Vietnamese letters
    (U+00C0–U+02FF, combining marks, U+1000–U+1FFF) become a letter; any other non-ASCII
    lead byte (where full-width forms and other scripts' digits live) becomes ``!``,
    and such text is always read in full. U+1000–U+1FFF holds other scripts' digits as
    well as Vietnamese letters: :data:`_NOT_VIETNAMESE_E1` tells them apart.
    """
    table = bytearray(b"x" * 256)
    table[ord("0"):ord("9") + 1] = b"0" * 10
    table[ord("@")] = ord("@")
    table[0xC3:0xCE] = b"x" * (0xCE - 0xC3)  # U+00C0–U+037F: Latin letters, combining marks
    table[0xCE:0x100] = b"!" * (0x100 - 0xCE)
    table[0xE1] = ord("x")
    deleted = bytes(range(0x80, 0xC0)) + b"\xc2\xe2 \t\n\r\v\f\x1c\x1d\x1e.-()+"
    return bytes(table), deleted


_SCREEN_TABLE, _SCREEN_DELETED = _screen_table()
_NOT_VIETNAMESE_E1 = re.compile(rb"\xe1[\x80-\xb7\xbc-\xbf]")  # U+1000–U+1FFF except U+1E00–U+1EFF


def may_hold(text: str) -> bool:
    """Whether ``text`` may hold a finding: False only when :func:`find` would surely find nothing."""
    raw = text.encode("utf-8", "surrogatepass")
    marks = raw.translate(_SCREEN_TABLE, _SCREEN_DELETED)
    return (b"000000000" in marks or b"@" in marks or b"!" in marks
            or _NOT_VIETNAMESE_E1.search(raw) is not None)


# --- finding, in normalised text ----------------------------------------------------------------

# Between the digits of a phone number: a dot, spaces (a line break is one, with the next line's
# indent), or a dash or brackets among spaces ("0912-345-678", "+84 (0) 912", "(024) 3825").
_PHONE_GAP = r"(?:\.|[ ]{1,6}|[ ]{0,6}[-()][ ]{0,6}(?:[()][ ]{0,6})?)?"
# Before: not inside a longer number or an amount ("1.090.000.000").
_PHONE_START = r"(?<![\d+])(?<!\d[.,])\(?"
# The country code in its written forms, then perhaps the trunk 0 in brackets: "+84 (0) 912".
_INTERNATIONAL = rf"(?:(?:\+[ ]?|00)?84{_PHONE_GAP}(?:0{_PHONE_GAP})?)"
_PHONE_END = r"(?!\d)(?![.,]\d)"


def _digits(count: int, gap: str) -> str:
    return rf"(?:{gap}\d){{{count}}}"


_MOBILE = re.compile(
    rf"{_PHONE_START}(?:{_INTERNATIONAL}|0{_PHONE_GAP})"
    rf"(?:[35789]{_digits(8, _PHONE_GAP)}|1{_PHONE_GAP}[2689]{_digits(8, _PHONE_GAP)}){_PHONE_END}"
)
_LANDLINE = re.compile(
    rf"{_PHONE_START}(?:{_INTERNATIONAL}|0{_PHONE_GAP})2{_digits(9, _PHONE_GAP)}{_PHONE_END}"
)
# ID numbers: groups apart by spaces (a line break too), a dash, or a dot with no space after it
# (a dot and a space end a sentence). The whole run of groups is the number: "012 345 678 9" is not one.
_ID_GAP = r"(?:[ ]{1,6}|[ ]{0,2}-[ ]{0,2}|\.)?"
_ID_NUMBER = re.compile(
    rf"(?<![\w+])(?<!\d[-.,/])(?<!\d )\d{_digits(8, _ID_GAP)}(?:{_digits(3, _ID_GAP)})?"
    r"(?![-.,/]?\d)(?! \d)(?!/)(?!\w)"
)
_ID_LABEL = re.compile(
    r"(?:cmnd|cccd|cmtnd|cmt|căn cước|chứng minh|định danh|hộ chiếu|giấy tờ tùy thân)[^\d]{0,25}$"
    r"|(?<!dân )(?<!tổng )\bsố[ :]{0,3}$"
)
# A ten-digit enterprise or cooperative tax code may start like a mobile number (03…, Hồ Chí Minh City).
_TAX_CODE_LABEL = re.compile(r"(?:mã số thuế|\bmst|mã số doanh nghiệp|mã số hợp tác xã|mã số hợp tác|mã doanh nghiệp)[^\d]{0,6}$")
_LABEL_WINDOW = 40
_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_OFFICIAL_DOMAIN = re.compile(r"\.(?:gov|edu|org)\.vn$", re.IGNORECASE)
_FREE_MAIL = re.compile(
    r"(?:^|\.)(?:g(?:oogle)?mail\.com|yahoo\.com(?:\.vn)?|ymail\.com|hotmail\.com|outlook\.com(?:\.vn)?|live\.com"
    r"|msn\.com|icloud\.com|me\.com|mac\.com|aol\.com|proton(?:mail)?\.(?:com|me)|zoho\.com|gmx\.com|mail\.com"
    r"|yandex\.(?:com|ru)|mail\.ru|qq\.com|163\.com|vnn\.vn|fpt\.vn)$",
    re.IGNORECASE,
)
# A number followed by one of these is a quantity: money, area, people, a share.
_UNIT = re.compile(
    r"[ ]{0,3}(?:%|‰|(?:đồng|đ|vnđ|vnd|usd|triệu|tỷ|tỉ|nghìn|ngàn|ha|héc-?ta|hecta|m2|m²|m3|km2?|kg|tấn|tạ|lít"
    r"|người|hộ|nhân khẩu|khẩu|lượt|con|cây|lao động|học sinh|đoàn viên|hội viên|thành viên|sản phẩm)(?!\w))",
    re.IGNORECASE,
)
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """Personal data found in a text: its kind (a key of :data:`KINDS`) and where it was written."""

    kind: str
    start: int  # offsets in the text as written (normalising keeps them)
    end: int
    text: str  # as written

    @property
    def code(self) -> str:
        return KINDS[self.kind][0]

    @property
    def severity(self) -> str:
        return KINDS[self.kind][1]


def find(text: str) -> list[Finding]:
    """Every finding in ``text``, in the order written."""
    plain = normalise(text)
    addresses = [match.span() for match in _WEB_ADDRESS.finditer(plain)]
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []  # a number found as a phone is not also an ID number

    def add(kind: str, start: int, end: int) -> None:
        if any(start < stop and begin < end for begin, stop in addresses + taken):
            return
        taken.append((start, end))
        findings.append(Finding(kind, start, end, text[start:end]))

    for kind, pattern in (("phone", _MOBILE), ("landline", _LANDLINE)):
        for match in pattern.finditer(plain):
            if not _UNIT.match(plain, match.end()) and not _TAX_CODE_LABEL.search(_words_before(plain, match)):
                start, end = match.span()
                if plain[start] == "(" and ")" not in match.group():  # the bracket of "(0912 345 678)"
                    start += 1
                add(kind, start, end)
    for match in _ID_NUMBER.finditer(plain):
        if _is_id_number(plain, match):
            add("id", *match.span())
    for match in _EMAIL.finditer(plain):
        kind = _email_kind(match.group().rsplit("@", 1)[1])
        if kind:
            add(kind, *match.span())
    return sorted(findings, key=lambda finding: finding.start)


def _is_id_number(plain: str, match: re.Match) -> bool:
    number = match.group()
    digits = re.sub(r"\D", "", number)
    if _UNIT.match(plain, match.end()):
        return False
    if _ID_LABEL.search(_words_before(plain, match)):
        return True
    groups = re.findall(r"\d+", number)
    if len(groups) > 1 and min(map(len, groups)) < 3:  # "05.2020-07.2021", a period, not a number
        return False
    if digits[0] == "0":  # every CCCD, and CMND of the provinces numbered 01–09; never an amount
        return True
    if len(digits) == 12 or digits[0] > "3" or digits.endswith("000"):  # CMND start 1–3; round numbers are amounts
        return False
    return len(groups) == 1 or not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number)


def _words_before(plain: str, match: re.Match) -> str:
    """The few words before ``match``, in lower case and NFC, where a label would be."""
    return unicodedata.normalize("NFC", plain[max(0, match.start() - _LABEL_WINDOW):match.start()].lower())


def _email_kind(domain: str) -> str | None:
    if _OFFICIAL_DOMAIN.search(domain):
        return None
    return "email" if _FREE_MAIL.search(domain) else "email-other"


# --- records and pages --------------------------------------------------------------------------

def _string_values(data: Any, found: list[str]) -> list[str]:
    """Every string in ``data``: what the screen reads (without paths, three times cheaper)."""
    if isinstance(data, str):
        found.append(data)
    elif isinstance(data, dict):
        for value in data.values():
            _string_values(value, found)
    elif isinstance(data, list):
        for value in data:
            _string_values(value, found)
    return found


def _strings_with_paths(data: Any, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    """Every string value in ``data`` with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings_with_paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings_with_paths(value, path + (index,))


def check_document(doc: YamlDocument, problems: ProblemList) -> None:
    """Add to ``problems`` the personal data in every string of a loaded record, at the line and column
    where each was written (any record type: exemplars, movements, decisions)."""
    if not may_hold("\x00".join(_string_values(doc.data, []))):
        return
    for path, text in _strings_with_paths(doc.data):
        for finding in find(text):
            mark = doc.mark_in_text(path, finding.start)
            problems.add(doc.display, mark.line, mark.column, finding.code, finding.severity, **_params(finding))


def check_page(file: Path, display: str, problems: ProblemList) -> None:
    """Add to ``problems`` the personal data in a hand-written page (Markdown), at its line and column."""
    text = file.read_text(encoding="utf-8", errors="replace")
    if not may_hold(text):
        return
    for finding in find(text):
        line_start = text.rfind("\n", 0, finding.start) + 1
        line = text.count("\n", 0, finding.start) + 1
        problems.add(display, line, finding.start - line_start + 1, finding.code, finding.severity,
                     **_params(finding))


def _params(finding: Finding) -> dict[str, str]:
    return {"value": " ".join(finding.text.split())}
