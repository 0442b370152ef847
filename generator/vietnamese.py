"""Vietnamese text rules: normal form, accent folding, slugs and alphabetical order.

Vietnamese needs its own rules in three places: matching what people type
(tone marks optional, ``đ`` typed as ``d``, either tone placement), file names
(ASCII slugs) and sorting (``a ă â b c d đ e ê …``, with tones deciding only
between otherwise equal words). See docs/domain.md §4.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# Letters in Vietnamese alphabetical order; letters outside it sort after them
# by code point.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

# Combining tone marks in dictionary order: ngang (none) < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

_SLUG_RUN = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form the site stores and outputs.

    Also replaces the look-alike Icelandic ``Ð`` (U+00D0), which some keyboards
    and converters produce, with the Vietnamese ``Đ`` (U+0110).
    """
    return unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110")


@lru_cache(maxsize=1 << 16)  # places, award names and kinds repeat across thousands of records
def fold(text: str) -> str:
    """Fold text for matching: lower case, no marks at all, ``đ`` → ``d``, single spaces.

    ``fold("Hoà") == fold("hòa") == fold("HOA")``; NFC and NFD input fold alike.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("đ", "d").split())


_WORD_WITH_D = re.compile(r"\w*[đĐ]\w*")


def words_with_d(text: str) -> list[str]:
    """The distinct words of ``text`` written with ``đ``, lower case, in order of first use."""
    return list(dict.fromkeys(word.casefold() for word in _WORD_WITH_D.findall(text)))


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """Make a lowercase ASCII slug: ``"Đàm Văn Ngan"`` → ``"dam-van-ngan"``."""
    return _SLUG_RUN.sub("-", fold(text)).strip("-")


def heading_id(text: str, separator: str = "-") -> str:
    """Anchor for a page heading (Python-Markdown's ``toc`` slugify hook): ``"Đọc lỗi"`` → ``"doc-loi"``.

    The default drops every non-ASCII letter, so ``Đ`` vanished from anchors.
    """
    return slugify(text).replace("-", separator)


@cache  # a few hundred distinct characters; sorting 20,000 names meets each many times
def _letter_and_tone(char: str) -> tuple[str, int]:
    """Split one NFC character into its base Vietnamese letter and its tone rank."""
    parts = unicodedata.normalize("NFD", char)
    tone = 0
    letter = parts[0]
    for mark in parts[1:]:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        elif mark in _LETTER_MARKS:
            letter += mark
    return unicodedata.normalize("NFC", letter), tone


# Telex, the way Vietnamese is typed on a plain keyboard, names the letters an ASCII anchor cannot
# hold: ``#chu-aw`` for Ă, beside ``#chu-a`` for A.
_TELEX = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}


def initial(text: str) -> str:
    """The Vietnamese letter ``text`` starts with, upper case and without tone: ``"Ấp Bắc"`` → ``"Â"``."""
    first = nfc(text).lstrip()[:1].casefold()
    return _letter_and_tone(first)[0].upper() if first else ""


def letter_anchor(letter: str) -> str:
    """An ASCII anchor for a letter of the alphabet: ``"Đ"`` → ``"chu-dd"``."""
    letter = letter.casefold()
    return "chu-" + (_TELEX.get(letter) or slugify(letter) or f"{ord(letter):x}")


# Names recur from run to run (the preview sorts every record again after each edit).
@lru_cache(maxsize=1 << 16)
def sort_key(text: str) -> tuple:
    """Key that sorts text in Vietnamese dictionary order.

    Letters decide first (``d`` < ``đ`` < ``e``), tones second, case last, so
    ``sorted(names, key=sort_key)`` puts *Đàm* after *Dương* and before *Hà*.
    """
    letters: list[int] = []
    tones: list[int] = []
    for char in nfc(text).casefold():
        if char.isspace():
            letters.append(-1)  # word boundary sorts before any letter
            continue
        letter, tone = _letter_and_tone(char)
        letters.append(_LETTER_RANK.get(letter, len(ALPHABET) + ord(letter[0])))
        tones.append(tone)
    return tuple(letters), tuple(tones), text


def vietnamese_date(value: object) -> str:
    """A date as Vietnamese text writes it: day/month/year, "22/12/2018".

    Takes a ``date``, a ``datetime`` or an ISO text ("2018-12-22"); a text that is not a whole
    date ("2018", "12/2018") is returned as it is.
    """
    text = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value).strip()
    match = _ISO_DATE.fullmatch(text)
    if not match:
        return text
    year, month, day = match.groups()
    return f"{day}/{month}/{year}"


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
