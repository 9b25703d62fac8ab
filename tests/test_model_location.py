"""One model location rule for every face (issue 15): --models-dir, $TPPO_MODELS_DIR, ./models
when it holds a model, else the user data directory — and an Indonesian "no model" message that
says what to run. The CLI is run for real, from a folder that is not the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tppo_detect.extras import ExtraMissing, require
from tppo_detect.model.artifacts import default_models_dir, resolve_model_dir, user_models_dir

POST = "Dicari admin online di Kamboja gaji 20jt, tiket ditanggung, paspor dibantu"


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with no models/, and a user data directory of its own."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("TPPO_MODELS_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return work


def test_the_rule_in_order(elsewhere: Path, models_root: Path, monkeypatch) -> None:
    assert default_models_dir() == user_models_dir()
    assert str(user_models_dir()).startswith(str(elsewhere.parent / "xdg"))
    (elsewhere / "models").mkdir()  # a folder without LATEST is not a model folder
    assert default_models_dir() == user_models_dir()
    shutil.copytree(models_root, elsewhere / "models", dirs_exist_ok=True)
    assert default_models_dir() == Path("models")
    monkeypatch.setenv("TPPO_MODELS_DIR", str(models_root))
    assert default_models_dir() == models_root


def test_no_model_says_in_indonesian_what_to_run(elsewhere: Path) -> None:
    with pytest.raises(FileNotFoundError) as err:
        resolve_model_dir()
    message = str(err.value)
    assert "belum ada model" in message and "make model" in message
    assert "TPPO_MODELS_DIR" in message and str(user_models_dir()) in message


def _cli(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tppo_detect.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_score_from_another_folder_finds_the_user_model(models_root: Path, tmp_path: Path) -> None:
    """What `make run` leaves behind (a model in the user data directory) is found by
    `tppo-detect score` run from any folder; without it, the message says what to run."""
    env = {k: v for k, v in os.environ.items() if k != "TPPO_MODELS_DIR"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    work = tmp_path / "somewhere"
    work.mkdir()
    missing = _cli("score", POST, cwd=work, env=env)
    assert missing.returncode != 0
    assert "belum ada model" in missing.stderr, missing.stderr
    where = _cli("models-dir", cwd=work, env=env).stdout.strip()
    assert where == str(tmp_path / "xdg" / "tppo-detect" / "models")
    shutil.copytree(models_root, where)
    found = _cli("score", POST, cwd=work, env=env)
    assert found.returncode == 0, found.stderr
    assert "tinggi" in found.stdout


def test_a_missing_extra_names_what_to_install() -> None:
    with pytest.raises(ExtraMissing) as err:
        require("tppo_no_such_module", "parquet", "Keluaran Parquet")
    assert "Keluaran Parquet butuh paket tambahan" in str(err.value)
    assert "pip install -e '.[parquet]'" in str(err.value)
    assert isinstance(err.value, ValueError)  # the CLIs show it as one line
