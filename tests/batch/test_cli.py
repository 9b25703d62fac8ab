"""The ``batch`` command as the main CLI will mount it (a tiny typer app here)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.batch.conftest import CHAT, RECRUITMENT, csv_lines, read_csv_rows, write_text


def _src(tmp_path: Path) -> Path:
    rows = [["tweet_url", "full_text"], ["u1", RECRUITMENT], ["u2", ""], ["u3", CHAT]]
    return write_text(tmp_path / "tweets.csv", csv_lines(rows))


def test_batch_command_prints_the_summary(cli, tmp_path: Path, model_dir: Path) -> None:
    src = _src(tmp_path)
    out = tmp_path / "hasil.csv"
    result = CliRunner().invoke(cli, ["batch", str(src), "-o", str(out), "--model", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert "kolom teks: 'full_text' (ekspor tweet-harvest)" in result.output
    assert "cek jumlah   : dibaca 3 = diskor 2 + ditolak 1 (cocok)" in result.output
    assert len(read_csv_rows(out)) == 2
    assert read_csv_rows(tmp_path / "hasil.rejects.csv")[0]["line"] == "3"


def test_quiet_json_and_options(cli, tmp_path: Path, model_dir: Path) -> None:
    src = _src(tmp_path)
    out = tmp_path / "hasil.parquet"
    args = ["batch", str(src), "-o", str(out), "--model", str(model_dir), "--quiet", "--json"]
    args += ["--text-col", "full_text", "--min-level", "sedang"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)  # --quiet: nothing but the JSON on the output
    assert summary["consistent"] is True
    assert summary["counts"]["rows_read"] == 3
    assert summary["min_level"] == "sedang"
    assert out.exists()


def test_errors_exit_2_with_a_message(cli, tmp_path: Path, model_dir: Path) -> None:
    src = _src(tmp_path)
    base = ["batch", str(src), "--model", str(model_dir)]
    result = CliRunner().invoke(cli, [*base, "--text-col", "isi"])
    assert result.exit_code == 2
    assert "kolom 'isi' tidak ada" in result.output
    result = CliRunner().invoke(cli, [*base, "--engine", "spark"])
    assert result.exit_code == 2 and "mesin 'spark' tidak dikenal" in result.output
    result = CliRunner().invoke(cli, [*base, "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--engine dask" in result.output
