"""Layering (issue 16): the core never imports a face, and importing it or asking the CLI for
help loads none of the heavy libraries (cold start, `--help` in a fraction of a second)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "tppo_detect"
HEAVY = (
    "sklearn",
    "scipy",
    "pandas",
    "sqlalchemy",
    "pyarrow",
    "dask",
    "joblib",
    "PIL",
    "pytesseract",
)


def test_the_core_never_imports_the_service() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "service"]
    assert not offenders


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }


@pytest.mark.parametrize(
    "args",
    [("-c", "import tppo_detect"), ("-m", "tppo_detect.cli", "--help")],
    ids=["import", "cli-help"],
)
def test_no_heavy_import_before_heavy_work(args: tuple[str, ...]) -> None:
    loaded = _imported(*args)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_service_commands_arrive_through_the_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tppo_detect.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "serve" in done.stdout and "keys" in done.stdout, done.stdout


def test_lazy_public_names_still_import() -> None:
    from tppo_detect import Detector, ModelIntegrityError, Score
    from tppo_detect.batch import OUTPUT_COLUMNS, score_file

    assert Detector.__name__ == "Detector" and Score.__name__ == "Score"
    assert issubclass(ModelIntegrityError, Exception)
    assert callable(score_file) and "risk_level" in OUTPUT_COLUMNS
    with pytest.raises(AttributeError):
        import tppo_detect

        _ = tppo_detect.NoSuchThing
