"""The staff page: static HTML/JS served by the app, no build step."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from ..settings import PACKAGE_DIR

STATIC_DIR = PACKAGE_DIR / "static"

#: The page only talks to its own origin; user text is inserted as text nodes, never as HTML.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
async def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers=PAGE_HEADERS)
