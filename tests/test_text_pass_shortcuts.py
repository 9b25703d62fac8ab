"""More text-pass shortcuts (issue 18) pinned to the plain reading they stand in for.

Same style as ``test_text_pass_speed.py``: each fast path is compared with its reference form
on every corpus post (raw and upper-cased) and on crafted strings. No timing here.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pytest

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
