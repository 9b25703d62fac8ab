"""Named red-flag signals: the lexicon in ``data/signals.toml`` and how it is matched.

Every signal has an id, a family, an Indonesian name and description, the public guidance it is
drawn from, trigger words and regexes over the normalised text (see
:func:`tppo_detect.normalize.signal_text`). Trigger words are a prefilter: a signal's regexes run
only when one of its triggers is among the post's tokens.

Triggers alone let most posts through (biaya, kerja, info... are everywhere), so each pattern may
also carry a *plan*, derived from the regex by ``tools/lexicon/build_signals.py``: token groups
the post must contain, the tokens a match can start at (the regex is then tried only there, with
``Pattern.match``, instead of scanned over the whole post) and, for window patterns ("A within n
tokens of B"), a shorter key sub-pattern that must match within ``lead`` tokens after the start.
A plan only skips work that could not have produced a match, so :meth:`Lexicon.detect` returns
exactly what a search of every pattern would; the tests check that on the whole corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Final

import tomllib

from tppo_detect.labels import TARGETS
from tppo_detect.normalize import tokenize_with_spans
from tppo_detect.resources import data_text

SpannedTokens = list[tuple[str, int, int]]
LEXICON_FILE: Final = "signals.toml"
CUES_FILE: Final = "context_cues.toml"
_REQUIRED_KEYS: Final = (
    "id", "family", "name", "description", "source", "triggers", "patterns",
    "examples_pos", "examples_neg",
)  # fmt: skip


@dataclass(frozen=True)
class Key:
    """A sub-pattern that every match of some window pattern contains (see :class:`Plan`)."""

    pattern: re.Pattern[str]
    starts: frozenset[str] | None = None


@dataclass(frozen=True)
class Plan:
    """How :meth:`Lexicon.detect` may skip or narrow one pattern; never changes what matches.

    ``requires``: alternatives of token groups; unless, for some alternative, every group has a
    token in the post, the pattern cannot match. ``starts``: every match begins at the first
    character of one of these tokens. ``key``/``lead``: every match begins at a token start at
    most ``lead`` tokens before a position where ``Signal.keys[key]`` matches.
    """

    requires: tuple[tuple[frozenset[str], ...], ...] = ()
    starts: frozenset[str] | None = None
    key: int | None = None
    lead: int = 0


@dataclass(frozen=True)
class Signal:
    """One red flag."""

    id: str
    family: str
    name: str
    description: str
    source: str
    triggers: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    examples_pos: tuple[str, ...]
    examples_neg: tuple[str, ...]
    plans: tuple[Plan, ...] = ()
    keys: tuple[Key, ...] = ()

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


class _Post:
    """One post during :meth:`Lexicon.detect`: its text and what the plans looked up in it."""

    __slots__ = ("tokens", "present", "text", "_found", "_offsets", "_keys")

    def __init__(self, tokens: list[str], present: frozenset[str]) -> None:
        self.tokens = tokens
        self.present = present
        self.text = " ".join(tokens)
        self._found: dict[str, list[int]] = {}
        self._offsets: list[int] | None = None
        self._keys: dict[int, list[int]] = {}

    def positions(self, token: str) -> list[int]:
        """Offsets in the text where ``token`` occurs as a whole token."""
        found = self._found.get(token)
        if found is None:
            text, n = self.text, len(token)
            end = len(text) - n
            found = []
            p = text.find(token)
            while p >= 0:
                if (p == 0 or text[p - 1] == " ") and (p == end or text[p + n] == " "):
                    found.append(p)
                p = text.find(token, p + n)
            self._found[token] = found
        return found

    def offsets(self) -> list[int]:
        """Offset of every token in the text."""
        if self._offsets is None:
            self._offsets = list(accumulate([len(t) + 1 for t in self.tokens[:-1]], initial=0))
        return self._offsets

    def key_positions(self, key: Key) -> list[int]:
        """Sorted offsets where ``key`` matches."""
        found = self._keys.get(id(key))
        if found is None:
            match, text = key.pattern.match, self.text
            if key.starts is not None:
                found = sorted(
                    p
                    for t in key.starts & self.present
                    for p in self.positions(t)
                    if match(text, p)
                )
            else:
                found = []
                m = key.pattern.search(text)
                while m is not None:
                    found.append(m.start())
                    m = key.pattern.search(text, m.start() + 1)
            self._keys[id(key)] = found
        return found


Runner = Callable[[_Post], bool]


def _runner(pattern: re.Pattern[str], plan: Plan, keys: tuple[Key, ...]) -> Runner:
    """The cheapest exact test of "pattern matches the post" that the plan allows."""
    match, starts = pattern.match, plan.starts
    if starts is None:
        search = pattern.search
        return lambda post: search(post.text) is not None
    if plan.key is None:

        def at_starts(post: _Post) -> bool:
            text = post.text
            for token in starts & post.present:
                for p in post.positions(token):
                    if match(text, p):
                        return True
            return False

        return at_starts
    key, lead = keys[plan.key], plan.lead

    def near_key(post: _Post) -> bool:
        found = post.key_positions(key)
        if not found:
            return False
        text, tokens, offsets = post.text, post.tokens, post.offsets()
        tried: set[int] = set()
        for q in found:
            j = bisect_right(offsets, q) - 1
            for i in range(max(0, j - lead), j + 1):
                if i not in tried:
                    tried.add(i)
                    if tokens[i] in starts and match(text, offsets[i]):
                        return True
        return False

    return near_key


class Lexicon:
    """The loaded signal list plus the index that decides which patterns a post needs.

    Every (pattern, requires-alternative) pair is a *term* needing a set of token groups (the
    signal's triggers plus the alternative's groups). Each group gets a bit; each token maps to
    the bits of the groups it is in, plus a candidate bit for the terms whose first (rarest)
    group it is in. A post's mask is the OR over its tokens, so finding the terms worth running
    costs one dict lookup per distinct known token, whatever the size of the lexicon.
    """

    def __init__(self, signals: list[Signal]) -> None:
        self.signals: tuple[Signal, ...] = tuple(signals)
        self.ids: tuple[str, ...] = tuple(s.id for s in signals)
        group_bits: dict[frozenset[str], int] = {}
        raw_terms: list[tuple[int, list[frozenset[str]], Runner]] = []
        universe: set[str] = set()
        for i, sig in enumerate(signals):
            trig = frozenset(sig.triggers)
            for k, pattern in enumerate(sig.patterns):
                plan = sig.plans[k] if sig.plans else Plan()
                run = _runner(pattern, plan, sig.keys)
                universe.update(plan.starts or ())
                for alternative in plan.requires or ((),):
                    groups = [*alternative, trig]  # most selective first
                    for g in groups:
                        group_bits.setdefault(g, len(group_bits))
                    raw_terms.append((i, groups, run))
            for key in sig.keys:
                universe.update(key.starts or ())
        n_groups = len(group_bits)
        word_mask: dict[str, int] = dict.fromkeys(universe, 0)
        for g, bit in group_bits.items():
            for w in g:
                word_mask[w] = word_mask.get(w, 0) | 1 << bit
        self._terms: list[tuple[int, int, Runner]] = []
        for t, (i, groups, run) in enumerate(raw_terms):
            for w in groups[0]:
                word_mask[w] |= 1 << (n_groups + t)
            need = sum(1 << group_bits[g] for g in set(groups))
            self._terms.append((i, need, run))
        self._n_groups = n_groups
        self._word_mask = word_mask
        self._words = frozenset(word_mask)

    def __len__(self) -> int:
        return len(self.signals)

    def detect(self, tokens: list[str]) -> list[int]:
        """Indices of the signals present in a post, given its normalised tokens (sorted)."""
        present = self._words.intersection(tokens)
        if not present:
            return []
        word_mask = self._word_mask
        mask = 0
        for w in present:
            mask |= word_mask[w]
        candidates = mask >> self._n_groups
        hits: list[int] = []
        last = -1
        post: _Post | None = None
        terms = self._terms
        while candidates:
            low = candidates & -candidates
            candidates ^= low
            i, need, run = terms[low.bit_length() - 1]
            if i != last and mask & need == need:
                if post is None:
                    post = _Post(tokens, present)
                if run(post):
                    hits.append(i)
                    last = i
        return hits

    def locate(
        self, text: str, hits: list[int], spanned: SpannedTokens | None = None
    ) -> list[SignalMatch]:
        """Spans in ``text`` (the original post) of the given signal hits.

        Each regex match over the normalised text is mapped to the tokens it covers and from
        there to the original characters, so a UI can highlight exactly what the writer wrote
        ("K4mboja", "w.a 0812…"). ``spanned`` may pass the post's already computed spans.
        """
        if not hits:
            return []
        if spanned is None:
            spanned = tokenize_with_spans(text)
        joined = " ".join(tok for tok, _, _ in spanned)
        starts: list[int] = []
        pos = 0
        for tok, _, _ in spanned:
            starts.append(pos)
            pos += len(tok) + 1
        found: list[SignalMatch] = []
        for i in hits:
            sig = self.signals[i]
            for pattern in sig.patterns:
                for m in pattern.finditer(joined):
                    if m.end() <= m.start():
                        continue
                    first = bisect_right(starts, m.start()) - 1
                    last = bisect_right(starts, m.end() - 1) - 1
                    start, end = spanned[first][1], spanned[last][2]
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
    return Key(re.compile(raw["pattern"]), None if starts is None else _tokens(starts))


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
    """Build a :class:`Lexicon` from TOML text; raise ValueError naming the bad signal."""
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
                patterns=patterns,
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
    """A group of words and phrases marking context: warning, news report, official channel."""

    id: str
    name: str
    words: frozenset[str]
    phrases: tuple[str, ...]

    def count(self, tokens: list[str], padded_text: str) -> int:
        """Matches in a post: its words among the tokens plus its phrases in the text.

        ``padded_text`` is the tokens joined by single spaces with a space at both ends, so a
        phrase is found by plain (C-level) substring counting.
        """
        n = sum(1 for t in tokens if t in self.words)
        for phrase in self.phrases:
            n += padded_text.count(phrase)
        return n


def parse_cues(source: str, origin: str = CUES_FILE) -> tuple[ContextCue, ...]:
    """Context cue groups from TOML text; raise ValueError naming the bad entry."""
    cues = []
    for n, raw in enumerate(tomllib.loads(source).get("cue", []), start=1):
        try:
            phrases = tuple(f" {' '.join(p.split())} " for p in raw.get("phrases", []))
            cues.append(ContextCue(raw["id"], raw["name"], frozenset(raw["words"]), phrases))
        except (KeyError, AttributeError, TypeError) as exc:
            raise ValueError(f"{origin}: cue #{n}: {exc!r}") from exc
    if not cues:
        raise ValueError(f"{origin}: no [[cue]] entries")
    return tuple(cues)


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The packaged lexicon (or one at ``path``), parsed once per process."""
    if path is None:
        return parse_lexicon(data_text(LEXICON_FILE))
    return parse_lexicon(Path(path).read_text(encoding="utf-8"), origin=path)
