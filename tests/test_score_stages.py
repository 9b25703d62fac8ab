"""Score first, explain what matters (issue #18): the light stage gives the full path's
probabilities and levels exactly, and the explained posts are exactly the full path's."""

from __future__ import annotations

import struct

import pandas as pd
import pytest

from tppo_detect import Detector
from tppo_detect.model.detector import EXPLAIN_CHOICES, LEVEL_RANK, explain_rank

from .conftest import CORPUS


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return pd.read_csv(CORPUS, dtype=str, keep_default_na=False)["text"].tolist()


@pytest.fixture(scope="module")
def full(detector: Detector, corpus_texts: list[str]) -> list:
    return detector.score(corpus_texts)


@pytest.mark.parametrize("explain", ["sedang", "tinggi"])
def test_light_stage_keeps_probabilities_and_levels_on_the_whole_corpus(
    detector: Detector, corpus_texts: list[str], full: list, explain: str
) -> None:
    staged = detector.score(corpus_texts, explain=explain)
    least = explain_rank(explain)
    assert len(staged) == len(full) == len(corpus_texts)
    light = 0
    for row, (a, b) in enumerate(zip(full, staged, strict=True)):
        # byte for byte, every row of the corpus
        assert _bits(a.illegal_recruitment) == _bits(b.illegal_recruitment), row
        assert _bits(a.online_scam) == _bits(b.online_scam), row
        assert (a.risk_score, a.risk_level, a.stance) == (b.risk_score, b.risk_level, b.stance)
        if LEVEL_RANK[a.risk_level] >= least:
            assert b.to_dict() == a.to_dict(), row
        else:
            light += 1
            assert (b.evidence, b.top_terms, b.contacts, b.next_steps) == ([], [], [], [])
            assert b.explanation == ""
    # the corpus has posts on both sides of the cut, so both stages ran
    assert 0 < light < len(full)


def test_explain_all_is_the_full_path(detector: Detector, corpus_texts: list[str]) -> None:
    sample = corpus_texts[:300]
    assert [s.to_dict() for s in detector.score(sample, explain="all")] == [
        s.to_dict() for s in detector.score(sample)
    ]


def test_a_single_post_is_explained_whatever_its_level(detector: Detector) -> None:
    (s,) = detector.score(["Dijual motor Beat 2019 mulus, pajak hidup. Nego tipis, COD."])
    assert s.risk_level == "rendah"
    assert s.explanation.startswith("Risiko rendah")


def test_unknown_explain_choice_is_refused_in_indonesian(detector: Detector) -> None:
    with pytest.raises(ValueError, match="pilihan: " + ", ".join(EXPLAIN_CHOICES)):
        detector.score(["halo"], explain="semua")


def test_the_garbage_collector_is_paused_only_during_a_call(detector: Detector) -> None:
    import gc

    assert gc.isenabled()
    detector.score(["Loker Kamboja gaji 20 juta"])
    assert gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    try:
        detector.score(["Loker Kamboja gaji 20 juta"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_small_batch_rows_are_the_sparse_features_bit_for_bit(
    detector: Detector, corpus_texts: list[str]
) -> None:
    """The SciPy-free path of small calls (``Detector.rows``) gives the same CSR arrays and
    the same probabilities, byte for byte, as the sparse path on every corpus row."""
    import numpy as np

    prepared = detector.prepare(corpus_texts)
    X = detector.features(prepared)
    rows = detector.rows(prepared)
    assert np.array_equal(rows.indptr, X.indptr)
    assert np.array_equal(rows.indices, X.indices)
    assert rows.data.tobytes() == X.data.tobytes()
    assert detector._proba_rows(rows).tobytes() == detector._clf.predict_proba(X).tobytes()


def test_one_post_rows_are_its_sparse_row_bit_for_bit(
    detector: Detector, corpus_texts: list[str]
) -> None:
    """A call of one post (``_Rows.of`` hands its arrays over as they are) gives that post's
    row of the sparse matrix and its probabilities, byte for byte, on every corpus row."""
    import numpy as np

    prepared = detector.prepare(corpus_texts)
    X = detector.features(prepared)
    proba = detector._clf.predict_proba(X)
    for i, doc in enumerate(prepared):
        one = detector.rows([doc])
        start, end = X.indptr[i], X.indptr[i + 1]
        assert one.indptr.tolist() == [0, end - start], i
        assert np.array_equal(one.indices, X.indices[start:end]), i
        assert one.data.tobytes() == X.data[start:end].tobytes(), i
        assert detector._proba_rows(one).tobytes() == proba[i : i + 1].tobytes(), i


def test_one_post_top_terms_are_the_batch_top_terms(
    detector: Detector, corpus_texts: list[str]
) -> None:
    """``_top_terms_one`` (a call of one post) gives each corpus post's top terms exactly as
    the vectorised batch path does: the same terms, families, values (as floats) and order."""
    prepared = detector.prepare(corpus_texts)
    X = detector.features(prepared)
    batch = detector._top_terms(X, prepared)
    for i, doc in enumerate(prepared):
        one = detector._top_terms_one(detector.rows([doc]), doc)
        assert [(t.term, t.family, t.weight.hex()) for t in one] == [
            (t.term, t.family, t.weight.hex()) for t in batch[i]
        ], i


def test_a_post_scored_alone_is_the_post_scored_in_a_batch(
    detector: Detector, corpus_texts: list[str], full: list
) -> None:
    from tppo_detect.model.detector import SMALL_BATCH

    sample = range(0, len(corpus_texts), 7)
    for i in sample:
        (alone,) = detector.score([corpus_texts[i]])
        assert alone.to_dict() == full[i].to_dict(), i
        assert _bits(alone.illegal_recruitment) == _bits(full[i].illegal_recruitment), i
        assert _bits(alone.online_scam) == _bits(full[i].online_scam), i
    # a small call at a lighter explain level keeps every probability and level
    small = detector.score(corpus_texts[:SMALL_BATCH], explain="tinggi")
    for a, b in zip(full[:SMALL_BATCH], small, strict=True):
        assert (_bits(a.illegal_recruitment), _bits(a.online_scam), a.risk_level) == (
            _bits(b.illegal_recruitment),
            _bits(b.online_scam),
            b.risk_level,
        )
