"""Operational routes: liveness, readiness, metrics and the model card."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..auth import CallerKey
from ..errors import ERROR_RESPONSES
from ..limits import NO_QUERY
from ..modelstate import ServingDetector
from ..schemas import ErrorOut, StatusOut

router = APIRouter(tags=["operasional"], dependencies=[NO_QUERY])

#: Card keys that describe the server, not the model: only admin keys see them (absolute
#: paths and exact package versions help an attacker more than an integrator).
ADMIN_CARD_KEYS = frozenset({"path", "packages", "signature"})


def public_card(card: dict[str, Any]) -> dict[str, Any]:
    """The card as a scoring key sees it: no server paths, no package versions; training
    files are named by file name only."""
    out = {k: v for k, v in card.items() if k not in ADMIN_CARD_KEYS}
    if isinstance(out.get("data"), list):
        out["data"] = [
            {**d, "path": PurePath(str(d["path"])).name}
            if isinstance(d, dict) and "path" in d
            else d
            for d in out["data"]
        ]
    return out


class PrometheusResponse(Response):
    media_type = "text/plain"


@router.get("/healthz", response_model=StatusOut, response_model_exclude_none=True)
async def healthz() -> StatusOut:
    """Proses hidup (tidak memeriksa model)."""
    return StatusOut(status="ok")


@router.get(
    "/readyz",
    response_model=StatusOut,
    responses={503: {"model": ErrorOut, "description": "Model belum dimuat."}},
)
async def readyz(request: Request) -> Any:
    """Siap melayani: model sudah dimuat."""
    detector = request.app.state.models.detector
    if detector is None:
        return JSONResponse({"detail": "model belum dimuat"}, status_code=503)
    return StatusOut(
        status="ready",
        model_version=detector.version,
        key_required=not request.app.state.settings.dev_mode,
    )


@router.get("/metrics", response_class=PrometheusResponse)
async def metrics(request: Request) -> PrometheusResponse:
    """Metrik Prometheus (format teks)."""
    m = request.app.state.metrics
    return PrometheusResponse(m.render(), media_type=m.content_type)


@router.get(
    "/v1/model",
    response_model=dict[str, Any],
    responses=ERROR_RESPONSES,
    tags=["skor"],
)
async def model_card(request: Request, detector: ServingDetector, key: CallerKey) -> dict[str, Any]:
    """Kartu model yang sedang dipakai (versi, data latih, metrik, ambang risiko).

    Kunci admin (dan mode pengembangan) juga melihat lokasi berkas di server dan versi paket."""
    admin = key is None or key.allows("admin")
    card = dict(detector.card) if admin else public_card(detector.card)
    card["loaded_at"] = request.app.state.models.loaded_at
    return card
