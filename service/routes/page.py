"""The staff page and the API docs: static files served by the app, no build step, no CDN.

Every file under ``/static`` (the page itself included, also as ``/static/index.html``) carries
the page's security headers, so the page cannot be framed from another origin whichever URL
loads it. ``/docs`` is Swagger UI from the files the ``fastapi-offline`` package ships (pinned
in pyproject.toml), served from ``/docs-static``: it works with no internet, and no script
from a third-party origin runs on the origin whose ``localStorage`` holds the API key.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

from ..settings import PACKAGE_DIR

STATIC_DIR = PACKAGE_DIR / "static"
DOCS_STATIC_URL = "/docs-static"

#: Headers every HTML/JS/CSS answer of ours carries, whatever its policy.
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

#: The page only talks to its own origin; user text is inserted as text nodes, never as HTML.
#: ``blob:`` images: the image post the analyst pasted, shown from memory with its boxes.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    **COMMON_HEADERS,
}

router = APIRouter(include_in_schema=False)


def docs_static_dir() -> Path:
    """Swagger UI's files as shipped by the fastapi-offline package."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


class SecureStaticFiles(StaticFiles):
    """StaticFiles whose answers carry fixed security headers."""

    def __init__(self, *, headers: dict[str, str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._headers = headers

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(self._headers)
        return response


def _docs_page(title: str, openapi_url: str) -> tuple[str, dict[str, str]]:
    """Swagger UI's HTML, and a CSP allowing exactly its own inline start-up script."""
    html = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=f"{title} - dokumentasi API",
        swagger_js_url=f"{DOCS_STATIC_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_STATIC_URL}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_STATIC_URL}/favicon.png",
    ).body.decode("utf-8")
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
        for s in inline
    )
    csp = (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )
    return html, {"Content-Security-Policy": csp, **COMMON_HEADERS}


def mount_static(app: object, title: str, openapi_url: str) -> None:
    """``/static`` (staff page assets), ``/docs-static`` (Swagger UI) and ``/docs``."""
    app.mount(  # type: ignore[attr-defined]
        "/static",
        SecureStaticFiles(directory=STATIC_DIR, headers=PAGE_HEADERS),
        name="static",
    )
    html, headers = _docs_page(title, openapi_url)
    app.mount(  # type: ignore[attr-defined]
        DOCS_STATIC_URL,
        SecureStaticFiles(directory=docs_static_dir(), headers=headers),
        name="docs-static",
    )

    async def docs() -> HTMLResponse:
        return HTMLResponse(html, headers=headers)

    app.add_api_route("/docs", docs, include_in_schema=False)  # type: ignore[attr-defined]


@router.get("/")
async def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers=PAGE_HEADERS)
