"""The search page's vocabulary: the words of the site's names, for a "did you mean" on a typo.

Pagefind finds words by their first letters (the last word of a query) or whole, so a query
with one letter wrong in a name ("Quang Hná") finds nothing. When a search finds nothing,
the search page (``search.js``) loads this list and offers, for a word of the query that is
none of the site's, a word of the list one edit away (tone marks and đ folded), if the query
then finds something.

The list holds the distinct words, as written, of the profiles' names and places (then and
today), the movements' names and the award forms' names, the most used first (the page
prefers the likelier of two candidates). Vietnamese is written in syllables, a few thousand
in all, so the list stays small however many profiles there are:
``python benchmarks/search.py`` prints its size.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator

from ..paths import VOCABULARY
from ..pipeline.model import Catalog
from ..vietnamese import sort_key

_WORD = re.compile(r"[^\W\d_]{2,}")  # words of letters only, of two or more


def named_texts(catalog: Catalog) -> Iterator[str]:
    """Every name the vocabulary is made of."""
    for exemplar in catalog.exemplars:
        yield exemplar.name
        yield from exemplar.place.parts
        today = catalog.then_now(exemplar.place).today
        if today:
            yield today
    for movement in catalog.movements:
        yield movement.name
    for form in catalog.taxonomy.award_forms:
        yield form.name


def vocabulary(catalog: Catalog) -> list[str]:
    """The distinct words (lower case, NFC), the most used first, then in Vietnamese order."""
    counts = Counter(word.lower() for text in named_texts(catalog) for word in _WORD.findall(text))
    return sorted(counts, key=lambda word: (-counts[word], sort_key(word)))


def vocabulary_files(catalog: Catalog) -> dict[str, bytes]:
    return {VOCABULARY: json.dumps(vocabulary(catalog), ensure_ascii=False, separators=(",", ":")).encode("utf-8")}
