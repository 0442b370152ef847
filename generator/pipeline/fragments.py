"""Pieces of pages made from one record alone: a line of a list, a row of the open data.

A record appears on many pages at once (the A–Z list, its kind, field, place, year,
award and movements) and in both exports, and on a big site each of those shows
thousands of records: making every piece afresh was most of a run after a one-record
edit. A piece depends only on its record and on what every page depends on (templates,
taxonomies, the generator), so it is kept by the record's digest; the page cache keeps
the pieces across runs and forgets them whenever that context changes
(``page_cache.PageCache``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar


class Record(Protocol):
    @property  # read-only here, so that a frozen dataclass's field is one
    def digest(self) -> str: ...  # of the record's file and photos; empty when the record was not read from a file


AnyRecord = TypeVar("AnyRecord", bound=Record)


class Fragments:
    """Each piece made once per record digest, then reused: within a run and, kept by the page cache, across runs."""

    def __init__(self, kept: dict[tuple[str, str], str] | None = None):
        self.kept = kept or {}  # (kind of piece, record digest) → piece, from earlier runs
        self.used: dict[tuple[str, str], str] = {}  # what this run has asked for

    def get(self, kind: str, record: AnyRecord, make: Callable[[AnyRecord], str]) -> str:
        """The ``kind`` piece of ``record``: ``make(record)``, unless made already."""
        if not record.digest:  # a record built without a digest (tests): nothing to know it by
            return make(record)
        key = (kind, record.digest)
        piece = self.used.get(key)
        if piece is None:
            piece = self.kept.get(key)
            if piece is None:
                piece = make(record)
            self.used[key] = piece
        return piece
