"""Training and evaluation: the one code path the CLI, the notebooks and the tests share.

``train`` validates the labeled CSV(s), uses the corpus' fixed ``split`` column (or assigns a
grouped deterministic split when a file has none), runs stratified 5-fold cross-validation on the
train rows (its out-of-fold predictions also choose the risk-level thresholds), fits the final
pipeline on all train rows, measures it on the held-out rows and writes the artifact and its card.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from tppo_detect.labels import TARGETS
from tppo_detect.model.artifacts import claim_version_dir, point_latest, save_model, sha256_file
from tppo_detect.model.detector import Detector
from tppo_detect.model.hyperparams import TrainConfig
from tppo_detect.resources import data_text
from tppo_detect.text.preprocess import sastrawi_version
from tppo_detect.text.signals import LEXICON_FILE
from tppo_detect.training.metrics import choose_thresholds, evaluate_arrays
from tppo_detect.training.schema import read_labeled_csv
from tppo_detect.training.split import assign_split

__all__ = ["TrainConfig", "TrainResult", "train"]

_PACKAGES = ("scikit-learn", "pandas", "numpy", "scipy", "joblib", "PySastrawi")


@dataclass
class TrainResult:
    """What :func:`train` produced."""

    version: str
    model_dir: Path
    card: dict[str, Any]
    pipeline: Pipeline = field(repr=False)


def labels_of(df: pd.DataFrame) -> np.ndarray:
    return df[list(TARGETS)].to_numpy(dtype=int)


def load_training_data(paths: Sequence[str | Path]) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Read, validate and concatenate labeled CSVs; rows without a split get a grouped one."""
    frames: list[pd.DataFrame] = []
    provenance: list[dict[str, Any]] = []
    for path in paths:
        path = Path(path)
        df = read_labeled_csv(path)
        if "split" not in df.columns or (df["split"] == "").any():
            strata = [f"{a}-{b}" for a, b in labels_of(df)]
            assigned = assign_split(df["text"].tolist(), strata)
            if "split" in df.columns:
                df["split"] = [s or a for s, a in zip(df["split"], assigned, strict=True)]
            else:
                df["split"] = assigned
        provenance.append(
            {
                "path": str(path),
                "sha256": sha256_file(path),
                "rows": len(df),
                "rows_train": int((df["split"] == "train").sum()),
                "rows_test": int((df["split"] == "test").sum()),
                "positives": {t: int(df[t].sum()) for t in TARGETS},
            }
        )
        frames.append(df)
    if not frames:
        raise ValueError("no training data given")
    data = pd.concat(frames, ignore_index=True)
    return data, provenance


def cross_validate(
    prepared: list[Any], Y: np.ndarray, config: TrainConfig, lexicon_source: str | None = None
) -> tuple[np.ndarray, dict[str, Any]]:
    """Out-of-fold probabilities and per-family F1 mean/std over stratified folds.

    Stratified on the label combination (neither / one / the other / both). ``prepared`` are
    already-normalised posts so each fold only refits features and classifier.
    """
    strata = Y[:, 0] * 2 + Y[:, 1]
    folds = StratifiedKFold(n_splits=config.cv_folds, shuffle=True, random_state=config.seed)
    oof = np.zeros(Y.shape, dtype=float)
    per_fold: list[dict[str, Any]] = []
    template = Pipeline(config.pipeline(lexicon_source).steps[1:])
    for train_idx, val_idx in folds.split(np.zeros(len(Y)), strata):
        model = clone(template)
        model.fit([prepared[i] for i in train_idx], Y[train_idx])
        oof[val_idx] = model.predict_proba([prepared[i] for i in val_idx])
        per_fold.append(evaluate_arrays(Y[val_idx], oof[val_idx]))
    summary: dict[str, Any] = {"folds": config.cv_folds}
    for target in TARGETS:
        f1s = [m[target]["f1"] for m in per_fold]
        summary[target] = {"f1_mean": float(np.mean(f1s)), "f1_std": float(np.std(f1s))}
    summary["macro_f1_mean"] = float(np.mean([m["macro_f1"] for m in per_fold]))
    return oof, summary


def _package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    out["PySastrawi"] = sastrawi_version()
    try:
        out["tppo-detect"] = version("tppo-detect")
    except PackageNotFoundError:
        out["tppo-detect"] = "source"
    return out


def _version_name(provenance: list[dict[str, Any]], config: TrainConfig, lexicon_sha: str) -> str:
    """Date plus a hash of data, parameters and lexicon: same inputs, same version name."""
    basis = json.dumps(
        {"data": [p["sha256"] for p in provenance], "config": config.to_dict(), "lex": lexicon_sha},
        sort_keys=True,
    )
    digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:8]
    return f"{datetime.now(UTC):%Y%m%d}-{digest}"


def train(
    data: str | Path | Sequence[str | Path],
    models_dir: str | Path,
    *,
    config: TrainConfig | None = None,
    version: str | None = None,
    promote: bool = True,
    lexicon_source: str | None = None,
) -> TrainResult:
    """Train, evaluate on the held-out rows, save ``models_dir/<version>/`` and (by default)
    point ``models_dir/LATEST`` at it. ``lexicon_source``: the text of a red-flag lexicon file
    to train with (default: the packaged ``lexicon.toml``); it is kept inside the model."""
    config = config or TrainConfig()
    started = time.perf_counter()
    paths = [data] if isinstance(data, (str, Path)) else list(data)
    df, provenance = load_training_data(paths)
    train_df = df[df["split"] == "train"].reset_index(drop=True)
    test_df = df[df["split"] == "test"].reset_index(drop=True)
    if train_df.empty or test_df.empty:
        raise ValueError("training needs rows in both the train and the test split")
    Y_train = labels_of(train_df)
    for j, target in enumerate(TARGETS):
        if len(np.unique(Y_train[:, j])) < 2:
            raise ValueError(f"train split has only one class for {target}")

    # Read the lexicon once: every fold and the final model use the very same signals.
    lexicon_source = lexicon_source if lexicon_source is not None else data_text(LEXICON_FILE)
    pipeline = config.pipeline(lexicon_source)
    prep = pipeline.steps[0][1]
    prepared = prep.fit_transform(train_df["text"].tolist())
    oof, cv_summary = cross_validate(prepared, Y_train, config, lexicon_source)
    thresholds = choose_thresholds(Y_train, oof)

    rest = Pipeline(pipeline.steps[1:])
    rest.fit(prepared, Y_train)
    pipeline = Pipeline([pipeline.steps[0], *rest.steps])
    signals_step = dict(pipeline.named_steps["features"].transformer_list)["signals"]

    models_root = Path(models_dir)
    # Claimed before the card is written: a name already taken (same data and parameters on
    # the same day, or a chosen name) gets a new folder, never the old one overwritten.
    model_dir = claim_version_dir(
        models_root,
        version or _version_name(provenance, config, signals_step.lexicon_sha256_),
        exact=version is not None,
    )
    version = model_dir.name
    try:
        card = _finish_card(
            pipeline, signals_step, version, config, provenance, cv_summary, thresholds
        )
        card["metrics"] = {"test": evaluate(Detector(pipeline, card), test_df)}
        card["training_seconds"] = round(time.perf_counter() - started, 2)
        card = save_model(pipeline, card, model_dir)
    except BaseException:
        shutil.rmtree(model_dir, ignore_errors=True)  # our own, just-claimed folder
        raise
    if promote:
        point_latest(models_root, version)
    return TrainResult(version=version, model_dir=model_dir, card=card, pipeline=pipeline)


def _finish_card(
    pipeline: Pipeline,
    signals_step: Any,
    version: str,
    config: TrainConfig,
    provenance: list[dict[str, Any]],
    cv_summary: dict[str, Any],
    thresholds: dict[str, Any],
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "version": version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "targets": list(TARGETS),
        "data": provenance,
        "config": config.to_dict(),
        "cv": cv_summary,
        "thresholds": thresholds,
        "lexicon": {
            "sha256": signals_step.lexicon_sha256_,
            "signals": len(signals_step.lexicon),
        },
        "features": {
            "words": len(dict(pipeline.named_steps["features"].transformer_list)["words"].idf_),
            "signals": len(signals_step.lexicon),
        },
        "packages": _package_versions(),
    }
    return card


def evaluate(detector: Detector, df: pd.DataFrame) -> dict[str, Any]:
    """The evaluation contract for any labeled frame (``text`` + the two label columns)."""
    Y = labels_of(df)
    P = detector.predict_proba(df["text"].tolist())
    return evaluate_arrays(Y, P)


#: ``evaluate --split`` value that takes every row, training rows included.
ALL_SPLITS = "semua"


def evaluate_file(detector: Detector, path: str | Path, split: str | None = None) -> dict:
    """Evaluate a labeled CSV. A file with a ``split`` column is evaluated on its ``test`` rows
    unless ``split`` says otherwise (``semua`` = every row): the training rows would measure
    memory, not the model. The result's ``split`` says which rows were used."""
    df = read_labeled_csv(path)
    has_split = "split" in df.columns and (df["split"] != "").any()
    if split is None:
        split = "test" if has_split else ALL_SPLITS
    if split != ALL_SPLITS:
        if not has_split:
            raise ValueError(
                f"{path} tidak punya kolom split; hapus --split atau pakai --split {ALL_SPLITS}"
            )
        values = sorted(set(df["split"]) - {""})
        if split not in values:
            raise ValueError(
                f"split {split!r} tidak ada di {path}: pilihan {', '.join([*values, ALL_SPLITS])}"
            )
        df = df[df["split"] == split].reset_index(drop=True)
    out = evaluate(detector, df)
    out["split"] = split
    return out


def promote(models_dir: str | Path, version: str) -> None:
    """Point LATEST at an existing, trained version (after verifying it loads)."""
    root = Path(models_dir)
    Detector.load(root / version)
    point_latest(root, version)
