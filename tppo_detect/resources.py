"""Loading of the project's word lists (slang, keep-list, do-not-stem list).

Each list is a data file under ``tppo_detect/data/`` so analysts can extend it without touching
code; this module is the only reader.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Final

DATA_PACKAGE: Final = "tppo_detect.data"


def data_text(name: str) -> str:
    """Contents of a packaged data file."""
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file, stripped."""
    return [
        line.strip()
        for line in data_text(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


@lru_cache(maxsize=1)
def slang_map() -> dict[str, str]:
    """``slang -> standard form`` from ``slang.tsv``; duplicated keys are an error."""
    mapping: dict[str, str] = {}
    for n, line in enumerate(_lines("slang.tsv"), start=1):
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise ValueError(f"slang.tsv entry {n} is not 'slang<TAB>standard': {line!r}")
        slang, standard = parts[0].strip().lower(), parts[1].strip().lower()
        if slang in mapping:
            raise ValueError(f"slang.tsv: {slang!r} is listed twice")
        if slang != standard:
            mapping[slang] = standard
    return mapping


@lru_cache(maxsize=1)
def keep_words() -> frozenset[str]:
    """Sastrawi stop words that carry red-flag signal and must be kept ("tanpa", "langsung")."""
    return frozenset(_lines("keep_words.txt"))


@lru_cache(maxsize=1)
def extra_stop_words() -> frozenset[str]:
    """Style words (forms of address, fillers) dropped from the model's terms."""
    return frozenset(_lines("extra_stop_words.txt"))


@lru_cache(maxsize=1)
def no_stem_words() -> frozenset[str]:
    """Domain words Sastrawi over-stems ("pengalaman" -> "alam"): kept as written."""
    return frozenset(_lines("no_stem.txt"))


@lru_cache(maxsize=1)
def confusables() -> dict[str, str]:
    """``character -> Latin letter`` from ``confusables.tsv`` (generated from Unicode's
    confusables.txt and character names by tools/unicode/build_confusables.py)."""
    table: dict[str, str] = {}
    for n, line in enumerate(_lines("confusables.tsv"), start=1):
        parts = line.split("\t")
        if len(parts) < 2 or len(parts[1]) != 1:
            raise ValueError(f"confusables.tsv entry {n} is not 'code<TAB>letter…': {line!r}")
        table[chr(int(parts[0], 16))] = parts[1]
    return table
