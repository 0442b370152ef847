"""Award decisions (quyết định khen thưởng): their ids, their numbers, and who may sign what.

A decision is a record of its own (``content/decisions/<id>.yml``); awards in exemplar
records point to it, so the number, date and signer of an award are written once, as
on the decision, and a decision's page lists everyone it honoured.
"""

from __future__ import annotations

import re

from ..vietnamese import fold, slugify

# How Vietnamese decisions are numbered: "1234/QĐ-UBND", "84/QĐ-TTg", "2345/QĐ-CTN",
# "15/2018/QĐ-UBND" (a regulatory decision carries its year), "311/QĐ-BNV", "1730/QĐ-TTg".
# The issuing body's code after "QĐ-" may hold letters, digits, dots and dashes ("QĐ-UBND.VX").
DECISION_NUMBER = re.compile(r"^\d{1,6}[a-z]?/(?:\d{4}/)?QĐ-[0-9A-Za-zĐđ]+(?:[.\-][0-9A-Za-zĐđ]+)*$")


def decision_id(number: str, year: int | None = None) -> str:
    """The id of the decision record for ``number`` of ``year``: ``1234/QĐ-UBND``, 2018 → ``1234-qd-ubnd-2018``.

    Numbers restart every year at every issuer, so the year is part of the id when known.
    """
    return slugify(f"{number} {year}" if year else number)


def is_decision_number(text: str) -> bool:
    return bool(DECISION_NUMBER.match(text.strip()))


def issuer_level(issuer: str, issuers_by_level: dict[str, tuple[str, ...]]) -> str | None:
    """The award level (``awards.yml``'s levels) whose signers ``issuer`` names, or None if it names none.

    ``issuers_by_level``: level id → folded phrases that identify its signers. The most
    specific phrase wins, so "Chủ tịch UBND tỉnh" is not read as "Chủ tịch nước".
    """
    folded = f" {fold(issuer)} "  # phrases match whole words: "bo truong" is not in "bo chi huy"
    best: tuple[int, str] | None = None
    for level, phrases in issuers_by_level.items():
        for phrase in phrases:
            if f" {phrase} " in folded and (best is None or len(phrase) > best[0]):
                best = (len(phrase), level)
    return best[1] if best else None
