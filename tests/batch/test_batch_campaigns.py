"""`tppo-detect batch --campaigns` through the real CLI: contacts column and campaign file."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from ..conftest import REPO

TEMPLATE = (
    "Dibutuhkan admin online penempatan Kamboja, gaji 1.500 USD, tiket ditanggung, "
    "berangkat minggu ini tanpa pengalaman. Minat hubungi WA {}"
)


def test_batch_writes_contacts_and_campaigns(models_root: Path, tmp_path: Path) -> None:
    src = tmp_path / "scrape.csv"
    rows = [
        ["1", TEMPLATE.format("0812-3456-7890")],
        ["2", TEMPLATE.format("+62 813 1111 2222") + " 🔥"],
        ["3", TEMPLATE.format("0857 9999 0000") + " (info valid)"],
        ["4", "Dijual motor bekas Vario 2019, mulus, nego tipis. Hub 0819 2222 3333"],
    ]
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "full_text"], *rows])
    out = tmp_path / "scored.csv"
    done = subprocess.run(
        [sys.executable, "-m", "tppo_detect.cli", "batch", str(src), "-o", str(out),
         "--model", str(models_root), "--quiet", "--campaigns"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8-sig") as fh:
        scored = list(csv.DictReader(fh))
    assert "+6281234567890" in scored[0]["contacts"]
    assert "+6281922223333" in scored[3]["contacts"]
    with (tmp_path / "scored.campaigns.csv").open(encoding="utf-8-sig") as fh:
        campaigns = list(csv.DictReader(fh))
    assert len(campaigns) == 1
    assert campaigns[0]["size"] == "3"
