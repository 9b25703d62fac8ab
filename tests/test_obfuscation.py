"""Whole-post obfuscation (issue 13): Unicode confusables, emoji letters, joined letter runs,
number words. Spans must keep pointing into the ORIGINAL text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tppo_detect.resources import confusables
from tppo_detect.text.contacts import extract_contacts
from tppo_detect.text.normalize import signal_text, tokenize_with_spans

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


@pytest.mark.parametrize(
    ("text", "expected", "surface"),
    [
        ("K a m b o j a", "kamboja", "K a m b o j a"),
        ("K.a.m.b.o.j.a", "kamboja", "K.a.m.b.o.j.a"),
        ("kam-bo-ja", "kamboja", "kam-bo-ja"),
        ("ka*mbo*ja", "kamboja", "ka*mbo*ja"),
        ("kam🔥boja", "kamboja", "kam🔥boja"),
        ("k 4 m b o j a", "kamboja", "k 4 m b o j a"),
        ("p-e-k-e-r-j-a-a-n", "pekerjaan", "p-e-k-e-r-j-a-a-n"),
    ],
)
def test_letter_runs_join_into_known_words(text: str, expected: str, surface: str) -> None:
    post = f"dicari admin {text} segera"
    assert signal_text(post) == f"dicari admin {expected} segera"
    spans = {tok: post[s:e] for tok, s, e in tokenize_with_spans(post)}
    assert spans[expected] == surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lulusan S M A boleh", "lulusan s m a boleh"),  # abbreviations stay apart
        ("bawa K.T.P asli", "bawa k t p asli"),
        ("anak-anak dan berhati-hati", "anak anak dan berhati hati"),  # reduplication
        ("daftar driver go-jek", "daftar driver go jek"),  # one hyphen: ordinary spelling
        ("x y z q w", "x y z q w"),  # not a word
        ("gaji 300-500rb", "gaji 300 <money_low>"),  # a range, not a word
        ("cek subsidi-kemnaker.com", "cek <url>"),  # a link's host
    ],
)
def test_runs_that_are_not_obfuscated_words_stay(text: str, expected: str) -> None:
    assert signal_text(text) == expected


def test_a_post_written_apart_as_a_whole_joins_every_run() -> None:
    post = "d i c a r i  a d m i n  k e  k a m b o j a  g a j i  2 5 j t"
    assert signal_text(post) == "dicari admin ke kamboja gaji <money_high>"


@pytest.mark.parametrize(
    ("text", "token", "surface"),
    [
        ("gaji dua puluh lima juta", "<money_high>", "dua puluh lima juta"),
        ("gaji satu koma lima jt an", "<money_mid>", "satu koma lima jt"),
        ("upah seratus lima puluh ribu", "<money_low>", "seratus lima puluh ribu"),
        ("gaji tiga setengah juta", "<money_mid>", "tiga setengah juta"),
    ],
)
def test_money_written_in_words_becomes_an_amount(text: str, token: str, surface: str) -> None:
    spans = {tok: text[s:e] for tok, s, e in tokenize_with_spans(text)}
    assert spans[token] == surface


@pytest.mark.parametrize(
    "spoken",
    [
        "nol delapan satu dua tiga empat lima enam tujuh delapan sembilan",
        "0812 tiga empat lima enam tujuh delapan sembilan",
        "kosong delapan satu dua 3456 tujuh delapan sembilan",
    ],
)
def test_phone_numbers_read_digit_by_digit_are_contacts(spoken: str) -> None:
    post = f"minat hub WA {spoken} ya"
    (contact,) = extract_contacts(post)
    assert (contact.kind, contact.value, contact.text) == ("phone", "+628123456789", spoken)
    assert signal_text(post) == "minat hubungi wa <phone> ya"


def test_number_words_that_are_not_amounts_or_phones_stay() -> None:
    assert signal_text("butuh dua orang, satu bulan training") == (
        "butuh dua orang satu bulan training"
    )
    # a complete number followed by a spoken count is not one longer number
    assert [c.value for c in extract_contacts("hub 0812-3456-7890 dua orang")] == ["+6281234567890"]
