"""Evaluation metrics per family, and risk-level thresholds chosen on validation data."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)

from tppo_detect.labels import TARGETS

#: Probability at or above which a family counts as predicted positive.
DECISION_THRESHOLD = 0.5


def family_metrics(y_true: np.ndarray, proba: np.ndarray) -> dict[str, Any]:
    """Precision, recall, F1, PR-AUC, Brier and the confusion matrix for one family."""
    y_true = np.asarray(y_true).astype(int)
    pred = (proba >= DECISION_THRESHOLD).astype(int)
    has_both = len(np.unique(y_true)) == 2
    tn, fp, fn, tp = confusion_matrix(y_true, pred, labels=[0, 1]).ravel()
    # No positive rows and none predicted: precision, recall and F1 are undefined (None), not
    # 0 — a file of harmless posts all scored correctly is not a failure.
    undefined = tp + fp + fn == 0
    return {
        "precision": None if undefined else float(precision_score(y_true, pred, zero_division=0)),
        "recall": None if undefined else float(recall_score(y_true, pred, zero_division=0)),
        "f1": None if undefined else float(f1_score(y_true, pred, zero_division=0)),
        "pr_auc": float(average_precision_score(y_true, proba)) if has_both else None,
        "brier": float(brier_score_loss(y_true, proba)),
        "support": int(y_true.sum()),
        "confusion": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
    }


def evaluate_arrays(Y: np.ndarray, P: np.ndarray) -> dict[str, Any]:
    """Metrics for both families plus ``macro_f1`` and the row count (the JSON contract)."""
    out: dict[str, Any] = {"rows": len(Y)}
    for j, target in enumerate(TARGETS):
        out[target] = family_metrics(Y[:, j], P[:, j])
    defined = [out[t]["f1"] for t in TARGETS if out[t]["f1"] is not None]
    out["macro_f1"] = float(np.mean(defined)) if defined else None
    any_true = Y.max(axis=1)
    out["any_risk"] = family_metrics(any_true, P.max(axis=1))
    return out


#: "sedang" is at least this far below "tinggi", so the middle level is a real band to review.
MIN_LEVEL_GAP = 0.15
#: Below "sedang", a post whose red flags fired (and that does not read as a warning, story,
#: question or clarification) is still "sedang" from this risk up: model and flags disagree.
REVIEW_FLOOR = 0.15


def choose_thresholds(Y: np.ndarray, P: np.ndarray, *, sedang_recall: float = 0.98) -> dict:
    """Risk-level cut-offs on the overall risk (max family probability).

    ``tinggi``: the cut-off with the best F1 for "any family positive" (never below 0.5, so
    "tinggi" always means the model thinks it more likely than not). ``sedang``: the highest
    cut-off that still catches ``sedang_recall`` of the positives, so staff reviewing
    everything at ``sedang`` and above miss few posts — and never closer than
    :data:`MIN_LEVEL_GAP` to ``tinggi``. ``review``: :data:`REVIEW_FLOOR`, the lowest risk at
    which a post with red flags that reads as an offer is still ``sedang`` (see
    :func:`tppo_detect.model.detector.risk_level`).
    """
    y = Y.max(axis=1).astype(int)
    risk = P.max(axis=1)
    candidates = np.unique(np.round(risk, 3))
    best_t, best_f1 = 0.5, -1.0
    for t in candidates:
        if t < 0.5:
            continue
        f1 = f1_score(y, (risk >= t).astype(int), zero_division=0)
        if f1 > best_f1:
            best_t, best_f1 = float(t), f1
    positives = np.sort(risk[y == 1])
    if len(positives):
        k = int(np.floor((1 - sedang_recall) * len(positives)))
        sedang = float(positives[k])
    else:
        sedang = 0.3
    sedang = min(sedang, best_t - MIN_LEVEL_GAP)
    sedang = max(sedang, 0.1)
    return {
        "sedang": round(sedang, 4),
        "tinggi": round(best_t, 4),
        "review": round(min(REVIEW_FLOOR, sedang), 4),
    }
