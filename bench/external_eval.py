"""How a model trained on our corpus behaves on real text written by others.

The public datasets in ``../shared/external/`` are evaluation-only: read in place, never copied,
never trained on. The headline is :func:`real_wording` (``id_real_recruitment_posts``: real scam
posts quoted by fact-checkers against real warnings, victim stories, questions, legitimate
announcements and news), with loker.id vacancies and operator promo SMS as the false-alarm
checks beside it. The other sets answer narrower questions:

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


REAL_POSTS = EXTERNAL / "id_real_recruitment_posts" / "posts.csv"
LOKER = EXTERNAL / "id_loker_job_postings" / "job_postings_processed.csv"
WIBISONO = EXTERNAL / "id_sms_spam_wibisono" / "dataset_sms_spam_v1.csv"


def _rates(levels: list[str], prefix: str = "") -> dict[str, Any]:
    """Rows and the shares at ``sedang``+ and at ``tinggi`` of a list of risk levels."""
    n = len(levels)
    return {
        "rows": n,
        f"{prefix}sedang_or_tinggi": round(sum(lv != "rendah" for lv in levels) / n, 4)
        if n
        else None,
        f"{prefix}tinggi": round(levels.count("tinggi") / n, 4) if n else None,
    }


def _flag_rates(detector: Detector, texts: list[str]) -> dict[str, Any]:
    return _rates([s.risk_level for s in detector.score(texts)], prefix="flagged_")


def _loker_texts(df: pd.DataFrame) -> list[str]:
    """A loker.id vacancy as one post: its title, a line break, its description."""
    return (df["Title"].fillna("") + "\n" + df["Description"].fillna("")).tolist()


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


def real_wording(detector: Detector) -> dict[str, Any]:
    """Recall on the real scams and false alarms on the real harmless posts, overall and per
    kind, at ``sedang``+ and at ``tinggi``; plus loker.id vacancies and promo SMS flagged."""
    out: dict[str, Any] = {}
    if REAL_POSTS.exists():
        df = pd.read_csv(REAL_POSTS)
        levels = [s.risk_level for s in detector.score(df["text"].astype(str).tolist())]
        df = df.assign(level=levels, scam=(df["illegal_recruitment"] + df["online_scam"]) > 0)
        out["real_scams"] = _rates(df.loc[df["scam"], "level"].tolist())
        out["real_harmless"] = _rates(df.loc[~df["scam"], "level"].tolist())
        out["per_kind"] = {
            kind: {"scam": bool(rows["scam"].iloc[0]), **_rates(rows["level"].tolist())}
            for kind, rows in sorted(
                df.groupby("kind"), key=lambda kv: (not kv[1]["scam"].iloc[0], kv[0])
            )
        }
        out["tiers"] = {lv: int((df["level"] == lv).sum()) for lv in ("rendah", "sedang", "tinggi")}
    if LOKER.exists():
        levels = [
            s.risk_level for s in detector.score(_loker_texts(pd.read_csv(LOKER)), contacts=False)
        ]
        out["loker_vacancies"] = _rates(levels)
        out["loker_tiers"] = {lv: levels.count(lv) for lv in ("rendah", "sedang", "tinggi")}
    if WIBISONO.exists():
        df = pd.read_csv(WIBISONO)
        for label, name in ((2, "sms_promo"), (1, "sms_fraud"), (0, "sms_normal")):
            texts = df.loc[df["label"] == label, "teks"].astype(str).tolist()
            out[name] = _rates([s.risk_level for s in detector.score(texts, contacts=False)])
    return out


def real_wording_table(data: dict[str, Any]) -> list[str]:
    """Markdown rows of :func:`real_wording`'s result (Indonesian number format)."""

    def pct(x: float | None) -> str:
        return "–" if x is None else f"{100 * x:.1f} %".replace(".", ",")

    rows = [
        "| himpunan | baris | ditandai (sedang+) | tinggi |",
        "|---|---|---|---|",
    ]
    named = (
        ("real_scams", "penipuan nyata (recall)"),
        ("real_harmless", "peringatan/cerita/sah nyata (alarm palsu)"),
        ("loker_vacancies", "lowongan loker.id (alarm palsu)"),
        ("sms_promo", "SMS promo operator (alarm palsu)"),
        ("sms_fraud", "SMS penipuan umum (recall)"),
    )
    for key, label in named:
        if key in data:
            r = data[key]
            rows.append(
                f"| {label} | {r['rows']} | {pct(r['sedang_or_tinggi'])} | {pct(r['tinggi'])} |"
            )
    for kind, r in data.get("per_kind", {}).items():
        side = "penipuan" if r["scam"] else "bukan penipuan"
        rows.append(
            f"| &nbsp;&nbsp;{kind} ({side}) | {r['rows']} | {pct(r['sedang_or_tinggi'])} | "
            f"{pct(r['tinggi'])} |"
        )
    return rows


def run(models_root: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Evaluate the model at ``models_root`` (default: models/LATEST) on every dataset present."""
    if not EXTERNAL.exists():
        return {"skipped": f"{EXTERNAL} not found"}
    detector = Detector.load(models_root)
    out: dict[str, Any] = {"model_version": detector.version}
    if limit is None:
        out["real_wording"] = real_wording(detector)

    if LOKER.exists():
        out["loker_real_vacancies"] = _flag_rates(
            detector, _loker_texts(pd.read_csv(LOKER).head(limit))
        )

    if WIBISONO.exists():
        df = pd.read_csv(WIBISONO).head(limit)
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
