"""Related profiles: other exemplars that share a commune, a movement or a field with one.

Candidates come from the catalog's groups (never from comparing every pair): for each group
a profile is in, only its neighbours in that group's alphabetical list are looked at, so the
work per profile stays small however large a movement grows. Shared groups are scored
(same commune counts most, then movement, then field) and the list is capped.

What a profile's list holds depends only on the ids in its groups, in their order, so the
lists of an earlier run (:meth:`RelatedProfiles.memo`, kept by the page cache) hold for
every profile whose groups are unchanged: after a one-record edit, only the profiles that
share a group the edit changed are looked at again.
"""

from __future__ import annotations

from collections import defaultdict

from ..pipeline.model import Catalog, Exemplar
from ..vietnamese import fold

LIMIT = 6  # profiles shown
WINDOW = 6  # neighbours looked at on each side, per group
WEIGHTS = {"commune": 3, "movement": 2, "field": 1}

GroupKey = tuple[str, object]  # (reason, commune or movement or field)
# The ids of each group, in order, and each profile's related ids found with them.
Memo = tuple[dict[GroupKey, tuple[str, ...]], dict[str, tuple[str, ...]]]


class RelatedProfiles:
    def __init__(self, catalog: Catalog, earlier: Memo | None = None):
        communes: dict[tuple[str, str], list[Exemplar]] = defaultdict(list)
        for exemplar in catalog.exemplars:  # alphabetical, so each group is too
            if exemplar.place.commune:
                communes[(fold(exemplar.place.province), fold(exemplar.place.commune))].append(exemplar)
        groups: dict[GroupKey, list[Exemplar]] = {
            **{("commune", key): members for key, members in communes.items()},
            **{("movement", key): members for key, members in catalog.by_movement.items()},
            **{("field", key): members for key, members in catalog.by_field.items()},
        }
        # exemplar id → (weight, group, position in it) for each group the exemplar is in
        self._memberships: dict[str, list[tuple[int, list[Exemplar], int]]] = defaultdict(list)
        for (reason, _), members in groups.items():
            for position, exemplar in enumerate(members):
                self._memberships[exemplar.id].append((WEIGHTS[reason], members, position))
        self._by_id = {exemplar.id: exemplar for exemplar in catalog.exemplars}
        self._group_ids = {key: tuple(exemplar.id for exemplar in members) for key, members in groups.items()}
        self._found = self._still_found(earlier) if earlier else {}

    def _still_found(self, earlier: Memo) -> dict[str, tuple[str, ...]]:
        """The lists of ``earlier`` that hold still: those of profiles none of whose groups changed."""
        group_ids, found = earlier
        affected: set[str] = set()
        for key in group_ids.keys() | self._group_ids.keys():
            before, now = group_ids.get(key, ()), self._group_ids.get(key, ())
            if before != now:
                affected.update(before, now)
        return {id_: others for id_, others in found.items() if id_ not in affected and id_ in self._by_id}

    def __call__(self, exemplar: Exemplar) -> list[Exemplar]:
        others = self._found.get(exemplar.id)
        if others is None:
            others = self._found[exemplar.id] = self._find(exemplar.id)
        return [self._by_id[other_id] for other_id in others]

    def _find(self, exemplar_id: str) -> tuple[str, ...]:
        scores: dict[str, int] = {}
        for weight, members, position in self._memberships.get(exemplar_id, ()):
            for other in members[max(0, position - WINDOW): position + WINDOW + 1]:
                other_id = other.id
                scores[other_id] = scores.get(other_id, 0) + weight
        scores.pop(exemplar_id, None)
        return tuple(sorted(scores, key=lambda other_id: (-scores[other_id], other_id))[:LIMIT])

    def memo(self) -> Memo:
        """What a later run's :class:`RelatedProfiles` may start from."""
        return self._group_ids, self._found
