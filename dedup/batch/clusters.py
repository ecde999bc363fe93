"""Stage 4, clusters: verified pairs joined by union-find, and the member each cluster keeps.

Policies for the kept member (``--keep``): ``first`` is the first by path and id;
``longest`` the longest text; ``newest`` the latest file time or ``--date-field``.
Ties go to the first by path and id, so the choice never depends on input order.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .signatures import Signatures
from .verify import Link


@dataclass(frozen=True, slots=True)
class Member:
    """How one article belongs to its cluster."""

    row: int
    via: int  # the member it was verified against; itself for the kept member
    kind: str  # "kept", "exact", "near" or "reworded"
    score: float


@dataclass(frozen=True, slots=True)
class Cluster:
    number: int  # 1-based, clusters ordered by their first member
    kept: int  # row of the member that stays
    members: tuple[Member, ...]  # sorted by row

    @property
    def dropped(self) -> tuple[int, ...]:
        return tuple(m.row for m in self.members if m.row != self.kept)


def components(n: int, links: Iterable[Link]) -> list[list[int]]:
    """Connected components with at least two members, each sorted, ordered by first member.

    >>> components(5, [Link(3, 4, "near", 0.9), Link(0, 3, "exact", 1.0)])
    [[0, 3, 4]]
    """
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    linked: set[int] = set()
    for link in links:
        linked.update((link.first, link.second))
        a, b = root(link.first), root(link.second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in sorted(linked):
        groups.setdefault(root(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def choose_kept(members: list[int], sigs: Signatures, keep: str) -> int:
    """The member a cluster keeps under the ``keep`` policy (ties: the first)."""
    if keep == "longest":
        return min(members, key=lambda r: (-int(sigs.chars[r]), r))
    if keep == "newest":
        return min(members, key=lambda r: (-_date(sigs.dates[r]), r))
    return min(members)


def _date(value: float) -> float:
    return float("-inf") if np.isnan(value) else float(value)


def build_clusters(sigs: Signatures, links: list[Link], keep: str,
                   groups: list[list[int]] | None = None) -> list[Cluster]:
    """Stage 4: clusters of verified copies, each with its kept member and how every member joined.

    ``groups`` are the :func:`components` of the links when they were found elsewhere.
    """
    adjacency: dict[int, list[Link]] = {}
    for link in links:
        adjacency.setdefault(link.first, []).append(link)
        adjacency.setdefault(link.second, []).append(link)
    clusters = []
    found = components(len(sigs), links) if groups is None else groups
    for number, members in enumerate(found, start=1):
        kept = choose_kept(members, sigs, keep)
        clusters.append(Cluster(number, kept, _members(kept, adjacency)))
    return clusters


def _members(kept: int, adjacency: dict[int, list[Link]]) -> tuple[Member, ...]:
    """Breadth-first from the kept member: each member is reached through its best-known link."""
    found = {kept: Member(kept, kept, "kept", 1.0)}
    queue = deque([kept])
    while queue:
        row = queue.popleft()
        for link in sorted(adjacency.get(row, ()), key=lambda l: (-l.score, l.first, l.second)):
            other = link.second if link.first == row else link.first
            if other not in found:
                found[other] = Member(other, row, link.kind, link.score)
                queue.append(other)
    return tuple(found[r] for r in sorted(found))


def cluster_labels(n: int, clusters: list[Cluster]) -> np.ndarray:
    """``int64[n]``: each article's cluster number, or ``-(row + 1)`` for an article on its own.

    Articles with the same label hold the same story; boilerplate is counted per label.
    """
    labels = -(np.arange(n, dtype=np.int64) + 1)
    for c in clusters:
        labels[[m.row for m in c.members]] = c.number
    return labels
