"""Named red-flag signals: how the lexicon (``data/lexicon.toml``) is matched.

Every signal has an id, a family, an Indonesian name and description, the public guidance it is
drawn from, trigger words and patterns, which :mod:`tppo_detect.text.lexicon` compiles into regexes
over the normalised text (see :func:`tppo_detect.text.normalize.signal_text`). Trigger words are a
prefilter: a signal's regexes run only when one of its triggers is among the post's tokens.

Triggers alone let most posts through (biaya, kerja, info... are everywhere), so each pattern may
also carry a *plan*, derived by the compiler from the pattern's structure: token groups
the post must contain, the tokens a match can start at (the regex is then tried only there, with
``Pattern.match``, instead of scanned over the whole post) and, for window patterns ("A within n
tokens of B"), a shorter key sub-pattern that must match within ``lead`` tokens after the start.
A plan only skips work that could not have produced a match, so :meth:`Lexicon.detect` returns
exactly what a search of every pattern would, and :meth:`Lexicon.locate` the same spans as a
``finditer`` of every pattern; the tests check both on the whole corpus. A lexicon without plans
(e.g. one kept inside an older model artifact) works the same, just slower.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache, reduce
from itertools import compress
from operator import or_
from pathlib import Path
from typing import Any, Final

from tppo_detect.labels import TARGETS
from tppo_detect.resources import data_text
from tppo_detect.text.lexicon import RedFlag
from tppo_detect.text.normalize import tokenize_with_spans

SpannedTokens = list[tuple[str, int, int]]
LEXICON_FILE: Final = "lexicon.toml"
CUES_FILE: Final = "context_cues.toml"
NEGATION_FILE: Final = "negation.toml"
_REQUIRED_KEYS: Final = (
    "id", "family", "name", "description", "source", "triggers", "patterns",
    "examples_pos", "examples_neg",
)  # fmt: skip


@dataclass(frozen=True)
class Key:
    """A sub-pattern that every match of some window pattern contains (see :class:`Plan`)."""

    regex: str
    starts: frozenset[str] | None = None

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.regex)


@dataclass(frozen=True)
class Plan:
    """How :meth:`Lexicon.detect` may skip or narrow one pattern; never changes what matches.

    ``requires``: alternatives of token groups; unless, for some alternative, every group has a
    token in the post, the pattern cannot match. ``starts``: every match begins with one of
    these tokens (at its first character). ``key``/``lead``: every match begins at a token start at
    most ``lead`` tokens before a position where ``Signal.keys[key]`` matches (``lead = 0``:
    exactly where the key matches).
    """

    requires: tuple[tuple[frozenset[str], ...], ...] = ()
    starts: frozenset[str] | None = None
    key: int | None = None
    lead: int = 0


@dataclass(frozen=True)
class Signal(RedFlag):
    """One red flag, as the matcher runs it."""

    regexes: tuple[str, ...]
    plans: tuple[Plan, ...] = ()
    keys: tuple[Key, ...] = ()
    #: each pattern as the analyst wrote it in the lexicon file (empty for the older form)
    sources: tuple[str, ...] = ()

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """The compiled regexes, compiled when first needed: loading a cached lexicon then
        costs no regex compilation, and a post only pays for the signals it may have."""
        return tuple(re.compile(r) for r in self.regexes)

    def matches(self, signal_text: str) -> bool:
        """Brute force: search every pattern (the reference :meth:`Lexicon.detect` must equal)."""
        return any(p.search(signal_text) for p in self.patterns)


@dataclass(frozen=True)
class SignalMatch:
    """A signal found in a post, with the span it covers in the ORIGINAL text."""

    signal: str
    family: str
    start: int
    end: int
    text: str
    description: str

    def to_dict(self) -> dict[str, object]:
        return {
            "signal": self.signal,
            "family": self.family,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "description": self.description,
        }


def token_indices(tokens: Sequence[str], token: str) -> Iterator[int]:
    """The indices where ``token`` occurs in ``tokens``, found by the list's own ``count`` and
    ``index`` (C-level), so only the occurrences are visited, not every token of the post."""
    i = -1
    for _ in range(tokens.count(token)):
        i = tokens.index(token, i + 1)
        yield i


class _Post:
    """One post during detect/locate: its text and what the plans have looked up in it."""

    __slots__ = ("_found", "_keys", "_padded", "present", "text", "tokens")

    def __init__(self, tokens: list[str], present: frozenset[str]) -> None:
        self.tokens = tokens
        self.present = present
        self.text = " ".join(tokens)
        self._padded: str | None = None
        self._found: dict[str, list[int]] = {}
        self._keys: dict[int, list[int]] = {}

    def positions(self, token: str) -> list[int]:
        """Offsets in the text where ``token`` occurs as a whole token."""
        found = self._found.get(token)
        if found is None:
            if self._padded is None:
                self._padded = f" {self.text} "
            # " tok " in the padded text is a whole token, and its index there is the token's
            # offset in the text; the search stays in C even for short tokens ("on", "pas")
            find, needle = self._padded.find, f" {token} "
            found = []
            p = find(needle)
            while p >= 0:
                found.append(p)
                p = find(needle, p + 1)
            self._found[token] = found
        return found

    def key_positions(self, key: Key) -> list[int]:
        """Offsets where ``key`` matches."""
        found = self._keys.get(id(key))
        if found is None:
            match, text = key.pattern.match, self.text
            if key.starts is not None:
                positions = self.positions
                found = [
                    p for t in key.starts & self.present for p in positions(t) if match(text, p)
                ]
            else:
                found = []
                m = key.pattern.search(text)
                while m is not None:
                    found.append(m.start())
                    m = key.pattern.search(text, m.start() + 1)
            self._keys[id(key)] = found
        return found


#: A pattern's test: None when it has no match in the post, else the offset where one (not
#: empty) starts, or -1 for a match whose start is not kept (an empty one)
Runner = Callable[[_Post], int | None]


def _where(m: re.Match[str] | None) -> int | None:
    if m is None:
        return None
    return m.start() if m.end() > m.start() else -1


def _runner(pattern: re.Pattern[str], plan: Plan, keys: tuple[Key, ...]) -> Runner:
    """The cheapest exact test of "pattern matches the post" that the plan allows."""
    match, starts = pattern.match, plan.starts
    if starts is None:
        search = pattern.search
        return lambda post: _where(search(post.text))
    if plan.key is None:

        def at_starts(post: _Post) -> int | None:
            text = post.text
            for token in starts & post.present:
                for p in post.positions(token):
                    if m := match(text, p):
                        return _where(m)
            return None

        return at_starts
    key, lead = keys[plan.key], plan.lead
    if lead == 0:

        def at_key(post: _Post) -> int | None:
            text = post.text
            for q in post.key_positions(key):
                if m := match(text, q):
                    return _where(m)
            return None

        return at_key

    def near_key(post: _Post) -> int | None:
        found = post.key_positions(key)
        if not found:
            return None
        text, tokens = post.text, post.tokens
        count, rfind = text.count, text.rfind
        tried: set[int] = set()
        for q in found:
            # walk back from the key's token, nearest start first (the likeliest match)
            j = count(" ", 0, q)  # a position's token index is the number of spaces before it
            p = rfind(" ", 0, q) + 1
            for i in range(j, max(-1, j - lead - 1), -1):
                if i not in tried and tokens[i] in starts:
                    tried.add(i)
                    if m := match(text, p):
                        return _where(m)
                p = rfind(" ", 0, p - 1) + 1
        return None

    return near_key


class _LazyRunner:
    """Stands in a :class:`Lexicon`'s terms for a pattern's runner until a post first needs
    it: then the regex is compiled, the runner built, and every term of the pattern pointed at
    the runner itself (no extra call layer afterwards)."""

    __slots__ = ("lexicon", "pattern", "signal")

    def __init__(self, lexicon: Lexicon, signal: int, pattern: int) -> None:
        self.lexicon, self.signal, self.pattern = lexicon, signal, pattern

    def __call__(self, post: _Post) -> int | None:
        sig = self.lexicon.signals[self.signal]
        plan = sig.plans[self.pattern] if sig.plans else Plan()
        run = _runner(sig.patterns[self.pattern], plan, sig.keys)
        terms = self.lexicon._terms
        for t, (i, k, r) in enumerate(terms):
            if r is self:
                terms[t] = (i, k, run)
        return run(post)


def _requires_met(plan: Plan, present: frozenset[str]) -> bool:
    """Whether, for some alternative of the plan's ``requires``, every group has a token in
    the post (always true without ``requires``)."""
    return not plan.requires or any(
        all(not g.isdisjoint(present) for g in alternative) for alternative in plan.requires
    )


def _finditer(pattern: re.Pattern[str], plan: Plan | None, post: _Post) -> Iterator[re.Match[str]]:
    """``pattern.finditer(post.text)``, using the plan to skip positions that cannot match.

    finditer yields the leftmost match, then the leftmost one from its end on. With ``starts``,
    matches can only begin at those tokens' offsets (and are never empty: they begin with the
    token), so trying ``match`` there, in order, from the previous match's end, yields the same.
    (Keys do not pay off here: locate only runs on signals found, which mostly have their key.)
    """
    text = post.text
    if plan is None:
        yield from pattern.finditer(text)
        return
    present = post.present
    if not _requires_met(plan, present):
        return
    if plan.starts is None:
        yield from pattern.finditer(text)
        return
    candidates = sorted(p for t in plan.starts & present for p in post.positions(t))
    end = 0
    for p in candidates:
        if p >= end:
            m = pattern.match(text, p)
            if m is not None:
                yield m
                end = m.end()


def _unnegated(
    pattern: re.Pattern[str],
    plan: Plan | None,
    post: _Post,
    scope: Scope | Reach,
    triggers: frozenset[str] = frozenset(),
    family: str = "",
) -> bool:
    """Whether ``pattern`` has a match in the post that ``scope`` does not negate."""
    text, tokens = post.text, post.tokens
    count = text.count
    if plan is not None and not _requires_met(plan, post.present):
        return False
    if plan is None or plan.starts is None:
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            if m.end() > m.start() and not scope.negates(
                count(" ", 0, m.start()), count(" ", 0, m.end() - 1), tokens, triggers, family
            ):
                return True
            pos = m.start() + 1
        return False
    match = pattern.match
    for t in plan.starts & post.present:
        for p in post.positions(t):
            m = match(text, p)
            if m is not None and not scope.negates(
                count(" ", 0, p), count(" ", 0, m.end() - 1), tokens, triggers, family
            ):
                return True
    return False


@dataclass(frozen=True)
class Scope:
    """The negation scopes of one post: ``scoped`` token indices, ``heads`` the negators that
    have a scope, and ``breaks[i]`` the clause boundary right before token i (0 none, 1 soft:
    comma, 2 hard: end of sentence; see :func:`tppo_detect.text.normalize.clause_breaks`)."""

    scoped: frozenset[int]
    heads: frozenset[int] = frozenset()
    breaks: tuple[int, ...] = ()
    #: scoped tokens reached through a need word ("tidak perlu …"): they deny fees and data,
    #: not the absence of papers or training, which is itself an illegal-recruitment flag
    needed: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.scoped)

    def negates(
        self,
        first: int,
        last: int,
        tokens: Sequence[str] = (),
        triggers: frozenset[str] = frozenset(),
        family: str = "",
    ) -> bool:
        """A match over tokens first..last is negated when it starts inside a scope and every
        further sentence it runs into that holds one of the flag's ``triggers`` (its core words)
        is negated too: "tanpa biaya di depan (potong gaji)" keeps the flag (the bracket holds
        "potong"), "tidak pernah memungut biaya pendaftaran. Informasi resmi rekrutmen" does not
        (the second sentence is only the pattern's filler)."""
        if first not in self.scoped:
            return False
        if first in self.needed and family == TARGETS[0]:
            return False
        breaks, scoped, heads = self.breaks, self.scoped, self.heads
        starts = [k for k in range(first + 1, last + 1) if breaks[k] == 2]
        for i, k in enumerate(starts):
            if k in scoped or k in heads:
                continue
            end = starts[i + 1] if i + 1 < len(starts) else last + 1
            if not triggers or not triggers.isdisjoint(tokens[k:end]):
                return False
        return True


NO_SCOPE: Final = Scope(frozenset())


@dataclass(frozen=True)
class Negation:
    """Which tokens a negation word ("tidak", "tanpa", "bukan", "jangan", …) reaches.

    A negator's scope is the tokens after it in the same clause, up to and including the first
    token that is not a bridge word ("pernah", "memungut", …: see ``negation.toml``), at most
    ``max_gap`` bridges on; "jangan lewatkan"-style idioms have no scope. Whether a red-flag
    match is then negated is :meth:`Scope.negates` ("tidak pernah memungut biaya pendaftaran" is;
    "tidak perlu paspor" is not, for illegal-recruitment flags).
    """

    negators: frozenset[str]
    bridges: frozenset[str]
    idioms: frozenset[str]
    max_gap: int
    need_words: frozenset[str] = frozenset()

    @cached_property
    def passable(self) -> frozenset[str]:
        """The words a scope runs on through: bridges and need words."""
        return self.bridges | self.need_words

    def scope(self, tokens: list[str], breaks: Callable[[], list[int]]) -> Scope:
        """The post's negation scopes; ``breaks`` gives, on demand, whether a clause boundary
        precedes each token (most posts have no negator and never call it)."""
        if self.negators.isdisjoint(tokens):
            return NO_SCOPE
        cut = breaks()
        n = len(tokens)
        scoped: set[int] = set()
        heads: set[int] = set()
        needed: set[int] = set()
        negators, bridges, need = self.negators, self.passable, self.need_words
        for j, tok in enumerate(tokens):
            if tok not in negators or j + 1 >= n or tokens[j + 1] in self.idioms or cut[j + 1]:
                continue
            heads.add(j)
            k, gap, through_need = j + 1, 0, False
            while k < n and not cut[k]:
                scoped.add(k)
                if through_need:
                    needed.add(k)
                through_need = through_need or tokens[k] in need
                if tokens[k] not in bridges or gap >= self.max_gap:
                    break
                gap += 1
                k += 1
        if not scoped:
            return NO_SCOPE
        return Scope(frozenset(scoped), frozenset(heads), tuple(cut), frozenset(needed))

    def reach(self, tokens: list[str]) -> Reach:
        """The tokens some negator's scope could reach if the post had no clause break: a
        superset of :meth:`scope`'s ``scoped`` (a break only ends a scope sooner or drops it),
        computed without the breaks (the costly part) and visiting only the negators."""
        present = self.negators.intersection(tokens)
        if not present:
            return NO_REACH
        n, max_gap, idioms = len(tokens), self.max_gap, self.idioms
        bridges = self.passable
        reached: set[int] = set()
        for negator in present:
            for j in token_indices(tokens, negator):
                if j + 1 >= n or tokens[j + 1] in idioms:
                    continue
                k, gap = j + 1, 0
                while k < n:
                    reached.add(k)
                    if tokens[k] not in bridges or gap >= max_gap:
                        break
                    gap += 1
                    k += 1
        return Reach(frozenset(reached)) if reached else NO_REACH


@dataclass(frozen=True)
class Reach:
    """Where a negation may reach (:meth:`Negation.reach`). In place of a :class:`Scope`, its
    :meth:`negates` says whether a match *may* be negated: a match it does not negate, no
    scope of the post negates."""

    scoped: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.scoped)

    def negates(self, first: int, *_: object) -> bool:
        return first in self.scoped


NO_REACH: Final = Reach(frozenset())


class LazyScope:
    """A post's :class:`Scope` for :meth:`Lexicon.locate`, computed when a match first needs
    it: only a match that starts where a negator may reach (``reach``) can be negated, so a
    post whose red flags are all far from its negators never computes its clause breaks."""

    __slots__ = ("_full", "_reach", "_scope")

    def __init__(self, reach: Reach, scope: Callable[[], Scope]) -> None:
        self._reach, self._scope = reach, scope
        self._full: Scope | None = None

    def __bool__(self) -> bool:
        return bool(self._reach)

    def negates(
        self,
        first: int,
        last: int,
        tokens: Sequence[str] = (),
        triggers: frozenset[str] = frozenset(),
        family: str = "",
    ) -> bool:
        if first not in self._reach.scoped:
            return False
        if self._full is None:
            self._full = self._scope()
        return self._full.negates(first, last, tokens, triggers, family)


def parse_negation(source: str, origin: str = NEGATION_FILE) -> Negation:
    """The negation scope rules from TOML text; raise ValueError naming the bad key."""
    raw = tomllib.loads(source)
    try:
        lists = {key: frozenset(_tokens(raw[key])) for key in ("negators", "bridges", "idioms")}
        lists["need_words"] = frozenset(_tokens(raw.get("need_words", ["perlu"])))
        max_gap = raw["max_gap"]
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{origin}: {exc}") from exc
    if not isinstance(max_gap, int) or max_gap < 0:
        raise ValueError(f"{origin}: max_gap harus bilangan bulat >= 0, bukan {max_gap!r}")
    multiword = sorted(w for ws in lists.values() for w in ws if " " in w)
    if multiword:
        raise ValueError(f"{origin}: satu kata per entri, bukan {multiword[0]!r}")
    return Negation(
        lists["negators"], lists["bridges"], lists["idioms"], max_gap, lists["need_words"]
    )


class Lexicon:
    """The loaded signal list plus the index that decides which patterns a post needs.

    Every (pattern, requires-alternative) pair is a *term* that needs a token from each of a few
    groups (the alternative's groups and the signal's triggers). Group k of term t is bit
    ``k * n_terms + t`` of a mask; every token maps to the bits of the groups it is in, so a
    post's mask is one OR over its known tokens, and the terms worth running are the bits set in
    all of the mask's slices: a handful of big-int operations, whatever the lexicon's size.
    """

    def __init__(self, signals: list[Signal]) -> None:
        self.signals: tuple[Signal, ...] = tuple(signals)
        self.ids: tuple[str, ...] = tuple(s.id for s in signals)
        terms: list[tuple[int, list[frozenset[str]], Runner]] = []
        universe: set[str] = set()
        #: each signal's triggers as a set (the negation scope asks which sentence holds one)
        self._triggers = tuple(frozenset(sig.triggers) for sig in signals)
        for i, sig in enumerate(signals):
            trig = self._triggers[i]
            for k in range(len(sig.regexes)):
                plan = sig.plans[k] if sig.plans else Plan()
                run = _LazyRunner(self, i, k)  # shared by the pattern's terms
                universe.update(plan.starts or ())
                for alternative in plan.requires or ((),):
                    terms.append((i, [trig, *alternative], run))
            for key in sig.keys:
                universe.update(key.starts or ())
        n_terms = len(terms)
        self._slices = max(len(groups) for _, groups, _ in terms)
        word_mask: dict[str, int] = dict.fromkeys(universe, 0)
        for t, (_, groups, _) in enumerate(terms):
            for k in range(self._slices):
                bit = 1 << (k * n_terms + t)
                for w in groups[min(k, len(groups) - 1)]:
                    word_mask[w] = word_mask.get(w, 0) | bit
        #: (signal index, pattern index, runner) per term; a pattern's terms are adjacent and
        #: share a runner, which replaces itself here by the real one on first use (see
        #: :class:`_LazyRunner`)
        self._terms: list[tuple[int, int, Runner]] = [(i, run.pattern, run) for i, _, run in terms]
        self._n_terms = n_terms
        self._word_mask = word_mask
        self._words = frozenset(word_mask)

    def __len__(self) -> int:
        return len(self.signals)

    def detect(self, tokens: list[str], scope: Scope = NO_SCOPE) -> list[int]:
        """Indices of the signals present in a post, given its normalised tokens (sorted).

        ``scope``: the post's negation scopes (see :class:`Negation`); a signal is present only
        when some match of it is not negated.
        """
        hits = self._detect(tokens)
        if not hits or not scope:
            return hits
        return self.unnegated(tokens, hits, scope)

    def unnegated(
        self,
        tokens: list[str],
        hits: list[int],
        scope: Scope | Reach,
        post: _Post | None = None,
        matched: Sequence[int] = (),
    ) -> list[int]:
        """The signals of ``hits`` (found by :meth:`detect`) with a match ``scope`` does not
        negate. ``post``: the post as :meth:`_search` left it (its token positions are kept);
        ``matched[j]``: a pattern of ``hits[j]`` that matched, tried first (likely unnegated
        too: the answer, whether any pattern has an unnegated match, does not depend on the
        order the patterns are tried in)."""
        if post is None:
            post = _Post(tokens, self._words.intersection(tokens))
        kept = []
        for j, i in enumerate(hits):
            sig = self.signals[i]
            patterns = list(enumerate(sig.patterns))
            if j < len(matched):
                patterns.insert(0, patterns.pop(matched[j]))
            if any(
                _unnegated(
                    pattern,
                    sig.plans[k] if sig.plans else None,
                    post,
                    scope,
                    self._triggers[i],
                    sig.family,
                )
                for k, pattern in patterns
            ):
                kept.append(i)
        return kept

    def unnegated_lazily(
        self,
        tokens: list[str],
        hits: list[int],
        reach: Reach,
        scope: Callable[[], Scope],
        post: _Post | None = None,
        matched: Sequence[int] = (),
        where: Sequence[int] = (),
    ) -> list[int]:
        """:meth:`unnegated` with the post's ``scope()``, called only when needed: a hit with a
        match that starts outside the negators' ``reach`` is kept without it. Most hits of a
        post with a negator are far from it, and the scope's clause breaks cost more than
        the search. ``post`` and ``matched`` as for :meth:`unnegated`; ``where[j]``: the
        offset where that match of ``hits[j]`` starts (-1: not known), as :meth:`_search`
        found it."""
        if not hits or not reach:
            return hits
        if post is None:
            post = _Post(tokens, self._words.intersection(tokens))
        ask, asked = hits, matched
        if where:
            # a (non-empty) match already found that starts outside the reach is the witness
            # unnegated(reach) would look for: its hit is kept without searching again
            count, scoped = post.text.count, reach.scoped
            ask = [j for j, at in enumerate(where) if at < 0 or count(" ", 0, at) in scoped]
            if not ask:
                return hits
            ask, asked = [hits[j] for j in ask], [matched[j] for j in ask]
        unsure = set(ask).difference(self.unnegated(tokens, ask, reach, post, asked))
        if not unsure:
            return hits
        full = scope()
        if not full:
            return hits
        again = [j for j, i in enumerate(hits) if i in unsure]
        negated = unsure.difference(
            self.unnegated(
                tokens,
                [hits[j] for j in again],
                full,
                post,
                [matched[j] for j in again] if matched else (),
            )
        )
        return [i for i in hits if i not in negated] if negated else hits

    def detect_unnegated(
        self, tokens: list[str], reach: Callable[[], Reach], scope: Callable[[], Scope]
    ) -> list[int]:
        """:meth:`detect` with the post's negation scope, as :meth:`unnegated_lazily` applies
        it: ``reach()`` only for a post with hits, ``scope()`` only when a hit needs it. The
        post's token positions found by the search and the pattern that matched each hit are
        reused, not looked for again."""
        hits, post, matched, where = self._search(tokens)
        if not hits:
            return hits
        return self.unnegated_lazily(tokens, hits, reach(), scope, post, matched, where)

    def _detect(self, tokens: list[str]) -> list[int]:
        return self._search(tokens)[0]

    def _search(self, tokens: list[str]) -> tuple[list[int], _Post | None, list[int], list[int]]:
        """The signals present (as :meth:`detect` without a scope), the post as the runners
        left it, and for each signal found the pattern that matched and where in the text that
        match starts (-1: an empty match)."""
        present = self._words.intersection(tokens)
        if not present:
            return [], None, [], []
        mask = reduce(or_, map(self._word_mask.__getitem__, present))
        n = self._n_terms
        candidates = mask
        for k in range(1, self._slices):
            candidates &= mask >> (k * n)
        candidates &= (1 << n) - 1
        hits: list[int] = []
        matched: list[int] = []
        where: list[int] = []
        last = -1  # the last signal found
        ran = None  # the last pattern run (its other terms need not run again)
        post: _Post | None = None
        terms = self._terms
        while candidates:  # lowest term first: cheap forward windows before backward ones
            low = candidates & -candidates
            candidates ^= low
            i, k, run = terms[low.bit_length() - 1]
            if i != last and run is not ran:
                if post is None:
                    post = _Post(tokens, present)
                ran = run
                at = run(post)
                if at is not None:
                    hits.append(i)
                    matched.append(k)
                    where.append(at)
                    last = i
        return hits, post, matched, where

    def locate(
        self,
        text: str,
        hits: list[int],
        spanned: SpannedTokens | None = None,
        scope: Scope | LazyScope = NO_SCOPE,
    ) -> list[SignalMatch]:
        """Spans in ``text`` (the original post) of the given signal hits.

        Each regex match over the normalised text is mapped to the tokens it covers and from
        there to the original characters, so a UI can highlight exactly what the writer wrote
        ("K4mboja", "w.a 0812…"). ``spanned`` may pass the post's already computed spans;
        matches that the post's negation ``scope`` negates are left out (as in detect).
        """
        if not hits:
            return []
        if spanned is None:
            spanned = tokenize_with_spans(text)
        tokens = [tok for tok, _, _ in spanned]
        post = _Post(tokens, frozenset(tokens))
        count = post.text.count  # a position's token index is the number of spaces before it
        found: list[SignalMatch] = []
        for i in hits:
            sig = self.signals[i]
            for k, pattern in enumerate(sig.patterns):
                plan = sig.plans[k] if sig.plans else None
                for m in _finditer(pattern, plan, post):
                    if m.end() <= m.start():
                        continue
                    first, last = count(" ", 0, m.start()), count(" ", 0, m.end() - 1)
                    if scope and scope.negates(first, last, tokens, self._triggers[i], sig.family):
                        continue
                    start = spanned[first][1]
                    end = spanned[last][2]
                    found.append(
                        SignalMatch(sig.id, sig.family, start, end, text[start:end], sig.name)
                    )
        found.sort(key=lambda s: (s.start, s.end, s.signal))
        unique: list[SignalMatch] = []
        seen: set[tuple[str, int, int]] = set()
        for s in found:
            key = (s.signal, s.start, s.end)
            if key not in seen:
                seen.add(key)
                unique.append(s)
        return unique


def _tokens(raw: Any) -> frozenset[str]:
    if not isinstance(raw, list) or not raw or not all(isinstance(t, str) and t for t in raw):
        raise ValueError(f"expected a non-empty list of tokens, got {raw!r}")
    return frozenset(raw)


def _parse_key(raw: dict[str, Any]) -> Key:
    starts = raw.get("starts")
    re.compile(raw["pattern"])
    return Key(raw["pattern"], None if starts is None else _tokens(starts))


def _parse_plan(raw: dict[str, Any], n_keys: int) -> Plan:
    requires = tuple(tuple(_tokens(g) for g in alt) for alt in raw.get("requires", []))
    if any(not alt for alt in requires):
        raise ValueError("an alternative of requires has no group")
    starts = raw.get("starts")
    key, lead = raw.get("key"), raw.get("lead", 0)
    if key is not None and not (isinstance(key, int) and 0 <= key < n_keys and starts):
        raise ValueError(f"key {key!r}: no such key, or the plan has no starts")
    if not isinstance(lead, int) or lead < 0:
        raise ValueError(f"lead {lead!r}")
    return Plan(requires, None if starts is None else _tokens(starts), key, lead)


def parse_lexicon(source: str, origin: str = LEXICON_FILE) -> Lexicon:
    """Build a :class:`Lexicon` from a lexicon file's text (see :mod:`tppo_detect.text.lexicon`);
    raise :class:`tppo_detect.text.lexicon.LexiconError` (a ValueError) naming the line."""
    if not _VERSION_LINE.search(source):
        return parse_regex_lexicon(source, origin)
    from tppo_detect.text.lexicon import compiled

    return Lexicon([_signal(s) for s in compiled(source, origin)])


_VERSION_LINE: Final = re.compile(r"^version\s*=\s*2\s*$", re.M)


def _signal(s: Any) -> Signal:
    """A compiled signal (:class:`tppo_detect.text.lexicon.CompiledSignal`), as the matcher
    uses it."""
    keys: dict[str, int] = {}  # patterns with the same key share it (and its positions)
    plans: list[Plan] = []
    for p in s.patterns:
        key = None
        if p.key is not None:
            key = keys.setdefault(p.key, len(keys))
        requires = tuple(tuple(frozenset(g) for g in alt) for alt in p.requires)
        starts = None if p.starts is None else frozenset(p.starts)
        plans.append(Plan(requires, starts, key, p.lead))
    starts_of = {p.key: p.key_starts for p in s.patterns if p.key is not None}
    return Signal(
        **s.facts(),
        regexes=tuple(p.regex for p in s.patterns),
        sources=tuple(p.source for p in s.patterns),
        plans=tuple(plans),
        keys=tuple(Key(k, None if starts_of[k] is None else frozenset(starts_of[k])) for k in keys),
    )


def parse_regex_lexicon(source: str, origin: str = "signals.toml") -> Lexicon:
    """The older lexicon form (regexes and plans written out), as kept inside models trained
    before the declarative format; raise ValueError naming the bad signal."""
    data = tomllib.loads(source)
    signals: list[Signal] = []
    seen: set[str] = set()
    for n, raw in enumerate(data.get("signal", []), start=1):
        where = f"{origin}: signal #{n} ({raw.get('id', '?')})"
        missing = [k for k in _REQUIRED_KEYS if k not in raw]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        if raw["id"] in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(raw["id"])
        if raw["family"] not in TARGETS:
            raise ValueError(f"{where}: family must be one of {TARGETS}")
        try:
            patterns = tuple(re.compile(p) for p in raw["patterns"])
        except re.error as exc:
            raise ValueError(f"{where}: bad regex: {exc}") from exc
        triggers = tuple(raw["triggers"])
        if not triggers or not patterns:
            raise ValueError(f"{where}: needs at least one trigger and one pattern")
        try:
            keys = tuple(_parse_key(k) for k in raw.get("key", []))
            plans = tuple(_parse_plan(p, len(keys)) for p in raw.get("plan", []))
        except (TypeError, ValueError, KeyError, re.error) as exc:
            raise ValueError(f"{where}: bad plan: {exc!r}") from exc
        if plans and len(plans) != len(patterns):
            raise ValueError(f"{where}: {len(plans)} plans for {len(patterns)} patterns")
        signals.append(
            Signal(
                id=raw["id"],
                family=raw["family"],
                name=raw["name"],
                description=raw["description"],
                source=raw["source"],
                triggers=triggers,
                regexes=tuple(raw["patterns"]),
                examples_pos=tuple(raw["examples_pos"]),
                examples_neg=tuple(raw["examples_neg"]),
                plans=plans,
                keys=keys,
            )
        )
    if not signals:
        raise ValueError(f"{origin}: no [[signal]] entries")
    return Lexicon(signals)


@dataclass(frozen=True)
class ContextCue:
    """A group of words and phrases marking context or stance: warning, news report, story,
    question, clarification, official channel. ``chars`` are counted in the original text;
    ``stance`` names the stance the cue shows (None: context only, e.g. an official channel)."""

    id: str
    name: str
    words: frozenset[str]
    phrases: tuple[str, ...]
    chars: tuple[str, ...] = ()
    stance: str | None = None
    #: ``(cue id, least count)`` pairs: when one of those cues counts at least its least count
    #: and at least as many matches as this cue, this cue's stance is void. "?" in a post laid
    #: out as a vacancy ("Penempatan sesuai domisili kalian??") or asked by the one making the
    #: offer ("saya ingin menawarkan pekerjaan … boleh saya jelaskan?") is part of the offer.
    stance_unless: tuple[tuple[str, int], ...] = ()
    #: words of the cue that settle the stance alone (an offer never says them of itself:
    #: "tersangka", "dijanjikan"): each counts twice toward the stance's strength
    strong: frozenset[str] = frozenset()

    @property
    def anchors(self) -> frozenset[str]:
        """Tokens at least one of which a post must contain for this cue to count anything:
        its words and the first word of each phrase."""
        return self.words | {phrase.split()[0] for phrase in self.phrases}

    def count(
        self, tokens: list[str], padded_text: str, present: frozenset[str] | None = None
    ) -> int:
        """Matches in a post: its words among the tokens plus its phrases in the text.

        ``padded_text`` is the tokens joined by single spaces with a space at both ends, so a
        phrase is found by plain (C-level) substring counting. ``present`` (the post's tokens
        among the cue file's anchors) lets it skip phrases whose first word is absent: same
        count, fewer substring searches.
        """
        n = sum(map(self.words.__contains__, tokens))
        if present is None:
            phrases: Iterable[str] = self.phrases
        else:
            by_first = self._by_first
            phrases = [p for w in present if w in by_first for p in by_first[w]]
        for phrase in phrases:
            n += padded_text.count(phrase)
        return n

    @cached_property
    def _by_first(self) -> dict[str, tuple[str, ...]]:
        """First word of a phrase -> its phrases (computed once per cue)."""
        grouped: dict[str, list[str]] = {}
        for phrase in self.phrases:
            grouped.setdefault(phrase.split()[0], []).append(phrase)
        return {w: tuple(ps) for w, ps in grouped.items()}


class CueCounter:
    """Counts every cue group of a cue file in a post in one pass over the cue words it has.

    Same counts as :meth:`ContextCue.count` for each cue (the tests compare both). Rather than
    scanning the post once per cue, the counter indexes the cue file by word: a post's tokens
    among the cue words and the first two words of phrases are found with one set intersection
    (most posts have only a few, many none); each of those words adds its occurrences to the
    cues it is a word of, and counts in the padded text the phrases it begins whose second
    word the post also has (a phrase's first word, "saya", "jangan", is often common).
    """

    def __init__(self, cues: tuple[ContextCue, ...]) -> None:
        self.cues = cues
        words: dict[str, list[int]] = {}
        phrases: dict[str, list[tuple[int, str, str | None]]] = {}
        seconds: set[str] = set()
        for i, cue in enumerate(cues):
            for word in cue.words:
                words.setdefault(word, []).append(i)
            for phrase in cue.phrases:
                first, *rest = phrase.split()
                second = rest[0] if rest else None
                phrases.setdefault(first, []).append((i, phrase, second))
                if second is not None:
                    seconds.add(second)
        #: word -> (the cues it is a word of, the (cue, phrase, second word or None) triples of
        #: the phrases it begins)
        self._index: dict[str, tuple[tuple[int, ...], tuple[tuple[int, str, str | None], ...]]]
        self._index = {
            w: (tuple(words.get(w, ())), tuple(phrases.get(w, ()))) for w in {*words, *phrases}
        }
        #: every word a count may look up: a post's tokens among them are its ``present``
        self._any = frozenset(self._index) | seconds
        # a run of the same character counts once: "????" is one question mark
        self._char_cues = [
            (i, c.chars, re.compile("|".join(f"{re.escape(ch)}+" for ch in c.chars)))
            for i, c in enumerate(cues)
            if c.chars
        ]

    def counts(self, tokens: list[str], text: str = "") -> list[int]:
        """Matches per cue; ``text`` (the original post) is where ``chars`` are counted."""
        out = [0] * len(self.cues)
        # the post's tokens among the cue words, in order, in one C-level pass (a set look-up
        # per token); a word occurs as often among them as among all tokens, and counting it
        # there is a short list's ``count`` instead of a string comparison per token
        seen = list(compress(tokens, map(self._any.__contains__, tokens)))
        if seen:
            present = set(seen)
            index = self._index
            padded = None
            for word in present:
                found = index.get(word)
                if found is None:
                    continue  # only the second word of phrases
                ids, entries = found
                if ids:
                    n = seen.count(word)
                    for i in ids:
                        out[i] += n
                for i, phrase, second in entries:
                    if second is None or second in present:
                        if padded is None:
                            padded = f" {' '.join(tokens)} "
                        out[i] += padded.count(phrase)
        for i, chars, runs in self._char_cues:
            # a substring test first: most posts have none of the characters (no regex call)
            if any(ch in text for ch in chars):
                out[i] += len(runs.findall(text))
        return out


def parse_cues(source: str, origin: str = CUES_FILE) -> tuple[ContextCue, ...]:
    """Context cue groups from TOML text; raise ValueError naming the bad entry."""
    cues = []
    for n, raw in enumerate(tomllib.loads(source).get("cue", []), start=1):
        try:
            phrases = tuple(f" {' '.join(p.split())} " for p in raw.get("phrases", []))
            if any(p == "  " for p in phrases):
                raise ValueError("empty phrase")
            chars = tuple(raw.get("chars", []))
            if not all(isinstance(c, str) and len(c) == 1 for c in chars):
                raise ValueError(f"chars must be single characters: {chars!r}")
            stance = raw.get("stance")
            if stance is not None and not isinstance(stance, str):
                raise ValueError(f"stance must be a string: {stance!r}")
            unless = raw.get("stance_unless", {})
            if not isinstance(unless, dict) or (unless and stance is None):
                raise ValueError(
                    f"stance_unless must be a table of cue ids and needs a stance: {unless!r}"
                )
            strong = frozenset(raw.get("strong", []))
            if strong - frozenset(raw["words"]):
                raise ValueError(f"strong words must be among the cue's words: {sorted(strong)}")
            if not all(isinstance(v, int) and v >= 1 for v in unless.values()):
                raise ValueError(f"stance_unless counts must be positive integers: {unless!r}")
            cues.append(
                ContextCue(
                    raw["id"],
                    raw["name"],
                    frozenset(raw["words"]),
                    phrases,
                    chars,
                    stance,
                    tuple(unless.items()),
                    strong,
                )
            )
        except (KeyError, AttributeError, TypeError, ValueError) as exc:
            raise ValueError(f"{origin}: cue #{n}: {exc!r}") from exc
    if not cues:
        raise ValueError(f"{origin}: no [[cue]] entries")
    ids = {c.id for c in cues}
    for c in cues:
        for other, _ in c.stance_unless:
            if other not in ids:
                raise ValueError(f"{origin}: cue {c.id!r}: stance_unless {other!r} unknown")
    return tuple(cues)


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The packaged lexicon (or one at ``path``), parsed once per process."""
    if path is None:
        return parse_lexicon(data_text(LEXICON_FILE))
    return parse_lexicon(Path(path).read_text(encoding="utf-8"), origin=path)
