"""Image posts (issue 17): read a job-offer flyer or chat screenshot with Tesseract and score
its text, with each piece of evidence located on the image.

``read_image`` turns a PNG, JPEG or WebP (path or bytes) into an :class:`OcrResult`: the text
Tesseract read (Indonesian + English models) and every word with its character span in that
text and its box on the image. ``score_image`` scores the text with a :class:`Detector` and
gives, for each evidence item and each contact, the boxes of the words it covers, in pixels of
the image as uploaded (after EXIF rotation).

Preprocessing, measured on the project's own rendered test set (``tools/ocr/flyers.py``: 64
flyers and chat screenshots, JPEG quality 60, tilted ±5°; 24 of them carry a phone number or
link), as risk-tier agreement with the post's text-only score / contacts recovered:

============================================  =========  ========
Tesseract page mode, preprocessing            tier       contacts
============================================  =========  ========
auto layout (psm 3), greyscale only           59/64      17/24
one block (psm 6), greyscale only             64/64      19/24
psm 6 + Otsu threshold                        64/64      21/24
psm 6 + deskew + Otsu threshold               64/64      23/24
psm 6 + deskew                                64/64      24/24
psm 3 + deskew (kept)                         64/64      24/24
============================================  =========  ========

- greyscale: kept (Tesseract reads one channel; free).
- deskew: kept. A tilt of a few degrees (a phone photo of a flyer) made Tesseract drop whole
  lines, phone numbers among them; :func:`skew_angle` finds the angle on a 600 px copy in a
  few milliseconds. Boxes are rotated back onto the uploaded image.
- thresholding (Otsu): dropped; with deskew it lost one more contact than without.
- upscaling: kept for small images only (shorter side under ``UPSCALE_BELOW`` px, e.g. cropped
  screenshots); the 1080 px test images are not touched, so it is not measured by them.
- page mode: auto layout (psm 3) with deskew matches psm 6 on the test set and keeps the
  bubbles of a chat screenshot or the columns of a flyer apart.

Pillow and pytesseract are imported inside the functions, so ``import tppo_detect`` stays
light (tests/test_layering.py); they come with the ``ocr`` extra (``pip install
tppo-detect[ocr]``) and Tesseract itself from Debian (``tesseract-ocr tesseract-ocr-ind``).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

    from tppo_detect.model.detector import Detector, Score

#: Largest upload read (bytes): a 1080×1080 JPEG flyer is ~0,2-1 MB, a phone photo 3-8 MB.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
#: Largest decoded image (pixels); more is refused before decoding (decompression bombs).
MAX_IMAGE_PIXELS = 40_000_000
#: Accepted formats (Pillow's names) and how users know them.
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}
#: Images whose shorter side is below this are upscaled before OCR.
UPSCALE_BELOW = 700
#: Tesseract languages: Indonesian first, English for the loanwords and brand names.
LANGUAGES = "ind+eng"
#: Words Tesseract is less sure of than this (0-100) are dropped (noise from emoji, icons).
MIN_CONFIDENCE = 30

Box = tuple[int, int, int, int]  # x, y, width, height in image pixels


class ImageError(ValueError):
    """An upload that is not an image we read. ``reason``: ``format`` (not a PNG, JPEG or
    WebP), ``too_large`` (bytes or pixels over the caps: decompression bombs), ``broken``
    (truncated or corrupt), ``unreadable`` (a path that cannot be read)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class OcrUnavailable(RuntimeError):
    """Tesseract or its Indonesian model is not installed."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word Tesseract read: ``text[start:end]`` of the OCR text, and its box."""

    text: str
    start: int
    end: int
    box: Box
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "box": list(self.box),
            "confidence": round(self.confidence, 1),
        }


@dataclass(frozen=True)
class OcrResult:
    """The text of an image, its words with their spans and boxes, and the image's size."""

    text: str
    words: list[OcrWord] = field(default_factory=list)
    width: int = 0
    height: int = 0

    def boxes(self, start: int, end: int) -> list[Box]:
        """Boxes of the words that overlap the character span ``[start, end)`` of ``text``."""
        return [w.box for w in self.words if w.start < end and w.end > start]


@dataclass(frozen=True)
class ImageScore:
    """A scored image: the usual Score of its text, the OCR result, and boxes for each
    evidence item and contact (same order as ``score.evidence`` / ``score.contacts``)."""

    score: Score
    ocr: OcrResult
    evidence_boxes: list[list[Box]]
    contact_boxes: list[list[Box]]

    def to_dict(self) -> dict[str, Any]:
        out = self.score.to_dict()
        for item, boxes in zip(out["evidence"], self.evidence_boxes, strict=True):
            item["boxes"] = [list(b) for b in boxes]
        for item, boxes in zip(out["contacts"], self.contact_boxes, strict=True):
            item["boxes"] = [list(b) for b in boxes]
        out["ocr"] = {"text": self.ocr.text, "width": self.ocr.width, "height": self.ocr.height}
        return out


def _read_bytes(source: bytes | str | os.PathLike[str]) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ImageError(
                f"berkas gambar {str(path)!r} tidak bisa dibaca: {exc.strerror}", "unreadable"
            ) from None
        if size > MAX_IMAGE_BYTES:
            raise ImageError(_too_large(size), "too_large")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImageError(
                f"berkas gambar {str(path)!r} tidak bisa dibaca: {exc.strerror}", "unreadable"
            ) from None
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(_too_large(len(data)), "too_large")
    if not data:
        raise ImageError("berkas gambar kosong", "format")
    return data


def _too_large(size: int) -> str:
    from tppo_detect.numbers import thousands

    return (
        f"gambar terlalu besar ({thousands(size)} byte); batasnya {thousands(MAX_IMAGE_BYTES)} byte"
    )


def load_image(source: bytes | str | os.PathLike[str]) -> Image:
    """Open an upload as a Pillow image, refusing anything but a PNG, JPEG or WebP within the
    byte and pixel caps; EXIF rotation (phone photos) is applied."""
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    data = _read_bytes(source)
    # Pillow's own bomb check warns at MAX_IMAGE_PIXELS and raises at twice that; we refuse at
    # our cap before any pixel is decoded (the size is in the header).
    try:
        image = PILImage.open(io.BytesIO(data), formats=list(FORMATS))
    except UnidentifiedImageError:
        raise ImageError(
            "bukan gambar PNG, JPEG, atau WebP (format lain atau berkas rusak)", "format"
        ) from None
    except PILImage.DecompressionBombError:
        raise ImageError(_bomb_message(), "too_large") from None
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageError(_bomb_message(width, height), "too_large")
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"gambar rusak atau terpotong ({exc})", "broken") from None
    return image


def _bomb_message(width: int | None = None, height: int | None = None) -> str:
    from tppo_detect.numbers import thousands

    size = f" ({thousands(width)}×{thousands(height)} piksel)" if width and height else ""
    return (
        f"gambar terlalu besar{size}; batasnya {thousands(MAX_IMAGE_PIXELS)} piksel "
        "(kemungkinan bom dekompresi)"
    )


def prepare(image: Image, *, deskew: bool = True) -> tuple[Image, float, float]:
    """Greyscale, upscale a small image, straighten a tilted one; returns the image and the
    scale applied (boxes are divided by it to land on the original) and the angle turned."""
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # transparent screenshots: flatten on white, not on black
        rgba = image.convert("RGBA")
        background = PILImage.new("RGB", image.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    grey = image.convert("L")
    scale = 1.0
    short = min(grey.size)
    if 0 < short < UPSCALE_BELOW:
        scale = UPSCALE_BELOW / short
        grey = grey.resize(
            (round(grey.width * scale), round(grey.height * scale)), PILImage.Resampling.LANCZOS
        )
    angle = skew_angle(grey) if deskew else 0.0
    if angle:
        fill = int(_border_median(grey))
        grey = grey.rotate(angle, resample=PILImage.Resampling.BICUBIC, fillcolor=fill)
    return grey, scale, angle


def _border_median(grey: Image) -> float:
    import numpy as np

    a = np.asarray(grey)
    return float(np.median(np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])))


def skew_angle(grey: Image, limit: float = 6.0, step: float = 0.5) -> float:
    """The rotation (degrees) that makes text lines horizontal: the angle whose row profile
    of dark-on-light (or light-on-dark) ink is the sharpest, searched on a small copy."""
    import numpy as np
    from PIL import Image as PILImage

    small = grey.copy()
    small.thumbnail((600, 600))
    a = np.asarray(small, dtype=np.float32)
    background = np.median(np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]]))
    ink = (np.abs(a - background) > 60).astype(np.uint8) * 255
    if not ink.any():
        return 0.0
    mask = PILImage.fromarray(ink)
    best, best_angle = -1.0, 0.0
    for angle in np.arange(-limit, limit + step / 2, step):
        rows = np.asarray(mask.rotate(float(angle), resample=PILImage.Resampling.NEAREST)).sum(1)
        sharpness = float(np.square(np.diff(rows.astype(np.float64))).sum())
        if sharpness > best:
            best, best_angle = sharpness, float(angle)
    return best_angle


_tesseract_ok = False


def check_tesseract() -> None:
    """Raise :class:`OcrUnavailable` (Indonesian message) unless Tesseract and its Indonesian
    model are installed (asked once per process when they are)."""
    global _tesseract_ok
    if _tesseract_ok:
        return
    try:
        import pytesseract
    except ImportError:
        raise OcrUnavailable(
            "pustaka OCR belum terpasang: pip install 'tppo-detect[ocr]' (pytesseract, Pillow)"
        ) from None
    try:
        langs = pytesseract.get_languages(config="")
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable(
            "Tesseract belum terpasang; pasang dengan: "
            "sudo apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng"
        ) from None
    missing = [lang for lang in LANGUAGES.split("+") if lang not in langs]
    if missing:
        raise OcrUnavailable(
            f"model bahasa Tesseract belum terpasang ({', '.join(missing)}); pasang dengan: "
            + "sudo apt-get install "
            + " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        )
    _tesseract_ok = True


def read_image(
    source: bytes | str | os.PathLike[str] | Image,
    *,
    deskew: bool = True,
    psm: int = 3,
) -> OcrResult:
    """OCR an image (path, bytes, or an already opened Pillow image).

    Words are joined with a space within a line and lines with a newline (a blank line
    between Tesseract's blocks), so ``OcrResult.text`` reads like the post and every word's
    ``start``/``end`` points into it.
    """
    import pytesseract

    image = source if hasattr(source, "size") and hasattr(source, "mode") else load_image(source)
    check_tesseract()
    prepared, scale, angle = prepare(image, deskew=deskew)
    data = pytesseract.image_to_data(
        prepared, lang=LANGUAGES, config=f"--psm {psm}", output_type=pytesseract.Output.DICT
    )
    parts: list[str] = []
    words: list[OcrWord] = []
    length = 0
    last_block = last_line = None
    for i, raw in enumerate(data["text"]):
        word = raw.strip()
        confidence = float(data["conf"][i])
        if not word or confidence < MIN_CONFIDENCE:
            continue
        block = (data["block_num"][i], data["par_num"][i])
        line = (*block, data["line_num"][i])
        if last_line is not None:
            sep = " " if line == last_line else "\n" if block == last_block else "\n\n"
            parts.append(sep)
            length += len(sep)
        last_block, last_line = block, line
        box = _original_box(
            (data["left"][i], data["top"][i], data["width"][i], data["height"][i]),
            scale,
            angle,
            prepared.size,
        )
        words.append(OcrWord(word, length, length + len(word), box, confidence))
        parts.append(word)
        length += len(word)
    return OcrResult("".join(parts), words, image.width, image.height)


def _original_box(box: Box, scale: float, angle: float, size: tuple[int, int]) -> Box:
    """A box on the prepared image mapped back to the uploaded one (undo the deskew rotation
    about the centre, then the upscale): the axis-aligned box around the rotated corners."""
    import math

    x, y, w, h = box
    if angle:
        cx, cy = size[0] / 2, size[1] / 2
        # PIL rotates counter-clockwise by ``angle``; undo it
        t = math.radians(angle)
        cos, sin = math.cos(t), math.sin(t)
        xs, ys = [], []
        for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
            dx, dy = px - cx, py - cy
            xs.append(cx + dx * cos - dy * sin)
            ys.append(cy + dx * sin + dy * cos)
        x, y, w, h = min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
    return (round(x / scale), round(y / scale), max(1, round(w / scale)), max(1, round(h / scale)))


def score_image(
    detector: Detector,
    source: bytes | str | os.PathLike[str] | Image,
    *,
    caption: str = "",
    platform: str | None = None,
) -> ImageScore:
    """OCR an image and score its text (after ``caption``, when the post has one) with
    ``detector``; evidence and contacts in the OCR part get the boxes of their words."""
    ocr = read_image(source)
    return score_ocr(detector, ocr, caption=caption, platform=platform)


def score_ocr(
    detector: Detector, ocr: OcrResult, *, caption: str = "", platform: str | None = None
) -> ImageScore:
    """Score an :class:`OcrResult` (see :func:`score_image`)."""
    text, offset = combined_text(caption, ocr.text)
    (score,) = detector.score([text], platforms=[platform])
    return ImageScore(
        score=score,
        ocr=ocr,
        evidence_boxes=[_shifted(ocr, e.start, e.end, offset) for e in score.evidence],
        contact_boxes=[_shifted(ocr, c.start, c.end, offset) for c in score.contacts],
    )


def combined_text(caption: str, ocr_text: str) -> tuple[str, int]:
    """The text scored for a post with a caption and an image, and where the OCR text starts
    in it."""
    caption = caption.strip()
    if not caption:
        return ocr_text, 0
    if not ocr_text:
        return caption, len(caption)
    head = caption + "\n\n"
    return head + ocr_text, len(head)


def _shifted(ocr: OcrResult, start: int, end: int, offset: int) -> list[Box]:
    if end <= offset:
        return []
    return ocr.boxes(max(0, start - offset), end - offset)
