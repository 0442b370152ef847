"""Related profiles: other exemplars that share a commune, a movement or a field with one.

Candidates come from the catalog's groups (never from comparing every pair): for each group
a profile is in, only its neighbours in that group's alphabetical list are looked at, so the
work per profile stays small however large a movement grows. Shared groups are scored
(same commune counts most, then movement, then field) and the list is capped.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Catalog, Exemplar
from .vietnamese import fold

LIMIT = 6  # profiles shown
WINDOW = 6  # neighbours looked at on each side, per group
WEIGHTS = {"commune": 3, "movement": 2, "field": 1}


class RelatedProfiles:
    def __init__(self, catalog: Catalog):
        communes: dict[tuple[str, str], list[Exemplar]] = defaultdict(list)
        for exemplar in catalog.exemplars:  # alphabetical, so each group is too
            if exemplar.place.commune:
                communes[(fold(exemplar.place.province), fold(exemplar.place.commune))].append(exemplar)
        self._groups: list[tuple[str, list[Exemplar]]] = (
            [("commune", members) for members in communes.values()]
            + [("movement", members) for members in catalog.by_movement.values()]
            + [("field", members) for members in catalog.by_field.values()]
        )
        # exemplar id → (weight, group, position in it) for each group the exemplar is in
        self._memberships: dict[str, list[tuple[int, list[Exemplar], int]]] = defaultdict(list)
        for reason, members in self._groups:
            for position, exemplar in enumerate(members):
                self._memberships[exemplar.id].append((WEIGHTS[reason], members, position))

    def __call__(self, exemplar: Exemplar) -> list[Exemplar]:
        scores: dict[str, int] = {}
        by_id: dict[str, Exemplar] = {}
        for weight, members, position in self._memberships.get(exemplar.id, ()):
            for other in members[max(0, position - WINDOW): position + WINDOW + 1]:
                other_id = other.id
                scores[other_id] = scores.get(other_id, 0) + weight
                by_id[other_id] = other
        scores.pop(exemplar.id, None)
        best = sorted(scores, key=lambda other_id: (-scores[other_id], other_id))
        return [by_id[other_id] for other_id in best[:LIMIT]]
