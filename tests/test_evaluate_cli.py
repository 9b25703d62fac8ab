"""`tppo-detect evaluate` as a newcomer meets it (issue 15): the held-out rows by default, an
Indonesian error for an unknown split, and no "F1 0.000" for a file with nothing to find."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS


def evaluate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tppo_detect.cli", "evaluate", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_corpus_is_measured_on_its_test_rows_by_default(models_root: Path) -> None:
    default = evaluate("--data", str(CORPUS), "--model", str(models_root), "--json")
    test = evaluate("--data", str(CORPUS), "--model", str(models_root), "--split", "test", "--json")
    assert default.returncode == 0, default.stderr
    assert json.loads(default.stdout) == json.loads(test.stdout)
    text = evaluate("--data", str(CORPUS), "--model", str(models_root))
    assert ", split test (model" in text.stdout


def test_an_unknown_split_lists_the_choices(models_root: Path) -> None:
    done = evaluate("--data", str(CORPUS), "--model", str(models_root), "--split", "tes")
    assert done.returncode != 0
    assert "split 'tes' tidak ada" in done.stderr
    assert "test, train, semua" in done.stderr
    assert "Traceback" not in done.stderr


def test_only_harmless_rows_all_right_is_not_f1_zero(models_root: Path, tmp_path: Path) -> None:
    data = tmp_path / "aman.csv"
    data.write_text(
        "text,illegal_recruitment,online_scam\n"
        '"Toko roti di Singaraja cari karyawan, kirim lamaran langsung ke toko",0,0\n'
        '"Jadwal posyandu bulan ini hari Sabtu di balai banjar",0,0\n',
        encoding="utf-8",
    )
    done = evaluate("--data", str(data), "--model", str(models_root))
    assert done.returncode == 0, done.stderr
    assert "macro-F1: tidak terdefinisi" in done.stdout
    assert "0.000" not in done.stdout.split("macro-F1")[1]
    as_json = json.loads(
        evaluate("--data", str(data), "--model", str(models_root), "--json").stdout
    )
    assert as_json["macro_f1"] is None
    assert as_json["online_scam"]["f1"] is None
