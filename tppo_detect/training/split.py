"""Deterministic, grouped, stratified train/test split.

Near-variants of one post (character 5-gram Jaccard >= ``group_threshold``) form a group and a
group is never split, so the test set measures generalisation to new posts rather than
recognition of a reworded copy. Groups are spread over train/test per label combination, in an
order fixed by a hash of their text, so the split is the same on every machine and run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from tppo_detect.analysis.neardup import UnionFind, near_duplicate_pairs

#: Pairs at or above this similarity are treated as variants of one post.
GROUP_THRESHOLD = 0.5


def near_variant_groups(texts: Sequence[str], threshold: float = GROUP_THRESHOLD) -> list[int]:
    """Group id (representative index) of every text."""
    uf = UnionFind(len(texts))
    for i, j, _ in near_duplicate_pairs(texts, threshold):
        uf.union(i, j)
    return uf.groups()


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def assign_split(
    texts: Sequence[str],
    strata: Sequence[str],
    *,
    test_fraction: float = 0.2,
    group_threshold: float = GROUP_THRESHOLD,
    existing: Sequence[str] | None = None,
) -> list[str]:
    """``"train"``/``"test"`` per text, stratified by ``strata`` (e.g. "1-0"), grouped by
    near-variants.

    ``existing`` (same length, ``""`` for unassigned rows) keeps splits that were already
    given: a new row that is a near-variant of an assigned one joins its split, so adding rows
    to the corpus never moves old rows or leaks variants across the split.
    """
    if not 0 < test_fraction < 1:
        raise ValueError("test_fraction must be between 0 and 1")
    existing = list(existing) if existing is not None else [""] * len(texts)
    groups = near_variant_groups(texts, group_threshold)
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    split = [e or "train" for e in existing]
    by_stratum: dict[str, list[int]] = {}
    for g, idx in members.items():
        given = [existing[i] for i in idx if existing[i]]
        if given:
            chosen = max(set(given), key=given.count)
            for i in idx:
                split[i] = existing[i] or chosen
        else:
            by_stratum.setdefault(strata[g], []).append(g)
    for stratum in sorted(by_stratum):
        ordered = sorted(by_stratum[stratum], key=lambda g: _key(texts[g]))
        total = sum(len(members[g]) for g in ordered)
        taken = 0
        for g in ordered:
            if taken >= test_fraction * total:
                break
            for i in members[g]:
                split[i] = "test"
            taken += len(members[g])
    return split
