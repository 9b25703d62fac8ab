"""Analyst verdicts in, corpus CSV out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from ..auth import AdminKey, CallerKey
from ..errors import ERROR_RESPONSES, ERROR_RESPONSES_JSON
from ..export import csv_chunks
from ..limits import NO_QUERY, only_query
from ..modelstate import ServingDetector
from ..schemas import FeedbackIn, FeedbackOut

router = APIRouter(prefix="/v1/feedback", tags=["umpan balik"])


class CSVResponse(StreamingResponse):
    media_type = "text/csv"


@router.post(
    "",
    status_code=201,
    response_model=FeedbackOut,
    responses=ERROR_RESPONSES,
    dependencies=[NO_QUERY],
)
async def add_feedback(
    item: FeedbackIn,
    request: Request,
    detector: ServingDetector,
    key: CallerKey,
) -> FeedbackOut:
    """Simpan penilaian analis atas satu unggahan, beserta skor model saat ini dan versinya.

    Skor dihitung ulang di server (bukan dikirim klien) agar yang tersimpan pasti sesuai versi
    model yang tercatat. Jawaban 201 baru dikirim setelah transaksi tersimpan.
    """
    (score,) = await request.app.state.scorer.score(detector, [item.text])
    fid = await run_in_threadpool(
        request.app.state.store.add,
        {
            "text": item.text,
            "illegal_recruitment": int(item.illegal_recruitment),
            "online_scam": int(item.online_scam),
            "note": item.note,
            "platform": item.platform,
            "kind": item.kind,
            "split": item.split,
            "url": item.url,
            "author": item.author,
            "posted_at": item.posted_at,
            "request_id": item.request_id,
            "key_id": key.id if key else None,
            "model_version": score.model_version,
            "risk_score": score.risk_score,
            "risk_level": score.risk_level,
            "score_illegal_recruitment": score.illegal_recruitment,
            "score_online_scam": score.online_scam,
            "score_json": json.dumps(score.to_dict(), ensure_ascii=False),
        },
    )
    request.app.state.metrics.feedback.inc()
    return FeedbackOut(
        id=fid,
        request_id=request.state.request_id,
        model_version=score.model_version,
        risk_level=score.risk_level,  # type: ignore[arg-type]
        risk_score=score.risk_score,
    )


@router.get(
    "/export",
    response_class=CSVResponse,
    responses={
        200: {"description": "CSV skema korpus (id,text,label...,platform,kind,split,source)."},
        **ERROR_RESPONSES_JSON,
    },
    dependencies=[AdminKey, only_query("since_id")],
)
def export_feedback(
    request: Request,
    since_id: Annotated[
        int,
        Query(ge=0, le=2**31 - 1, description="Hanya umpan balik dengan id lebih besar dari ini."),
    ] = 0,
) -> CSVResponse:
    """Unduh semua umpan balik sebagai CSV skema korpus (butuh kunci admin), dialirkan."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return CSVResponse(
        csv_chunks(request.app.state.store.iter_rows(since_id=since_id)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="feedback-{stamp}.csv"'},
    )
