"""Named red-flag signals: the lexicon in ``data/signals.toml`` and how it is matched.

Every signal has an id, a family, an Indonesian name and description, the public guidance it is
drawn from, trigger words and regexes over the normalised text (see
:func:`tppo_detect.normalize.signal_text`). Trigger words are a prefilter: a signal's regexes run
only when one of its triggers is among the post's tokens, so a typical clean post costs a set
intersection instead of ~50 regex scans.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

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

    def matches(self, signal_text: str) -> bool:
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


class Lexicon:
    """The loaded signal list plus its trigger index."""

    def __init__(self, signals: list[Signal]) -> None:
        self.signals: tuple[Signal, ...] = tuple(signals)
        self.ids: tuple[str, ...] = tuple(s.id for s in signals)
        index: dict[str, list[int]] = {}
        for i, sig in enumerate(signals):
            for trig in sig.triggers:
                index.setdefault(trig, []).append(i)
        self._trigger_index = {k: tuple(v) for k, v in index.items()}
        self._trigger_words = frozenset(index)

    def __len__(self) -> int:
        return len(self.signals)

    def detect(self, tokens: list[str]) -> list[int]:
        """Indices of the signals present in a post, given its normalised tokens."""
        present = self._trigger_words.intersection(tokens)
        if not present:
            return []
        candidates: set[int] = set()
        for word in present:
            candidates.update(self._trigger_index[word])
        text = " ".join(tokens)
        return sorted(i for i in candidates if self.signals[i].matches(text))

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
            )
        )
    if not signals:
        raise ValueError(f"{origin}: no [[signal]] entries")
    return Lexicon(signals)


@dataclass(frozen=True)
class ContextCue:
    """A group of patterns marking context: a warning, a news report, an official channel."""

    id: str
    name: str
    patterns: tuple[re.Pattern[str], ...]


def parse_cues(source: str, origin: str = CUES_FILE) -> tuple[ContextCue, ...]:
    """Context cue groups from TOML text; raise ValueError naming the bad entry."""
    cues = []
    for n, raw in enumerate(tomllib.loads(source).get("cue", []), start=1):
        try:
            cues.append(
                ContextCue(raw["id"], raw["name"], tuple(re.compile(p) for p in raw["patterns"]))
            )
        except (KeyError, re.error) as exc:
            raise ValueError(f"{origin}: cue #{n}: {exc}") from exc
    if not cues:
        raise ValueError(f"{origin}: no [[cue]] entries")
    return tuple(cues)


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The packaged lexicon (or one at ``path``), parsed once per process."""
    if path is None:
        return parse_lexicon(data_text(LEXICON_FILE))
    return parse_lexicon(Path(path).read_text(encoding="utf-8"), origin=path)
