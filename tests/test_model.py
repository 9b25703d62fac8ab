"""Scoring with a model trained on the corpus: levels, evidence, and hard negatives."""

from __future__ import annotations

import pandas as pd
import pytest

from tppo_detect import Detector
from tppo_detect.labels import RISK_LEVELS, TARGETS
from tppo_detect.model import risk_level

from .conftest import CORPUS

SCAM_COMPOUND = (
    "🔥 LOKER ADMIN ONLINE 🔥 Penempatan K4mboja (Phnom Penh). Gaji 1.500 USD/bln, "
    "tidak perlu pengalaman, bisa komputer dasar. Tiket & visa ditanggung, berangkat minggu "
    "ini! Minat? japri t.me/hrd_asia_rekrut"
)
FEE_FRAUD = (
    "Dibutuhkan karyawan minimarket, langsung kerja tanpa tes. Syarat: KTP, ijazah. "
    "Biaya seragam & ID card Rp 350.000 ditransfer dulu ke rek BRI a.n HRD. WA 0813-9876-5432"
)
AWARENESS = [
    "WASPADA! Marak tawaran kerja 'admin online' di Kamboja dengan gaji 20 juta, tiket "
    "ditanggung. Itu modus TPPO. Bekerja ke luar negeri hanya lewat jalur resmi: cek di "
    "SISKOP2MI dan Disnaker setempat. Laporkan ke Polres atau hotline KP2MI.",
    "Polres Sikka menggagalkan pengiriman 12 calon PMI non-prosedural yang dijanjikan kerja "
    "di Malaysia memakai visa kunjungan. Tersangka perekrut telah ditahan.",
    "Ingat ya warga, tidak ada lowongan resmi yang meminta biaya seragam atau medical di "
    "awal. Jangan kirim uang ke perekrut. Info lowongan resmi hanya di kanal Disnaker kabupaten.",
]


def test_scam_compound_post_is_high_risk_with_evidence(detector: Detector) -> None:
    (s,) = detector.score([SCAM_COMPOUND])
    assert s.risk_level == "tinggi"
    assert s.illegal_recruitment > 0.5
    assert s.evidence, "a scam-compound offer must show its red flags"
    for e in s.evidence:
        assert SCAM_COMPOUND[e.start : e.end] == e.text
    assert s.explanation.startswith("Risiko tinggi")


def test_fee_fraud_is_an_online_scam(detector: Detector) -> None:
    (s,) = detector.score([FEE_FRAUD])
    assert s.online_scam > 0.5
    assert s.risk_level == "tinggi"
    assert any(e.family == "online_scam" for e in s.evidence)


@pytest.mark.parametrize("text", AWARENESS)
def test_awareness_and_news_score_low(detector: Detector, text: str) -> None:
    (s,) = detector.score([text])
    assert s.risk_level == "rendah", (s.risk_score, s.explanation)


def test_held_out_awareness_and_news_are_mostly_rendah(detector: Detector) -> None:
    df = pd.read_csv(CORPUS)
    held_out = df[(df["split"] == "test") & df["kind"].isin(["awareness", "news"])]
    levels = [s.risk_level for s in detector.score(held_out["text"].tolist())]
    share_low = levels.count("rendah") / len(levels)
    assert len(levels) >= 30
    assert share_low >= 0.85, share_low


def test_score_contract(detector: Detector) -> None:
    (s,) = detector.score([FEE_FRAUD])
    d = s.to_dict()
    assert set(d) == {
        *TARGETS, "risk_score", "risk_level", "evidence", "top_terms", "explanation",
        "model_version", "contacts", "stance", "next_steps",
    }  # fmt: skip
    for step in d["next_steps"]:
        assert set(step) == {
            "id", "name", "scope", "action", "reason", "phone", "whatsapp", "email", "url",
        }  # fmt: skip
    assert 0 <= d["risk_score"] <= 100
    assert d["risk_level"] in RISK_LEVELS
    assert d["model_version"] == detector.version
    for e in d["evidence"]:
        assert set(e) == {"signal", "family", "start", "end", "text", "description"}
    assert s.signal_ids == list(dict.fromkeys(e["signal"] for e in d["evidence"]))
    assert [c["value"] for c in d["contacts"]] == ["+6281398765432"]
    assert detector.score([FEE_FRAUD], contacts=False)[0].contacts == []


def test_top_terms_are_words_of_the_post(detector: Detector) -> None:
    (s,) = detector.score([SCAM_COMPOUND])
    assert s.top_terms
    assert all(t.weight > 0 for t in s.top_terms)
    assert all(t.family in TARGETS for t in s.top_terms)


def test_batch_and_single_scores_agree(detector: Detector) -> None:
    texts = [SCAM_COMPOUND, FEE_FRAUD, *AWARENESS]
    together = detector.score(texts)
    alone = [detector.score([t])[0] for t in texts]
    assert [s.to_dict() for s in together] == [s.to_dict() for s in alone]


def test_score_rejects_a_bare_string(detector: Detector) -> None:
    with pytest.raises(TypeError, match="list"):
        detector.score(SCAM_COMPOUND)  # type: ignore[arg-type]


def test_thresholds_are_ordered(detector: Detector) -> None:
    t = detector.thresholds
    assert 0 < t["sedang"] < t["tinggi"] <= 1


def test_compiled_classifier_equals_sklearns(detector: Detector) -> None:
    df = pd.read_csv(CORPUS)
    X = detector.features(detector.prepare(df["text"].head(300).tolist()))
    clf = detector.pipeline.named_steps["clf"]
    assert clf.predict_proba(X) == pytest.approx(clf.predict_proba_sklearn(X), abs=1e-9)


def test_detector_features_equal_the_pipelines(detector: Detector) -> None:
    texts = pd.read_csv(CORPUS)["text"].head(100).tolist()
    ours = detector.features(detector.prepare(texts)).toarray()
    union = detector.pipeline.named_steps["features"]
    reference = union.transform(detector.prepare(texts)).toarray()
    assert ours == pytest.approx(reference)


def test_top_terms_are_the_largest_contributions(detector: Detector) -> None:
    """The batch-vectorised top terms equal a plain per-post ranking of tf-idf x weight."""
    texts = pd.read_csv(CORPUS)["text"].head(300).tolist()
    prepared = detector.prepare(texts)
    n_words = len(detector._term_names)
    X = detector.features(prepared)[:, :n_words].toarray()
    scores = detector.score(texts)
    for x, s in zip(X, scores, strict=True):
        contrib = detector._word_coef * x  # (2, n_words)
        best = contrib.max(axis=0)
        expected = sorted(best[best > 0], reverse=True)[:5]
        assert [t.weight for t in s.top_terms] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("kwargs", "low", "high"),
    [
        # an institution's name with a readable unofficial channel: review at least, any stance
        ({"impersonated": True}, "sedang", "tinggi"),
        ({"impersonated": True, "stance": "peringatan", "asks_action": False}, "sedang", "tinggi"),
        # its recruitment with no readable channel: review only when it reads as an offer
        ({"unofficial_recruitment": True}, "sedang", "tinggi"),
        ({"unofficial_recruitment": True, "stance": "berita"}, "rendah", "tinggi"),
        # a post about an offer that asks nothing of the reader stays rendah at any risk
        (
            {"unofficial_recruitment": True, "stance": "berita", "asks_action": False},
            "rendah",
            "rendah",
        ),
        ({}, "rendah", "tinggi"),
    ],
)
def test_impersonation_sets_a_review_floor(kwargs: dict, low: str, high: str) -> None:
    thresholds = {"sedang": 0.35, "tinggi": 0.7, "review": 0.15}
    assert risk_level(0.05, thresholds, **kwargs) == low
    assert risk_level(0.9, thresholds, **kwargs) == high


def test_a_single_stance_word_does_not_gate_a_confident_offer() -> None:
    thresholds = {"sedang": 0.35, "tinggi": 0.7, "review": 0.15}
    weak = {"stance": "pertanyaan", "asks_action": False, "stance_strength": 1}
    assert risk_level(0.9, thresholds, **weak) == "tinggi"
    assert risk_level(0.5, thresholds, **weak) == "rendah"
    assert risk_level(0.9, thresholds, **{**weak, "stance_strength": 2}) == "rendah"
