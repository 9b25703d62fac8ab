"""Error plumbing: a bug answers 500 JSON and keeps the connection; messages are Indonesian."""

from __future__ import annotations

from pathlib import Path

import httpx

from service.app import create_app
from service.errors import describe, thousands, validation_message

from .conftest import Keys, run_asgi, server_settings


def _boom() -> None:
    raise RuntimeError("a bug")


def test_unexpected_error_is_500_json_and_the_connection_survives(
    models_root: Path, keys: Keys, tmp_path: Path
) -> None:
    """The real app, plus one route that raises: 500 JSON with the id, connection kept."""
    app = create_app(server_settings(models_root, tmp_path, keys))
    app.add_api_route("/boom", _boom)
    with run_asgi(app) as url, httpx.Client(base_url=url) as client:
        r = client.get("/boom", headers={"X-Request-ID": "trace-1"})
        assert r.status_code == 500
        assert r.json() == {"detail": "kesalahan internal server (request_id=trace-1)"}
        assert r.headers["x-request-id"] == "trace-1"
        # Same keep-alive connection: uvicorn did not have to close it.
        assert client.get("/healthz").status_code == 200
        assert client.get("/boom").status_code == 500
        assert client.get("/healthz").status_code == 200
        metrics = client.get("/metrics").text
        assert 'tppo_http_requests_total{method="GET",route="/boom",status="500"} 2.0' in metrics


def test_thousands_uses_indonesian_grouping() -> None:
    assert thousands(10_000) == "10.000"
    assert thousands(2_097_152) == "2.097.152"
    assert thousands(7) == "7"


def test_messages_name_the_field_and_the_limit() -> None:
    long_text = {
        "type": "string_too_long",
        "loc": ("body", "posts", 3, "text"),
        "input": "x" * 12_345,
        "ctx": {"max_length": 10_000},
    }
    assert describe(long_text) == "posts[3].text terlalu panjang: 12.345 karakter, maksimum 10.000"
    label = {"type": "bool_type", "loc": ("body", "online_scam", "bool"), "input": "ya"}
    literal = {"type": "literal_error", "loc": ("body", "online_scam", "literal[0,1]")}
    assert validation_message([label, literal]) == "online_scam harus true/false atau 1/0"
    many = [{"type": "missing", "loc": ("body", f"f{i}")} for i in range(5)]
    assert validation_message(many).endswith("(dan 2 kesalahan lain)")


def _raw(client: httpx.Client, path: str, body: str) -> httpx.Response:
    return client.post(
        path, content=body.encode("utf-8"), headers={"content-type": "application/json"}
    )


def test_deep_nesting_huge_numbers_and_lone_surrogates_get_indonesian_messages(
    scoring_client: httpx.Client,
) -> None:
    """Issue 14 #15: these came back as "There was an error parsing the body" and pydantic's
    "Input should be a valid string, unable to parse raw data as a unicode string"."""
    deep = '{"text": ' + "[" * 5000 + "]" * 5000 + "}"
    huge = '{"text": "ok", "illegal_recruitment": 1' + "0" * 5000 + ', "online_scam": 0}'
    for path, body in (("/v1/score", deep), ("/v1/feedback", huge)):
        r = _raw(scoring_client, path, body)
        assert r.status_code == 400, r.text
        assert r.json()["detail"].startswith("JSON tidak bisa diurai: susunan bersarang")
        assert "4.300 digit" in r.json()["detail"]
    r = _raw(scoring_client, "/v1/score", '{"text": "loker \\ud800 kamboja"}')
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == (
        "text berisi teks Unicode yang tidak valid (surrogate tunggal seperti \\ud800)"
    )
    r = _raw(scoring_client, "/v1/score/batch", '{"posts": [{"text": "a"}, {"text": "\\udfff"}]}')
    assert r.status_code == 422 and r.json()["detail"].startswith("posts[1].text berisi teks")


def test_texts_the_schema_allows_are_accepted(scoring_client: httpx.Client) -> None:
    """The published pattern is ECMAScript's: U+0085 (NEL) is not space there, so "\\u0085" is
    a valid text; what ECMAScript calls space (incl. NBSP, U+3000) is still blank."""
    for text in ("\u0085", "\u0085\u00a0", "\x1c", "a\u0085b"):
        r = scoring_client.post("/v1/score", json={"text": text})
        assert r.status_code == 200, (text, r.text)
    for blank in (" ", "\u00a0\u3000\ufeff", "\t\n\r\v\f", "\u2028\u2029\u202f"):
        r = scoring_client.post("/v1/score", json={"text": blank})
        assert r.status_code == 422, (blank, r.text)
        assert "kosong" in r.json()["detail"]
