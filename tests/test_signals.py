"""The red-flag lexicon: every signal fires on its positive examples and not on its negatives,
and every match points at the right characters of the original post."""

from __future__ import annotations

from collections import Counter

import pytest

from tppo_detect.labels import TARGETS
from tppo_detect.normalize import signal_text, tokenize
from tppo_detect.signals import Signal, load_lexicon, parse_lexicon

LEXICON = load_lexicon()
SIGNALS = {s.id: s for s in LEXICON.signals}


def detected(text: str) -> set[str]:
    return {LEXICON.signals[i].id for i in LEXICON.detect(tokenize(text))}


def test_lexicon_size_and_families() -> None:
    per_family = Counter(s.family for s in LEXICON.signals)
    assert len(LEXICON) >= 40
    assert set(per_family) == set(TARGETS)
    assert min(per_family.values()) >= 15


@pytest.mark.parametrize("sig", LEXICON.signals, ids=lambda s: s.id)
def test_signal_is_documented(sig: Signal) -> None:
    assert sig.name and sig.description and sig.source
    assert sig.examples_pos and sig.examples_neg


@pytest.mark.parametrize("sig", LEXICON.signals, ids=lambda s: s.id)
def test_every_pattern_needs_a_trigger(sig: Signal) -> None:
    """The trigger prefilter is only safe if no pattern can match without a trigger word."""
    for pattern in sig.patterns:
        assert any(t in pattern.pattern for t in sig.triggers), pattern.pattern


@pytest.mark.parametrize(
    ("sig_id", "text"),
    [(s.id, ex) for s in LEXICON.signals for ex in s.examples_pos],
)
def test_positive_examples_fire(sig_id: str, text: str) -> None:
    assert sig_id in detected(text), signal_text(text)


@pytest.mark.parametrize(
    ("sig_id", "text"),
    [(s.id, ex) for s in LEXICON.signals for ex in s.examples_neg],
)
def test_negative_examples_do_not_fire(sig_id: str, text: str) -> None:
    assert sig_id not in detected(text), signal_text(text)


@pytest.mark.parametrize(
    ("sig_id", "text"),
    [(s.id, s.examples_pos[0]) for s in LEXICON.signals],
)
def test_spans_cover_the_match_in_the_original_text(sig_id: str, text: str) -> None:
    hits = LEXICON.detect(tokenize(text))
    matches = [m for m in LEXICON.locate(text, hits) if m.signal == sig_id]
    assert matches
    sig = SIGNALS[sig_id]
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert m.family == sig.family
        # the highlighted characters alone still carry the red flag
        assert sig.matches(signal_text(m.text)), (m.text, signal_text(m.text))


def test_obfuscated_post_is_highlighted_as_written() -> None:
    text = "Dicari ADM1N 0NLINE utk K4mb0ja, gaji 1.500 USD, tiket ditanggung"
    matches = LEXICON.locate(text, LEXICON.detect(tokenize(text)))
    assert any("K4mb0ja" in m.text for m in matches), matches


def test_bad_lexicon_entries_are_rejected_with_their_name() -> None:
    good = """
[[signal]]
id = "x"
family = "online_scam"
name = "n"
description = "d"
source = "s"
triggers = ["biaya"]
patterns = ['\\bbiaya\\b']
examples_pos = ["biaya"]
examples_neg = ["gratis"]
"""
    assert len(parse_lexicon(good)) == 1
    with pytest.raises(ValueError, match=r"signal #1 \(x\).*family"):
        parse_lexicon(good.replace('"online_scam"', '"other"'))
    with pytest.raises(ValueError, match="bad regex"):
        parse_lexicon(good.replace("\\bbiaya\\b", "(biaya"))
    with pytest.raises(ValueError, match="duplicate id"):
        parse_lexicon(good + good)
