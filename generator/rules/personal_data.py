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

Most records hold nothing of the kind: :func:`may_hold` screens a record file's
bytes in one pass before the regular expressions run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..pipeline.load import YamlDocument
from ..problems import ProblemList, Severity

# Kind → (message code, severity).
KINDS: dict[str, tuple[str, Severity]] = {
    "phone": ("private-phone", "error"),
    "landline": ("landline-phone", "warning"),
    "id": ("private-id-number", "error"),
    "email": ("private-email", "error"),
    "email-other": ("unofficial-email", "warning"),
}
# Stay errors in drafts too: a draft sits in the repository, which is public.
BLOCKING_CODES = frozenset(code for code, severity in KINDS.values() if severity == "error")

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

def _screen_table() -> bytes:
    """The table of :func:`may_hold`'s one pass over UTF-8 bytes: each byte becomes its class.

    ``0`` a digit, ``@``, ``s`` what may stand between the digits of a number (ASCII gaps, every
    continuation byte, the lead bytes of U+0080–U+00BF and U+2000–U+2FFF, whose characters of
    interest are only spaces, dashes and dots), ``x`` any other ASCII or a lead byte of Vietnamese
    and other Latin letters and combining marks (U+00C0–U+037F), ``!`` any other lead byte (where
    full-width forms and most other scripts' digits live: such text is always read in full).
    U+1000–U+1FFF holds Vietnamese letters (U+1E00–U+1EFF, whose second byte is B8–BB) and
    other scripts' digits and spaces: its lead byte is ``E`` and the second bytes of Vietnamese
    letters are ``V``, so that ``E`` followed by anything else is one of the others.
    """
    table = bytearray(b"x" * 256)
    table[ord("0"):ord("9") + 1] = b"0" * 10
    table[ord("@")] = ord("@")
    for gap in b" \t\n\r\v\f\x1c\x1d\x1e.-()+":
        table[gap] = ord("s")
    table[0x80:0xC0] = b"s" * 0x40
    table[0xB8:0xBC] = b"V" * 4
    table[0xCE:0x100] = b"!" * (0x100 - 0xCE)
    table[0xC2] = table[0xE2] = ord("s")
    table[0xE1] = ord("E")
    return bytes(table)


_SCREEN_TABLE = _screen_table()
_NINE_DIGITS = re.compile(rb"0(?<!00)(?:[sV]*+0){8}")  # from the first digit of a group: the rest add nothing
_NOT_VIETNAMESE = re.compile(rb"E[^V]")
_ESCAPE = re.compile(rb'\\[^"]')  # in YAML, any but \" may stand for a digit, a gap or an @


def may_hold(raw: bytes) -> bool:
    """Whether UTF-8 text may hold a finding: False only when :func:`find` would surely find nothing.

    Runs on the bytes of a whole file (a record as written): a YAML escape may stand for any
    character, so a file with one (other than a quote's) is always read in full.
    """
    classes = raw.translate(_SCREEN_TABLE)
    return (b"@" in classes or b"!" in classes or _ESCAPE.search(raw) is not None
            or _NOT_VIETNAMESE.search(classes) is not None or _NINE_DIGITS.search(classes) is not None)


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
_TAX_CODE_LABEL = re.compile(
    r"(?:mã số thuế|\bmst|mã số doanh nghiệp|mã số hợp tác(?: xã)?|mã doanh nghiệp)[^\d]{0,6}$"
)
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
    r"[ ]{0,3}(?:%|‰|(?:đồng|đ|vnđ|vnd|usd|triệu|tỷ|tỉ|nghìn|ngàn|ha|héc-?ta|hecta|m2|m²|m3|km2?|kg|tấn|tạ"
    r"|lít|người|hộ|nhân khẩu|khẩu|lượt|con|cây|lao động|học sinh|đoàn viên|hội viên|thành viên|sản phẩm)"
    r"(?!\w))",
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
    def severity(self) -> Severity:
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
        email_kind = _email_kind(match.group().rsplit("@", 1)[1])
        if email_kind:
            add(email_kind, *match.span())
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
    """Add to ``problems`` the personal data in every string of a record as loaded (any record type:
    exemplars, movements, decisions), at the line and column where each was written.

    Most records hold nothing of the kind, and the screen of the file's bytes says so at a tenth of
    the cost of walking the data.
    """
    if not may_hold(doc.raw):
        return
    for path, text in _strings_with_paths(doc.data):
        for finding in find(text):
            mark = doc.mark_in_text(path, finding.start)
            problems.add(doc.display, mark.line, mark.column, finding.code, finding.severity, **_params(finding))


def check_page(file: Path, display: str, problems: ProblemList) -> None:
    """Add to ``problems`` the personal data in a hand-written page (Markdown), at its line and column."""
    raw = file.read_bytes()
    if not may_hold(raw):
        return
    text = raw.decode("utf-8", "replace")
    for finding in find(text):
        line_start = text.rfind("\n", 0, finding.start) + 1
        line = text.count("\n", 0, finding.start) + 1
        problems.add(display, line, finding.start - line_start + 1, finding.code, finding.severity,
                     **_params(finding))


def _params(finding: Finding) -> dict[str, str]:
    return {"value": " ".join(finding.text.split())}
