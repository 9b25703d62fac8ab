"""POST /v1/score/image over real HTTP: a flyer's text read by Tesseract, scored, with boxes;
anything that is not a PNG, JPEG or WebP within the caps gets a 4xx with an Indonesian reason."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from tests.ocr.conftest import draw_known_flyer
from tppo_detect.text.ocr import MAX_IMAGE_PIXELS


@pytest.fixture(scope="module")
def flyer(tmp_path_factory: pytest.TempPathFactory):
    return draw_known_flyer(tmp_path_factory.mktemp("route") / "flyer.png")


def test_score_an_image_with_boxes(scoring_client: httpx.Client, flyer) -> None:
    caption = "Info dari grup sebelah"
    r = scoring_client.post(
        "/v1/score/image",
        files={"image": ("flyer.png", flyer.path.read_bytes(), "image/png")},
        data={"caption": caption, "platform": "facebook"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["risk_level"] == "tinggi"
    assert body["ocr"]["width"] == 1080 and "0852 3612 7190" in body["ocr"]["text"]
    assert body["scored_text"] == caption + "\n\n" + body["ocr"]["text"]
    for item in body["evidence"] + body["contacts"]:
        assert body["scored_text"][item["start"] : item["end"]] == item["text"]
        assert all(len(b) == 4 for b in item["boxes"])
    (phone,) = [c for c in body["contacts"] if c["value"] == "+6285236127190"]
    assert len(phone["boxes"]) == 3
    assert any(e["boxes"] for e in body["evidence"])
    assert body["next_steps"] and body["request_id"]


def _post(client: httpx.Client, name: str, data: bytes, mime: str) -> httpx.Response:
    return client.post("/v1/score/image", files={"image": (name, data, mime)})


def test_not_an_image_is_415_in_indonesian(scoring_client: httpx.Client) -> None:
    r = _post(scoring_client, "surat.pdf", b"%PDF-1.7 bukan gambar", "application/pdf")
    assert r.status_code == 415, r.text
    assert "bukan gambar PNG, JPEG, atau WebP" in r.json()["detail"]


def test_gif_is_refused(scoring_client: httpx.Client) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buf, "GIF")
    r = _post(scoring_client, "a.gif", buf.getvalue(), "image/gif")
    assert r.status_code == 415 and "WebP" in r.json()["detail"]


def test_bomb_is_413(scoring_client: httpx.Client, tmp_path: Path) -> None:
    from PIL import Image

    side = int(MAX_IMAGE_PIXELS**0.5) + 100
    buf = io.BytesIO()
    Image.new("1", (side, side)).save(buf, "PNG")
    r = _post(scoring_client, "bom.png", buf.getvalue(), "image/png")
    assert r.status_code == 413, r.text
    assert "bom dekompresi" in r.json()["detail"]


def test_too_many_bytes_is_413_before_reading(scoring_client: httpx.Client) -> None:
    r = _post(scoring_client, "besar.png", b"\x89PNG" + b"\0" * (11 * 1024 * 1024), "image/png")
    assert r.status_code == 413, r.text
    assert "terlalu besar" in r.json()["detail"]


def test_json_body_is_415_and_no_key_is_401(
    scoring_client: httpx.Client, anon_client: httpx.Client, flyer
) -> None:
    r = scoring_client.post("/v1/score/image", json={"text": "x"})
    assert r.status_code == 415 and "multipart/form-data" in r.json()["detail"]
    r = anon_client.post(
        "/v1/score/image", files={"image": ("f.png", flyer.path.read_bytes(), "image/png")}
    )
    assert r.status_code == 401
