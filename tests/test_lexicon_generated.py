"""The committed word lists are exactly what their generators in tools/lexicon produce."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO

TOOLS = REPO / "tools" / "lexicon"
DATA = REPO / "tppo_detect" / "data"


def test_slang_tsv_is_generated(tmp_path: Path) -> None:
    out = tmp_path / "slang.tsv"
    subprocess.run(
        [sys.executable, str(TOOLS / "build_slang.py"), str(TOOLS / "slang_spec.txt"), str(out)],
        check=True,
    )
    assert out.read_text(encoding="utf-8") == (DATA / "slang.tsv").read_text(encoding="utf-8")
