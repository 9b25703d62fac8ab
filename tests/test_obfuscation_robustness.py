"""Whole-post tricks must not change how a post is read (issue 13).

Every post of the test split of data/posts.csv is rewritten with each trick a new user would
try — spaced, dotted or hyphenated letters, asterisks and emoji inside words, emoji letters,
mathematical / small-capital / full-width / circled letters, look-alike letters from other
scripts, numbers written as words — one trick at a time, over the whole post, with a fixed
seed. Risky posts must keep their risk tier in ≥ 95 % of (post, trick) pairs and keep the same
contacts; harmless posts that read ``rendah`` must stay ``rendah``. The per-trick table is
printed (``pytest -s``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pandas as pd
import pytest

from tppo_detect.labels import TARGETS
from tppo_detect.model.detector import Detector

from .conftest import CORPUS

SEED = 13
MIN_SAME_TIER = 0.95
#: Harmless posts that stay ``rendah`` under each trick (a post right at the review floor may
#: cross it when a compound like "So-reang" is read differently; more than one is a defect).
MIN_STAYS_RENDAH = 0.99

#: Plain words a trick rewrites: letters only, not part of a link, handle, e-mail or number.
_WORD = re.compile(r"(?<![\w@./:\-+])[A-Za-z]{2,}(?![\w@/:\-]|\.\w)")
_SYLLABLE = re.compile(r"[^aeiouAEIOU]*[aeiouAEIOU]+(?:[^aeiouAEIOU](?![aeiouAEIOU]))*")


def _words(fn: Callable[[str, random.Random], str]) -> Callable[[str, random.Random], str]:
    def trick(text: str, rng: random.Random) -> str:
        return _WORD.sub(lambda m: fn(m.group(0), rng), text)

    return trick


def _letters(table: dict[str, str]) -> Callable[[str, random.Random], str]:
    return _words(lambda w, rng: "".join(table.get(c, c) for c in w))


def _spaced(text: str, rng: random.Random) -> str:
    # letters one space apart, words two: "g a j i  k a m b o j a"
    return _WORD.sub(lambda m: " " + " ".join(m.group(0)) + " ", text)


def _inside(mark: Callable[[random.Random], str]) -> Callable[[str, random.Random], str]:
    def put(word: str, rng: random.Random) -> str:
        if len(word) < 4:
            return word
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + mark(rng) + word[i:]

    return _words(put)


def _syllables(word: str, rng: random.Random) -> str:
    parts = _SYLLABLE.findall(word)
    return "-".join(parts) if "".join(parts) == word else word


def _offset(start: int, lower: int | None = None) -> dict[str, str]:
    table = {chr(ord("A") + i): chr(start + i) for i in range(26)}
    table.update({chr(ord("a") + i): chr((lower or start + 26) + i) for i in range(26)})
    return table


_SMALL_CAPS = dict(zip("abcdefghijklmnopqrstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ", strict=True))
_SMALL_CAPS.update({k.upper(): v for k, v in _SMALL_CAPS.items()})
_CIRCLED = {chr(ord("a") + i): chr(0x24D0 + i) for i in range(26)}
_CIRCLED.update({chr(ord("A") + i): chr(0x24B6 + i) for i in range(26)})
_FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_EMOJI_LETTERS = {"a": "🅰️", "A": "🅰️", "b": "🅱️", "B": "🅱️", "o": "🅾️", "O": "🅾️"}
_LOOKALIKES = {
    "a": ["ɑ", "а", "α"], "o": ["օ", "о", "ο"], "i": ["ı", "і"], "e": ["е"], "p": ["р"],
    "c": ["с"], "k": ["к", "κ"], "s": ["ѕ"], "j": ["ј"], "x": ["х"], "y": ["у"], "t": ["т"],
}  # fmt: skip


def _lookalikes(text: str, rng: random.Random) -> str:
    def fold(word: str, rng: random.Random) -> str:
        return "".join(rng.choice(_LOOKALIKES[c]) if c in _LOOKALIKES else c for c in word)

    return _words(fold)(text, rng)


_UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def _say(n: int) -> str:
    """Indonesian words for 0 <= n < 1000."""
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(n) or f"{_UNITS[n - 10]} belas"
    if n < 100:
        return f"{_UNITS[n // 10]} puluh" + (f" {_UNITS[n % 10]}" if n % 10 else "")
    head = "seratus" if n // 100 == 1 else f"{_UNITS[n // 100]} ratus"
    return head + (f" {_say(n % 100)}" if n % 100 else "")


_AMOUNT = re.compile(r"(?<![\w.,])(\d{1,3})(?:[.,](\d))?\s?(jt|juta|rb|ribu)\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w/=+])(?:\+62|62|0)8[\d .\-]{7,16}\d(?!\d)")


def _number_words(text: str, rng: random.Random) -> str:
    def amount(m: re.Match[str]) -> str:
        words = _say(int(m.group(1)))
        if m.group(2):
            words += f" koma {_UNITS[int(m.group(2))]}"
        return f"{words} {m.group(3)}"

    def phone(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(0))
        if rng.random() < 0.5:  # mixed: "0812 tiga empat …"
            return digits[:4] + " " + " ".join(_UNITS[int(d)] for d in digits[4:])
        return " ".join(_UNITS[int(d)] for d in digits)

    return _PHONE.sub(phone, _AMOUNT.sub(amount, text))


TRICKS: dict[str, Callable[[str, random.Random], str]] = {
    "spaced letters": _spaced,
    "dotted letters": _words(lambda w, rng: ".".join(w)),
    "hyphenated syllables": _words(_syllables),
    "asterisk inside words": _inside(lambda rng: "*"),
    "emoji inside words": _inside(lambda rng: rng.choice(["🔥", "😀", "💰", "✨"])),
    "emoji letters": _letters(_EMOJI_LETTERS),
    "mathematical bold": _letters(_offset(0x1D400)),
    "small capitals": _letters(_SMALL_CAPS),
    "full width": lambda text, rng: "".join(_FULL_WIDTH.get(c, c) for c in text),
    "circled letters": _letters(_CIRCLED),
    "look-alike letters": _lookalikes,
    "numbers as words": _number_words,
}


def _contacts(score: object) -> list[tuple[str, str]]:
    return sorted({(c.kind, c.value) for c in score.contacts})  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def test_split() -> pd.DataFrame:
    df = pd.read_csv(CORPUS)
    df = df[df["split"] == "test"].reset_index(drop=True)
    df["risky"] = df[list(TARGETS)].max(axis=1) == 1
    return df


@pytest.mark.slow
def test_tricks_keep_risk_tier_and_contacts(detector: Detector, test_split: pd.DataFrame) -> None:
    texts = test_split["text"].tolist()
    risky = test_split["risky"].tolist()
    base = detector.score(texts)
    rows = []
    failures: list[str] = []
    for name, trick in TRICKS.items():
        rng = random.Random(SEED)
        tricked = [trick(t, rng) for t in texts]
        scores = detector.score(tricked)
        pos_same = pos_total = neg_ok = neg_total = contacts_same = 0
        for i, (b, s) in enumerate(zip(base, scores, strict=True)):
            if risky[i]:
                pos_total += 1
                pos_same += b.risk_level == s.risk_level
            elif b.risk_level == "rendah":
                neg_total += 1
                neg_ok += s.risk_level == "rendah"
                if s.risk_level != "rendah":
                    print(f"{name}: harmless post now {s.risk_level}: {tricked[i][:100]!r}")
            if _contacts(b) == _contacts(s):
                contacts_same += 1
            else:
                failures.append(f"{name}: contacts {_contacts(b)} -> {_contacts(s)}")
        rows.append((name, pos_same, pos_total, neg_ok, neg_total, contacts_same, len(texts)))
    print("\n| trick | risky: same tier | harmless rendah: stays rendah | same contacts |")
    print("|---|---|---|---|")
    for name, ps, pt, no, nt, cs, n in rows:
        print(f"| {name} | {ps}/{pt} ({ps / pt:.1%}) | {no}/{nt} | {cs}/{n} |")
    pos_same = sum(r[1] for r in rows)
    pos_total = sum(r[2] for r in rows)
    print(f"| all tricks | {pos_same}/{pos_total} ({pos_same / pos_total:.1%}) | | |")
    assert pos_same / pos_total >= MIN_SAME_TIER
    for name, ps, pt, no, nt, *_ in rows:
        assert ps / pt >= MIN_SAME_TIER, f"{name}: {ps}/{pt} risky posts keep their tier"
        assert no / nt >= MIN_STAYS_RENDAH, f"{name}: {no}/{nt} harmless posts stay rendah"
    assert not failures, "\n".join(failures[:20])  # the same contacts under every trick
