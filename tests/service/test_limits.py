"""Every request limit gives a clear 4xx JSON ``{"detail": ...}`` over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from .conftest import BENIGN_POST

MB2 = 2 * 1024 * 1024


def detail(r: httpx.Response) -> str:
    body = r.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str), body
    return body["detail"]


def test_text_over_10000_characters(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score", json={"text": "a" * 10_001})
    assert r.status_code == 422
    assert detail(r) == "text terlalu panjang: 10.001 karakter, maksimum 10.000"


def test_text_over_10000_characters_inside_a_batch(scoring_client: httpx.Client) -> None:
    posts = [{"text": BENIGN_POST}, {"text": "🔥" * 10_001}]
    r = scoring_client.post("/v1/score/batch", json={"posts": posts})
    assert r.status_code == 422
    assert detail(r) == "posts[1].text terlalu panjang: 10.001 karakter, maksimum 10.000"


def test_batch_over_1000_posts(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score/batch", json={"posts": [{"text": "x"}] * 1001})
    assert r.status_code == 422
    assert detail(r) == "posts terlalu banyak: 1.001 item, maksimum 1.000 item"


def test_empty_batch(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score/batch", json={"posts": []})
    assert r.status_code == 422
    assert "minimal 1 item" in detail(r)


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text(scoring_client: httpx.Client, text: str) -> None:
    r = scoring_client.post("/v1/score", json={"text": text})
    assert r.status_code == 422
    assert "kosong" in detail(r)


def test_missing_text(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score", json={"platform": "x"})
    assert r.status_code == 422
    assert detail(r) == "text wajib diisi"


def test_missing_body(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score")
    assert r.status_code == 422
    assert "wajib diisi" in detail(r)


def test_unknown_field_is_named(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score", json={"teks": BENIGN_POST})
    assert r.status_code == 422
    assert "kolom teks tidak dikenal" in detail(r)


def test_wrong_types(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score", json={"text": 12})
    assert (r.status_code, detail(r)) == (422, "text harus berupa teks")
    r = scoring_client.post("/v1/score", json=["a"])
    assert (r.status_code, detail(r)) == (422, "badan permintaan harus berupa objek JSON")
    r = scoring_client.post("/v1/score", json={"text": "a", "platform": "myspace"})
    assert r.status_code == 422 and "platform harus salah satu dari" in detail(r)


def test_body_over_2mb_by_content_length(scoring_client: httpx.Client) -> None:
    payload = json.dumps({"text": "a" * (MB2 + 10)}).encode()
    r = scoring_client.post(
        "/v1/score", content=payload, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413
    assert "maksimum 2.097.152 byte" in detail(r)


def test_body_over_2mb_streamed_without_content_length(scoring_client: httpx.Client) -> None:
    """Chunked upload: no Content-Length to check, so the bytes themselves are counted."""

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"a" * 65_536
        yield b'"}'

    r = scoring_client.post(
        "/v1/score", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in r.request.headers
    assert r.request.headers["transfer-encoding"] == "chunked"
    assert r.status_code == 413
    assert "terlalu besar" in detail(r)


def test_body_under_2mb_streamed_is_fine(scoring_client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        yield BENIGN_POST.encode()
        yield b'"}'

    r = scoring_client.post(
        "/v1/score", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 200, r.text


def test_invalid_utf8(scoring_client: httpx.Client) -> None:
    r = scoring_client.post(
        "/v1/score",
        content=b'{"text": "gaji \xff\xfe besar"}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    assert "bukan UTF-8" in detail(r)


def test_malformed_json(scoring_client: httpx.Client) -> None:
    r = scoring_client.post(
        "/v1/score", content=b'{"text": "a",', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert detail(r).startswith("JSON tidak valid")


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_wrong_content_type(scoring_client: httpx.Client, content_type: str) -> None:
    r = scoring_client.post(
        "/v1/score",
        content=json.dumps({"text": BENIGN_POST}).encode(),
        headers={"Content-Type": content_type},
    )
    assert r.status_code == 415
    assert detail(r) == f"Content-Type harus application/json (diterima: {content_type})"


def test_missing_content_type(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score", content=json.dumps({"text": BENIGN_POST}).encode())
    assert "content-type" not in r.request.headers
    assert r.status_code == 415
    assert detail(r) == "Content-Type harus application/json"


def test_non_utf8_charset(scoring_client: httpx.Client) -> None:
    r = scoring_client.post(
        "/v1/score",
        content=json.dumps({"text": BENIGN_POST}).encode("utf-16"),
        headers={"Content-Type": "application/json; charset=utf-16"},
    )
    assert r.status_code == 415
    assert "UTF-8" in detail(r)


def test_json_with_utf8_charset_parameter_is_fine(scoring_client: httpx.Client) -> None:
    r = scoring_client.post(
        "/v1/score",
        content=json.dumps({"text": BENIGN_POST}).encode(),
        headers={"Content-Type": "application/json; charset=UTF-8"},
    )
    assert r.status_code == 200, r.text


def test_connection_still_usable_after_a_refused_body(scoring_client: httpx.Client) -> None:
    """The refused body was drained, so keep-alive goes on with the next request."""
    big = json.dumps({"text": "a" * (MB2 + 10)}).encode()
    headers = {"Content-Type": "application/json"}
    assert scoring_client.post("/v1/score", content=big, headers=headers).status_code == 413
    assert scoring_client.post("/v1/score", json={"text": BENIGN_POST}).status_code == 200
