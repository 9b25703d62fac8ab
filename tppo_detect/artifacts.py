"""Saving and loading model artifacts, with integrity checks.

A joblib file is pickled code: loading an unverified one runs whatever is in it. So every
artifact is listed with its sha256 in ``model_card.json`` and :func:`load_verified` refuses a
file whose hash is not the listed one — before unpickling anything.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Final

import joblib

MODEL_FILE: Final = "model.joblib"
CARD_FILE: Final = "model_card.json"
LATEST_FILE: Final = "LATEST"
MODELS_ENV: Final = "TPPO_MODELS_DIR"


class ModelIntegrityError(ValueError):
    """The model file is missing from its card, or its bytes are not what the card lists."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_models_dir() -> Path:
    """$TPPO_MODELS_DIR, else ``models/`` of the working directory."""
    return Path(os.environ.get(MODELS_ENV, "models"))


def resolve_model_dir(path: str | Path | None = None) -> Path:
    """A model version directory from a version dir, a models root (via LATEST) or the default."""
    root = Path(path) if path is not None else default_models_dir()
    if (root / CARD_FILE).exists():
        return root
    latest = root / LATEST_FILE
    if latest.exists():
        version = latest.read_text(encoding="utf-8").strip()
        if not version or "/" in version or version.startswith("."):
            raise ModelIntegrityError(f"{latest} does not name a version directory: {version!r}")
        return root / version
    raise FileNotFoundError(
        f"no model at {root}: expected {CARD_FILE} or {LATEST_FILE} "
        "(train one with `tppo-detect train --data data/posts.csv`)"
    )


def save_model(model: Any, card: dict[str, Any], model_dir: Path) -> dict[str, Any]:
    """Write ``model.joblib`` and a card listing its sha256; return the completed card."""
    model_dir.mkdir(parents=True, exist_ok=True)
    tmp = model_dir / (MODEL_FILE + ".tmp")
    joblib.dump(model, tmp, compress=3)
    tmp.replace(model_dir / MODEL_FILE)
    card = dict(card)
    card["artifacts"] = {
        MODEL_FILE: {
            "sha256": sha256_file(model_dir / MODEL_FILE),
            "bytes": (model_dir / MODEL_FILE).stat().st_size,
        }
    }
    write_json_atomic(model_dir / CARD_FILE, card)
    return card


def write_json_atomic(path: Path, payload: dict[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def point_latest(models_root: Path, version: str) -> None:
    """Make ``models_root/LATEST`` name ``version`` (atomic rename)."""
    tmp = models_root / (LATEST_FILE + ".tmp")
    tmp.write_text(version + "\n", encoding="utf-8")
    tmp.replace(models_root / LATEST_FILE)


def read_card(model_dir: Path) -> dict[str, Any]:
    card_path = model_dir / CARD_FILE
    if not card_path.exists():
        raise FileNotFoundError(f"model card not found: {card_path}")
    return json.loads(card_path.read_text(encoding="utf-8"))


def load_verified(model_dir: Path) -> tuple[Any, dict[str, Any]]:
    """Unpickle ``model.joblib`` only if its sha256 equals the one its card lists."""
    card = read_card(model_dir)
    model_path = model_dir / MODEL_FILE
    listed = card.get("artifacts", {}).get(MODEL_FILE, {}).get("sha256")
    if not listed:
        raise ModelIntegrityError(f"{model_path} is not listed in {CARD_FILE}: refusing to load it")
    if not model_path.exists():
        raise ModelIntegrityError(f"{model_path} is listed in the card but missing")
    actual = sha256_file(model_path)
    if actual != listed:
        raise ModelIntegrityError(
            f"{model_path} sha256 {actual[:12]}… does not match the card's {listed[:12]}…: "
            "the file was changed or corrupted; refusing to load it"
        )
    return joblib.load(model_path), card
