"""A joblib file is code: only a file whose sha256 matches its card is ever unpickled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tppo_detect import Detector, ModelIntegrityError
from tppo_detect.artifacts import CARD_FILE, MODEL_FILE


@pytest.fixture
def model_copy(models_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "models"
    shutil.copytree(models_root, root)
    return root


def version_dir(root: Path) -> Path:
    return root / (root / "LATEST").read_text().strip()


def test_loads_through_latest(model_copy: Path) -> None:
    d = Detector.load(model_copy)
    assert d.version == (model_copy / "LATEST").read_text().strip()


def test_tampered_model_is_refused(model_copy: Path) -> None:
    path = version_dir(model_copy) / MODEL_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="does not match"):
        Detector.load(model_copy)


def test_unlisted_model_is_refused(model_copy: Path) -> None:
    card_path = version_dir(model_copy) / CARD_FILE
    card = json.loads(card_path.read_text())
    del card["artifacts"]
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelIntegrityError, match="not listed"):
        Detector.load(model_copy)


def test_missing_model_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="tppo-detect train"):
        Detector.load(tmp_path)


def test_latest_cannot_escape_the_models_dir(model_copy: Path) -> None:
    (model_copy / "LATEST").write_text("../elsewhere\n")
    with pytest.raises(ModelIntegrityError):
        Detector.load(model_copy)
