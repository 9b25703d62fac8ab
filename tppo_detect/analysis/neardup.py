"""Near-duplicate detection over character shingles (MinHash LSH, then exact Jaccard).

Used to keep the corpus free of near-copies, to keep near-variants of one post on one side of
the train/test split, and to group re-posted templates into campaigns
(:func:`near_duplicate_links`, built for hundreds of thousands of posts). MinHash LSH finds
candidate pairs in near-linear time; every candidate is confirmed with the exact Jaccard so a
reported pair is never a hashing accident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

_WS = re.compile(r"\s+")


def shingles(text: str, n: int = 5) -> set[str]:
    """Character n-grams of the lowercased, whitespace-collapsed text."""
    norm = _WS.sub(" ", text.lower()).strip()
    if len(norm) <= n:
        return {norm}
    return {norm[i : i + n] for i in range(len(norm) - n + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _minhash(sh: Iterable[str], num_perm: int, seed: int) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=seed)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


def near_duplicate_pairs(
    texts: Sequence[str],
    threshold: float = 0.8,
    *,
    n: int = 5,
    num_perm: int = 128,
    seed: int = 1,
) -> list[tuple[int, int, float]]:
    """All pairs ``(i, j, jaccard)`` with i < j and character n-gram Jaccard >= threshold."""
    sets = [shingles(t, n) for t in texts]
    # A lower LSH threshold than the requested one keeps recall high; exact Jaccard decides.
    lsh = MinHashLSH(threshold=max(0.1, threshold - 0.15), num_perm=num_perm)
    pairs: list[tuple[int, int, float]] = []
    for i, sh in enumerate(sets):
        mh = _minhash(sh, num_perm, seed)
        for key in lsh.query(mh):
            j = int(key)
            score = jaccard(sets[i], sets[j])
            if score >= threshold:
                pairs.append((j, i, score))
        lsh.insert(str(i), mh)
    pairs.sort()
    return pairs


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving, union by size)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def groups(self) -> list[int]:
        """Group representative of every element."""
        return [self.find(i) for i in range(len(self.parent))]


# --- Scalable linking: one-permutation MinHash in numpy, banded LSH, union-find skipping ---------
#
# ``near_duplicate_pairs`` builds a datasketch MinHash object per text and lists every pair, which
# is right for a corpus of a few thousand posts but not for a scrape of hundreds of thousands:
# a template re-posted k times has k²/2 pairs. ``near_duplicate_links`` answers the question
# campaign grouping actually asks ("which posts belong together?") with a spanning forest of
# verified links instead, in time near-linear in the total text length.

_U64 = np.uint64
_EMPTY = np.iinfo(np.uint64).max


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """A well-mixed 64-bit hash of each element (the SplitMix64 finaliser); wraps mod 2**64."""
    x = x ^ (x >> _U64(30))
    x = x * _U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> _U64(27))
    x = x * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


def minhash_signatures(
    texts: Sequence[str],
    *,
    num_perm: int = 64,
    n: int = 5,
    seed: int = 1,
    chunk_chars: int = 4_000_000,
) -> np.ndarray:
    """``(len(texts), num_perm)`` uint64 MinHash signatures of each text's :func:`shingles`.

    One-permutation hashing with rotation densification (Li et al. 2012; Shrivastava & Li
    2014): every shingle is hashed once and falls into one of ``num_perm`` bins, and a slot of
    two signatures agrees with probability ≈ their Jaccard. All texts of a chunk are hashed in
    one numpy pass, so the cost is linear in the number of characters and memory is bounded by
    ``chunk_chars``. ``num_perm`` must be a power of two.
    """
    if num_perm < 2 or num_perm & (num_perm - 1):
        raise ValueError("num_perm must be a power of two >= 2")
    out = np.empty((len(texts), num_perm), dtype=np.uint64)
    start = 0
    while start < len(texts):
        stop, size = start, 0
        while stop < len(texts) and (size < chunk_chars or stop == start):
            size += len(texts[stop]) + n
            stop += 1
        out[start:stop] = _signature_chunk(texts[start:stop], num_perm, n, seed)
        start = stop
    return out


def _signature_chunk(texts: Sequence[str], num_perm: int, n: int, seed: int) -> np.ndarray:
    norms = [" ".join(t.lower().split()) for t in texts]
    # Docs are separated by n-1 NULs: a doc shorter than n keeps one (padded) shingle, as
    # shingles() keeps the whole short text, and grams that run into the padding are dropped.
    pad = "\x00" * (n - 1)
    codes = np.frombuffer((pad.join(norms) + pad).encode("utf-32-le"), dtype=np.uint32)
    codes = codes.astype(np.uint64)
    n_grams_total = codes.size - n + 1
    gram = np.zeros(n_grams_total, dtype=np.uint64)
    base = _U64(0x100000001B3)
    for k in range(n):
        gram = gram * base + codes[k : k + n_grams_total]
    lens = np.fromiter((len(s) for s in norms), dtype=np.int64, count=len(norms))
    doc_starts = np.concatenate(([0], np.cumsum(lens + n - 1)[:-1]))
    counts = np.maximum(lens - n + 1, 1)
    doc = np.repeat(np.arange(len(norms)), counts)
    first = np.cumsum(counts) - counts
    positions = np.repeat(doc_starts - first, counts) + np.arange(counts.sum())
    h = _splitmix64(gram[positions] ^ _U64(seed * 0x9E3779B97F4A7C15 % 2**64))
    bits = num_perm.bit_length() - 1
    slot = (h >> _U64(64 - bits)).astype(np.int64)
    value = h & _U64((1 << (64 - bits)) - 1)
    sig = np.full(len(norms) * num_perm, _EMPTY, dtype=np.uint64)
    np.minimum.at(sig, doc * num_perm + slot, value)
    sig = sig.reshape(len(norms), num_perm)
    _densify(sig, 1 << (64 - bits))
    return sig


def _densify(sig: np.ndarray, step: int) -> None:
    """Fill empty bins from the next non-empty bin to the right (circular), offset by distance."""
    rows = np.flatnonzero((sig == _EMPTY).any(axis=1))
    if rows.size == 0:
        return
    sub = sig[rows]
    filled = sub != _EMPTY
    out = sub.copy()
    for t in range(1, sig.shape[1]):
        if filled.all():
            break
        cand = np.roll(sub, -t, axis=1)
        need = ~filled & (cand != _EMPTY)
        out[need] = cand[need] + _U64(t * step)
        filled |= need
    sig[rows] = out


def gram_hashes(text: str, n: int = 5) -> np.ndarray:
    """Sorted distinct 64-bit hashes of :func:`shingles` (``text``'s character n-grams).

    Two texts' exact Jaccard over these equals the Jaccard over their shingles unless two
    distinct n-grams share a 64-bit polynomial hash, which is vanishingly unlikely.
    """
    norm = " ".join(text.lower().split())
    if len(norm) < n:
        norm = norm + "\x00" * (n - len(norm))
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = codes.size - n + 1
    h = np.zeros(count, dtype=np.uint64)
    base = _U64(0x100000001B3)
    for k in range(n):
        h = h * base + codes[k : k + count]
    h.sort()
    return h[np.r_[True, h[1:] != h[:-1]]]


def hashed_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two sorted distinct hash arrays (see :func:`gram_hashes`)."""
    if a.size == 0 and b.size == 0:
        return 1.0
    if a.size > b.size:
        a, b = b, a
    pos = np.minimum(np.searchsorted(b, a), b.size - 1)
    inter = int(np.count_nonzero(b[pos] == a))
    return inter / (a.size + b.size - inter)


def _band_keys(block: np.ndarray) -> np.ndarray:
    key = np.zeros(block.shape[0], dtype=np.uint64)
    for col in range(block.shape[1]):
        key = _splitmix64(key ^ block[:, col])
    return key


def near_duplicate_links(
    texts: Sequence[str],
    threshold: float = 0.6,
    *,
    n: int = 5,
    num_perm: int = 64,
    bands: int = 16,
    seed: int = 1,
    max_leaders: int = 4,
    max_misses: int = 8,
) -> list[tuple[int, int, float]]:
    """Verified links ``(i, j, jaccard)`` whose union-find closure groups the near-duplicates.

    Unlike :func:`near_duplicate_pairs` this does not list every similar pair, only enough to
    connect each group (a spanning forest): in every LSH bucket a post is compared with at
    most ``max_leaders`` earlier posts of other groups, and not at all once it is already in
    a bucket-mate's group. A candidate is confirmed with the exact Jaccard of its shingles
    (after a cheap signature-agreement check), so a link is never a hashing accident; the
    shingles are compared as 64-bit hashes (:func:`gram_hashes`), which is what makes the
    check cheap enough for 100,000 posts. A post whose exact check has failed ``max_misses``
    times (it sits among many look-alikes that are not near-duplicates of it) is not checked
    again, so the number of exact checks is at most about ``(max_misses + 1) * len(texts)``
    however dense the data.
    With 64 slots in 16 bands of 4, a pair at Jaccard 0.6 is a candidate with probability
    0.89, at 0.7 0.99; groups of several posts are found more reliably than single pairs.
    """
    if num_perm % bands:
        raise ValueError("num_perm must be a multiple of bands")
    if len(texts) < 2:
        return []
    sig = minhash_signatures(texts, num_perm=num_perm, n=n, seed=seed)
    rows = num_perm // bands
    uf = UnionFind(len(texts))
    # Signature agreement estimates the Jaccard with a standard deviation of about
    # sqrt(J(1-J)/num_perm) (0.06 at 64 slots): pairs estimated more than 0.1 below the
    # threshold are dropped without the exact check, which would almost always reject them.
    floor = max(0.0, threshold - 0.1)
    cache: dict[int, np.ndarray] = {}
    rejected: set[tuple[int, int]] = set()
    misses = np.zeros(len(texts), dtype=np.int32)
    links: list[tuple[int, int, float]] = []

    def grams(i: int) -> np.ndarray:
        found = cache.get(i)
        if found is None:
            if len(cache) >= 50_000:
                cache.clear()  # bounded memory; recomputed when needed again
            found = cache[i] = gram_hashes(texts[i], n)
        return found

    for b in range(bands):
        keys = _band_keys(sig[:, b * rows : (b + 1) * rows])
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(order)])
        multi = sizes > 1
        for s, size in zip(starts[multi].tolist(), sizes[multi].tolist(), strict=True):
            members = order[s : s + size].tolist()
            leaders: list[int] = [members[0]]
            for m in members[1:]:
                root = uf.find(m)
                if any(uf.find(lead) == root for lead in leaders):
                    continue
                joined = False
                for lead in leaders:
                    if misses[m] >= max_misses or (lead, m) in rejected:
                        continue  # over budget, or already compared in an earlier band
                    if np.count_nonzero(sig[lead] == sig[m]) < floor * num_perm:
                        continue
                    score = hashed_jaccard(grams(lead), grams(m))
                    if score < threshold:
                        rejected.add((lead, m))
                        misses[m] += 1
                    else:
                        uf.union(lead, m)
                        links.append((lead, m, score))
                        joined = True
                        break
                if not joined and len(leaders) < max_leaders:
                    leaders.append(m)
    links.sort()
    return links
