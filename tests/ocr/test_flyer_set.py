"""The OCR test set (issue 17): 64 flyers and chat screenshots rendered from corpus posts
(tools/ocr/flyers.py), half risky. Reading the image must give the same risk tier as the
post's own text on ≥ 90 % of them, and recover the post's phone numbers and links on ≥ 90 %
of those that have any."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tppo_detect.model.detector import Detector
from tppo_detect.text.ocr import read_image, score_ocr

pytestmark = pytest.mark.slow


def test_the_set_is_what_the_issue_asks_for(flyer_set) -> None:
    assert len(flyer_set) >= 60
    assert sum(f.risky for f in flyer_set) == len(flyer_set) // 2
    assert {f.style for f in flyer_set} == {"flyer", "chat"}
    assert len({f.path.name for f in flyer_set}) == len(flyer_set)


def test_tier_agreement_and_contact_recovery(
    detector: Detector, flyer_set, monkeypatch: pytest.MonkeyPatch
) -> None:
    text_scores = detector.score([f.text for f in flyer_set])
    # Tesseract runs as a child process: one single-threaded reader per core, side by side.
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        ocr_results = list(pool.map(read_image, [f.path for f in flyer_set]))
    agree = 0
    with_contacts = recovered = 0
    misses = []
    for flyer, text_score, ocr in zip(flyer_set, text_scores, ocr_results, strict=True):
        image_score = score_ocr(detector, ocr).score
        if image_score.risk_level == text_score.risk_level:
            agree += 1
        else:
            misses.append((flyer.path.name, text_score.risk_level, image_score.risk_level))
        wanted = {c.key for c in text_score.contacts}
        if wanted:
            with_contacts += 1
            found = {c.key for c in image_score.contacts}
            if wanted <= found:
                recovered += 1
            else:
                misses.append((flyer.path.name, sorted(wanted - found)))
    assert with_contacts >= 15, "the set must hold enough posts with contacts to measure"
    assert agree / len(flyer_set) >= 0.9, misses
    assert recovered / with_contacts >= 0.9, misses
