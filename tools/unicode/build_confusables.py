"""Build tppo_detect/data/confusables.tsv: every character that reads as a Latin letter -> that
letter (lowercase), for the look-alike fold in :func:`tppo_detect.text.normalize.fold_unicode`.

Sources (no hand list):

1. Unicode's ``confusables.txt`` (UTS #39), as shipped in the ``confusable-homoglyphs``
   package (``confusables.json``): a character whose confusable is a single ASCII letter
   (Cyrillic "о", Armenian "օ", Latin alpha "ɑ", dotless "ı", Greek "ο", Cherokee, APL …).
2. The Unicode character names (Python's ``unicodedata``) of Latin letters NFKC leaves alone:
   "LATIN LETTER SMALL CAPITAL K" (ᴋ), "LATIN SMALL LETTER A WITH GRAVE" (à), the enclosed
   emoji letters "NEGATIVE SQUARED LATIN CAPITAL LETTER A" (🅰) and "REGIONAL INDICATOR SYMBOL
   LETTER A" (🇦).

Characters NFKC already folds to a Latin letter (mathematical alphanumerics, full-width,
circled and parenthesised letters) are left to NFKC at run time and not listed. Digits,
combining marks, punctuation and right-to-left scripts are never mapped: digits are phone
numbers and money, and an Arabic or Hebrew letter is text, not a disguise.

Run: ``.venv/bin/python tools/unicode/build_confusables.py tppo_detect/data/confusables.tsv``
(needs the dev extra; ``tests/test_confusables_generated.py`` checks the committed file).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

_NAME = re.compile(
    r"^(?:LATIN|NEGATIVE SQUARED LATIN|NEGATIVE CIRCLED LATIN|SQUARED LATIN|CIRCLED LATIN|"
    r"REGIONAL INDICATOR SYMBOL)\b.*\bLETTER "
    r"(?:SMALL CAPITAL |SMALL |CAPITAL )?([A-Z])(?: WITH .+)?$"
)
_ASCII_LETTER = re.compile(r"^[A-Za-z]$")
#: General categories a disguise may come from: letters and symbols (⍺, ∣, 🅰).
_CATEGORIES = ("L", "So", "Sm")


def _nfkc_letter(ch: str) -> bool:
    folded = unicodedata.normalize("NFKC", ch).lower()
    return bool(_ASCII_LETTER.match(folded))


def _eligible(ch: str) -> bool:
    if ch.isascii() or _nfkc_letter(ch):
        return False
    if unicodedata.bidirectional(ch) in ("R", "AL"):
        return False
    category = unicodedata.category(ch)
    return category.startswith(_CATEGORIES[0]) or category in _CATEGORIES[1:]


def build() -> tuple[str, int]:
    data = json.loads(
        files("confusable_homoglyphs").joinpath("confusables.json").read_text(encoding="utf-8")
    )

    def letters_of(ch: str) -> set[str]:
        return {e["c"].lower() for e in data.get(ch, ()) if _ASCII_LETTER.match(e["c"])}

    table: dict[str, tuple[str, str]] = {}
    candidates = set(data) | {ch.lower() for ch in data if len(ch) == 1}
    for ch in sorted(candidates):
        if len(ch) != 1 or not _eligible(ch):
            continue
        # posts are lowercased first: Cyrillic "к" is listed through its capital "К" ~ "K"
        letters = letters_of(ch) or (letters_of(ch.upper()) if len(ch.upper()) == 1 else set())
        if len(letters) == 1:
            table[ch] = (letters.pop(), "confusables")
    for cp in range(0x80, 0x110000):
        ch = chr(cp)
        if ch in table or not _eligible(ch):
            continue
        m = _NAME.match(unicodedata.name(ch, ""))
        if m:
            table[ch] = (m.group(1).lower(), "name")
    lines = [
        "# Huruf yang terbaca sebagai huruf Latin -> huruf itu (dibuat oleh "
        "tools/unicode/build_confusables.py, jangan disunting).",
        f"# Sumber: confusables.txt Unicode (UTS #39) dari paket confusable-homoglyphs "
        f"{version('confusable-homoglyphs')}, dan nama karakter Unicode "
        f"{unicodedata.unidata_version} (unicodedata Python).",
        "# Format: kode_titik<TAB>huruf<TAB>sumber<TAB>nama",
    ]
    for ch in sorted(table):
        letter, source = table[ch]
        lines.append(f"{ord(ch):04X}\t{letter}\t{source}\t{unicodedata.name(ch, '?')}")
    return "\n".join(lines) + "\n", len(table)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("pemakaian: build_confusables.py KELUARAN.tsv")
    text, n = build()
    Path(sys.argv[1]).write_text(text, encoding="utf-8")
    print(f"{n} karakter ditulis ke {sys.argv[1]}")


if __name__ == "__main__":
    main()
