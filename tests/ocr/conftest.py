"""Images for the OCR tests: one clear flyer whose phone number's position is known, and the
rendered test set (tools/ocr/flyers.py)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require

FLYER_TEXT = [
    "LOWONGAN KERJA ADMIN ONLINE",
    "Penempatan Kamboja, gaji 15 juta",
    "Tiket dan paspor dibantu agen",
    "Tidak perlu ijazah",
    "Minat hub WA 0852 3612 7190",
]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass(frozen=True)
class KnownFlyer:
    path: Path
    text: str
    phone_box: tuple[int, int, int, int]  # where the number was drawn (x, y, w, h)


def tesseract_ready() -> None:
    require(shutil.which("tesseract") is not None, "Tesseract (apt-get install tesseract-ocr)")


def draw_known_flyer(path: Path) -> KnownFlyer:
    """A 1080×1080 flyer drawn with DejaVu Sans at ``path`` (PNG); the box of its phone number
    is measured with Pillow while drawing."""
    from PIL import Image, ImageDraw, ImageFont

    tesseract_ready()
    require(FONT.is_file(), "fonts-dejavu-core")
    image = Image.new("RGB", (1080, 1080), "#fff4cc")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 44)
    y = 120
    phone_box = (0, 0, 0, 0)
    for line in FLYER_TEXT:
        draw.text((90, y), line, font=font, fill="#3b2200")
        if "0852" in line:
            prefix = line[: line.index("0852")]
            x0 = 90 + font.getlength(prefix)
            left, top, right, bottom = draw.textbbox((x0, y), "0852 3612 7190", font=font)
            phone_box = (round(left), round(top), round(right - left), round(bottom - top))
        y += 70
    image.save(path, "PNG")
    return KnownFlyer(path, "\n".join(FLYER_TEXT), phone_box)


@pytest.fixture(scope="session")
def known_flyer(tmp_path_factory: pytest.TempPathFactory) -> KnownFlyer:
    return draw_known_flyer(tmp_path_factory.mktemp("known") / "flyer.png")


@pytest.fixture(scope="session")
def flyer_set(tmp_path_factory: pytest.TempPathFactory):
    """The 64 rendered flyers and chat screenshots (seeded: the same every run)."""
    from tools.ocr.flyers import render

    tesseract_ready()
    return render(tmp_path_factory.mktemp("flyers"), 64)
