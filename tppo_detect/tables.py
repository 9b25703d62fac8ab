"""Column names of the scraped and scored tables analysts bring — one home for batch scoring,
campaigns and the report, so every face picks the same column of the same file.

Names are matched ignoring case and surrounding spaces (``" Full_Text "`` is ``full_text``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

#: (text column, exports that use it), in priority order.
TEXT_COLUMN_CANDIDATES: Final[tuple[tuple[str, str], ...]] = (
    ("full_text", "tweet-harvest"),
    ("rawContent", "snscrape (X/Twitter)"),
    ("text", "snscrape lama, facebook-scraper, Apify Facebook/TikTok, generik"),
    ("post_text", "facebook-scraper"),
    ("caption", "Apify Instagram, instaloader, generik"),
    ("content", "snscrape lama (X/Twitter), generik"),
    ("desc", "Apify/TikTokApi TikTok"),
    ("message", "generik (Graph API, ekspor grup)"),
    ("isi", "generik (Indonesia)"),
    ("deskripsi", "generik (Indonesia)"),
)
TEXT_COLUMNS: Final[tuple[str, ...]] = tuple(name for name, _ in TEXT_COLUMN_CANDIDATES)
#: Date columns of common exports; the first one present is used for first/last seen.
DATE_COLUMNS: Final[tuple[str, ...]] = (
    "created_at", "date", "timestamp", "posted_at", "time", "datetime", "published_at",
    "createdAt", "create_time", "createTime", "taken_at", "tanggal", "waktu", "post_date",
    "upload_date",
)  # fmt: skip
PLATFORM_COLUMNS: Final[tuple[str, ...]] = ("platform", "source_platform", "site", "network")
#: Columns whose value (a platform name, else the post's URL) says where a post was published.
PLATFORM_SOURCE_COLUMNS: Final[tuple[str, ...]] = (
    *PLATFORM_COLUMNS, "url", "post_url", "postUrl", "tweet_url", "link", "permalink",
    "webVideoUrl", "inputUrl",
)  # fmt: skip
ID_COLUMNS: Final[tuple[str, ...]] = ("id", "post_id", "tweet_id", "id_str", "url", "post_url")


def column_key(name: str) -> str:
    """How two column names are compared: case and surrounding spaces ignored."""
    return str(name).strip().casefold()


def find_column(columns: Iterable[str], candidates: Sequence[str]) -> str | None:
    """The first candidate (in the candidates' priority order) present in ``columns``,
    compared by :func:`column_key`; the column's own spelling is returned (an exact spelling
    wins over another column with the same key)."""
    cols = list(columns)
    by_key: dict[str, str] = {}
    for c in cols:
        by_key.setdefault(column_key(c), c)
    for cand in candidates:
        if cand in cols:
            return cand
        found = by_key.get(column_key(cand))
        if found is not None:
            return found
    return None
