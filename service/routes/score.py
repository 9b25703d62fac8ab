"""Scoring routes: one post, or up to 1,000 in order.

Each answer carries ``Server-Timing: model;dur=<ms>`` so operators (and the benchmark) can tell
the model's share of the latency from HTTP, auth, validation and JSON. Each scored post is also
a submission whose contacts the store remembers (``seen_before``, :mod:`service.sightings`).
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from tppo_detect.model.detector import EXPLAIN_ALL, Detector
from tppo_detect.model.next_steps import platform_of
from tppo_detect.numbers import thousands

from ..auth import ScoringKey
from ..errors import ERROR_RESPONSES
from ..limits import NO_QUERY
from ..modelstate import ServingDetector
from ..render import batch_body, draft
from ..schemas import BatchIn, BatchOut, ImageScoreOut, Platform, PostIn, ScoreOut
from ..settings import MAX_TEXT_CHARS
from ..sightings import NOT_SEEN, ContactSightings

#: The HTTP status for each ``tppo_detect.text.ocr.ImageError.reason``.
IMAGE_ERROR_STATUS = {"format": 415, "too_large": 413, "broken": 400, "unreadable": 400}

router = APIRouter(prefix="/v1", tags=["skor"], dependencies=[ScoringKey, NO_QUERY])


async def _timed_score(
    request: Request,
    detector: Detector,
    posts: list[PostIn],
    response: Response,
    *,
    rendered: bool = False,
    explain: str = EXPLAIN_ALL,
) -> Any:
    """Score on the scoring pool (never on the event loop), within the request's budget;
    ``rendered``: each answer's JSON built by the scorer too (:mod:`service.render`)."""
    start = time.perf_counter()
    # the platform field wins; without it the post's URL says where it was posted
    platforms = [p.platform or platform_of(p.url) for p in posts]
    scorer = request.app.state.scorer
    texts = [p.text for p in posts]
    if rendered:
        results = await scorer.score_rendered(detector, texts, platforms, explain)
    else:
        results = await scorer.score(detector, texts, platforms)
    response.headers["Server-Timing"] = f"model;dur={(time.perf_counter() - start) * 1000:.2f}"
    return results


@router.post("/score", response_model=ScoreOut, responses=ERROR_RESPONSES)
async def score_post(
    post: PostIn, request: Request, response: Response, detector: ServingDetector
) -> dict[str, Any]:
    """Skor satu unggahan: peluang per keluarga sinyal, tingkat risiko, bukti dan penjelasan."""
    # On the scoring pool, not the event loop: one pathological post can take a large fraction
    # of a second, and /healthz and every other client must keep answering meanwhile.
    result = (await _timed_score(request, detector, [post], response))[0]
    request.app.state.metrics.count_levels([result.risk_level])
    # A post without contacts needs no database, so it keeps the fast path above. One with
    # contacts waits for a committed write (an fsync): never on the event loop.
    sightings: ContactSightings = request.app.state.sightings
    seen = NOT_SEEN
    if sightings.has_contacts(result):
        (seen,) = await run_in_threadpool(sightings.observe, [result], [post.text])
    return {
        **result.to_dict(),
        "seen_before": seen.to_dict(),
        "draft": draft(result),
        "request_id": request.state.request_id,
    }


@router.post("/score/batch", response_model=BatchOut, responses=ERROR_RESPONSES)
async def score_batch(
    batch: BatchIn, request: Request, response: Response, detector: ServingDetector
) -> Response:
    """Skor hingga 1.000 unggahan sekaligus; hasil berurutan sama dengan masukan."""
    # Scored and rendered to JSON by the scorer (service.render): an 11 MB answer built here
    # would hold this process's GIL for most of a second while /healthz waits.
    rendered = await _timed_score(
        request, detector, batch.posts, response, rendered=True, explain=batch.explain
    )
    results = [r.score for r in rendered]
    request.app.state.metrics.count_levels([r.risk_level for r in results])
    seen = await run_in_threadpool(
        request.app.state.sightings.observe, results, [p.text for p in batch.posts]
    )
    body = batch_body(request.state.request_id, detector.version, rendered, seen)
    timing = {"Server-Timing": response.headers["Server-Timing"]}
    return Response(body, media_type="application/json", headers=timing)


@router.post("/score/image", response_model=ImageScoreOut, responses=ERROR_RESPONSES)
async def score_image_post(
    request: Request,
    response: Response,
    detector: ServingDetector,
    image: Annotated[
        UploadFile, File(description="Gambar unggahan: PNG, JPEG atau WebP, maks. 10 MB.")
    ],
    caption: Annotated[
        str, Form(max_length=MAX_TEXT_CHARS, description="Keterangan unggahan (boleh kosong).")
    ] = "",
    platform: Annotated[Platform | None, Form(description="Asal unggahan.")] = None,
) -> dict[str, Any]:
    """Skor unggahan berupa gambar (flyer lowongan, tangkapan layar chat): teksnya dibaca
    dengan OCR, lalu diskor seperti unggahan teks; tiap bukti dan kontak diberi kotak letaknya
    di gambar."""
    from tppo_detect.text.ocr import (
        MAX_IMAGE_BYTES,
        ImageError,
        OcrUnavailable,
        combined_text,
        read_image,
        score_ocr,
    )

    data = await image.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise HTTPException(
            413, f"gambar terlalu besar: maksimum {thousands(MAX_IMAGE_BYTES)} byte"
        )
    start = time.perf_counter()
    try:
        # OCR takes a few hundred milliseconds of Tesseract: off the event loop
        ocr = await run_in_threadpool(read_image, data)
    except ImageError as exc:
        raise HTTPException(IMAGE_ERROR_STATUS[exc.reason], str(exc)) from None
    except OcrUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    result = await run_in_threadpool(score_ocr, detector, ocr, caption=caption, platform=platform)
    response.headers["Server-Timing"] = f"model;dur={(time.perf_counter() - start) * 1000:.2f}"
    score = result.score
    request.app.state.metrics.count_levels([score.risk_level])
    text, _ = combined_text(caption, ocr.text)
    sightings: ContactSightings = request.app.state.sightings
    seen = NOT_SEEN
    if sightings.has_contacts(score):
        (seen,) = await run_in_threadpool(sightings.observe, [score], [text])
    return {
        **result.to_dict(),
        "scored_text": text,
        "seen_before": seen.to_dict(),
        "draft": draft(score),
        "request_id": request.state.request_id,
    }
