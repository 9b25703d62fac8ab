"""Normalisation: placeholders, obfuscation, Unicode tricks, and spans back into the original."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tppo_detect.text.entities import money_to_rupiah, parse_number
from tppo_detect.text.normalize import (
    _expansions,
    masked,
    signal_text,
    spans_of_masked,
    tokenize,
    tokenize_with_spans,
)

from .conftest import CORPUS


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("hub 0812-3456-7890 ya", "<phone>"),
        ("hub +62 812 3456 7890 ya", "<phone>"),
        ("hub 6281234567890 ya", "<phone>"),
        ("hub 0812.3456.7890 ya", "<phone>"),
        ("hub 0 8 1 2 3 4 5 6 7 8 9 0 ya", "<phone>"),
        ("klik wa.me/6281234567890 ya", "<phone>"),
        ("gabung t.me/lokerkamboja ya", "<telegram>"),
        ("dm @rekrut_cepat ya", "<telegram>"),
        ("kirim cv ke hrd.ptmaju@gmail.com ya", "<email>"),
        ("daftar di bit.ly/daftar-kerja ya", "<url_short>"),
        ("cek https://siskop2mi.bp2mi.go.id ya", "<url>"),
    ],
)
def test_contacts_become_placeholders(text: str, placeholder: str) -> None:
    tokens = tokenize(text)
    assert placeholder in tokens
    assert tokens[-1] == "ya"  # the rest of the post survives


@pytest.mark.parametrize(
    ("surface", "rupiah"),
    [
        ("15jt", 15_000_000),
        ("Rp 15.000.000", 15_000_000),
        ("Rp50.000", 50_000),
        ("150rb", 150_000),
        ("1,5 juta", 1_500_000),
        ("1.500 USD", 1_500 * 16_000),
        ("$1200", 1_200 * 16_000),
        ("RM2500", 2_500 * 3_600),
    ],
)
def test_money_amounts_are_parsed(surface: str, rupiah: float) -> None:
    assert money_to_rupiah(surface) == pytest.approx(rupiah)


def test_number_separators_follow_indonesian_usage() -> None:
    assert parse_number("15.000.000") == 15_000_000
    assert parse_number("1.500") == 1_500
    assert parse_number("2,5") == 2.5


@pytest.mark.parametrize(
    ("text", "bucket"),
    [
        ("biaya admin 150rb", "<money_low>"),
        ("gaji 8jt", "<money_mid>"),
        ("gaji Rp 15.000.000", "<money_high>"),
        ("gaji 1.500 USD", "<money_high>"),
        ("gaji 50 juta", "<money_vhigh>"),
    ],
)
def test_money_magnitude_buckets(text: str, bucket: str) -> None:
    assert tokenize(text)[-1] == bucket


def test_obfuscation_is_undone() -> None:
    assert signal_text("L0KER ADM1N di K4MBOJA") == "lowongan kerja admin di kamboja"
    assert signal_text("hub w.a aja").startswith("hubungi wa")
    assert "lowongan" in signal_text("l o k e r cepat")


def test_unicode_tricks_are_normalised() -> None:
    # math-bold letters, zero-width spaces and Cyrillic look-alikes
    assert signal_text("𝗟𝗢𝗞𝗘𝗥 kamboja") == signal_text("loker kamboja")
    assert signal_text("kam\u200bboja") == "kamboja"
    assert signal_text("kаmbоjа") == "kamboja"  # Cyrillic а and о


def test_slang_is_expanded() -> None:
    assert signal_text("yg gk ada biaya dgn krj") == "yang tidak ada biaya dengan kerja"


def test_spans_point_at_original_characters() -> None:
    text = "𝗟𝗢𝗞𝗘𝗥 K4mboja, gaji Rp 15.000.000, w.a 0812-3456-7890"
    surfaces = {tok: text[s:e] for tok, s, e in tokenize_with_spans(text)}
    assert surfaces["kamboja"] == "K4mboja"
    assert surfaces["<money_high>"] == "Rp 15.000.000"
    assert surfaces["<phone>"] == "0812-3456-7890"
    assert surfaces["wa"] == "w.a"
    assert surfaces["lowongan"] == "𝗟𝗢𝗞𝗘𝗥"


def test_fast_and_span_paths_agree_on_the_whole_corpus() -> None:
    texts = pd.read_csv(CORPUS)["text"].tolist()
    mismatched = [t for t in texts if tokenize(t) != [w for w, _, _ in tokenize_with_spans(t)]]
    assert mismatched == []


def test_spans_equal_a_match_per_token_on_the_whole_corpus() -> None:
    """The split-based spans are the ones a match object per token would give."""
    table = _expansions()
    tricky = "𝗟𝗢𝗞𝗘𝗥 K4mboja yg gk ada biaya, gaji Rp 15.000.000, w.a 0812-3456-7890 l o k e r"
    for text in [*pd.read_csv(CORPUS)["text"].tolist(), tricky, "", "!!!"]:
        out, offsets = masked(text)
        expected = []
        for m in re.finditer("\x02[a-z]\x01*|[a-z0-9]+\x01*", out):
            start, end = m.start(), m.end()
            if offsets is not None:
                start, end = offsets[start], offsets[end - 1] + 1
            raw = m.group(0).rstrip("\x01")
            expected += [(w, start, end) for w in table.get(raw, (raw,))]
        assert spans_of_masked(out, offsets) == expected, text


def _fold_unicode_per_character(text: str) -> tuple[str, list[int] | None]:
    """The plain reading of ``fold_unicode``'s slow branch: one character at a time."""
    import unicodedata

    from tppo_detect.text.normalize import _INVISIBLE_RE, _lookalikes

    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if _INVISIBLE_RE.match(ch):
            continue
        norm = unicodedata.normalize("NFKC", ch).lower().translate(_lookalikes()[0])
        chars.append(norm)
        offsets.extend([i] * len(norm))
    return "".join(chars), offsets


@pytest.mark.parametrize(
    "text",
    [
        "Ｌｏｋｅｒ ｋａｍｂｏｊａ 🅰️ 1️⃣ ﬁnance ǅ İstanbul ß ﬀ",
        "gaji\u200b5jt\u00ad wa\u2060 0812 \ufeffloker 𝐤𝐞𝐫𝐣𝐚 𝓁𝑜𝓀𝑒𝓇 ЅЕЛАМАТ",
        "Ⅻ ㎏ ½ ℡ ① ﹫ 👨‍👩‍👧 ❤️ café",
    ],
)
def test_fold_unicode_is_the_per_character_reading(text: str) -> None:
    from tppo_detect.text.normalize import _needs_unicode_work, fold_unicode

    assert _needs_unicode_work(text)
    assert fold_unicode(text) == _fold_unicode_per_character(text)


def test_fold_unicode_is_the_per_character_reading_on_the_corpus() -> None:
    from tppo_detect.text.normalize import _needs_unicode_work, fold_unicode

    texts = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)["text"]
    slow = [t for t in texts if _needs_unicode_work(t)]
    assert slow  # the corpus has such posts
    for t in slow:
        assert fold_unicode(t) == _fold_unicode_per_character(t)
