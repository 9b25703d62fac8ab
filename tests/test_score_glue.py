"""Shortcuts in building a post's result, pinned to the plain construction they stand in for."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd

from tppo_detect.batch.scoring import score_rows
from tppo_detect.model.detector import Detector, Score, _plain_score
from tppo_detect.model.next_steps import steps_ids
from tppo_detect.text.contacts import format_contacts

from .test_lexicon_snapshot import CORPUS


def test_a_plain_score_is_the_dataclass_built_by_its_init() -> None:
    for args in [(0.1, 0.2, 20, "rendah", "v1", None), (0.9, 0.0, 90, "tinggi", "", "warning")]:
        fast = _plain_score(*args)
        slow = Score(
            illegal_recruitment=args[0],
            online_scam=args[1],
            risk_score=args[2],
            risk_level=args[3],
            model_version=args[4],
            stance=args[5],
        )
        assert type(fast) is Score
        assert fast == slow
        assert list(vars(fast)) == list(vars(slow)) == [f.name for f in fields(Score)]
        assert vars(fast) == vars(slow)
    one, two = _plain_score(*args), _plain_score(*args)
    assert one.evidence is not two.evidence  # a new list each, as the default factory gives


def test_score_rows_is_the_cells_of_every_score(detector: Detector) -> None:
    """The shortcut for posts without evidence, contacts or next steps gives the cells the
    general formula gives (over the corpus, for every explain choice)."""
    texts = pd.read_csv(CORPUS)["text"].astype(str).tolist()
    for explain in ("all", "sedang", "tinggi"):
        expected = [
            (
                round(s.illegal_recruitment, 4),
                round(s.online_scam, 4),
                s.risk_score,
                s.risk_level,
                ";".join(s.signal_ids),
                format_contacts(s.contacts),
                steps_ids(s.next_steps),
            )
            for s in detector.score(texts, explain=explain)
        ]
        assert score_rows(detector, texts, explain) == expected


def test_the_quiet_post_shortcut_of_assess_is_its_gated_reading(detector: Detector) -> None:
    """``_assess`` answers rendah for most posts without reading the other gates; over the
    corpus, under the card's thresholds and under moved ones (with and without a review
    floor), its verdict is the one every gate of ``risk_level`` gives."""
    texts = pd.read_csv(CORPUS)["text"].astype(str).tolist()
    prepared = detector.prepare(texts)
    proba = detector.predict_proba(texts).tolist()
    card = dict(detector.thresholds)
    variants = [
        card,
        {"sedang": 0.2, "tinggi": 0.5, "review": 0.1},
        {"sedang": 0.6, "tinggi": 0.9},
        {"sedang": 0.5, "tinggi": 0.8, "review": None},
        {"sedang": 0.5, "tinggi": 0.8, "review": 0.0},
    ]
    quiet = 0
    try:
        for thresholds in variants:
            detector.thresholds = thresholds
            for doc, (p_ir, p_scam) in zip(prepared, proba, strict=True):
                hits = detector._signals.hits(doc)
                imp = detector._impersonation
                found = [] if imp is None else imp.findings(doc)
                gated = detector._assess_gated(doc, max(p_ir, p_scam), hits, found)
                fast = detector._assess(doc, p_ir, p_scam)
                assert fast == gated  # level, stance, hits, findings and spans
                quiet += gated.level == "rendah" and not found
    finally:
        detector.thresholds = card
    assert quiet > len(texts)  # the shortcut's case is common under every variant
