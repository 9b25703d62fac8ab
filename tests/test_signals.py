"""The red-flag lexicon: every signal fires on its positive examples and not on its negatives,
and every match points at the right characters of the original post."""

from __future__ import annotations

import csv
import dataclasses
import random
import re
from collections import Counter
from functools import lru_cache

import pytest

from tppo_detect.labels import TARGETS
from tppo_detect.resources import data_text
from tppo_detect.text.lexicon import needs_trigger, read_spec
from tppo_detect.text.normalize import signal_text, tokenize, tokenize_with_spans
from tppo_detect.text.signals import (
    CUES_FILE,
    LEXICON_FILE,
    CueCounter,
    Lexicon,
    Signal,
    load_lexicon,
    parse_cues,
    parse_lexicon,
    parse_regex_lexicon,
)

from .conftest import CORPUS

LEXICON = load_lexicon()
SIGNALS = {s.id: s for s in LEXICON.signals}


def corpus_texts() -> list[str]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f)]


@lru_cache(maxsize=1)
def plan_test_texts() -> tuple[str, ...]:
    """Every corpus post and lexicon example, plus seeded splices of two posts' tokens (new
    orders and neighbours that the corpus itself does not have)."""
    texts = corpus_texts()
    texts += [ex for s in LEXICON.signals for ex in (*s.examples_pos, *s.examples_neg)]
    rng = random.Random(0)
    splices = []
    for _ in range(1000):
        a, b = tokenize(rng.choice(texts)), tokenize(rng.choice(texts))
        cut_a, cut_b = rng.randint(0, len(a)), rng.randint(0, len(b))
        splices.append(" ".join(b[cut_b:] + a[:cut_a] if rng.random() < 0.5 else a[cut_a:] + b))
    return (*texts, *splices)


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


#: Patterns (signal, 1-based index) that can match without a trigger word, so they only fire
#: when a trigger stands elsewhere in the post. Kept as they were when the lexicon became
#: declarative (issue 16: detection unchanged); `tppo-detect lexicon check` warns about them.
TRIGGERLESS = {
    ("biaya_admin_pendaftaran", 1),
    ("biaya_admin_pendaftaran", 2),
    ("tugas_like_subscribe", 1),
    ("pinjaman_biaya_di_muka", 2),
}


@pytest.mark.parametrize("sig", LEXICON.signals, ids=lambda s: s.id)
def test_every_pattern_needs_a_trigger(sig: Signal) -> None:
    """The trigger prefilter is only safe if no pattern can match without a trigger word."""
    sets = read_spec(data_text(LEXICON_FILE)).sets
    for k, source in enumerate(sig.sources, start=1):
        assert needs_trigger(source, sets, sig.triggers) == ((sig.id, k) not in TRIGGERLESS), (
            k,
            source,
        )


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


GOOD = """version = 2

[sets]
biaya_awal = ["biaya", "uang"]

[[signal]]
id = "x"
family = "online_scam"
name = "n"
description = "d"
source = "s"
triggers = ["biaya", "uang"]
patterns = ['{biaya_awal} ~2 admin']
examples_pos = ["biaya untuk admin"]
examples_neg = ["gratis"]
"""


def test_bad_lexicon_entries_are_rejected_with_their_line() -> None:
    assert len(parse_lexicon(GOOD)) == 1
    with pytest.raises(ValueError, match=r":6: sinyal x: family"):
        parse_lexicon(GOOD.replace('"online_scam"', '"other"'))
    with pytest.raises(ValueError, match=r":13: sinyal x: himpunan \{biaya\} tidak dikenal"):
        parse_lexicon(GOOD.replace("{biaya_awal} ~2", "{biaya} ~2"))
    with pytest.raises(ValueError, match=r":13: sinyal x: kurung \( tidak ditutup"):
        parse_lexicon(GOOD.replace("~2 admin", "~2 (admin"))
    with pytest.raises(ValueError, match=r":13: sinyal x: pola tidak boleh diawali"):
        parse_lexicon(GOOD.replace("'{biaya_awal} ~2 admin'", "'~2 admin'"))
    with pytest.raises(ValueError, match="id dipakai dua kali"):
        parse_lexicon(GOOD + GOOD[GOOD.index("[[signal]]") :])


def test_the_older_regex_form_still_loads() -> None:
    """Models trained before issue 16 keep their lexicon in the regex form."""
    old = """
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
    assert parse_lexicon(old).detect(["ada", "biaya"]) == [0]
    with pytest.raises(ValueError, match=r"signal #1 \(x\).*family"):
        parse_lexicon(old.replace('"online_scam"', '"other"'))
    with pytest.raises(ValueError, match="bad regex"):
        parse_lexicon(old.replace("\\bbiaya\\b", "(biaya"))


def test_the_packaged_lexicon_has_plans() -> None:
    planned = [p for s in LEXICON.signals for p in s.plans]
    assert len(planned) == sum(len(s.patterns) for s in LEXICON.signals)
    assert sum(p.starts is not None for p in planned) >= 0.9 * len(planned)


@pytest.mark.slow
def test_detect_equals_a_search_of_every_pattern() -> None:
    """Triggers and plans only skip work: detect() finds exactly the signals some pattern of
    which matches somewhere in the normalised post."""
    for text in plan_test_texts():
        tokens = tokenize(text)
        joined = " ".join(tokens)
        brute = [i for i, s in enumerate(LEXICON.signals) if s.matches(joined)]
        assert LEXICON.detect(tokens) == brute, (joined, brute)


def test_locate_equals_a_finditer_of_every_pattern() -> None:
    for text in plan_test_texts():
        spanned = tokenize_with_spans(text)
        joined = " ".join(tok for tok, _, _ in spanned)
        hits = LEXICON.detect([tok for tok, _, _ in spanned])
        located = {(m.signal, m.start, m.end) for m in LEXICON.locate(text, hits, spanned)}
        starts = [m.start() for m in re.finditer(r"\S+", joined)]
        brute = set()
        for i in hits:
            for pattern in LEXICON.signals[i].patterns:
                for m in pattern.finditer(joined):
                    first = sum(1 for s in starts if s <= m.start()) - 1
                    last = sum(1 for s in starts if s <= m.end() - 1) - 1
                    brute.add((LEXICON.ids[i], spanned[first][1], spanned[last][2]))
        assert located == brute, joined


def test_a_lexicon_without_plans_detects_the_same() -> None:
    """Plans only skip work: the same regexes without them (as in lexicons kept inside older
    model artifacts) find the same signals."""
    unplanned = Lexicon([dataclasses.replace(s, plans=(), keys=()) for s in LEXICON.signals])
    for text in plan_test_texts()[:500]:
        tokens = tokenize(text)
        assert unplanned.detect(tokens) == LEXICON.detect(tokens)


def test_bad_plans_are_rejected() -> None:
    good = """
[[signal]]
id = "x"
family = "online_scam"
name = "n"
description = "d"
source = "s"
triggers = ["biaya"]
patterns = ['\\bbiaya admin\\b']
examples_pos = ["biaya admin"]
examples_neg = ["gratis"]

[[signal.key]]
pattern = '\\bbiaya\\b'
starts = ["biaya"]

[[signal.plan]]
requires = [[["admin"]]]
starts = ["biaya"]
key = 0
lead = 0
"""
    lexicon = parse_regex_lexicon(good)
    assert lexicon.detect(["biaya", "admin"]) == [0]
    assert lexicon.detect(["biaya", "pendaftaran"]) == []
    with pytest.raises(ValueError, match="1 plans for 2 patterns"):
        parse_regex_lexicon(good.replace("patterns = [", "patterns = ['biaya', "))
    with pytest.raises(ValueError, match="no such key"):
        parse_regex_lexicon(good.replace("key = 0", "key = 1"))
    with pytest.raises(ValueError, match="bad plan"):
        parse_regex_lexicon(good.replace('requires = [[["admin"]]]', "requires = [[[]]]"))


def test_cue_counter_equals_counting_each_cue() -> None:
    """CueCounter only skips cues that cannot match: same counts as ContextCue.count."""
    cues = parse_cues(data_text(CUES_FILE))
    counter = CueCounter(cues)
    for text in plan_test_texts():
        tokens = tokenize(text)
        padded = f" {' '.join(tokens)} "
        assert counter.counts(tokens) == [c.count(tokens, padded) for c in cues], text


def test_a_cue_phrase_must_not_be_empty() -> None:
    with pytest.raises(ValueError, match="cue #1"):
        parse_cues('[[cue]]\nid = "x"\nname = "x"\nwords = ["a"]\nphrases = [" "]\n')
