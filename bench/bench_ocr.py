"""Image posts (issue 17): Tesseract time per 1080×1080 flyer on one core, and how well the
image reading agrees with the post's own text on the rendered test set (tools/ocr/flyers.py).

Time: ``read_image`` (decode, greyscale, deskew, Tesseract ind+eng, word boxes) over the
set's 1080×1080 flyers, ``OMP_THREAD_LIMIT=1`` so Tesseract uses one core; the figure is the
median of 3 passes of the mean per flyer. The deskew angle search alone is reported too.

Run alone: ``.venv/bin/python -m bench.bench_ocr [models_dir]``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GOAL_SECONDS_PER_FLYER = 1.0


def run(models_root: Path | None = None, quick: bool = False) -> dict[str, Any]:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract (OpenMP) on one core
    from tools.ocr.flyers import render
    from tppo_detect.model.detector import Detector
    from tppo_detect.text.ocr import (
        OcrUnavailable,
        check_tesseract,
        load_image,
        prepare,
        read_image,
        score_ocr,
    )

    try:
        check_tesseract()
    except OcrUnavailable as err:  # the other sections still run; the goals say "not measured"
        return {"skipped": str(err)}
    detector = Detector.load(models_root)
    with tempfile.TemporaryDirectory() as tmp:
        flyers = render(Path(tmp), 64)
        square = [f for f in flyers if f.style == "flyer"][: 6 if quick else 16]
        passes = []
        for _ in range(3):
            start = time.perf_counter()
            for f in square:
                read_image(f.path)
            passes.append((time.perf_counter() - start) / len(square))
        deskew = []
        for _ in range(3):
            images = [load_image(f.path) for f in square]
            start = time.perf_counter()
            for image in images:
                prepare(image)
            deskew.append((time.perf_counter() - start) / len(square) * 1000)
        text_scores = detector.score([f.text for f in flyers])
        agree = with_contacts = recovered = 0
        for f, text_score in zip(flyers, text_scores, strict=True):
            image_score = score_ocr(detector, read_image(f.path)).score
            agree += image_score.risk_level == text_score.risk_level
            wanted = {c.key for c in text_score.contacts}
            if wanted:
                with_contacts += 1
                recovered += wanted <= {c.key for c in image_score.contacts}
    return {
        "flyers_timed": len(square),
        "seconds_per_flyer": round(statistics.median(passes), 3),
        "passes_s": [round(p, 3) for p in passes],
        "prepare_with_deskew_ms": round(statistics.median(deskew), 1),
        "goal_seconds_per_flyer": GOAL_SECONDS_PER_FLYER,
        "test_set": {
            "images": len(flyers),
            "tier_agreement": round(agree / len(flyers), 3),
            "with_contacts": with_contacts,
            "contact_recovery": round(recovered / with_contacts, 3) if with_contacts else None,
        },
    }


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(run(root), indent=2))
