"""Whole-post tricks undone before tokens, red flags and contacts read a post (issue 13).

Works on the output of :func:`tppo_detect.text.normalize.fold_unicode` (lowercase, look-alikes
folded) and keeps the table of original positions, so every span still points into the text as
submitted:

- letter runs written apart — spaced ("k a m b o j a"), dotted ("k.a.m.b.o.j.a"), hyphenated
  syllables ("ga-ji"), asterisks or emoji inside a word ("ka*mbo*ja", "kam🔥boja") — are joined,
  but only when the joined word is a known word (Sastrawi's root words, a slang entry, a word of
  the red-flag lexicon) or an amount ("2 5 j t"), so "S M A" and other abbreviations stay;
- Indonesian number words become digits where they are an amount ("dua puluh lima juta" →
  "25 juta", "satu koma lima jt" → "1,5 jt") or a phone number read digit by digit
  ("nol delapan satu dua …", "0812 tiga empat …"), so the money placeholders and contact
  extraction see them.

Both steps only look further when a cheap test says a post may need them; normal posts pay a
few substring tests.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from tppo_detect.text.entities import LINKS

# --- joining letter runs ------------------------------------------------------------------

_EMOJI: Final = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
#: What may stand between the pieces of a word written apart (not "_": handles use it).
_SEP: Final = ".\\-*·•~"
#: Single characters apart: "k a m b o j a", "k.a.m.b.o.j.a", "g-a-j-i", "2 5 j t", the same
#: separator throughout. Each unit is one character not followed by another and a match never
#: fails once started, so finditer goes on after it (linear); what is glued around a run is
#: checked in code (:func:`_glued`).
_SINGLES: Final = re.compile(
    r"(?<![a-z0-9])[a-z0-9]([ " + _SEP + r"])[a-z0-9](?![a-z0-9])(?:\1[a-z0-9](?![a-z0-9]))*"
)
#: Two single characters between separators (" a m "): starts with the separator class, so
#: most positions fail at once.
_SINGLES_HINT: Final = re.compile(
    r"[ " + _SEP + r"][a-z0-9][ " + _SEP + r"][a-z0-9][ " + _SEP + r"]"
)
#: Syllables or pieces glued by "-", ".", "*" or emoji ("ga-ji", "ka*mbo*ja", "kam🔥boja"), at
#: most two separators between pieces. The pattern finds the separators (rare characters, so
#: the regex engine skips to them); the pieces around them are walked in code. Links, handles
#: and e-mail addresses are left out there too (:func:`_glued`).
_PIECE_SEP: Final = re.compile(r"[" + _SEP + r"](?<=[a-z].)[" + _SEP + r"]?(?=[a-z0-9])")
# Emoji are tested apart: a class of ranges beyond the BMP costs every character it is tried
# on, so first one wide range finds an emoji right after a letter (rare), then the exact class.
_EMOJI_AFTER_LETTER: Final = re.compile("[\u2600-\U0010ffff](?<=[a-z].)")
_EMOJI_SEP: Final = re.compile(r"[" + _EMOJI + r"](?<=[a-z].)[" + _EMOJI + r"]?(?=[a-z0-9])")
_GLUE: Final = frozenset("@/_")
_ASCII_ALNUM: Final = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_ALNUM: Final = re.compile(r"[a-z0-9]+")
#: What a joined run keeps of its pieces: ASCII letters and digits.
_KEPT: Final = re.compile(r"[a-zA-Z0-9]+")
_KEPT_CHAR: Final = re.compile(r"[a-zA-Z0-9]")
#: After a run, what glues it to more: "@", "/", "_" or a letter or digit (``\w`` is
#: ``str.isalnum`` and "_"), right after it or after one or two separators.
_GLUED_AFTER: Final = re.compile("[" + _SEP + _EMOJI + "]{0,2}[@/\\w]")
_DIGITS_APART: Final = re.compile(r"\d[^a-z0-9]+\d")
_AMOUNT: Final = re.compile(r"\d+(?:[.,]\d+)?(?:jt|juta|rb|ribu|k)")
_LEET: Final = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
# Cheap tests before two scans that rarely find anything: a regex that starts with a character
# class tries every character (a few µs per post), while ``encode`` + ``bytes.translate`` to one
# class byte per character and a literal search are several times cheaper. Each test is a
# superset of its regex (it may say "maybe" where the regex finds nothing, never the reverse),
# so the regex still decides. ``encode("ascii", "replace")`` writes "?" for any non-ASCII
# character, one byte per character.
_CLASS_SEP: Final = b" .-*~"
#: letters and digits -> "a", the ASCII separators of ``_SINGLES_HINT`` -> "s", "?" (any
#: non-ASCII character) stays "?", everything else -> "x"
_SINGLES_CLASSES: Final = bytes(
    ord("a") if chr(b).isascii() and (chr(b).islower() or chr(b).isdigit())
    else ord("s") if b in _CLASS_SEP
    else b if b == ord("?")
    else ord("x")
    for b in range(256)
)  # fmt: skip


#: a-z -> "a", digits -> "0", the ASCII separators of ``_PIECE_SEP`` -> "p", "?" (any
#: non-ASCII character) stays "?", the rest "x"
_PIECE_CLASSES: Final = bytes(
    ord("a") if 97 <= b <= 122
    else ord("0") if 48 <= b <= 57
    else ord("p") if b in b".-*~"
    else b if b == ord("?")
    else ord("x")
    for b in range(256)
)  # fmt: skip
#: ``_PIECE_SEP`` in :data:`_PIECE_CLASSES` form, for texts without "·" or "•"
_PIECE_SEP_CLASSES: Final = re.compile(rb"p(?<=ap)p?(?=[a0])")
#: Where ``_EMOJI_AFTER_LETTER`` may match, in :data:`_PIECE_CLASSES` form: a non-ASCII
#: character right after a letter.
_EMOJI_AFTER_LETTER_CLASSES: Final = re.compile(rb"\?(?<=a\?)")
#: Two single characters between separators, in :data:`_SINGLES_CLASSES` form (a regex on
#: bytes that starts with a literal: the engine skips to the "s" bytes).
_SINGLES_HINT_CLASSES: Final = re.compile(b"sasas")


def _may_have_singles(text: str, classes: bytes) -> bool:
    """Whether ``_SINGLES_HINT`` can match: two single characters between separators."""
    if "·" in text or "•" in text:
        return True  # non-ASCII separators: "?" in the classes, leave it to the regex
    return _SINGLES_HINT_CLASSES.search(classes) is not None


#: Shortest joined word: "S M A", "K T P" and other three-letter abbreviations stay apart.
_MIN_JOINED: Final = 4
#: Longer than any word: not looked up (stemming a very long string is slow).
_MAX_JOINED: Final = 30
#: A post is written apart as a whole when it has this many runs covering this share of it.
_WHOLE_POST_RUNS: Final = 3
_WHOLE_POST_SHARE: Final = 0.3
#: Longest syllable: longer hyphenated pieces are a compound written so ("eps-topik").
_SYLLABLE_MAX: Final = 4


@lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    """Sastrawi's root words and slang (both sides)."""
    from importlib.resources import files

    from tppo_detect.resources import slang_map

    roots = files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt").read_text("utf-8")
    words = {w.strip() for w in roots.split()}
    for slang, standard in slang_map().items():
        words.add(slang)
        words.update(standard.split())
    return frozenset(w for w in words if len(w) >= _MIN_JOINED)


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Words a joined run may become: the dictionary words and the words of the packaged
    red-flag lexicon (places, roles). Loaded the first time a run is seen."""
    from tppo_detect.text.signals import load_lexicon

    lexicon = {w for w in load_lexicon()._words if w.isalpha() and len(w) >= _MIN_JOINED}
    return _dictionary_words() | lexicon


@lru_cache(maxsize=4096)
def _is_known(word: str) -> bool:
    """Whether a joined run is a word: a known word or its stem, or an amount ("25jt")."""
    if not _MIN_JOINED <= len(word) <= _MAX_JOINED:
        return False
    if _AMOUNT.fullmatch(word):
        return True
    if word.isdigit():
        return False  # spaced digits are phone numbers: the phone pattern reads them as they are
    plain = word.translate(_LEET) if not word.isalpha() else word
    if not plain.isalpha():
        return False
    known = _known_words()
    if plain in known:
        return True
    from tppo_detect.text.preprocess import _sastrawi  # stemming only for the rare candidate

    stem = _sastrawi()[0].stem(plain)
    return stem != plain and stem in known and len(stem) >= _MIN_JOINED


def _joins(text: str, ascii_text: bytes) -> list[tuple[int, int, list[int]]]:
    """``(start, end, kept positions)`` of each run to join: the kept positions are the
    characters of the joined word (the separators between them are dropped).

    A post written apart as a whole (runs cover much of it: "l o k e r  a d m i n  …") has its
    word gaps given by the writer, so there every run is a word, short ones too; elsewhere a
    run joins only into a known word of at least four letters. ``ascii_text`` is
    ``text.encode("ascii", "replace")`` (see ``_SINGLES_CLASSES``).
    """
    runs: list[tuple[int, int]] = []
    classes = ascii_text.translate(_SINGLES_CLASSES)
    if _may_have_singles(text, classes) and _SINGLES_HINT.search(text):
        runs = [m.span() for m in _SINGLES.finditer(text) if not _glued(text, *m.span())]
    taken = {start for start, _ in runs} if runs else ()
    for start, end in _piece_runs(text, ascii_text):
        if start in taken or _glued(text, start, end):
            continue  # "bit.ly/x" stays
        run = text[start:end]
        if _may_be_apart(run) if len(run) <= _CACHED_RUN else _may_be_apart.__wrapped__(run):
            runs.append((start, end))
    if not runs:
        return []
    runs.sort()
    # a separator a post is written apart with takes at least _WHOLE_POST_RUNS runs
    whole = _whole_post_separators(text, runs) if len(runs) >= _WHOLE_POST_RUNS else set()
    found: list[tuple[int, int]] = []
    for start, end in runs:
        run = text[start:end]
        sep = _separator(text, start, end) if whole else ""
        if sep in whole:
            if _is_link(run):
                continue
            word = "".join(_KEPT.findall(run))
            if word.isdigit():
                continue  # spaced digits are phone numbers: the phone pattern reads them
            if sep in "-." and not _syllables(run, sep) and not _is_known(word):
                continue  # "EPS-TOPIK", "resi.apk": a compound the post wrote so, not syllables
        elif not (_joins_alone(run) if len(run) <= _CACHED_RUN else _joins_alone.__wrapped__(run)):
            continue
        # a piece run may overlap a single-character run: keep the first of each overlap
        if not found or start >= found[-1][1]:
            found.append((start, end))
    return [
        (start, end, [m.start() for m in _KEPT_CHAR.finditer(text, start, end)])
        for start, end in found
    ]


# What a run's own characters decide is cached: the same runs ("e-commerce", "s.d", a link's
# host) come back post after post. Longer runs are read uncached (``__wrapped__``: the same
# function), so the cache never keeps a long post's text alive.
_CACHED_RUN: Final = 64


@lru_cache(maxsize=4096)
def _may_be_apart(run: str) -> bool:
    """Whether a run of pieces may be a word written apart, its surroundings aside:
    "300-500rb", "1.000.000" (digits on both sides of a separator) and "anak-anak",
    "berhati-hati" (a word written twice) stay."""
    return _DIGITS_APART.search(run) is None and not _reduplicated(run)


@lru_cache(maxsize=4096)
def _joins_alone(run: str) -> bool:
    """Whether a run joins in a post not written apart as a whole (with its separator): into
    a known word, unless it is a link's host or one hyphen between two pieces."""
    word = "".join(_KEPT.findall(run))
    if len(word) == len(run) - 1 and run.count("-") == 1:
        return False  # one hyphen between two pieces is ordinary spelling: "Go-Jek"
    return not _is_link(run) and _is_known(word)


def _is_link(run: str) -> bool:
    """Whether a run is a link's host ("subsidi-kemnaker.com"): the link patterns read it."""
    return "." in run and next(LINKS.finditer(run), None) is not None


def _whole_post_separators(text: str, runs: list[tuple[int, int]]) -> set[str]:
    """The separators the post is written apart with as a whole, separator by separator: a
    spaced post does not make the "e-wallet" it quotes a word written apart."""
    share: dict[str, int] = {}
    count: dict[str, int] = {}
    for start, end in runs:
        key = _separator(text, start, end)
        share[key] = share.get(key, 0) + end - start
        count[key] = count.get(key, 0) + 1
    size = _WHOLE_POST_SHARE * len(text.strip())
    return {k for k in share if count[k] >= _WHOLE_POST_RUNS and share[k] >= size}


def _piece_runs(text: str, ascii_text: bytes) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of pieces joined by separators (see ``_PIECE_SEP``);
    ``ascii_text`` as for :func:`_joins`."""
    classes = ascii_text.translate(_PIECE_CLASSES)
    if "·" in text or "•" in text:
        seps = [m.span() for m in _PIECE_SEP.finditer(text)]
    else:  # the same spans, found in the class bytes (a literal first: see _SINGLES_CLASSES)
        seps = [m.span() for m in _PIECE_SEP_CLASSES.finditer(classes)]
    if _has_emoji_after_letter(text, classes):
        seps = sorted(seps + [m.span() for m in _EMOJI_SEP.finditer(text)])
    runs: list[tuple[int, int]] = []
    n = len(text)
    run_start = run_end = -1
    floor = 0  # the previous separator's start: a separator is not alphanumeric
    for s, e in seps:
        if s <= run_end:  # the piece before this separator ends the current run
            run_end = _word_end(text, e, n)
            floor = s
            continue
        if run_start >= 0:
            runs.append((run_start, run_end))
        # back to the start of the word before the separator (rstrip walks it in C); the
        # walk cannot pass the previous separator, so the slice starts there: sliced from 0,
        # a post of many runs copied its head once per run (quadratic)
        run_start = floor + len(text[floor:s].rstrip(_ASCII_ALNUM))
        run_end = _word_end(text, e, n)
        floor = s
    if run_start >= 0:
        runs.append((run_start, run_end))
    return runs


def _has_emoji_after_letter(text: str, classes: bytes) -> bool:
    """``_EMOJI_AFTER_LETTER.search(text) is not None``, tried only where it can match: at a
    non-ASCII character right after a letter (found in ``classes``, see ``_PIECE_CLASSES``)."""
    m = _EMOJI_AFTER_LETTER_CLASSES.search(classes)
    while m is not None:
        if _EMOJI_AFTER_LETTER.match(text, m.start()):
            return True
        m = _EMOJI_AFTER_LETTER_CLASSES.search(classes, m.end())
    return False


def _word_end(text: str, pos: int, n: int) -> int:
    m = _ALNUM.match(text, pos)
    return m.end() if m else pos


def _glued(text: str, start: int, end: int) -> bool:
    """Whether a run is part of something longer: a link, handle or e-mail address
    ("t.me/kerja_tw", "a.b@x"), or more pieces after one more separator."""
    if start and (text[start - 1] in _GLUE or text[start - 1].isalnum()):
        return True
    return _GLUED_AFTER.match(text, end) is not None


def _syllables(run: str, sep: str) -> bool:
    """Whether every piece is syllable-sized (at most four letters: "ke-te-na-ga-ker-jaan")."""
    return all(len(piece) <= _SYLLABLE_MAX for piece in run.split(sep))


def _separator(text: str, start: int, end: int) -> str:
    """The first separator of a run ("emoji" for any emoji)."""
    for i in range(start, end):
        ch = text[i]
        if not ("a" <= ch <= "z" or "0" <= ch <= "9"):
            return ch if ch.isascii() or ch in "·•" else "emoji"
    return ""


def _reduplicated(run: str) -> bool:
    """ "anak-anak", "berhati-hati", "sayur-sayuran": a word written twice, not in pieces."""
    parts = run.split("-")
    return (
        len(parts) == 2
        and bool(parts[1])
        and (parts[0].endswith(parts[1]) or parts[1].startswith(parts[0]))
    )


# --- number words ---------------------------------------------------------------------------

_UNITS: Final[dict[str, int]] = {
    "nol": 0, "kosong": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
    "tujuh": 7, "delapan": 8, "sembilan": 9,
}  # fmt: skip
_TEENS: Final[dict[str, int]] = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_SCALES: Final[dict[str, int]] = {"puluh": 10, "belas": 10, "ratus": 100}
_NUMBER_WORD: Final = "|".join(sorted([*_UNITS, *_TEENS, *_SCALES, "koma", "setengah"], key=len))
#: A run of number words and digit groups ("nol delapan satu dua", "0812 tiga empat",
#: "dua puluh lima"). Items are whole words or digit runs, separators one class: linear.
_RUN: Final = re.compile(
    r"(?<![a-z0-9])(?:(?:" + _NUMBER_WORD + r")(?![a-z0-9])|\d+(?![a-z0-9]))"
    r"(?:[ ,.\-]+(?:(?:" + _NUMBER_WORD + r")(?![a-z0-9])|\d+(?![a-z0-9])))*"
)
_ITEM: Final = re.compile(r"[a-z]+|\d+")
_MULTIPLIER_AFTER: Final = re.compile(r" ?(?:juta|jt|ribu|rb|miliar)(?![a-z])")
_PHONE_DIGITS: Final = re.compile(r"(?:0|62)8\d{7,11}")
#: Cheap tests: an amount needs a multiplier word right after a number word, a spoken phone
#: number has "delapan" (every Indonesian mobile number starts 08 / 628) or digits followed by
#: a digit word. The plain reading of the first: a ``_MULTIPLIER`` match whose 12 characters
#: before it end with a number word, a space at most and a newline at most (``_WORD_BEFORE``).
_MULTIPLIER: Final = re.compile(r"(?:juta|jt|ribu|rb|miliar)(?![a-z])")
_WORD_BEFORE: Final = re.compile(r"(?<![a-z])(?:" + _NUMBER_WORD + r") ?$")


def _number_word_before(first: str) -> str:
    """Lookbehinds, read right after ``first`` (a multiplier's first letter): a number word,
    then at most a space and a newline, stand right before it, as ``_WORD_BEFORE`` reads
    (``$`` also matches before a final newline). A lookbehind has a fixed width, so there is
    one per word length and tail; one on the character before goes first, so most
    multipliers ("5jt", "500 rb") are left after one test."""
    words = [*_UNITS, *_TEENS, *_SCALES, "koma", "setengah"]
    sizes = sorted({len(w) for w in words})
    same_size = ["|".join(w for w in words if len(w) == size) for size in sizes]
    tails = ("", " ", r"\n", r" \n")
    last = "".join(sorted({w[-1] for w in words}))
    words_before = [f"(?<=(?<![a-z])(?:{w}){tail}{first})" for w in same_size for tail in tails]
    return f"(?<=[{last} \\n]{first})(?:{'|'.join(words_before)})"


#: The money test as one search per multiplier's first letter: each pattern starts with a
#: literal (the regex engine skips to it), reads the rest of the multiplier ahead, then looks
#: behind for the number word, so no Python loop runs over the multipliers of a post.
_MONEY: Final = tuple(
    re.compile(first + "(?=" + rest + r"(?![a-z]))" + _number_word_before(first))
    for first, rest in (("j", "(?:uta|t)"), ("r", "(?:ibu|b)"), ("m", "iliar"))
)
_MIXED_PHONE: Final = re.compile(r"[ .\-](?<=\d.)[ .\-]?(?:" + "|".join(_UNITS) + r")(?![a-z])")


def _amount(words: list[str]) -> str | None:
    """Digits of a compound number ("dua puluh lima" -> "25", "satu koma lima" -> "1,5"), or
    None when the words are not one number (two units in a row, a scale without a unit)."""
    total, current, last = 0, None, ""
    decimals = ""
    in_decimals = False
    for w in words:
        if in_decimals:
            if w not in _UNITS and not w.isdigit():
                return None
            decimals += str(_UNITS[w]) if w in _UNITS else w
            continue
        if w.isdigit() or w in _UNITS:
            if current is not None:
                return None  # "dua tiga": digits read one by one, not an amount
            current = int(w) if w.isdigit() else _UNITS[w]
        elif w in _TEENS:
            if current is not None:
                return None
            total += _TEENS[w]
        elif w in _SCALES:
            if current is None:
                return None
            total += current + 10 if w == "belas" else current * _SCALES[w]
            current = None
        elif w == "koma":
            in_decimals = True
        elif w == "setengah":
            decimals = "5"
            if words[-1] != "setengah":
                return None
        else:
            return None
        last = w
    if current is not None:
        total += current
    if not last and not decimals:
        return None
    return str(total) + ("," + decimals if decimals else "")


#: ASCII digits and "?" (a non-ASCII character may be a digit for ``\d``) -> "0", " .-" and
#: a-z stay, the rest -> "_" (not a letter): ``_MIXED_PHONE`` can then be read in the class
#: bytes, where it starts with a literal (see ``_SINGLES_CLASSES``).
_PHONE_CLASSES: Final = bytes(
    ord("0") if (chr(b).isdigit() and b < 128) or b == ord("?")
    else b if b in b" .-" or 97 <= b <= 122
    else ord("_")
    for b in range(256)
)  # fmt: skip
_MIXED_PHONE_CLASSES: Final = re.compile(
    rb"0[ .\-][ .\-]?(?:" + "|".join(_UNITS).encode() + rb")(?![a-z])"
)


def _has_mixed_phone(text: str, ascii_text: bytes) -> bool:
    """``_MIXED_PHONE.search(text) is not None``. The class bytes match wherever the text
    does (a "0" there stands for any digit) and where a non-digit "?" or non-ASCII character
    stands before the separator, so each rare candidate is checked on the text."""
    classes = ascii_text.translate(_PHONE_CLASSES)
    m = _MIXED_PHONE_CLASSES.search(classes)
    while m is not None:
        if _MIXED_PHONE.match(text, m.start() + 1):
            return True
        m = _MIXED_PHONE_CLASSES.search(classes, m.end())
    return False


def _number_rewrites(text: str, ascii_text: bytes) -> list[tuple[int, int, str, list[int]]]:
    """``(start, end, digits, position of each digit)`` for number words to rewrite;
    ``ascii_text`` as for :func:`_joins`."""
    jt, rb, miliar = _MONEY
    money = bool(jt.search(text) or rb.search(text) or miliar.search(text))
    phone = "delapan" in text or _has_mixed_phone(text, ascii_text)
    if not (money or phone):
        return []
    out: list[tuple[int, int, str, list[int]]] = []
    for m in _RUN.finditer(text):
        items = [(i.group(0), i.start(), i.end()) for i in _ITEM.finditer(m.group(0))]
        spoken = sum(1 for w, _, _ in items if w in _UNITS)
        if phone and spoken >= 3:
            spoken_number = _spoken_digits(items, m.start())
            if spoken_number is not None:
                digits, where, end = spoken_number
                out.append((m.start(), end, digits, where))
                continue
        if not money or all(w.isdigit() for w, _, _ in items):
            continue
        if not _MULTIPLIER_AFTER.match(text, m.end()):
            continue
        value = _amount([w for w, _, _ in items])
        if value is None:
            continue
        first, last = m.start() + items[0][1], m.start() + items[-1][2]
        # each digit keeps the position of the first word; the last one that of the last
        # word's last letter, so a span over the amount ends where the words end
        where = [first] * (len(value) - 1) + [last - 1]
        out.append((first, last, value, where))
    return out


def _spoken_digits(
    items: list[tuple[str, int, int]], base: int
) -> tuple[str, list[int], int] | None:
    """A phone number read digit by digit (with digit groups mixed in), trimmed of trailing
    items once it is as long as a mobile number can be."""
    digits = ""
    positions: list[int] = []
    used: list[tuple[int, int]] = []
    for w, s, e in items:
        if w in _UNITS:
            piece, pos = str(_UNITS[w]), [base + s]
        elif w.isdigit():
            piece, pos = w, list(range(base + s, base + e))
        else:
            break
        if len(digits) + len(piece) > 14:
            break
        digits += piece
        positions += pos
        used.append((s, e))
    if (
        not _PHONE_DIGITS.fullmatch(digits)
        or sum(w in _UNITS for w, _, _ in items[: len(used)]) < 3
    ):
        return None
    end = base + used[-1][1]
    positions[-1] = end - 1  # the span of the number ends with its last word
    return digits, positions, end


# --- both, with positions -------------------------------------------------------------------


def deobfuscate(prepared: str, offsets: list[int] | None) -> tuple[str, list[int] | None]:
    """Joined letter runs and number words as digits (see the module doc); ``offsets`` maps
    each character of the result to the original text as :func:`normalize.prepare` does."""
    ascii_text = prepared.encode("ascii", "replace")
    edits: list[tuple[int, int, str, list[int]]] = [
        (s, e, "".join(prepared[i] for i in keep), keep)
        for s, e, keep in _joins(prepared, ascii_text)
    ]
    if edits:
        edits += [
            r
            for r in _number_rewrites(prepared, ascii_text)
            if not any(r[0] < e and s < r[1] for s, e, _, _ in edits)
        ]
    else:
        edits = _number_rewrites(prepared, ascii_text)
    if not edits:
        return prepared, offsets
    edits.sort()
    pieces: list[str] = []
    table: list[int] = []
    pos = 0
    for start, end, replacement, where in edits:
        if start < pos:
            continue
        pieces.append(prepared[pos:start])
        table.extend(range(pos, start))
        pieces.append(replacement)
        table.extend(where)
        pos = end
    pieces.append(prepared[pos:])
    table.extend(range(pos, len(prepared)))
    if offsets is not None:
        table = [offsets[i] for i in table]
    return "".join(pieces), table
