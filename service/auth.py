"""``X-API-Key`` checking as FastAPI dependencies: 401 without a key, 403 with a wrong one.

Dev mode is an explicit start-up choice (``serve --dev``, loopback bind only): then requests
need no key but only loopback clients are served. Outside dev mode a key store with no active
key (every key revoked, the keys file deleted or emptied) refuses every request, so losing the
keys can never open the service.
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
    if request.app.state.settings.dev_mode:
        client = request.client.host if request.client else None
        if not is_loopback(client):
            raise HTTPException(
                403, "mode pengembangan (serve --dev): hanya melayani akses dari localhost"
            )
        return None
    ring: KeyRing = request.app.state.keyring
    if ring.empty:
        raise HTTPException(
            403, "layanan tidak punya kunci API aktif: semua permintaan ditolak (lihat log server)"
        )
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
