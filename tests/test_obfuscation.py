"""Whole-post obfuscation (issue 13): Unicode confusables, emoji letters, joined letter runs,
number words. Spans must keep pointing into the ORIGINAL text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tppo_detect.normalize import signal_text, tokenize_with_spans
from tppo_detect.resources import confusables

from .conftest import REPO


def test_confusables_tsv_is_generated(tmp_path: Path) -> None:
    pytest.importorskip("confusable_homoglyphs")
    out = tmp_path / "confusables.tsv"
    script = REPO / "tools" / "unicode" / "build_confusables.py"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
    committed = REPO / "tppo_detect" / "data" / "confusables.tsv"
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")


def test_confusables_table_comes_from_unicode_data() -> None:
    table = confusables()
    assert len(table) > 1000  # the old hand list had 32 letters
    # letters the old table did not know, from confusables.txt and the character names
    for ch, letter in {"օ": "o", "ɑ": "a", "ı": "i", "ᴋ": "k", "🅰": "a", "🇦": "a"}.items():
        assert table[ch] == letter
    assert not any(ch.isdigit() for ch in table), "digits are phone numbers, never letters"


@pytest.mark.parametrize(
    "text",
    [
        "𝐊𝐚𝐦𝐛𝐨𝐣𝐚",  # mathematical bold
        "ᴋᴀᴍʙᴏᴊᴀ",  # small capitals
        "ⓚⓐⓜⓑⓞⓙⓐ",  # circled
        "Ｋａｍｂｏｊａ",  # full width
        "kаmbоjа",  # Cyrillic а, о
        "kɑmbojɑ",  # Latin alpha
        "kambօja",  # Armenian օ
        "KΑMBOJΑ",  # Greek capital alpha
        "k🅰️mboja",  # emoji letter + variation selector
        "kam\u200bbo\u200dja",  # zero-width characters
    ],
)
def test_lookalike_letters_fold_to_latin(text: str) -> None:
    assert signal_text(f"loker {text} gaji besar") == "lowongan kerja kamboja gaji besar"
    spans = {tok: text[s:e] for tok, s, e in tokenize_with_spans(text)}
    assert spans == {"kamboja": text}


def test_dotless_i_and_keycap_digits() -> None:
    assert signal_text("admın") == "admin"
    text = "hub 0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣0️⃣"
    assert signal_text(text) == "hubungi <phone>"
    (span,) = [(s, e) for tok, s, e in tokenize_with_spans(text) if tok == "<phone>"]
    assert text[span[0] : span[1]] == text[4:].removesuffix("\ufe0f\u20e3")
