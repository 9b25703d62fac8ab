"""Scoring with a model trained on the corpus: levels, evidence, and hard negatives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tppo_detect import Detector
from tppo_detect.labels import RISK_LEVELS, TARGETS
from tppo_detect.model.detector import _as_written, _surface, risk_level
from tppo_detect.model.features import JOB_CUES, PROMOTION, PROMOTION_MIN, TermTfidf
from tppo_detect.text.preprocess import prepare_one

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
    """The batch-vectorised top terms equal a plain per-post ranking of tf-idf x weight over
    both word blocks (stemmed terms and phrases as written), each word shown once."""
    texts = pd.read_csv(CORPUS)["text"].head(300).tolist()
    prepared = detector.prepare(texts)
    X = detector.features(prepared).toarray()
    scores = detector.score(texts)
    for x, doc, s in zip(X, prepared, scores, strict=True):
        best = (detector._word_coef * x).max(axis=0)
        expected: list[tuple[str, float]] = []
        for c in sorted(np.flatnonzero(best > 0), key=lambda c: -best[c]):
            name = detector._term_names[c]
            shown = _as_written(name) if detector._term_as_written[c] else _surface(name, doc)
            if len(expected) < 5 and all(t != shown for t, _ in expected):
                expected.append((shown, best[c]))
        assert [t.term for t in s.top_terms] == [t for t, _ in expected]
        assert [t.weight for t in s.top_terms] == pytest.approx([v for _, v in expected])


def test_phrases_keep_the_words_that_carry_stance() -> None:
    """The phrase block counts every word as written; the term block drops stop words and
    stems, so "saya pernah" (a story) and "apakah ini" (a question) only live in the first."""
    docs = [
        prepare_one(t)
        for t in ("Saya pernah ditipu, apakah ini resmi?", "Apakah ini resmi? Saya pernah")
    ]
    phrases = TermTfidf(min_df=2, source="tokens").fit(docs)
    terms = TermTfidf(min_df=2).fit(docs)
    assert {"saya pernah", "apakah ini"} <= set(phrases.get_feature_names_out())
    assert not {"saya pernah", "apakah ini"} & set(terms.get_feature_names_out())
    with pytest.raises(ValueError, match="source"):
        TermTfidf(source="letters").fit(docs)


#: Sastrawi stop words: the term block drops them, only the phrase block can show them
FUNCTION_WORDS = {"saya", "yang", "ini", "itu", "apakah", "kami", "untuk", "dari", "ada", "sudah"}


def test_a_shipped_model_shows_phrases_as_written(detector: Detector) -> None:
    """Some shown word is one the term block dropped (a stop word): it came from the phrases."""
    texts = pd.read_csv(CORPUS)["text"].head(300).tolist()
    prepared = detector.prepare(texts)
    from_phrases = [
        t.term
        for s, doc in zip(detector.score(texts), prepared, strict=True)
        for t in s.top_terms
        if set(t.term.split(" ")) & FUNCTION_WORDS - set(doc.terms)
    ]
    assert from_phrases


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


def test_a_family_without_its_own_red_flag_says_where_its_score_comes_from() -> None:
    """Issue 15: a high scam score beside recruitment-only evidence was not explained."""
    from tppo_detect.model.explain import explanation
    from tppo_detect.text.signals import SignalMatch

    flag = SignalMatch("paspor_diurus_perekrut", "illegal_recruitment", 0, 5, "paspor", "Paspor")
    text = explanation("tinggi", 0.9, 0.8, [flag])
    assert "tanda bahaya: Paspor" in text
    assert "Skor penipuan online (80%) tidak berasal dari tanda bahaya bernama" in text
    assert "Skor perekrutan" not in text
    assert "tidak berasal" not in explanation("tinggi", 0.9, 0.3, [flag])


def test_top_term_weights_are_their_share_of_the_logit(detector: Detector) -> None:
    """A shown term's weight is feature value x the classifier's weight, with the feature
    value as the classifier sees it (already scaled by its block's transformer weight): the
    phrase block (weight 1,5) was scaled a second time before."""
    texts = pd.read_csv(CORPUS)["text"].head(60).tolist()
    X = detector.features(detector.prepare(texts)).toarray()
    union = detector.pipeline.named_steps["features"]
    coef = detector.pipeline.named_steps["clf"].coef_
    word_cols = np.zeros(X.shape[1], dtype=bool)
    start = 0
    for name, transformer in union.transformer_list:
        width = len(transformer.get_feature_names_out())
        word_cols[start : start + width] = name in ("words", "phrases")
        start += width
    assert (union.transformer_weights or {}).get("phrases", 1.0) != 1.0
    for x, s in zip(X, detector.score(texts), strict=True):
        if s.top_terms:
            best = (coef[:, word_cols] * x[word_cols]).max()
            assert s.top_terms[0].weight == pytest.approx(best)


def test_a_promotion_without_job_content_or_red_flag_is_not_flagged() -> None:
    """Issue 12: operator promos reached tinggi on the model's score alone."""
    thresholds = {"sedang": 0.35, "tinggi": 0.7, "review": 0.15}
    assert risk_level(0.9, thresholds, promotion_only=True) == "rendah"
    # a red flag or an impersonated institution keeps it in view
    assert risk_level(0.9, thresholds, promotion_only=True, flagged=True) == "tinggi"
    assert risk_level(0.1, thresholds, promotion_only=True, impersonated=True) == "sedang"
    assert risk_level(0.9, thresholds, promotion_only=True, unofficial_recruitment=True) == "tinggi"


PROMO = (
    "Promo akhir bulan! Paket internet kuota 12 GB harga mulai Rp30 ribu, aktifkan lewat "
    "aplikasi, cek kuota kapan saja. Voucher cashback berlaku hingga tanggal 30."
)


def test_the_promotion_gate_reads_promo_words_but_not_a_vacancy(detector: Detector) -> None:
    """The gate opens on an operator promo and stays shut once the post offers a job."""
    offer = (
        "Lowongan admin online, gaji 15 juta, syarat min SMA, kami mencari 10 orang. "
        "Bonus voucher pulsa dan paket kuota internet gratis, promo daftar hari ini."
    )
    ctx = detector._context
    promo_doc, offer_doc = detector.prepare([PROMO, offer])
    assert ctx.count_of(promo_doc, PROMOTION) >= PROMOTION_MIN
    assert not any(ctx.count_of(promo_doc, cue) for cue in JOB_CUES)
    assert ctx.count_of(offer_doc, PROMOTION) >= PROMOTION_MIN
    assert any(ctx.count_of(offer_doc, cue) for cue in JOB_CUES)
    promo, job = detector.score([PROMO, offer])
    assert promo.risk_level == "rendah"
    assert job.risk_level != "rendah"
