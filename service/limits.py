"""Request-body limits enforced before any route runs.

A pure ASGI middleware so an oversized or malformed body is refused while it streams in, not
after FastAPI has buffered and parsed it: the declared ``Content-Length`` is checked first and
the bytes actually received are counted (a client can lie or use chunked encoding). Bodies must
be JSON in UTF-8; anything else gets 415 or 400 with an Indonesian sentence.

Before a single body byte is read, a request to ``/v1/*`` must carry a valid API key (the same
check the routes make, :func:`service.auth._authorize`), so an unauthenticated client cannot
make the server hold 2 MB for it; and the whole body must arrive within ``body_timeout_s``
(408 otherwise), so a client dribbling bytes cannot hold a connection and a buffer for ever.
"""

from __future__ import annotations

import asyncio
from email.message import Message
from typing import Any

from fastapi import Depends, HTTPException, Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from tppo_detect.numbers import short, thousands

from .auth import _authorize
from .settings import BODY_TIMEOUT_S

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
#: A refused body is still read (and dropped) up to this many times the limit; see _drain.
DRAIN_FACTOR = 8
#: An unauthenticated request's body is drained (not kept) only up to this size; a larger one
#: is not read at all and the connection is closed after the 401/403.
UNAUTHENTICATED_DRAIN_BYTES = 64 * 1024
#: Paths whose every route needs an API key: checked before the body is read.
KEYED_PREFIX = "/v1/"
#: Routes taking a file upload (multipart/form-data) instead of JSON, with their own byte cap:
#: the image (``tppo_detect.text.ocr.MAX_IMAGE_BYTES``) plus room for the form's other fields.
UPLOAD_PATHS = {"/v1/score/image": 10 * 1024 * 1024 + 64 * 1024}


def _is_multipart(content_type: str) -> bool:
    msg = Message()
    msg["content-type"] = content_type
    return msg.get_content_type() == "multipart/form-data"


def _is_json(content_type: str) -> tuple[bool, str | None]:
    """(is a JSON media type, declared charset or None)."""
    msg = Message()
    msg["content-type"] = content_type
    subtype = msg.get_content_subtype()
    is_json = msg.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )
    charset = msg.get_param("charset")
    return is_json, (str(charset).lower() if isinstance(charset, str) else None)


class BodyLimitMiddleware:
    """413 above ``max_bytes``, 415 for non-JSON bodies, 400 for bytes that are not UTF-8;
    upload routes (``UPLOAD_PATHS``) take multipart/form-data up to their own cap instead."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, body_timeout_s: float = BODY_TIMEOUT_S
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        denied = self._check_key(scope, headers)
        if denied is not None:
            declared = headers.get("content-length", "")
            close = not (declared.isdigit() and int(declared) <= UNAUTHENTICATED_DRAIN_BYTES)
            if not close:
                await self._drain(receive, headers)
            extra = {**(denied.headers or {}), **({"Connection": "close"} if close else {})}
            await self._reply(scope, send, denied.status_code, str(denied.detail), extra)
            return
        upload = scope["path"] in UPLOAD_PATHS
        max_bytes = UPLOAD_PATHS.get(scope["path"], self.max_bytes)
        problem = self._check_headers(headers, max_bytes, upload=upload)
        if problem:
            await self._drain(receive, headers)
            await self._reply(scope, send, *problem)
            return

        chunks: list[bytes] = []
        size = 0
        more = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout_s
        while more:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                n = short(self.body_timeout_s)
                detail = f"waktu habis: badan permintaan tidak selesai dikirim dalam {n} detik"
                await self._reply(scope, send, 408, detail, {"Connection": "close"})
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > max_bytes:
                if message.get("more_body", False):
                    await self._drain(receive, {})
                await self._reply(scope, send, 413, self._too_large(max_bytes))
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)

        if body and not upload:
            declared = headers.get("content-type")
            if not declared or not _is_json(declared)[0]:
                await self._reply(scope, send, 415, self._wrong_type(declared))
                return
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                detail = f"badan permintaan bukan UTF-8 yang valid (byte ke-{exc.start})"
                await self._reply(scope, send, 400, detail)
                return

        sent = False

        async def replay() -> ASGIMessage:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    def _check_key(scope: Scope, headers: dict[str, str]) -> HTTPException | None:
        """The route's own key check, made from the headers alone (any valid key passes here;
        the route still checks the role). None when the request may go on."""
        if not scope["path"].startswith(KEYED_PREFIX):
            return None
        try:
            _authorize(Request(scope), headers.get("x-api-key"), "scoring")
        except HTTPException as exc:
            return exc
        return None

    def _check_headers(
        self, headers: dict[str, str], max_bytes: int, *, upload: bool = False
    ) -> tuple[int, str] | None:
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return 400, "header Content-Length tidak valid"
            if int(length) > max_bytes:
                return 413, self._too_large(max_bytes)
        declared = headers.get("content-type")
        if upload:
            if not declared or not _is_multipart(declared):
                got = f" (diterima: {declared})" if declared else ""
                return 415, f"Content-Type harus multipart/form-data dengan berkas gambar{got}"
            return None
        if declared:
            is_json, charset = _is_json(declared)
            if not is_json:
                return 415, self._wrong_type(declared)
            if charset not in (None, "utf-8", "utf8"):
                return 415, f"charset {charset} tidak didukung: kirim JSON dalam UTF-8"
        return None

    async def _drain(self, receive: Receive, headers: dict[str, str]) -> None:
        """Read and drop a refused body (up to a cap) so the client gets our answer.

        Closing a socket with unread bytes makes the kernel send RST, and a client still
        uploading then sees "connection reset" instead of the 413/415 it should read.
        """
        declared = headers.get("content-length", "")
        budget = DRAIN_FACTOR * self.max_bytes
        if declared.isdigit() and int(declared) > budget:
            return
        if declared == "0":
            return
        seen = 0
        while seen <= budget:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    @staticmethod
    def _too_large(n: int) -> str:
        return f"badan permintaan terlalu besar: maksimum {thousands(n)} byte ({n / 2**20:g} MB)"

    @staticmethod
    def _wrong_type(declared: str | None) -> str:
        got = f" (diterima: {declared})" if declared else ""
        return f"Content-Type harus application/json{got}"

    @staticmethod
    async def _reply(
        scope: Scope, send: Send, status: int, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        async def no_body() -> ASGIMessage:
            return {"type": "http.disconnect"}

        response = JSONResponse({"detail": detail}, status_code=status, headers=headers)
        await response(scope, no_body, send)


def only_query(*allowed: str) -> Any:
    """A dependency refusing query parameters the route does not define (422).

    Bodies already refuse unknown fields; doing the same for the query string means a typo such
    as ``?sinceid=500`` is reported instead of silently exporting everything.
    """
    names = frozenset(allowed)

    async def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - names)
        if unknown:
            shown = ", ".join(repr(n) for n in unknown)
            raise HTTPException(422, f"parameter query tidak dikenal: {shown}")

    return Depends(check)


#: For routes that take no query parameters at all.
NO_QUERY = only_query()
