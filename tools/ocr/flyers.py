"""Render the OCR test set (issue 17): job-offer flyers and chat screenshots drawn with Pillow
from posts of ``data/posts.csv``, deterministically (seeded), half of them risky.

Each image gets one of several Debian fonts (DejaVu, Liberation), background and text colours,
"emoji" drawn as coloured shapes (no colour-emoji font is assumed), a rotation of ±5°, for some
a phone-photo blur, and is saved as JPEG at quality 60. Nothing is committed: tests and the
bench render into a temporary folder.

    python -m tools.ocr.flyers OUT_DIR [--count 64]
"""

from __future__ import annotations

import csv
import random
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "posts.csv"
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation")]
FONT_FILES = [
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSansCondensed.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSerif-Regular.ttf",
    "LiberationSansNarrow-Regular.ttf",
]
# (background, text): dark text on light, light text on dark
PALETTES = [
    ("#ffffff", "#1a1a1a"),
    ("#fff4cc", "#3b2200"),
    ("#e8f4ff", "#0b2a4a"),
    ("#0d3b66", "#ffffff"),
    ("#b00020", "#ffffff"),
    ("#1e5631", "#fffbe6"),
    ("#f0f0f0", "#222266"),
]
EMOJI_COLOURS = ["#ffcc00", "#ff5a5f", "#2ecc71", "#3498db", "#ff9f1c"]


@dataclass(frozen=True)
class Flyer:
    """One rendered image and the post it was drawn from."""

    path: Path
    post_id: str
    text: str  # the post text as in the corpus
    rendered: str  # what was drawn (characters the fonts lack removed)
    risky: bool
    style: str  # "flyer" or "chat"


def fonts() -> list[Path]:
    """The test set's fonts that are installed (at least one is required)."""
    found = [d / f for f in FONT_FILES for d in FONT_DIRS if (d / f).is_file()]
    if not found:
        raise FileNotFoundError(
            "tidak ada font DejaVu/Liberation di /usr/share/fonts/truetype "
            "(apt-get install fonts-dejavu-core fonts-liberation)"
        )
    return found


def drawable(text: str) -> str:
    """The text without emoji and symbols the text fonts lack (they become shapes)."""
    kept = []
    for ch in text:
        if ch in "\n ":
            kept.append(ch)
        elif ord(ch) > 0x24FF or unicodedata.category(ch) in ("So", "Sk", "Cf", "Mn", "Co"):
            continue
        else:
            kept.append(ch)
    lines = [" ".join(line.split()) for line in "".join(kept).splitlines()]
    return "\n".join(line for line in lines if line)


def pick_posts(count: int, seed: int = 17) -> list[tuple[str, str, bool]]:
    """``count`` posts (id, text, risky), half risky, of a length that fits one image."""
    with CORPUS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    risky, safe = [], []
    for row in rows:
        text = row["text"]
        if not 60 <= len(drawable(text)) <= 420:
            continue
        is_risky = row["illegal_recruitment"] == "1" or row["online_scam"] == "1"
        (risky if is_risky else safe).append((row["id"], text, is_risky))
    rng = random.Random(seed)
    rng.shuffle(risky)
    rng.shuffle(safe)
    half = count // 2
    return risky[:half] + safe[: count - half]


def _wrap_at(text: str, font, width: int, chars: int) -> list[str]:
    out: list[str] = []
    for paragraph in text.splitlines():
        out += textwrap.wrap(paragraph, chars) or [""]
    if any(font.getlength(line) > width for line in out) and chars > 10:
        return _wrap_at(text, font, width, chars - 2)
    return out


def _emoji(draw, rng: random.Random, x: int, y: int, size: int) -> None:
    colour = rng.choice(EMOJI_COLOURS)
    if rng.random() < 0.5:
        draw.ellipse((x, y, x + size, y + size), fill=colour, outline="#333333")
        eye = size // 6
        draw.ellipse(
            (x + size // 4, y + size // 3, x + size // 4 + eye, y + size // 3 + eye), fill="#333333"
        )
        draw.ellipse(
            (x + size - size // 4 - eye, y + size // 3, x + size - size // 4, y + size // 3 + eye),
            fill="#333333",
        )
    else:
        draw.polygon([(x + size // 2, y), (x + size, y + size), (x, y + size)], fill=colour)


def _flyer(text: str, rng: random.Random, font_path: Path):
    from PIL import Image, ImageDraw, ImageFont

    size = 1080
    background, ink = rng.choice(PALETTES)
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    margin = 90
    for font_size in (44, 40, 36, 32, 28):
        font = ImageFont.truetype(str(font_path), font_size)
        lines = _wrap_at(text, font, size - 2 * margin, 60)
        step = int(font_size * 1.35)
        if len(lines) * step <= size - 2 * margin - 40:
            break
    # a coloured band on top and two "emoji"
    draw.rectangle((0, 0, size, 50), fill=rng.choice(EMOJI_COLOURS))
    _emoji(draw, rng, size - margin + 10, 70, 50)
    _emoji(draw, rng, 20, size - 80, 50)
    y = margin
    for line in lines:
        draw.text((margin, y), line, font=font, fill=ink)
        y += step
    return image


def _chat(text: str, rng: random.Random, font_path: Path):
    from PIL import Image, ImageDraw, ImageFont

    width, height = 720, 1280
    image = Image.new("RGB", (width, height), "#ece5dd")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 110), fill="#075e54")
    draw.ellipse((20, 25, 80, 85), fill=rng.choice(EMOJI_COLOURS))
    header = ImageFont.truetype(str(font_path), 30)
    draw.text(
        (100, 38),
        rng.choice(["Info Loker", "Grup Kerja", "Admin", "Kak Rina"]),
        font=header,
        fill="white",
    )
    paragraphs = [p for p in text.splitlines() if p.strip()] or [text]
    # two or three bubbles
    groups = max(1, min(3, len(paragraphs)))
    bubbles = (
        ["\n".join(paragraphs[i::groups]) for i in range(groups)]
        if len(paragraphs) > 3
        else paragraphs
    )
    for font_size in (30, 27, 24, 21, 18):
        font = ImageFont.truetype(str(font_path), font_size)
        wrapped = [_wrap_at(b, font, width - 160, 50) for b in bubbles]
        step = int(font_size * 1.3)
        total = sum(len(w) * step + 50 for w in wrapped)
        if total <= height - 180:
            break
    y = 140
    for i, lines in enumerate(wrapped):
        box_h = len(lines) * step + 30
        box_w = max(font.getlength(line) for line in lines) + 40
        x = 30 if i % 2 == 0 else width - 30 - box_w
        draw.rounded_rectangle(
            (x, y, x + box_w, y + box_h), radius=16, fill="#ffffff" if i % 2 == 0 else "#dcf8c6"
        )
        ty = y + 15
        for line in lines:
            draw.text((x + 20, ty), line, font=font, fill="#111111")
            ty += step
        y += box_h + 20
    _emoji(draw, rng, width - 70, height - 70, 40)
    return image


def render(out_dir: Path, count: int = 64, seed: int = 17) -> list[Flyer]:
    """Render ``count`` images into ``out_dir`` (same seed, same images)."""
    from PIL import Image, ImageFilter

    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    available = fonts()
    result: list[Flyer] = []
    for i, (post_id, text, risky) in enumerate(pick_posts(count, seed)):
        rendered = drawable(text)
        font_path = available[i % len(available)]
        style = "chat" if i % 3 == 2 else "flyer"
        image = (_chat if style == "chat" else _flyer)(rendered, rng, font_path)
        fill = image.getpixel((image.width // 2, image.height - 5))
        image = image.rotate(rng.uniform(-5, 5), resample=Image.Resampling.BICUBIC, fillcolor=fill)
        if rng.random() < 0.5:  # phone-photo softness
            image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.2)))
        path = out_dir / f"{i:03d}-{style}-{post_id}.jpg"
        image.save(path, "JPEG", quality=60)
        result.append(Flyer(path, post_id, text, rendered, risky, style))
    return result


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    n = int(args[args.index("--count") + 1]) if "--count" in args else 64
    for flyer in render(Path(args[0]), n):
        print(flyer.path)
