"""Image posts (issue 17): Tesseract reads flyers and screenshots, the text is scored as a post
is, and evidence lands on the image where it was drawn."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

from tppo_detect.model.detector import Detector
from tppo_detect.text.ocr import (
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS,
    ImageError,
    load_image,
    read_image,
    score_image,
    skew_angle,
)

from .conftest import KnownFlyer


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over the smaller box's area."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    w = min(ax + aw, bx + bw) - max(ax, bx)
    h = min(ay + ah, by + bh) - max(ay, by)
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / min(aw * ah, bw * bh)


def test_read_image_words_point_into_the_text(known_flyer: KnownFlyer) -> None:
    result = read_image(known_flyer.path)
    assert "0852 3612 7190" in result.text
    assert "Kamboja" in result.text
    assert (result.width, result.height) == (1080, 1080)
    for word in result.words:
        assert result.text[word.start : word.end] == word.text


def test_contact_and_evidence_boxes_cover_what_was_drawn(
    detector: Detector, known_flyer: KnownFlyer
) -> None:
    scored = score_image(detector, known_flyer.path)
    (text_only,) = detector.score([known_flyer.text])
    assert scored.score.risk_level == text_only.risk_level == "tinggi"
    phones = [
        (c, boxes)
        for c, boxes in zip(scored.score.contacts, scored.contact_boxes, strict=True)
        if c.value == "+6285236127190"
    ]
    assert phones, scored.score.contacts
    _, boxes = phones[0]
    assert len(boxes) == 3  # one box per group of digits
    x = min(b[0] for b in boxes)
    right = max(b[0] + b[2] for b in boxes)
    y = min(b[1] for b in boxes)
    bottom = max(b[1] + b[3] for b in boxes)
    assert _overlap((x, y, right - x, bottom - y), known_flyer.phone_box) > 0.8
    assert scored.score.evidence and all(scored.evidence_boxes)
    body = scored.to_dict()
    assert body["ocr"]["text"] == scored.ocr.text
    assert all("boxes" in e for e in body["evidence"])


def test_a_tilted_photo_is_straightened_and_boxes_land_on_the_original(
    detector: Detector, known_flyer: KnownFlyer, tmp_path: Path
) -> None:
    from PIL import Image

    tilted = tmp_path / "tilted.jpg"
    with Image.open(known_flyer.path) as image:
        image.rotate(4, resample=Image.Resampling.BICUBIC, fillcolor="#fff4cc").save(
            tilted, quality=60
        )
    with Image.open(tilted) as image:
        assert skew_angle(image.convert("L")) == pytest.approx(-4, abs=0.6)
    scored = score_image(detector, tilted)
    assert "+6285236127190" in {c.value for c in scored.score.contacts}
    (boxes,) = [
        b
        for c, b in zip(scored.score.contacts, scored.contact_boxes, strict=True)
        if c.value == "+6285236127190"
    ]
    # where the drawn number went when the flyer turned 4° (Pillow: counter-clockwise)
    x, y, w, h = known_flyer.phone_box
    t = math.radians(4)
    xs, ys = [], []
    for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
        dx, dy = px - 540, py - 540
        xs.append(540 + dx * math.cos(t) + dy * math.sin(t))
        ys.append(540 - dx * math.sin(t) + dy * math.cos(t))
    expected = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    found_x = min(b[0] for b in boxes)
    found_y = min(b[1] for b in boxes)
    found = (
        found_x,
        found_y,
        max(b[0] + b[2] for b in boxes) - found_x,
        max(b[1] + b[3] for b in boxes) - found_y,
    )
    assert _overlap(found, expected) > 0.7, (found, expected)


def test_caption_and_image_are_scored_together(detector: Detector, known_flyer: KnownFlyer) -> None:
    caption = "Info dari grup sebelah, siapa minat?"
    scored = score_image(detector, known_flyer.path, caption=caption)
    offset = len(caption) + 2
    for item, boxes in zip(scored.score.contacts, scored.contact_boxes, strict=True):
        assert item.start >= offset and boxes


def test_only_png_jpeg_webp(tmp_path: Path) -> None:
    from PIL import Image

    gif = tmp_path / "a.gif"
    Image.new("RGB", (50, 50), "red").save(gif)
    with pytest.raises(ImageError, match="bukan gambar PNG, JPEG, atau WebP") as err:
        load_image(gif)
    assert err.value.reason == "format"
    with pytest.raises(ImageError, match="bukan gambar") as err:
        load_image(b"%PDF-1.7 bukan gambar")
    webp = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(webp, "WEBP")
    assert load_image(webp.getvalue()).size == (40, 30)


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    from PIL import Image

    side = int(MAX_IMAGE_PIXELS**0.5) + 100
    bomb = tmp_path / "bomb.png"
    Image.new("1", (side, side)).save(bomb)  # a few kB on disk, 40+ million pixels
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ImageError, match="bom dekompresi") as err:
        load_image(bomb)
    assert err.value.reason == "too_large"


def test_too_many_bytes_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="terlalu besar") as err:
        load_image(b"\x89PNG" + b"\0" * MAX_IMAGE_BYTES)
    assert err.value.reason == "too_large"
    with pytest.raises(ImageError, match="tidak bisa dibaca") as err:
        load_image(tmp_path / "tidak-ada.png")
    assert err.value.reason == "unreadable"
    truncated = tmp_path / "cut.png"
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (300, 300), "blue").save(buf, "PNG")
    truncated.write_bytes(buf.getvalue()[:200])
    with pytest.raises(ImageError) as err:
        load_image(truncated)
    assert err.value.reason in ("broken", "format")


def test_cli_scores_an_image_and_says_when_tesseract_is_missing(
    known_flyer: KnownFlyer, models_root: Path
) -> None:
    import json
    import os
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "tppo_detect.cli", "score", "--image", str(known_flyer.path)]
    cmd += ["--model", str(models_root)]
    done = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["risk_level"] == "tinggi" and "0852 3612 7190" in body["ocr"]["text"]
    assert all(e["boxes"] for e in body["evidence"])
    # without Tesseract on PATH: a clear Indonesian message, exit 2, no traceback
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    assert "Tesseract belum terpasang" in done.stderr and "tesseract-ocr-ind" in done.stderr
    assert "Traceback" not in done.stderr
