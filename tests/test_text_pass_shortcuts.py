"""More text-pass shortcuts (issue 18) pinned to the plain reading they stand in for.

Same style as ``test_text_pass_speed.py``: each fast path is compared with its reference form
on every corpus post (raw and upper-cased) and on crafted strings. No timing here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import pytest

from tppo_detect.text import entities as E
from tppo_detect.text import normalize as N

from .test_lexicon_snapshot import CORPUS
from .test_text_pass_speed import CRAFTED

#: Strings around the entity marker and padding (a post can hold raw control characters).
TRICKY = [
    "",
    "\x02",
    "\x02a",
    "\x02ab",
    "\x02a1",
    "\x02A",
    "\x02\x02a",
    "a\x02b\x02c",
    "x\x02ay",
    "9\x02a\x01\x01 x",
    "\x02a\x01b",
    "é\x02a",
    "\x02é",
    "ab\x02",
    "\x01\x02a\x01\x01",
    "a?b ?? c\x1cd\x1fe\x85f\u1680g",
    "ÀBC abc ABC 123 a1b2 ٣4",
    "9rp5 $5abc 08123456789abc xhttp://a.b/c",
]


@lru_cache(maxsize=1)
def masked_texts() -> list[str]:
    corpus = pd.read_csv(CORPUS)["text"].fillna("").tolist()
    raw = CRAFTED + TRICKY + corpus
    return TRICKY + [N.masked(t)[0] for t in raw + [t.upper() for t in raw]]


def test_raw_tokens_are_the_token_pattern() -> None:
    for out in masked_texts():
        assert N._raw_tokens(out) == N._TOKEN_RE.findall(out), repr(out[:80])


@pytest.mark.parametrize("out", TRICKY)
def test_raw_tokens_on_marker_edge_cases(out: str) -> None:
    assert N._raw_tokens(out) == N._TOKEN_RE.findall(out)


NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
SIGMAS = ["ΑΣ Σ ΣΑ aΣ. Σ", "ΣΑΣ σας ς", "Σ", "xΣ", "ОΣ", "Kelvin \u212a ß ﬁ İ"]


@lru_cache(maxsize=1)
def raw_texts() -> list[str]:
    corpus = pd.read_csv(CORPUS)["text"].fillna("").tolist()
    raw = CRAFTED + TRICKY + SIGMAS + corpus
    return raw + [t.upper() for t in raw]


def test_non_ascii_is_the_character_class_scan() -> None:
    for text in [*raw_texts(), "\ud800", "a\udfffb€", "\U0001f525x\u200b"]:
        assert E.non_ascii(text) == "".join(NON_ASCII_RE.findall(text)), repr(text[:80])


def test_lookalike_test_reads_a_superset_of_the_lowered_characters() -> None:
    # fold_unicode's quick path tests others.lower() (plus both sigmas after a capital one)
    # for look-alikes instead of the non-ASCII characters of the lowered post
    for text in raw_texts():
        if text.isascii() or N._needs_unicode_work(text):
            continue
        others = E.non_ascii(text)
        lowered_others = others.lower() + ("σς" if "Σ" in others else "")
        assert set(NON_ASCII_RE.findall(text.lower())) <= set(lowered_others), text[:80]
    assert any(not N._needs_unicode_work(t) and "Σ" in t for t in SIGMAS)


@pytest.mark.parametrize("text", SIGMAS)
def test_fold_unicode_on_sigmas_is_the_per_character_table(text: str) -> None:
    lowered = text.lower()
    expected = lowered.translate(N._lookalikes()[0]) if not N._needs_unicode_work(text) else None
    if expected is not None:
        assert N.fold_unicode(text) == (expected, None)


def test_currency_search_is_tried_wherever_it_can_match() -> None:
    # numeric_entities reads the character before a run first: _may_end_currency (a superset
    # of the currency pattern) is false unless it is a currency ending or a space
    befores = [N.prepare(t)[0][max(0, m.start() - 5) : m.start()] for t in raw_texts() for m in
               E._DIGIT_RUN.finditer(N.prepare(t)[0]) if m.start()]  # fmt: skip
    befores += [chr(i) * k for i in range(0x3000) for k in (1, 2, 3)]
    befores += [a + b + c for a in "rp.$€ \n" for b in "p \n\x1c\x85" for c in " \n\u3000\x85"]
    for before in befores:
        if E._may_end_currency(before):
            assert before[-1] in E._CURRENCY_LAST or before[-1].isspace(), repr(before)


def test_no_numeric_entity_without_a_digit() -> None:
    # _mask_entities calls numeric_entities without a \d search first
    prepared = [N.prepare(t)[0] for t in raw_texts()]
    for text in [*prepared, "rp jt", "", "nol satu"]:
        if not re.search(r"\d", text):
            assert E.numeric_entities(text) == [], text[:80]
    assert any(not re.search(r"\d", text) for text in prepared)


def test_identity_entries_of_the_translation_tables_change_nothing() -> None:
    # the ASCII characters map to themselves in the look-alike table and to their fold in
    # _ascii_folds only so that str.translate finds every character (no KeyError per miss)
    lookalikes = N._lookalikes()[0]
    changing = {k: v for k, v in lookalikes.items() if chr(k) != v}
    assert set(lookalikes) - set(changing) == set(range(128))
    folds = N._ascii_folds()
    assert set(folds) == set(range(128))
    assert all(N._fold_char(chr(k)) == v for k, v in folds.items())
    folds_changing = {k: v for k, v in folds.items() if chr(k) != v}
    for text in raw_texts():
        lowered = text.lower()
        assert lowered.translate(lookalikes) == lowered.translate(changing), text[:80]
        assert text.translate(folds) == text.translate(folds_changing), text[:80]
