"""Plain-text renderings of scores, metrics and training results (Bahasa Indonesia)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tppo_detect.labels import TARGET_NAMES_ID, TARGETS
from tppo_detect.model.detector import Score

if TYPE_CHECKING:
    from tppo_detect.text.ocr import ImageScore

_CONTRACT_KEYS = ("precision", "recall", "f1", "pr_auc")


def metrics_contract(metrics: dict[str, Any]) -> dict[str, Any]:
    """The documented JSON shape of ``tppo-detect evaluate --json``."""
    out: dict[str, Any] = {"rows": metrics["rows"]}
    for target in TARGETS:
        out[target] = {k: metrics[target][k] for k in _CONTRACT_KEYS}
    out["macro_f1"] = metrics["macro_f1"]
    return out


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def format_metrics(metrics: dict[str, Any], title: str = "Evaluasi") -> str:
    lines = [f"{title} — {metrics['rows']} baris"]
    lines.append(f"{'keluarga':<22}{'presisi':>9}{'recall':>9}{'F1':>9}{'PR-AUC':>9}{'Brier':>9}")
    for target in TARGETS:
        m = metrics[target]
        lines.append(
            f"{target:<22}{_fmt(m['precision']):>9}{_fmt(m['recall']):>9}{_fmt(m['f1']):>9}"
            f"{_fmt(m['pr_auc']):>9}{_fmt(m['brier']):>9}"
        )
        c = m["confusion"]
        lines.append(
            f"{'':<22}matriks kebingungan: TP={c['tp']} FP={c['fp']} FN={c['fn']} TN={c['tn']}"
        )
    macro = metrics["macro_f1"]
    lines.append(
        f"macro-F1: {macro:.3f}"
        if macro is not None
        else "macro-F1: tidak terdefinisi (tidak ada baris positif dan tidak ada yang ditandai "
        "positif; lihat matriks kebingungan)"
    )
    return "\n".join(lines)


def format_training(card: dict[str, Any], model_dir: Path) -> str:
    cv = card["cv"]
    lines = [
        f"Model {card['version']} disimpan di {model_dir}",
        f"Data: {sum(d['rows'] for d in card['data'])} baris "
        f"({sum(d['rows_train'] for d in card['data'])} latih, "
        f"{sum(d['rows_test'] for d in card['data'])} uji)",
        "Validasi silang {} lipatan (F1 rata-rata ± simpangan): {}".format(
            cv["folds"],
            ", ".join(f"{t} {cv[t]['f1_mean']:.3f} ± {cv[t]['f1_std']:.3f}" for t in TARGETS),
        ),
        _thresholds_line(card["thresholds"]),
        format_metrics(card["metrics"]["test"], title="Data uji (held-out)"),
        f"Waktu pelatihan: {card['training_seconds']} detik",
    ]
    return "\n".join(lines)


def _thresholds_line(t: dict[str, float]) -> str:
    line = f"Ambang risiko: sedang ≥ {t['sedang']:.2f}, tinggi ≥ {t['tinggi']:.2f}"
    if "review" in t:
        line += (
            "; sedang juga bila tanda bahaya menyala pada tawaran dengan risiko "
            f"≥ {t['review']:.2f}"
        )
    return line.replace(".", ",")


def format_image_score(name: str, result: ImageScore) -> str:
    """``format_score`` for an image post: the OCR text, the score, and where on the image
    (x, y, lebar×tinggi in pixels) each piece of evidence and each contact was read."""
    lines = [f"gambar: {name} ({result.ocr.width}×{result.ocr.height} piksel)", "teks OCR:"]
    lines += [f"  | {line}" for line in result.ocr.text.splitlines()] or [
        "  (tidak ada teks terbaca)"
    ]
    lines.append(format_score(result.ocr.text, result.score))
    items = [*zip(result.score.evidence, result.evidence_boxes, strict=True)]
    items += [*zip(result.score.contacts, result.contact_boxes, strict=True)]
    if items:
        lines.append("  letak di gambar (x,y lebar×tinggi):")
    for item, boxes in items:
        where = "; ".join(f"{x},{y} {w}×{h}" for x, y, w, h in boxes) or "tidak terpetakan"
        lines.append(f"    «{' '.join(item.text.split())}»: {where}")
    return "\n".join(lines)


def format_score(text: str, score: Score) -> str:
    preview = " ".join(text.split())
    if len(preview) > 100:
        preview = preview[:97] + "…"
    lines = [
        f"« {preview} »",
        f"  risiko: {score.risk_level.upper()} ({score.risk_score}/100)  "
        + "  ".join(
            f"{TARGET_NAMES_ID[t].split(' (')[0]}: {getattr(score, t):.2f}" for t in TARGETS
        ),
        f"  {score.explanation}",
    ]
    for e in score.evidence:
        lines.append(f"  • [{e.family}] {e.description}: «{e.text}» ({e.start}–{e.end})")
    if score.top_terms:
        lines.append("  kata berbobot: " + ", ".join(t.term for t in score.top_terms))
    if score.next_steps:
        lines.append("  langkah lanjut — laporkan ke:")
        for step in score.next_steps:
            contact = step.channel.contact_line()
            lines.append(
                f"    → {step.channel.name}" + (f" ({contact})" if contact else "")
                + f" [{step.reason}]"
            )  # fmt: skip
    return "\n".join(lines)
