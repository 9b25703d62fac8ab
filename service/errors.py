"""Error responses: every failure is ``{"detail": "<one Indonesian sentence>"}``.

Staff and integrators read these messages, so pydantic's English, list-shaped validation errors
are rewritten into a short Indonesian sentence naming the field and the limit that was broken.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tppo_detect.numbers import thousands

from .schemas import NOT_BLANK, ErrorOut

log = logging.getLogger(__name__)

#: Shown in the OpenAPI document for every route that takes a body or a key.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Badan permintaan rusak (JSON/UTF-8 tidak valid)."},
    401: {"model": ErrorOut, "description": "Header X-API-Key tidak ada."},
    403: {"model": ErrorOut, "description": "Kunci salah atau perannya tidak cukup."},
    408: {"model": ErrorOut, "description": "Badan permintaan tidak selesai dalam 30 detik."},
    413: {"model": ErrorOut, "description": "Badan permintaan lebih dari 2 MB."},
    415: {"model": ErrorOut, "description": "Content-Type harus application/json."},
    422: {
        "model": ErrorOut,
        "description": "Isi permintaan melanggar batas atau skema (termasuk > 5.000 kontak).",
    },
    503: {"model": ErrorOut, "description": "Model belum dimuat, atau layanan sedang sibuk."},
    504: {"model": ErrorOut, "description": "Waktu skor per permintaan habis."},
}

#: The same responses spelled out as JSON, for routes whose own media type is not JSON (the CSV
#: export): with ``model`` FastAPI would document the errors under the route's media type.
ERROR_RESPONSES_JSON: dict[int | str, dict[str, Any]] = {
    code: {
        "description": spec["description"],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }
    for code, spec in ERROR_RESPONSES.items()
}

_STATUS_TEXT = {
    404: "alamat tidak ditemukan",
    405: "metode HTTP tidak diizinkan untuk alamat ini",
}


#: Location tags pydantic adds for the members of ``schemas.Label`` (bool | Literal[0, 1]).
UNION_TAGS = frozenset({"bool", "literal[0,1]"})


def _where(loc: Sequence[Any]) -> str:
    parts = [p for p in loc if p not in ("body",)]
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "badan permintaan"


def describe(error: dict[str, Any]) -> str:
    """One Indonesian phrase for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    where = _where(error.get("loc", ()))
    given = error.get("input")
    loc = tuple(error.get("loc", ()))
    if kind in {"bool_type", "literal_error"} and loc and loc[-1] in UNION_TAGS:
        return f"{_where(loc[:-1])} harus true/false atau 1/0"
    if kind == "missing":
        return f"{where} wajib diisi"
    if kind == "json_invalid":
        return f"JSON tidak valid ({ctx.get('error', 'sintaks salah')})"
    if kind == "string_too_long":
        got = f"{thousands(len(given))} karakter, " if isinstance(given, str) else ""
        return f"{where} terlalu panjang: {got}maksimum {thousands(ctx['max_length'])}"
    if kind == "string_too_short":
        return f"{where} kosong: isi tidak boleh kosong atau hanya spasi"
    if kind == "too_long":
        got = f"{thousands(len(given))} item, " if isinstance(given, list) else ""
        return f"{where} terlalu banyak: {got}maksimum {thousands(ctx['max_length'])} item"
    if kind == "too_short":
        return f"{where} kurang: minimal {ctx.get('min_length', 1)} item"
    if kind == "string_unicode":
        return f"{where} berisi teks Unicode yang tidak valid (surrogate tunggal seperti \\ud800)"
    if kind == "string_type":
        return f"{where} harus berupa teks"
    if kind in {"model_attributes_type", "dict_type", "model_type"}:
        return f"{where} harus berupa objek JSON"
    if kind == "list_type":
        return f"{where} harus berupa daftar (array JSON)"
    if kind in {"bool_type", "bool_parsing"}:
        return f"{where} harus true atau false"
    if kind == "literal_error":
        return f"{where} harus salah satu dari: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == NOT_BLANK:
            return f"{where} kosong: isi tidak boleh kosong atau hanya spasi"
        return f"{where} berisi karakter yang tidak diizinkan"
    if kind == "extra_forbidden":
        return f"kolom {where} tidak dikenal"
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    return f"{where}: {error.get('msg', 'tidak valid')}"


def validation_message(errors: Sequence[dict[str, Any]], limit: int = 3) -> str:
    phrases = list(dict.fromkeys(describe(e) for e in errors))
    more = f" (dan {len(phrases) - limit} kesalahan lain)" if len(phrases) > limit else ""
    return "; ".join(phrases[:limit]) + more


async def _on_validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    status = 400 if any(e.get("type") == "json_invalid" for e in errors) else 422
    return JSONResponse({"detail": validation_message(errors)}, status_code=status)


#: FastAPI's (English) answer when ``json.loads`` fails with something other than a syntax
#: error: nesting deeper than the parser's recursion limit, or an integer longer than Python's
#: 4,300-digit conversion limit.
UNPARSABLE_BODY = "There was an error parsing the body"


def _int_digits_limit() -> int:
    # Python 3.11+ limits int/str conversion (0 = unlimited); 3.10 has no such limit.
    return getattr(sys, "get_int_max_str_digits", lambda: 0)() or 4300


async def _on_http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail
    if exc.status_code == 400 and detail == UNPARSABLE_BODY:
        detail = (
            "JSON tidak bisa diurai: susunan bersarang terlalu dalam atau angka terlalu panjang "
            f"(maksimum {thousands(_int_digits_limit())} digit)"
        )
    if exc.status_code in _STATUS_TEXT and detail in {None, "Not Found", "Method Not Allowed"}:
        detail = _STATUS_TEXT[exc.status_code]
    return JSONResponse({"detail": str(detail)}, status_code=exc.status_code, headers=exc.headers)


class CatchAllMiddleware:
    """A bug becomes a logged 500 JSON answer, and the connection stays usable.

    Starlette's own 500 path re-raises to the server, and uvicorn then closes the keep-alive
    connection, so the client's *next* request fails with "connection reset". Answering here,
    inside the request-id and metrics middleware, also gives the 500 its X-Request-ID and count.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception:
            request_id = scope.get("state", {}).get("request_id", "-")
            log.exception("kesalahan tak terduga (request_id=%s)", request_id)
            if started:
                raise
            detail = f"kesalahan internal server (request_id={request_id})"
            await JSONResponse({"detail": detail}, status_code=500)(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
