"""The text pass's shortcuts (issue 18) read exactly what the patterns they stand in for read.

Each fast path (a class-bytes search, a prefilter, a table built from the distinct characters)
is compared with its reference form on the corpus and on crafted texts. No timing here: the
figures are in ``bench/bench_speed.py``; the whole reading is pinned by
``test_text_pass_snapshot.py``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache
from itertools import chain, repeat

import pandas as pd
import pytest

from tppo_detect.text import deobfuscate as D
from tppo_detect.text import entities as E
from tppo_detect.text import normalize as N

from .test_lexicon_snapshot import CORPUS

CRAFTED = [
    "",
    "a",
    "\x01",
    "\x02a",
    "gaji rp 5.000.000 / bulan, rp.\n\n7jt, us$ 1,5 k, ¥ 30.000, € 5",
    "hub 0812-3456-7890 atau +62 812 3456 7890, 08 satu dua tiga empat lima",
    "0812 tiga empat lima enam tujuh delapan sembilan, 5 dua, 1-tiga, 2. satu",
    "k a m b o j a, k.a.m.b.o.j.a, k·a·m·b·o·j·a, k•a•m, g-a-j-i, 2 5 j t",
    "ka*mbo*ja, ga-ji, kam🔥boja, e-wallet, anak-anak, bit.ly/x, gaji.com, a..b, a.-b",
    "dua puluh lima juta, satu koma lima jt, tiga ratus rb, setengah juta, miliarb rb5",
    "jutaan ribuan juta2 jt. rbx rb",
    "angka ١٢٣ dan ٣ satu, ٥ 6 ७८ ٣٫٥",
    "𝗸𝗮𝗺𝗯𝗼𝗷𝗮 ｋａｍｂｏｊａ кaмбoджa ΣΑΣ σας ß İ ﬁ Ⅻ ① ² ǅ ﾊ \u200bx\ufe0f1️⃣🅰️",
    "x?a?b ? ?a a? ",
]


@lru_cache(maxsize=1)
def texts() -> list[str]:
    corpus = pd.read_csv(CORPUS)["text"].fillna("").tolist()
    return CRAFTED + [t.upper() for t in CRAFTED] + corpus


@lru_cache(maxsize=1)
def prepared() -> list[str]:
    return [N.prepare(t)[0] for t in texts()]


def test_lookalikes_and_invisible_characters_are_non_ascii() -> None:
    # fold_unicode looks for both among a post's non-ASCII characters only
    assert not any(ch.isascii() for ch in N._lookalikes()[1])
    assert not any(N._INVISIBLE_RE.match(chr(i)) for i in range(128))


def _fold_reference(text: str) -> tuple[str, list[int] | None]:
    """fold_unicode as it was written before issue 18: every step on the whole text."""
    if text.isascii():
        return text.lower(), None
    table = N._lookalikes()[0]
    if not (
        N._INVISIBLE_RE.search(text)
        or not unicodedata.is_normalized("NFKC", text)
        or len(text.lower()) != len(text)
    ):
        lowered = text.lower()
        if any(ch in N._lookalikes()[1] for ch in lowered):
            lowered = lowered.translate(table)
        return lowered, None
    folds = {ord(ch): N._fold_char(ch) for ch in set(text)}
    lengths = [len(folds[ord(ch)]) for ch in text]
    if all(n == 1 for n in lengths):
        offsets = list(range(len(text)))
    else:
        offsets = list(chain.from_iterable(map(repeat, range(len(text)), lengths)))
    return text.translate(folds), offsets


def test_fold_unicode_matches_the_whole_text_reference() -> None:
    for text in texts():
        assert N.fold_unicode(text) == _fold_reference(text), text[:80]


def _tokens_reference(out: str) -> list[str]:
    table = N._expansions()
    return [w for tok in N._TOKEN_RE.findall(out) for w in table.get(tok, (tok,))]


def test_tokens_match_the_per_token_reference() -> None:
    for text in texts():
        out = N.masked(text)[0]
        assert N.tokens_of_masked(out) == _tokens_reference(out), text[:80]


def test_currency_prefilter_knows_every_currency_ending() -> None:
    forms = E._CUR_BEFORE.strip("(?:)").split("|")
    for form in forms:
        plain = form.replace("\\", "")
        for written in {plain.replace(".?", ""), plain.replace(".?", ".")}:
            assert written[-1] in E._CURRENCY_LAST, written


@pytest.mark.parametrize("before", ["rp", "rp ", "rp.", "rp \n", "xrp\n", "a  ", "\n", "€", "ab"])
def test_currency_prefilter_is_a_superset(before: str) -> None:
    if E._CUR_BEFORE_RE.search(before):
        assert E._may_end_currency(before)


def test_digit_runs_match_the_unicode_pattern() -> None:
    for text in prepared():
        fast = [m.span() for m in E._digit_runs(text)]
        assert fast == [m.span() for m in E._DIGIT_RUN.finditer(text)], text[:80]


@lru_cache(maxsize=1)
def folded() -> list[str]:
    """What :func:`deobfuscate.deobfuscate` reads: the texts after ``fold_unicode``."""
    return [N.fold_unicode(t)[0] for t in texts()]


def _number_word_texts() -> list[str]:
    """Number words, digits and multipliers next to each other with every separator and tail
    the money and phone tests read (and some they do not)."""
    words = ["dua", "nol", "setengah", "koma", "puluh", "xdua", "duax", "5", "0812", "\u0663", "?"]
    tails = ["", " ", "\n", " \n", "  ", "\n ", ".", "-", " -", "x", "..", "\u0663", "?"]
    heads = ["jt", "juta", "rb", "ribu", "miliar", "jtx", "ributan", "satu", "delapanx", "tiga"]
    return [w + t + h for w in words for t in tails for h in heads]


def _money_reference(text: str) -> bool:
    """The money test as written before issue 18: each multiplier, then the window before it."""
    return any(
        D._WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
        for m in D._MULTIPLIER.finditer(text)
    )


def test_money_patterns_match_the_multiplier_and_window_reading() -> None:
    for text in [*folded(), *prepared(), *_number_word_texts()]:
        fast = any(p.search(text) for p in D._MONEY)
        assert fast == _money_reference(text), text[:80]


def test_mixed_phone_class_scan_matches_the_pattern() -> None:
    for text in [*folded(), *prepared(), *_number_word_texts()]:
        ascii_text = text.encode("ascii", "replace")
        assert D._has_mixed_phone(text, ascii_text) == bool(D._MIXED_PHONE.search(text)), text


def test_class_byte_scans_match_their_patterns() -> None:
    for text in prepared():
        ascii_text = text.encode("ascii", "replace")
        classes = ascii_text.translate(D._SINGLES_CLASSES)
        if D._SINGLES_HINT.search(text):
            assert D._may_have_singles(text, classes), text[:80]
        if "·" not in text and "•" not in text:
            fast = D._PIECE_SEP_CLASSES.finditer(ascii_text.translate(D._PIECE_CLASSES))
            assert [m.span() for m in fast] == [m.span() for m in D._PIECE_SEP.finditer(text)]
        if D._EMOJI_AFTER_LETTER.search(text):
            assert b"a?" in classes


def test_entity_stages_shortcut_matches_the_full_tests() -> None:
    for text in [*prepared(), "t.me/x", "telegram.me/x", "api.whatsapp.com/send?phone=1", "a@b"]:
        at = "@" in text
        applies = {
            "wa": "wa.me" in text or "whatsapp.com" in text or "wa.link" in text,
            "tg": "t.me/" in text or "telegram.me/" in text,
            "email": at,
            "url": "." in text or "://" in text,
            "handle": at,
        }
        expected = [stage for stage in E.ENTITY_STAGES if applies[stage[0]]]
        assert E.entity_stages_for(text) == expected, text[:80]


def test_span_pieces_lose_only_the_padding() -> None:
    for text in texts():
        out, offsets = N.masked(text)
        try:
            spans = N.spans_of_masked(out, offsets)
        except IndexError:
            continue  # a known normalisation limit (see test_text_pass_snapshot)
        parts = re.split(N._SPLIT_RE, out)
        pieces = [p.rstrip(N._PAD) for p in parts[1::2]]
        table = N._expansions()
        assert [s[0] for s in spans] == [w for p in pieces for w in table.get(p, (p,))]


def test_leet_prefilter_matches_the_pattern() -> None:
    for text in [*texts(), "k4mb0ja l0ker 5jt g4ji", "a1", "1a", "a١a", "é4a"]:
        out = N._mask_entities(N.prepare(text)[0])
        fast = N._LEET_CLASSES_RE.search(out.encode("ascii", "replace").translate(N._LEET_CLASSES))
        assert bool(fast) == bool(N._LEET_RE.search(out)), text[:80]


def test_emoji_after_letter_class_scan_matches_the_pattern() -> None:
    extra = ["kam🔥boja", "a\u2600", "5🔥x", "é🔥", "a?🔥", "ka☀☀ja", "ab\u25ffcd", "a\u2600b"]
    for text in [*folded(), *extra]:
        classes = text.encode("ascii", "replace").translate(D._PIECE_CLASSES)
        expected = bool(D._EMOJI_AFTER_LETTER.search(text))
        assert D._has_emoji_after_letter(text, classes) == expected, text[:80]


# --- _joins as written before issue 18's per-run shortcuts --------------------------------


def _piece_runs_reference(text: str) -> list[tuple[int, int]]:
    """Every separator from the plain patterns on the text, then the same walk over them."""
    seps = sorted(
        [m.span() for m in D._PIECE_SEP.finditer(text)]
        + [m.span() for m in D._EMOJI_SEP.finditer(text)]
    )
    runs: list[tuple[int, int]] = []
    run_start = run_end = -1
    for s, e in seps:
        if s <= run_end:
            run_end = D._word_end(text, e, len(text))
            continue
        if run_start >= 0:
            runs.append((run_start, run_end))
        run_start = s
        while run_start and text[run_start - 1].isascii() and text[run_start - 1].isalnum():
            run_start -= 1
        run_end = D._word_end(text, e, len(text))
    if run_start >= 0:
        runs.append((run_start, run_end))
    return runs


def _joins_reference(text: str) -> list[tuple[int, int, list[int]]]:
    """Every run read through every test in the order first written (no cache, no gate)."""
    singles = [
        (m.start(), m.end(), list(range(m.start(), m.end(), 2)))
        for m in D._SINGLES.finditer(text)
        if not D._glued(text, m.start(), m.end())
    ]
    taken = {start for start, _, _ in singles}
    pieces = []
    for start, end in _piece_runs_reference(text):
        run = text[start:end]
        if start in taken or D._glued(text, start, end) or D._DIGITS_APART.search(run):
            continue
        if D._reduplicated(run):
            continue
        keep = [i for i in range(start, end) if text[i].isascii() and text[i].isalnum()]
        pieces.append((start, end, keep))
    runs = sorted(singles + pieces)
    share: dict[str, int] = {}
    count: dict[str, int] = {}
    for start, end, _ in runs:
        key = D._separator(text, start, end)
        share[key] = share.get(key, 0) + end - start
        count[key] = count.get(key, 0) + 1
    size = D._WHOLE_POST_SHARE * len(text.strip())
    whole = {k for k in share if count[k] >= D._WHOLE_POST_RUNS and share[k] >= size}
    found = []
    for start, end, keep in runs:
        run = text[start:end]
        if "." in run and next(E.LINKS.finditer(run), None) is not None:
            continue
        word = "".join(text[i] for i in keep)
        sep = D._separator(text, start, end)
        if sep in whole:
            if word.isdigit():
                continue
            if sep in "-." and not D._syllables(run, sep) and not D._is_known(word):
                continue
        elif (end - start == len(keep) + 1 and run.count("-") == 1) or not D._is_known(word):
            continue
        found.append((start, end, keep))
    out: list[tuple[int, int, list[int]]] = []
    for run_ in found:
        if not out or run_[0] >= out[-1][1]:
            out.append(run_)
    return out


_APART = ["k a m b o j a", "k.a.m.b.o.j.a", "k·a·m·b·o·j·a", "k•a•m•b•o•j•a", "g-a-j-i", "2 5 j t"]
_PIECES = [
    "ka*mbo*ja",
    "ga-ji",
    "kam🔥boja",
    "kam🔥🔥boja",
    "p-e-k-e-r-j-a-a-n",
    "ke-te-na-ga-ker-jaan",
]
_STAYS = ["e-wallet", "anak-anak", "berhati-hati", "go-jek", "300-500rb", "1.000.000", "s.d", "a.n"]
_GLUED = ["bit.ly/x", "t.me/kerja_tw", "a.b@x.com", "subsidi-kemnaker.com", "@ga-ji", "ga-ji/x"]
_SPLITS = [" ", ".", "-", "*", "~", "·", "•", "🔥", "..", ".-", "🔥🔥", " -", "_", "@", "/"]


def _apart_texts(seed: int = 18, n: int = 1500) -> list[str]:
    """Posts with words written apart in every way the joins read (and ways they do not):
    known words split at random, whole posts spaced, links, handles, digits, capitals."""
    rng = random.Random(seed)
    words = sorted(D._known_words())
    pool = [*_APART, *_PIECES, *_STAYS, *_GLUED, "dua puluh lima juta", "0812 tiga empat"]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 8)):
            kind = rng.random()
            if kind < 0.3:
                parts.append(rng.choice(pool))
            elif kind < 0.7:
                word = rng.choice(words)
                sep = rng.choice(_SPLITS)
                cuts = sorted(
                    rng.sample(range(1, len(word)), min(len(word) - 1, rng.randint(1, 4)))
                )
                if rng.random() < 0.3:
                    cuts = list(range(1, len(word)))  # every letter apart
                pieces = [word[i:j] for i, j in zip([0, *cuts], [*cuts, len(word)], strict=True)]
                parts.append(sep.join(pieces))
            else:
                parts.append(rng.choice(words) + rng.choice(["", "5", "7", "0", "2"]))
        text = rng.choice([" ", "  ", " . ", ", "]).join(parts)
        if rng.random() < 0.1:
            text = text.upper()
        out.append(text)
    return out


#: Runs longer than the cached ones (``deobfuscate._CACHED_RUN``).
_LONG_RUNS = [
    "ke-" * 40 + "ja",
    "gaji " + "k " * 50 + "a",
    "🔥".join("kamboja" * 12),
    ".".join(["pe", "ker", "ja", "an"] * 10),
    "-".join(["kamboja"] * 12) + " dan " + "a.b." * 30 + "c",
]


def test_joins_match_the_reading_before_the_shortcuts() -> None:
    again = (N.fold_unicode(t)[0] for t in _apart_texts(7, 300))
    for text in [*folded(), *_apart_texts(), *again, *_LONG_RUNS]:
        got = D._joins(text, text.encode("ascii", "replace"))
        assert got == _joins_reference(text), text[:80]


def test_number_gates_on_texts_written_apart() -> None:
    for text in _apart_texts():
        ascii_text = text.encode("ascii", "replace")
        assert bool(any(p.search(text) for p in D._MONEY)) == _money_reference(text), text
        assert D._has_mixed_phone(text, ascii_text) == bool(D._MIXED_PHONE.search(text)), text


_SEPARATORS = re.compile("[" + D._SEP + D._EMOJI + "]")


def _glued_reference(text: str, start: int, end: int) -> bool:
    """``deobfuscate._glued`` as first written: the three characters after a run, one by one."""
    if start and (text[start - 1] in D._GLUE or text[start - 1].isalnum()):
        return True
    after = text[end : end + 3]
    if not after:
        return False
    if after[0] in D._GLUE or after[0].isalnum():
        return True
    for i in (1, 2):
        if i < len(after) and (after[i] in D._GLUE or after[i].isalnum()):
            return all(_SEPARATORS.match(c) for c in after[:i])
    return False


def test_glued_after_pattern_matches_the_character_walk() -> None:
    # every three characters from separators, glue, letters, digits (also ones that are
    # emoji-range separators: "➀"), other characters and the end of the text
    alphabet = [
        "a",
        "5",
        "_",
        "@",
        "/",
        ".",
        "-",
        "*",
        "~",
        "·",
        "•",
        "🔥",
        "➀",
        "é",
        " ",
        "!",
        "\n",
    ]
    for a in alphabet:
        for b in ["", *alphabet]:
            for c in ["", *alphabet]:
                text = "ab-cd" + a + b + c
                assert D._glued(text, 0, 5) == _glued_reference(text, 0, 5), repr(text)
    for text in folded():
        for start, end in D._piece_runs(text, text.encode("ascii", "replace")):
            assert D._glued(text, start, end) == _glued_reference(text, start, end), text[:80]


def test_piece_runs_of_a_post_of_many_runs_match_the_character_walk() -> None:
    """Each run's start is found from the previous separator on (a slice from the post's start
    made a post of many runs quadratic); the runs are those of the walk back letter by letter."""
    texts = [
        "ab-cd " * 2_000,
        "ka*mbo*ja " * 500 + "Gaji-Besar x.y-z",
        "kam🔥boja ab-cd " * 300,
        "a.b.c-d e~f " * 400,
        *folded(),
    ]
    for text in texts:
        got = D._piece_runs(text, text.encode("ascii", "replace"))
        assert got == _piece_runs_reference(text), text[:80]
