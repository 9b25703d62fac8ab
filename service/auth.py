"""``X-API-Key`` checking as FastAPI dependencies: 401 without a key, 403 with a wrong one.

With no key configured at all the service is in dev mode: it answers without a key, but only
to loopback clients, so a forgotten keys file can never expose an open scoring endpoint on a
network (``service.cli.serve`` additionally refuses to bind anything but loopback).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from .devmode import is_loopback
from .keys import KeyRecord, KeyRing, Role

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    scheme_name="ApiKey",
    description="Kunci API (buat dengan `tppo-detect keys create`).",
)


def _authorize(request: Request, api_key: str | None, role: Role) -> KeyRecord | None:
    ring: KeyRing = request.app.state.keyring
    if ring.empty:
        client = request.client.host if request.client else None
        if not is_loopback(client):
            raise HTTPException(
                403, "mode pengembangan (belum ada kunci API): hanya melayani akses dari localhost"
            )
        return None
    if not api_key:
        raise HTTPException(
            401,
            "header X-API-Key wajib diisi",
            headers={"WWW-Authenticate": 'ApiKey header="X-API-Key"'},
        )
    record = ring.verify(api_key)
    if record is None:
        raise HTTPException(403, "kunci API salah atau sudah dicabut")
    if not record.allows(role):
        raise HTTPException(403, f"kunci API ini tidak berhak: butuh peran {role}")
    return record


async def require_scoring(
    request: Request, api_key: str | None = Security(api_key_header)
) -> KeyRecord | None:
    """Any valid key (scoring or admin); None in dev mode."""
    return _authorize(request, api_key, "scoring")


async def require_admin(
    request: Request, api_key: str | None = Security(api_key_header)
) -> KeyRecord | None:
    """An admin key; None in dev mode."""
    return _authorize(request, api_key, "admin")


ScoringKey = Depends(require_scoring)
AdminKey = Depends(require_admin)
#: Route parameter type for "the key that made this request" (None in dev mode).
CallerKey = Annotated[KeyRecord | None, Depends(require_scoring)]
