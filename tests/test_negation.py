"""Negation scope: a red flag inside "tidak / tanpa / bukan / jangan / belum pernah …" does not
count, in every language the negation list covers, while bait idioms ("jangan lewatkan") and
flags after a clause boundary still do."""

from __future__ import annotations

import pytest

from tppo_detect.resources import data_text
from tppo_detect.text.normalize import clause_breaks, masked, tokenize_with_spans, tokens_of_masked
from tppo_detect.text.signals import NEGATION_FILE, NO_SCOPE, load_lexicon, parse_negation

LEXICON = load_lexicon()
NEGATION = parse_negation(data_text(NEGATION_FILE))


def found(text: str, *, negation: bool = True) -> set[str]:
    out, _ = masked(text)
    tokens = tokens_of_masked(out)
    scope = NEGATION.scope(tokens, lambda: clause_breaks(out)) if negation else NO_SCOPE
    return {LEXICON.signals[i].id for i in LEXICON.detect(tokens, scope)}


def located(text: str) -> set[tuple[str, int, int]]:
    out, _ = masked(text)
    tokens = tokens_of_masked(out)
    scope = NEGATION.scope(tokens, lambda: clause_breaks(out))
    hits = LEXICON.detect(tokens, scope)
    return {(m.signal, m.start, m.end) for m in LEXICON.locate(text, hits, None, scope)}


@pytest.mark.parametrize("sig", LEXICON.signals, ids=lambda s: s.id)
def test_positive_examples_survive_negation_scope(sig) -> None:
    """The scope never eats a flag's own wording ("tanpa pelatihan" is the flag, not its
    negation)."""
    for example in sig.examples_pos:
        assert sig.id in found(example), example


def _negate_once(text: str, signal: str) -> str | None:
    """Put "tidak pernah" before every token where a pattern of ``signal`` matches (overlapping
    matches included) and before every further clause such a match runs into: each way the flag
    can be read is denied, clause by clause."""
    out, _ = masked(text)
    breaks = clause_breaks(out)
    spanned = tokenize_with_spans(text)
    joined = " ".join(tok for tok, _, _ in spanned)
    offsets = [0]
    for tok, _, _ in spanned[:-1]:
        offsets.append(offsets[-1] + len(tok) + 1)
    sig = next(s for s in LEXICON.signals if s.id == signal)
    at: set[int] = set()
    for pattern in sig.patterns:
        for first, pos in enumerate(offsets):
            m = pattern.match(joined, pos)
            if m is None or m.end() <= pos:
                continue
            last = joined.count(" ", 0, m.end() - 1)
            at.add(spanned[first][1])
            at.update(spanned[k][1] for k in range(first + 1, last + 1) if breaks[k] == 2)
    if not at:
        return None
    for pos in sorted(at, reverse=True):
        text = text[:pos] + "tidak pernah " + text[pos:]
    return text


@pytest.mark.parametrize("sig", LEXICON.signals, ids=lambda s: s.id)
def test_negated_forms_of_each_flag_do_not_fire(sig) -> None:
    """Each positive example with "tidak pernah" put before every match of the flag: the flag is
    gone (a match the insertion itself creates is negated again, up to three rounds)."""
    for example in sig.examples_pos:
        text = example
        for _ in range(3):
            if sig.id not in found(text):
                break
            negated = _negate_once(text, sig.id)
            assert negated is not None
            text = negated
        assert sig.id not in found(text), (example, text)
        assert sig.id in found(text, negation=False) or sig.id in found(example, negation=False)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # Indonesian: warning, clarification, legitimate announcement
        ("Kami tidak pernah meminta biaya pendaftaran dalam bentuk apa pun.", None),
        ("Seluruh proses seleksi tanpa dipungut biaya administrasi.", None),
        ("Ingat, bukan visa turis yang dipakai untuk bekerja.", None),
        ("Jangan pernah transfer uang jaminan ke rekening pribadi perekrut.", None),
        ("Perusahaan belum pernah meminta kode OTP kepada pelamar.", None),
        # a window pattern running on into a sentence that is only its filler
        (
            "Kami tidak pernah memungut biaya pendaftaran. Informasi resmi rekrutmen hanya di "
            "rekrutmen.pln.co.id",
            None,
        ),
        # Javanese, Sundanese, Balinese, Malay, English
        ("Kantor kami ora tau njaluk biaya admin pendaftaran.", None),
        ("Pendaftaran teu dipungut biaya administrasi naon wae.", None),
        ("Perusahaan tusing ngidih biaya pendaftaran.", None),
        ("Syarikat kami tiada caj yuran pendaftaran.", None),
        ("We never ask candidates to send an OTP code.", None),
    ],
)
def test_negated_statements_in_each_language(text: str, flag: str | None) -> None:
    without = found(text, negation=False)
    with_scope = found(text)
    assert not with_scope, (text, with_scope, without)


@pytest.mark.parametrize(
    "text",
    [
        # bait idioms are not denials
        "Jangan lewatkan! Lowongan admin online di Kamboja gaji 25 juta, tiket ditanggung.",
        # a clause boundary ends the negation's reach
        "Tidak perlu pengalaman. Biaya admin 150rb ditransfer ke rekening BRI sebelum interview",
        # the flag's core is in a further sentence that is not negated
        "ABK kapal Taiwan, tanpa biaya di depan (potong gaji 3 bulan). Berangkat minggu depan.",
        # the negation is part of the flag's own wording
        "Kerja ke Taiwan tanpa pelatihan, proses cepat 2 minggu langsung terbang.",
    ],
)
def test_bait_still_fires(text: str) -> None:
    assert found(text), text


def test_scope_reaches_through_bridges_only() -> None:
    tokens = ["kami", "tidak", "pernah", "memungut", "biaya", "admin"]
    scope = NEGATION.scope(tokens, lambda: [0] * len(tokens))
    assert scope.scoped == {2, 3, 4}
    # "lewatkan" is an idiom: no scope at all
    tokens = ["jangan", "lewatkan", "biaya", "admin"]
    assert not NEGATION.scope(tokens, lambda: [0] * len(tokens))
    # a clause break stops the scope
    tokens = ["tidak", "perlu", "biaya", "admin"]
    scope = NEGATION.scope(tokens, lambda: [0, 0, 1, 0])
    assert scope.scoped == {1}
    # a match that starts in a scope is negated unless it runs on into another sentence
    scope = NEGATION.scope(tokens, lambda: [0, 0, 0, 2])
    assert scope.negates(1, 2) and not scope.negates(1, 3)


def test_locate_leaves_out_negated_matches() -> None:
    denied = "Kami tidak pernah meminta biaya admin 150rb, langsung interview minggu ini."
    assert not located(denied)
    text = denied + " Lowongan Indomaret: biaya admin 150rb, langsung interview minggu ini!"
    spans = located(text)
    assert spans, "the second, un-negated fee must still be evidence"
    assert all(start > len(denied) for _, start, _ in spans), spans


def test_bad_negation_file_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match=r"negation\.toml"):
        parse_negation('negators = ["tidak"]\nbridges = []\nidioms = []\n')
    with pytest.raises(ValueError, match="max_gap"):
        parse_negation('max_gap = -1\nnegators = ["tidak"]\nbridges = ["a"]\nidioms = ["b"]\n')


@pytest.mark.parametrize(
    "text",
    [
        "ABK kapal ikan Taiwan, tidak perlu buku pelaut, tidak perlu BST, semua diurus agen.",
        "Kerja kebun sawit Tawau, tidak usah paspor kerja, nanti diurus di sana sama bos.",
    ],
)
def test_no_need_for_papers_is_still_the_flag(text: str) -> None:
    """ "Tidak perlu …" denies a fee, but no need for papers or training IS the
    illegal-recruitment flag: the need-word scope leaves those flags standing."""
    assert any(LEXICON.signals[i].family == "illegal_recruitment" for i in _ids(text)), text


def test_no_need_to_pay_denies_the_fee() -> None:
    assert "biaya_admin_pendaftaran" not in found(
        "Pendaftaran resmi, tidak perlu membayar biaya pendaftaran apa pun."
    )


def _ids(text: str) -> list[int]:
    out, _ = masked(text)
    tokens = tokens_of_masked(out)
    return LEXICON.detect(tokens, NEGATION.scope(tokens, lambda: clause_breaks(out)))
