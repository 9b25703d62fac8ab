"""The batch output's `next_steps` column: channels per row, the row's platform included."""

from __future__ import annotations

from pathlib import Path

from tppo_detect.batch import score_file
from tppo_detect.model.detector import Detector

from .conftest import LEGIT, RECRUITMENT, TASK_SCAM, csv_lines, read_csv_rows, write_text


def test_next_steps_column_uses_each_rows_platform_or_url(tmp_path: Path, model_dir: Path) -> None:
    rows = [
        ["1", RECRUITMENT, "Facebook", ""],
        ["2", RECRUITMENT, "", "https://vt.tiktok.com/ZS8abc/"],  # same text, other platform
        ["3", RECRUITMENT, "", ""],  # no platform at all
        ["4", TASK_SCAM, "instagram", "https://www.instagram.com/p/xyz/"],
        ["5", LEGIT, "facebook", ""],
    ]
    src = write_text(tmp_path / "in.csv", csv_lines([["id", "text", "platform", "url"], *rows]))
    out = tmp_path / "out.csv"
    score_file(src, out, model=model_dir, quiet=True)
    got = {r["id"]: r for r in read_csv_rows(out)}

    steps = {k: r["next_steps"].split(";") if r["next_steps"] else [] for k, r in got.items()}
    assert got["1"]["risk_level"] in ("sedang", "tinggi")
    assert "kp2mi_pengaduan" in steps["1"] and "bp3mi_wilayah" in steps["1"]
    assert "platform_facebook" in steps["1"] and "platform_tiktok" not in steps["1"]
    assert "platform_tiktok" in steps["2"] and "platform_facebook" not in steps["2"]
    assert not any(s in steps["3"] for s in ("platform_facebook", "platform_tiktok"))
    # scored once, each row's platform added
    assert [s for s in steps["1"] if s != "platform_facebook"] == steps["3"]
    assert [s for s in steps["2"] if s != "platform_tiktok"] == steps["3"]
    assert "platform_instagram" in steps["4"] and "ojk_157" in steps["4"]
    assert got["5"]["risk_level"] == "rendah" and steps["5"] == []


def test_next_steps_column_matches_the_library(tmp_path: Path, model_dir: Path) -> None:
    src = write_text(tmp_path / "in.csv", csv_lines([["text", "platform"], [TASK_SCAM, "tiktok"]]))
    out = tmp_path / "out.csv"
    score_file(src, out, model=model_dir, quiet=True)
    (row,) = read_csv_rows(out)
    (score,) = Detector.load(model_dir).score([TASK_SCAM], platforms=["tiktok"])
    assert row["next_steps"] == ";".join(s.id for s in score.next_steps)
