"""Admin routes: atomic model reload."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Request

from tppo_detect.model.artifacts import ModelIntegrityError

from ..auth import AdminKey
from ..errors import ERROR_RESPONSES
from ..limits import NO_QUERY
from ..schemas import ErrorOut, ReloadIn, ReloadOut

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[AdminKey, NO_QUERY])


@router.post(
    "/reload",
    response_model=ReloadOut,
    responses={
        **ERROR_RESPONSES,
        404: {"model": ErrorOut, "description": "Versi model tidak ditemukan."},
        409: {"model": ErrorOut, "description": "Model baru ditolak; model lama tetap dipakai."},
    },
)
def reload_model(request: Request, body: Annotated[ReloadIn | None, Body()] = None) -> ReloadOut:
    """Muat ulang model (LATEST, atau versi tertentu) tanpa memutus permintaan yang berjalan.

    Model baru diperiksa (sha256 sesuai kartu model) dan dimuat penuh dulu; baru setelah itu
    ditukar. Bila gagal, model lama tetap melayani dan alasannya dikembalikan.
    """
    holder = request.app.state.models
    metrics = request.app.state.metrics
    version = body.version if body else None
    serving = holder.detector.version if holder.detector else None
    keep = f"; model {serving} tetap dipakai" if serving else ""
    try:
        previous, new = holder.reload(version)
    except FileNotFoundError as exc:
        metrics.reloads.labels("not_found").inc()
        raise HTTPException(404, f"model tidak ditemukan: {exc}{keep}") from exc
    except ModelIntegrityError as exc:
        metrics.reloads.labels("rejected").inc()
        log.error("reload ditolak: %s", exc)
        raise HTTPException(
            409, f"model ditolak, pemeriksaan integritas gagal: {exc}{keep}"
        ) from exc
    except Exception as exc:
        metrics.reloads.labels("failed").inc()
        log.exception("reload gagal")
        raise HTTPException(
            409, f"model tidak bisa dimuat ({type(exc).__name__}: {exc}){keep}"
        ) from exc
    metrics.reloads.labels("ok").inc()
    return ReloadOut(
        previous_version=previous.version if previous else None,
        model_version=new.version,
        request_id=request.state.request_id,
    )
