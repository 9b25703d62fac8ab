"""Numbers the Indonesian way, from one home (issue 15/16: batch printed 60,000, the API 60.000)."""

from __future__ import annotations

from pathlib import Path

from tppo_detect.batch import score_file
from tppo_detect.numbers import decimal, percent, short, thousands


def test_formats() -> None:
    assert thousands(60000) == "60.000"
    assert thousands(1234567.6) == "1.234.568"
    assert decimal(1234.5) == "1.234,50"
    assert decimal(0.9538, 3) == "0,954"
    assert short(0.02) == "0,02" and short(10.0) == "10"
    assert percent(0.125) == "12,5 %" and percent(1, 8) == "12,5 %" and percent(1, 0) == "0,0 %"


def test_the_batch_summary_groups_thousands_with_dots(tmp_path: Path, models_root: Path) -> None:
    src = tmp_path / "besar.csv"
    src.write_text("text\n" + "Toko roti cari karyawan\n" * 1500, encoding="utf-8")
    summary = score_file(src, tmp_path / "hasil.csv", model=models_root, quiet=True).format()
    assert "baris dibaca : 1.500" in summary
    assert "1,500" not in summary
