"""How a model trained on our corpus behaves on real text written by others.

The public datasets in ``../shared/external/`` are evaluation-only: read in place, never copied,
never trained on. None is labelled for recruitment scams, so each answers a narrower question:

* ``id_loker_job_postings`` — real vacancies from a moderated portal: the share flagged
  (``sedang`` or ``tinggi``) is the false-positive rate on legitimate job offers.
* ``id_sms_spam_wibisono`` / ``id_sms_scam_michaelchen27`` — SMS fraud vs normal: how the
  online-scam family reacts to generic (non-job) fraud; reported as PR-AUC and recall.
* ``id_sms_spam_bopbi`` — 50 real spam SMS, no normal ones: the share flagged per category
  (loan and prize scams are online fraud; premium-SMS promos are not).
* ``id_scam_discussions_ner`` — people discussing scams: hard negatives, share flagged.
* ``id_judol_youtube_comments`` — gambling promotion vs normal comments: share flagged per label
  (gambling is neither of our families; this shows how far "scam-like" text drifts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score

from tppo_detect import Detector

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"


def _flag_rates(detector: Detector, texts: list[str]) -> dict[str, Any]:
    scores = detector.score(texts)
    levels = [s.risk_level for s in scores]
    return {
        "rows": len(texts),
        "flagged_sedang_or_tinggi": round(1 - levels.count("rendah") / len(levels), 4),
        "flagged_tinggi": round(levels.count("tinggi") / len(levels), 4),
    }


def _flag_rates_by(detector: Detector, df: pd.DataFrame, text: str, group: str) -> dict[str, Any]:
    """:func:`_flag_rates` for each value of ``group`` (a label or category column)."""
    return {
        f"{group}_{key}": _flag_rates(detector, rows[text].astype(str).tolist())
        for key, rows in df.groupby(group)
    }


def _fraud_vs_normal(detector: Detector, texts: list[str], labels: np.ndarray) -> dict[str, Any]:
    """Fraud (1) vs normal (0); promo rows (2) are left out."""
    keep = labels != 2
    texts = [t for t, k in zip(texts, keep, strict=True) if k]
    y = labels[keep]
    scores = detector.score(texts)
    p_scam = np.array([s.online_scam for s in scores])
    flagged = np.array([s.risk_level != "rendah" for s in scores])
    return {
        "rows": len(y),
        "fraud_rows": int(y.sum()),
        "online_scam_pr_auc": round(float(average_precision_score(y, p_scam)), 4),
        "fraud_recall_at_sedang": round(float(flagged[y == 1].mean()), 4),
        "normal_flagged_rate": round(float(flagged[y == 0].mean()), 4),
    }


def run(models_root: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Evaluate the model at ``models_root`` (default: models/LATEST) on every dataset present."""
    if not EXTERNAL.exists():
        return {"skipped": f"{EXTERNAL} not found"}
    detector = Detector.load(models_root)
    out: dict[str, Any] = {"model_version": detector.version}

    loker = EXTERNAL / "id_loker_job_postings" / "job_postings_processed.csv"
    if loker.exists():
        df = pd.read_csv(loker).head(limit)
        texts = (df["Title"].fillna("") + "\n" + df["Description"].fillna("")).tolist()
        out["loker_real_vacancies"] = _flag_rates(detector, texts)

    sms = EXTERNAL / "id_sms_spam_wibisono" / "dataset_sms_spam_v1.csv"
    if sms.exists():
        df = pd.read_csv(sms).head(limit)
        out["sms_wibisono"] = _fraud_vs_normal(
            detector, df["teks"].astype(str).tolist(), df["label"].to_numpy()
        )

    mc = EXTERNAL / "id_sms_scam_michaelchen27" / "test_sms_540.csv"
    if mc.exists():
        df = pd.read_csv(mc, encoding="cp1252").head(limit)
        out["sms_michaelchen27_test"] = _fraud_vs_normal(
            detector, df["Teks"].astype(str).tolist(), df["Label"].to_numpy()
        )

    bopbi = EXTERNAL / "id_sms_spam_bopbi" / "indonesia_sms_spam_bopbi.csv"
    if bopbi.exists():
        df = pd.read_csv(bopbi).head(limit)
        out["sms_bopbi_spam"] = _flag_rates_by(detector, df, "text", "category")

    disc = EXTERNAL / "id_scam_discussions_ner" / "clean_datatext.csv"
    if disc.exists():
        df = pd.read_csv(disc).head(limit)
        out["scam_discussions"] = _flag_rates(detector, df["clean_text"].astype(str).tolist())

    judol = EXTERNAL / "id_judol_youtube_comments" / "dataset.csv"
    if judol.exists():
        df = pd.read_csv(judol).head(limit)
        out["judol_comments"] = _flag_rates_by(detector, df, "comment", "label")
    return out


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(run(root), indent=2))
