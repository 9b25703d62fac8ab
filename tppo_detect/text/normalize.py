"""Indonesian social-media text normalisation that can always point back at the original text.

Every step is length-preserving, so character ``i`` of the normalised string is character ``i``
of the (Unicode-prepared) input:

1. :func:`prepare` — NFKC, lowercase, invisible characters removed, look-alike letters mapped
   (only the rare posts that need it pay for an offset table);
2. entities (links, contacts, money) are *masked*: replaced by a two-character code plus padding
   of the same length as the match, so "Rp 15.000.000" becomes ``"\\x02c"`` + 11 × ``"\\x01"``;
3. obfuscation undone in place: leet digits inside words, "w.a" (letter runs written apart and
   number words are undone before masking, by :mod:`tppo_detect.text.deobfuscate`).

Tokens are then one ``findall`` away (the fast path used for scoring) or one ``finditer`` away
with spans (used only for posts whose red flags matched, to highlight them). Both read the same
masked string, so they cannot disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Final

from tppo_detect.resources import confusables, slang_map
from tppo_detect.text.deobfuscate import deobfuscate
from tppo_detect.text.entities import (
    ENTITY_STAGES,
    MONEY_BUCKETS,
    entity_stages_for,
    non_ascii,
    numeric_entities,
    placeholder_for,
)

#: Zero-width and other invisible characters scammers insert to dodge keyword filters, plus
#: emoji variation selectors and the keycap mark ("🅰️" is "🅰" + U+FE0F, "1️⃣" is "1" U+FE0F U+20E3).
_INVISIBLE_RE: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufe00-\ufe0f\u20e3\ufeff]"
)


@lru_cache(maxsize=1)
def _lookalikes() -> tuple[dict[int, str], frozenset[str]]:
    """Look-alike letters NFKC leaves alone (Cyrillic, Greek, Armenian, small capitals, emoji
    letters…) -> Latin, as a ``str.translate`` table and as a set (all are non-ASCII).

    The table also maps every ASCII character to itself (no change): ``str.translate`` pays
    for each character missing from a dict table (a KeyError raised and caught in C)."""
    table = confusables()
    return {i: chr(i) for i in range(128)} | str.maketrans(table), frozenset(table)


_CODE: Final = "\x02"  # starts a masked entity
_PAD: Final = "\x01"  # fills the rest of a masked entity

#: Placeholder token for each entity code letter.
_CODE_TOKENS: Final[dict[str, str]] = {
    "u": "<url>",
    "s": "<url_short>",
    "e": "<email>",
    "p": "<phone>",
    "t": "<telegram>",
    **{"abcd"[i]: token for i, (_, token) in enumerate(MONEY_BUCKETS)},
}
_TOKEN_CODES: Final = {token: code for code, token in _CODE_TOKENS.items()}

#: Digits used as letters inside words ("k4mboja", "l0ker", "g4ji").
_LEET: Final = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
# Starts with the digit class so the regex engine skips straight to digits; the lookbehind
# right after the first digit keeps only runs that follow a letter, so a long digit run is
# tried once, not from each of its digits (that was quadratic).
_LEET_RE: Final = re.compile(r"[013457](?<=[a-z][013457])[013457]*(?=[a-z])")
#: ``_LEET_RE`` over class bytes: a-z -> "a", the leet digits -> "1", the rest "x"
#: (``encode("ascii", "replace")`` writes "?" for a non-ASCII character, one byte each).
_LEET_CLASSES: Final = bytes(
    ord("a") if 97 <= b <= 122 else ord("1") if b in b"013457" else ord("x") for b in range(256)
)
_LEET_CLASSES_RE: Final = re.compile(rb"1(?<=a1)1*(?=a)")
#: "w.a" / "w a" is WhatsApp written to dodge filters.
_WA_RE: Final = re.compile(r"\bw[ .]a\b")

_TOKEN_RE: Final = re.compile(_CODE + r"[a-z]|[a-z0-9]+")
#: Token characters and the entity marker as themselves, every other byte (and "?", which
#: ``encode("ascii", "replace")`` writes for a non-ASCII character) a space: ``split()`` of
#: this cuts where ``_TOKEN_RE`` does, once each marker has a space before it and is followed
#: by exactly one letter and then no token character (:func:`_raw_tokens`).
_TOKEN_BYTES: Final = bytes(
    b if 97 <= b <= 122 or 48 <= b <= 57 or b == 2 else 32 for b in range(256)
)
#: A marker where the split would not cut as ``_TOKEN_RE`` does: not followed by one letter
#: and then a non-token character (a raw "\x02" in the post, a two-character entity with a
#: word glued after it).
_ODD_CODE: Final = re.compile(rb"\x02(?![a-z](?![a-z0-9]))")
#: A token with the padding after it (its span in the text), as one captured group.
_SPLIT_RE: Final = re.compile("(" + _CODE + r"[a-z]" + _PAD + "*|[a-z0-9]+" + _PAD + "*)")


def _needs_unicode_work(text: str, lowered: str | None = None, others: str | None = None) -> bool:
    """True when NFKC, case folding or invisible characters would change the text's length
    (``lowered``: ``text.lower()``, ``others``: :func:`non_ascii` of ``text``, when the caller
    has them already)."""
    if text.isascii():
        return False
    if len(text.lower() if lowered is None else lowered) != len(text):
        return True
    # invisible characters are non-ASCII: look for them among the post's non-ASCII ones
    if _INVISIBLE_RE.search(non_ascii(text) if others is None else others):
        return True
    return not unicodedata.is_normalized("NFKC", text)


def prepare(text: str) -> tuple[str, list[int] | None]:
    """Lowercased, NFKC-normalised text without invisible characters, look-alikes folded and
    whole-post obfuscation undone (:func:`deobfuscate`).

    Returns the prepared text and, when it differs in length from the input, the index in the
    original text of every prepared character (``None`` means position i maps to i).
    """
    return deobfuscate(*fold_unicode(text))


def fold_unicode(text: str) -> tuple[str, list[int] | None]:
    """Step 1 of :func:`prepare`: lowercase, NFKC, invisible characters, look-alikes."""
    if text.isascii():
        return text.lower(), None
    lowered = text.lower()
    others = non_ascii(text)
    if not _needs_unicode_work(text, lowered, others):
        # Look-alikes are non-ASCII, and every non-ASCII character of ``lowered`` is in
        # ``others.lower()``: lower() reads no context except for a capital sigma, which can
        # also become the other sigma there. A superset: translating a post without look-alikes
        # changes nothing.
        lowered_others = others.lower() + ("σς" if "Σ" in others else "")
        if not _lookalikes()[1].isdisjoint(lowered_others):
            lowered = lowered.translate(_lookalikes()[0])
        return lowered, None
    # Character by character (NFKC of each character, not of the text), but through a table
    # of the post's distinct characters: str.translate does the per-character work in C. The
    # ASCII part of the table is the same for every post; only the non-ASCII characters are
    # folded here.
    fold = _fold_char
    folded = {ch: fold(ch) for ch in set(others)}
    table = {ord(ch): out for ch, out in folded.items()}
    table.update(_ascii_folds())  # every character of the post is now a key of the table
    odd = "".join(sorted(ch for ch, out in folded.items() if len(out) != 1))
    odd += "".join(ch for ch in _ascii_odd() if ch in text)
    offsets = _offsets(text, odd, table) if odd else list(range(len(text)))
    return text.translate(table), offsets


def _offsets(text: str, odd: str, table: dict[int, str]) -> list[int]:
    """Index in ``text`` of each folded character: ``i`` repeated ``len(table[text[i]])``
    times. Built around the few characters whose length changes (``odd``: invisible ones, NFKC
    expansions), so the other characters cost a ``range``, not a step each."""
    offsets: list[int] = []
    pos = 0
    for m in _char_class(odd).finditer(text):
        i = m.start()
        offsets.extend(range(pos, i))
        offsets.extend(repeat(i, len(table[ord(m.group())])))
        pos = i + 1
    offsets.extend(range(pos, len(text)))
    return offsets


@lru_cache(maxsize=1_024)
def _char_class(chars: str) -> re.Pattern[str]:
    """A pattern finding any of ``chars`` (the same few recur: U+FE0F, U+200D…)."""
    return re.compile("[" + re.escape(chars) + "]")


@lru_cache(maxsize=1)
def _ascii_folds() -> dict[int, str]:
    """:func:`_fold_char` of every ASCII character, the unchanged ones too: ``str.translate``
    pays for each character missing from a dict table (a KeyError raised and caught in C),
    which made the translation of a non-ASCII post several times slower than the lookups."""
    return {i: _fold_char(chr(i)) for i in range(128)}


@lru_cache(maxsize=1)
def _ascii_odd() -> str:
    """ASCII characters :func:`_fold_char` changes in length (none: kept for exactness)."""
    return "".join(chr(i) for i in range(128) if len(_fold_char(chr(i))) != 1)


@lru_cache(maxsize=4_096)
def _fold_char(ch: str) -> str:
    """One character as :func:`fold_unicode` writes it ("" for an invisible one)."""
    if _INVISIBLE_RE.match(ch):
        return ""
    return unicodedata.normalize("NFKC", ch).lower().translate(_lookalikes()[0])


def _mask_entities(text: str) -> str:
    """Replace every entity by its code and padding, stage by stage (see ENTITY_STAGES)."""
    for kind, pattern in entity_stages_for(text):
        text = pattern.sub(_STAGE_MASKS[kind], text)
    # no digit test first: numeric_entities finds nothing in a post without digits, at the
    # cost of one byte scan (a \d search cost as much on posts whose only digits are late)
    pieces: list[str] = []
    pos = 0
    for kind, start, end in numeric_entities(text):
        surface = text[start:end]
        if _CODE in surface or _PAD in surface:
            continue
        pieces.append(text[pos:start])
        pieces.append(_mask(kind, surface))
        pos = end
    if pieces:
        pieces.append(text[pos:])
        text = "".join(pieces)
    return text


def _stage_mask(kind: str) -> Callable[[re.Match[str]], str]:
    """The replacement function of one entity stage's ``sub``."""

    def repl(m: re.Match[str]) -> str:
        surface = m.group(0)
        if _CODE in surface or _PAD in surface:
            return surface  # overlaps an entity an earlier stage already masked
        return _mask(kind, surface)

    return repl


#: One replacement function per stage, made once (not per post).
_STAGE_MASKS: Final = {kind: _stage_mask(kind) for kind, _ in ENTITY_STAGES}


@lru_cache(maxsize=16_384)
def _mask(kind: str, surface: str) -> str:
    """Same-length code for an entity: marker, code letter, padding.

    Cached: the same amounts ("5jt", "rp 2.500.000") recur across posts, and parsing one costs
    more than the rest of its post's masking. Phone numbers, links and handles mostly do not
    recur, so the cache is kept small (~2 MB; 65,536 entries held ~8 MB of one-off numbers).
    """
    code = _TOKEN_CODES[placeholder_for(kind, surface)]
    return _CODE + code + _PAD * (len(surface) - 2)


def _unleet(m: re.Match[str]) -> str:
    return m.group(0).translate(_LEET)


def masked(text: str) -> tuple[str, list[int] | None]:
    """The fully normalised, length-preserving string and its offset table (see module doc)."""
    prepared, offsets = prepare(text)
    return mask_prepared(prepared), offsets


def mask_prepared(prepared: str) -> str:
    """Steps 2 and 3 of the module doc, on the output of :func:`prepare`."""
    out = _mask_entities(prepared)
    # most posts have digits but no leet: the same pattern over class bytes (a literal first,
    # which the regex engine skips to) says whether the substitution has anything to do
    if _LEET_CLASSES_RE.search(out.encode("ascii", "replace").translate(_LEET_CLASSES)):
        out = _LEET_RE.sub(_unleet, out)
    if "w.a" in out or "w a" in out:
        out = _WA_RE.sub("wa" + _PAD, out)
    return out


@lru_cache(maxsize=1)
def _expansions() -> dict[str, tuple[str, ...]]:
    """Token -> standard-form words: slang.tsv plus the entity codes' placeholders."""
    table = {slang: tuple(std.split()) for slang, std in slang_map().items()}
    table.update({_CODE + code: (token,) for code, token in _CODE_TOKENS.items()})
    return table


def tokenize(text: str) -> list[str]:
    """Fast path: standard-form tokens (slang expanded, placeholders in place of entities)."""
    return tokens_of_masked(masked(text)[0])


@lru_cache(maxsize=1)
def _expansion_sets() -> tuple[frozenset[str], dict[str, str], frozenset[str]]:
    """:func:`_expansions` read three ways for the hot paths: every token that changes, the
    ones that become one word (-> that word) and the ones that become several (or none)."""
    table = _expansions()
    single = {tok: std[0] for tok, std in table.items() if len(std) == 1}
    return frozenset(table), single, frozenset(table.keys() - single.keys())


def _standard_words(raw: list[str]) -> list[tuple[str, ...]] | None:
    """Each token's standard-form words (slang expanded, placeholders for entity codes), or
    None when no token of the post changes — the common case, decided without a Python loop."""
    if _expansion_sets()[0].isdisjoint(raw):
        return None
    found = list(map(_expansions().get, raw))
    return [(tok,) if std is None else std for tok, std in zip(raw, found, strict=True)]


def _one_word_each(raw: list[str]) -> list[str] | None:
    """The tokens with each one-word expansion applied, or None when one of them expands to
    several words (then :func:`_standard_words` is needed). Both tests and the mapping run in
    C (set and dict lookups): most posts have an entity code or a one-word slang token, few
    a multi-word one, and a per-token tuple cost more than the rest of tokenising."""
    changing, single, multi = _expansion_sets()
    if changing.isdisjoint(raw):
        return raw
    if not multi.isdisjoint(raw):
        return None
    return list(map(single.get, raw, raw))


def _raw_tokens(out: str) -> list[str]:
    """``_TOKEN_RE.findall(out)``, by a byte translation and ``str.split`` (C loops that do not
    run the regex engine over every character)."""
    spaced = out.encode("ascii", "replace").translate(_TOKEN_BYTES)
    if b"\x02" in spaced:
        if _ODD_CODE.search(spaced):
            return _TOKEN_RE.findall(out)
        spaced = spaced.replace(b"\x02", b" \x02")
    return spaced.decode("ascii").split()


def tokens_of_masked(out: str) -> list[str]:
    """Tokens of an already :func:`masked` string."""
    raw = _raw_tokens(out)
    tokens = _one_word_each(raw)
    if tokens is not None:
        return tokens
    return [w for ws in _standard_words(raw) or () for w in ws]


def tokenize_with_spans(text: str) -> list[tuple[str, int, int]]:
    """Reference path: ``(token, start, end)`` with spans in the ORIGINAL text.

    A slang token that expands to several words gives each word the span of the slang token.
    """
    return spans_of_masked(*masked(text))


def spans_of_masked(out: str, offsets: list[int] | None) -> list[tuple[str, int, int]]:
    """Tokens with original-text spans of an already :func:`masked` string.

    One ``split`` gives the tokens and the text between them; running sums of their lengths
    are the positions (no match object per token).
    """
    parts = _SPLIT_RE.split(out)
    bounds = list(accumulate(map(len, parts)))
    pieces = parts[1::2]
    starts = bounds[0:-1:2]
    ends = bounds[1::2]
    if pieces and _PAD in out:
        # the padding after entity codes, off every piece at once ("\0" is in no piece)
        pieces = "\0".join(pieces).replace(_PAD, "").split("\0")
    if offsets is not None:
        starts = [offsets[i] for i in starts]
        ends = [offsets[i - 1] + 1 for i in ends]
    tokens = _one_word_each(pieces)
    if tokens is not None:
        return list(zip(tokens, starts, ends, strict=True))
    words = _standard_words(pieces) or ()
    return [(w, s, e) for ws, s, e in zip(words, starts, ends, strict=True) for w in ws]


def signal_text(text: str) -> str:
    """The normalised text red-flag patterns run over: standard tokens joined by one space."""
    return " ".join(tokenize(text))


#: Punctuation that ends a clause: a negation does not reach past it. Commas, semicolons and
#: colons are soft (1: the same sentence goes on), full stops, ! ? line breaks, brackets and
#: bullets are hard (2: a new statement). Emoji are neither (they decorate as often as they end).
_SOFT_END_RE: Final = re.compile(r"[,;:]")
_HARD_END_RE: Final = re.compile(r"[.!?\n•|()\[\]]")


def clause_breaks(out: str) -> list[int]:
    """For each token of an already :func:`masked` string (as :func:`tokens_of_masked` gives
    them), the clause boundary right before it in the text: 0 none, 1 soft (, ; :), 2 hard
    (. ! ? line break, bracket, bullet). A slang token that expands to several words breaks
    only before its first word."""
    parts = _SPLIT_RE.split(out)
    seps = parts[0:-1:2]
    hard, soft = _HARD_END_RE.search, _SOFT_END_RE.search
    flags = [2 if hard(s) else 1 if soft(s) else 0 for s in seps]
    pieces = parts[1::2]
    if _PAD in out:
        pieces = [p.rstrip(_PAD) for p in pieces]
    if _expansion_sets()[2].isdisjoint(pieces):
        return flags  # one word per token: the flags are the tokens' own
    words = _standard_words(pieces) or ()
    return [f if k == 0 else 0 for ws, f in zip(words, flags, strict=True) for k in range(len(ws))]
