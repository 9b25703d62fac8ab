"""``tppo-detect batch --image-col`` (issue 17): each row's image is read with OCR and scored
with the row's caption; a bad image path rejects that row (with its line number), the rest is
still scored."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.batch.conftest import csv_lines, read_csv_rows, write_text
from tests.ocr.conftest import draw_known_flyer


def test_image_column_scores_the_ocr_text_with_the_caption(
    cli, tmp_path: Path, model_dir: Path
) -> None:
    images = tmp_path / "gambar"
    images.mkdir()
    flyer = draw_known_flyer(images / "flyer.png")
    (images / "rusak.png").write_bytes(b"bukan gambar")
    absolute = draw_known_flyer(tmp_path / "lain.png").path
    rows = [
        ["id", "caption", "image"],
        ["1", "Info dari grup", "gambar/flyer.png"],
        ["2", "Dijual motor bekas, mulus, nego tipis", ""],
        ["3", "ini juga", "gambar/tidak-ada.png"],
        ["4", "", "gambar/rusak.png"],
        ["5", "", str(absolute)],
    ]
    src = write_text(tmp_path / "posts.csv", csv_lines(rows))
    out = tmp_path / "hasil.csv"
    args = ["batch", str(src), "-o", str(out), "--model", str(model_dir)]
    result = CliRunner().invoke(cli, [*args, "--text-col", "caption", "--image-col", "image"])
    assert result.exit_code == 0, result.output
    scored = {r["id"]: r for r in read_csv_rows(out)}
    assert set(scored) == {"1", "2", "5"}
    assert scored["1"]["risk_level"] == scored["5"]["risk_level"] == "tinggi"
    assert scored["1"]["caption"].startswith("Info dari grup\n\n")
    assert "6285236127190" in scored["1"]["contacts"]
    assert scored["2"]["risk_level"] == "rendah"
    assert flyer.text.splitlines()[0] in scored["5"]["caption"]
    rejects = {r["line"]: r["reason"] for r in read_csv_rows(tmp_path / "hasil.rejects.csv")}
    assert set(rejects) == {"4", "5"}  # file lines: header is line 1
    assert "'gambar/tidak-ada.png'" in rejects["4"] and "tidak bisa dibaca" in rejects["4"]
    assert "bukan gambar PNG, JPEG, atau WebP" in rejects["5"]


def test_unknown_image_column_is_a_clear_error(cli, tmp_path: Path, model_dir: Path) -> None:
    src = write_text(tmp_path / "p.csv", csv_lines([["text"], ["halo"]]))
    args = ["batch", str(src), "--model", str(model_dir), "--image-col", "foto"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "kolom gambar 'foto' tidak ada" in result.output
