"""The declarative red-flag format: an analyst's new signal reaches scoring, ``lexicon check``
finds mistakes with line numbers, ``lexicon explain`` shows what matched, the compiled form is
cached by the file's hash."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tppo_detect.cli import app
from tppo_detect.model.detector import Detector
from tppo_detect.resources import data_text
from tppo_detect.text import lexicon as lx
from tppo_detect.text.signals import LEXICON_FILE, parse_lexicon
from tppo_detect.training.train import train

from .conftest import CORPUS

# An analyst's new red flag: a new set, a pattern and examples (issue 16: "a 15-line snippet").
SNIPPET = """
[[signal]]
id = "magang_jepang_berbayar"
family = "online_scam"
name = "Magang ke Jepang dengan biaya di muka"
description = "Tawaran magang ke Jepang yang meminta uang pendaftaran atau jaminan lebih dulu."
source = "Kemnaker: program pemagangan ke Jepang resmi tidak dipungut biaya"
triggers = ["magang", "pemagangan", "kenshusei"]
patterns = ["{magang_jepang} ~6 (bayar | transfer | setor) ~3 {uang_muka}"]
examples_pos = ["Program magang Jepang 3 thn, bayar dulu uang pendaftaran 2jt ya kak"]
examples_neg = ["Pemagangan ke Jepang lewat Kemnaker tidak dipungut biaya"]

[signal.sets]
magang_jepang = ["magang jepang", "magang ke jepang", "pemagangan jepang", "kenshusei"]
uang_muka = ["uang pendaftaran", "pendaftaran", "jaminan", "administrasi"]
"""
NEW_POST = "Info magang ke Jepang, gaji 20jt. Syarat: transfer dulu uang pendaftaran 2,5jt"


def test_a_new_signal_from_a_snippet_reaches_score_evidence(tmp_path: Path) -> None:
    source = data_text(LEXICON_FILE) + SNIPPET
    assert [p for p in lx.check(source) if p.level == lx.ERROR] == []
    df = pd.read_csv(CORPUS)
    small = pd.concat([df[df["split"] == s].head(n) for s, n in (("train", 500), ("test", 150))])
    data = tmp_path / "small.csv"
    small.to_csv(data, index=False)

    result = train(data, tmp_path / "models", lexicon_source=source)
    assert result.card["lexicon"]["signals"] == len(parse_lexicon(data_text(LEXICON_FILE))) + 1
    assert (
        "signals__signal:magang_jepang_berbayar"
        in result.pipeline.named_steps["features"].get_feature_names_out()
    )
    detector = Detector.load(tmp_path / "models")
    score = detector.score([NEW_POST])[0]
    found = [e for e in score.evidence if e.signal == "magang_jepang_berbayar"]
    assert found, score.evidence
    assert found[0].text.startswith("magang ke Jepang")
    assert found[0].text.endswith("uang pendaftaran")
    assert found[0].description == "Magang ke Jepang dengan biaya di muka"
    # the packaged lexicon has no such flag: the snippet is what made it appear
    packaged = parse_lexicon(data_text(LEXICON_FILE))
    assert "magang_jepang_berbayar" not in packaged.ids


BAD = """version = 2

[sets]
kerja = ["kerja", "bekerja"]
sisa = ["tidak dipakai"]

[[signal]]
id = "contoh"
family = "online_scam"
name = "Contoh"
description = "d"
source = "s"
triggers = ["biaya", "kerja"]
patterns = [
  "{kerja} ~5 {biaya_awal}",
  "",
  "biaya ~3 (admin | pendaftaran)",
  "/(\\\\d+)+/ biaya",
]
examples_pos = ["biaya tiket ditanggung"]
examples_neg = ["tanpa biaya pendaftaran"]

[[signal]]
id = "contoh_dua"
family = "illegal_recruitment"
name = "Contoh dua"
description = "d"
source = "s"
triggers = ["gaji"]
patterns = ["gaji ~2 besar"]
examples_pos = ["gaji kecil"]
examples_neg = ["gaji pokok"]
"""


def test_check_reports_each_mistake_on_its_line() -> None:
    problems = {(p.line, p.level): p.message for p in lx.check(BAD, "x.toml")}
    assert "himpunan {biaya_awal} tidak dikenal" in problems[(15, lx.ERROR)]
    assert "pola kosong" in problems[(16, lx.ERROR)]
    assert "cocok dengan contoh negatif 'tanpa biaya pendaftaran'" in problems[(17, lx.ERROR)]
    assert "super-linear" in problems[(18, lx.ERROR)]
    assert "contoh_dua: contoh positif tidak cocok: 'gaji kecil'" in problems[(23, lx.ERROR)]
    assert "{sisa} tidak dipakai" in problems[(5, lx.WARNING)]
    assert len(problems) == 6


def test_the_packaged_lexicon_has_no_errors() -> None:
    problems = lx.check(data_text(LEXICON_FILE))
    assert [p for p in problems if p.level == lx.ERROR] == []


def test_check_and_explain_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["lexicon", "check"])
    assert ok.exit_code == 0, ok.output
    assert "tidak ada galat" in ok.output
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    out = runner.invoke(app, ["lexicon", "check", str(bad)])
    assert out.exit_code == 1
    assert f"{bad}:15: galat: sinyal contoh: himpunan {{biaya_awal}} tidak dikenal" in out.output

    text = "Dibutuhkan ART ke Saudi, brgkt pake visa ziarah. Kami tidak memungut biaya admin."
    shown = runner.invoke(app, ["lexicon", "explain", text])
    assert shown.exit_code == 0, shown.output
    assert "visa_non_kerja" in shown.output
    assert "'visa ziarah'" not in shown.output  # spans are whole matches, as written
    assert "Tanda bahaya terhitung: art_timur_tengah_moratorium, visa_non_kerja" in shown.output

    with_snippet = tmp_path / "lexicon.toml"
    with_snippet.write_text(data_text(LEXICON_FILE) + SNIPPET, encoding="utf-8")
    shown = runner.invoke(app, ["lexicon", "explain", NEW_POST, "--lexicon", str(with_snippet)])
    assert "magang_jepang_berbayar" in shown.output, shown.output


def test_explain_marks_a_negated_match() -> None:
    result = lx.explain("Kami tidak pernah meminta transfer dulu untuk lowongan kerja ini")
    negated = [m for m in result["matches"] if m.negated]
    assert negated and "transfer_dulu" not in result["signals"], result


def test_the_compiled_form_is_cached_by_the_files_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(lx.CACHE_ENV, str(tmp_path))
    source = data_text(LEXICON_FILE)
    first = lx.compiled(source)
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1
    assert lx.compiled(source) == first  # read back from the cache: the same compiled form
    lx.compiled(source + SNIPPET)  # another text, another entry
    assert len(list(tmp_path.glob("*.json"))) == 2
    files[0].write_text("{kaputt", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert lx.compiled(source) == first
    assert "tidak terbaca" in caplog.text


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("~3 biaya", "diawali atau diakhiri jarak"),
        ("biaya (admin", "kurung ( tidak ditutup"),
        ("biaya | admin", "tanpa pasangan"),
        ("biaya /(/", "regex /(/ tidak sah"),
        ("!(tidak) ~2 biaya", "tidak boleh"),
        ("biaya ~0", "jarak ~0 tidak sah"),
        ("(biaya)?", "pola kosong"),
    ],
)
def test_malformed_patterns_are_explained(pattern: str, message: str) -> None:
    with pytest.raises(lx.LexiconError, match=message.replace("(", r"\(").replace("/", "/")):
        lx.compile_pattern(pattern, {})


def test_patterns_compile_to_token_regexes() -> None:
    sets = {"negara": ("kamboja", "phnom penh"), "neg": ("tanpa", "tidak ada")}
    cases = {
        "admin ~3 {negara}": ("admin online kerja kamboja", "admin di sana"),
        "<!{neg} biaya": ("ada biaya admin", "tidak ada biaya"),
        "visa ~2!(kerja) turis": ("visa untuk turis", "visa kerja turis"),
        "berangkat !(dari | jam)": ("berangkat besok", "berangkat dari surabaya"),
        "(kerja ~1)? {negara}": ("kerja di phnom penh", "ke phnom"),
        "usia /1[6-9]/": ("usia 17 tahun", "usia 170"),
    }
    import re

    for pattern, (yes, no) in cases.items():
        regex = re.compile(lx.compile_pattern(pattern, sets).regex)
        assert regex.search(yes), (pattern, yes, regex.pattern)
        assert not regex.search(no), (pattern, no, regex.pattern)
