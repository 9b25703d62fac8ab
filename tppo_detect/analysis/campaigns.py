"""Campaigns: posts linked by a shared recruiter contact or by a re-posted template.

Task forces act on a recruiter, not on one post. Two kinds of link connect posts:

* the same normalised contact (:mod:`tppo_detect.text.contacts`): one WhatsApp number, Telegram
  name, e-mail, link or bank/e-wallet account behind several posts;
* near-duplicate text: the same template re-posted with the number swapped or a few words
  changed (character 5-gram Jaccard >= ``threshold`` after digits are masked, found with
  :func:`tppo_detect.analysis.neardup.near_duplicate_links`).

A campaign is a connected component of both kinds of link (union-find), so a template posted
with three different numbers and a fourth post that shares one of those numbers end up together.

Cost is near-linear in the number of posts: a contact shared by k posts is k-1 unions (a chain,
never k² pairs), exact duplicates are hashed once, and near-duplicates are found with banded
MinHash LSH. Links that many unrelated posts share (official sites, platform home pages, see
:func:`tppo_detect.text.contacts.is_linkable`) never link; ``max_contact_posts`` can also drop
contacts shared by implausibly many posts (a hotline quoted in news, say).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Final

import numpy as np
import pandas as pd

from tppo_detect.analysis.neardup import UnionFind, near_duplicate_links
from tppo_detect.labels import RISK_LEVELS
from tppo_detect.tables import (
    DATE_COLUMNS,
    ID_COLUMNS,
    PLATFORM_COLUMNS,
    PLATFORM_SOURCE_COLUMNS,
    TEXT_COLUMNS,
    find_column,
)
from tppo_detect.text.contacts import (
    contact_key,
    extract_contacts,
    is_linkable,
    parse_contacts,
)

#: A post's contacts as (kind, value, provider).
Contacts = list[tuple[str, str, str | None]]

#: Columns of the campaigns table, in order.
CAMPAIGN_COLUMNS: Final[tuple[str, ...]] = (
    "campaign_id", "size", "linked_by", "n_contacts", "contacts", "platforms", "first_seen",
    "last_seen", "max_risk", "mean_risk", "max_level", "dominant_signals", "template",
    "example_text", "post_ids",
)  # fmt: skip

#: How a varying part of a template is shown.
GAP: Final = "{…}"
_GAP_TOKEN: Final = "\x00gap"
_NUMBER_RUN: Final = re.compile(r"\d(?:[\s.\-]?\d)*")
_MAX_LISTED_CONTACTS: Final = 20
_TEMPLATE_SAMPLES: Final = 6
_EXAMPLE_CHARS: Final = 1000


def platforms_of(df: pd.DataFrame, platform_col: str | None = None) -> list[object] | None:
    """Each row's platform: the platform column when there is one, else read from the post's
    URL (tweet-harvest has ``tweet_url``, Apify ``url``/``postUrl``); None when neither."""
    from tppo_detect.model.next_steps import platform_of

    platform_col = platform_col or find_column(df.columns, PLATFORM_COLUMNS)
    if platform_col:
        return df[platform_col].tolist()
    url_col = find_column(df.columns, PLATFORM_SOURCE_COLUMNS)
    if url_col is None:
        return None
    return [platform_of(v) or "" for v in df[url_col].tolist()]


def template_text(text: str) -> str:
    """What near-duplicate matching compares: numbers masked, so a swapped phone still matches."""
    return _NUMBER_RUN.sub("#", text)


def group_campaigns(
    df: pd.DataFrame,
    text_col: str | None = None,
    *,
    threshold: float = 0.6,
    min_size: int = 2,
    min_template_chars: int = 60,
    max_contact_posts: int | None = None,
    contacts_col: str | None = "contacts",
    date_col: str | None = None,
    platform_col: str | None = None,
    id_col: str | None = None,
) -> tuple[pd.Series, pd.DataFrame]:
    """Group posts into campaigns.

    Returns ``(post_campaign_ids, campaigns)``: a Series aligned with ``df.index`` holding each
    post's campaign id (None for posts in no campaign), and one row per campaign of at least
    ``min_size`` posts with the columns in :data:`CAMPAIGN_COLUMNS`, highest risk first.

    ``text_col``, ``date_col``, ``platform_col`` and ``id_col`` are found by name when not
    given (see the ``*_COLUMNS`` lists); risk comes from ``risk_score``/``risk_level`` and
    signals from a ``signals`` column of ``;``-joined ids when present. Contacts are read from
    ``contacts_col`` when the frame has it (batch output) and extracted from the text otherwise.
    Texts shorter than ``min_template_chars`` link only through contacts: "amin" or "info dong"
    repeated by strangers is not a campaign.
    """
    text_col = text_col or find_column(df.columns, TEXT_COLUMNS)
    if text_col is None or text_col not in df.columns:
        raise ValueError(f"kolom teks tidak ditemukan (coba salah satu: {', '.join(TEXT_COLUMNS)})")
    texts = ["" if not isinstance(t, str) else t for t in df[text_col].tolist()]
    n = len(texts)
    post_contacts = _post_contacts(df, texts, contacts_col)

    uf = UnionFind(n)
    contact_edges = _link_contacts(uf, post_contacts, max_contact_posts)
    template_links = _link_templates(uf, texts, threshold, min_template_chars)
    # Template-only groups: a campaign's template is read from its largest re-posted text, not
    # from members that only share a phone number with it.
    uf_template = UnionFind(n)
    for a, b in template_links:
        uf_template.union(a, b)

    roots = np.asarray(uf.groups(), dtype=np.int64)
    _, group, sizes = np.unique(roots, return_inverse=True, return_counts=True)
    member_sizes = sizes[group]
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.r_[True, np.diff(group[order]) != 0])
    contact_groups = {int(group[a]) for a in contact_edges}
    template_groups = {int(group[a]) for a, _ in template_links}

    ctx = _Columns.from_frame(df, date_col, platform_col, id_col)
    rows: list[dict[str, object]] = []
    members_of: list[np.ndarray] = []
    for start, stop in zip(bounds.tolist(), np.r_[bounds[1:], n].tolist(), strict=True):
        members = order[start:stop]
        if member_sizes[members[0]] < min_size:
            continue
        g = int(group[members[0]])
        linked = [
            name
            for name, groups in (("contact", contact_groups), ("template", template_groups))
            if g in groups
        ]
        template = _template_of(members, texts, uf_template)
        rows.append(_summarise(members, texts, post_contacts, ctx, "+".join(linked), template))
        members_of.append(members)

    campaigns = pd.DataFrame(rows, columns=[c for c in CAMPAIGN_COLUMNS if c != "campaign_id"])
    post_ids = pd.Series([None] * n, index=df.index, dtype=object)
    if campaigns.empty:
        campaigns.insert(0, "campaign_id", pd.Series(dtype=object))
        return post_ids, campaigns
    rank = sorted(
        range(len(rows)),
        key=lambda i: (
            -(campaigns.at[i, "max_risk"] if pd.notna(campaigns.at[i, "max_risk"]) else -1),
            -int(campaigns.at[i, "size"]),
            int(members_of[i][0]),
        ),
    )
    width = max(4, len(str(len(rank))))
    ids = [""] * len(rows)
    values = np.full(n, None, dtype=object)
    for pos, i in enumerate(rank, start=1):
        ids[i] = f"K{pos:0{width}d}"
        values[members_of[i]] = ids[i]
    post_ids = pd.Series(values, index=df.index, dtype=object)
    campaigns.insert(0, "campaign_id", ids)
    campaigns = campaigns.iloc[rank].reset_index(drop=True)
    return post_ids, campaigns


def _post_contacts(df: pd.DataFrame, texts: list[str], contacts_col: str | None) -> list[Contacts]:
    if contacts_col and contacts_col in df.columns:
        return [parse_contacts(cell) for cell in df[contacts_col].tolist()]
    return [[(c.kind, c.value, c.provider) for c in extract_contacts(t)] for t in texts]


def _link_contacts(
    uf: UnionFind, post_contacts: list[Contacts], max_posts: int | None
) -> list[int]:
    """Union posts sharing a linkable contact, as a chain per contact; returns linked posts."""
    by_key: dict[str, list[int]] = {}
    for i, contacts in enumerate(post_contacts):
        for kind, value, _ in contacts:
            if is_linkable(kind, value):
                posts = by_key.setdefault(contact_key(kind, value), [])
                if not posts or posts[-1] != i:
                    posts.append(i)
    linked: list[int] = []
    for posts in by_key.values():
        if len(posts) < 2 or (max_posts is not None and len(posts) > max_posts):
            continue
        first = posts[0]
        for other in posts[1:]:
            uf.union(first, other)
        linked.append(first)
    return linked


def _link_templates(
    uf: UnionFind, texts: list[str], threshold: float, min_chars: int
) -> list[tuple[int, int]]:
    """Union exact and near-duplicate texts (numbers masked); returns the links made."""
    first_of: dict[str, int] = {}
    unique_idx: list[int] = []
    unique_texts: list[str] = []
    links: list[tuple[int, int]] = []
    for i, text in enumerate(texts):
        norm = " ".join(template_text(text).lower().split())
        if len(norm) < min_chars:
            continue
        j = first_of.setdefault(norm, i)
        if j == i:
            unique_idx.append(i)
            unique_texts.append(norm)
        else:
            links.append((j, i))
    for a, b, _ in near_duplicate_links(unique_texts, threshold):
        links.append((unique_idx[a], unique_idx[b]))
    for a, b in links:
        uf.union(a, b)
    return links


class _Columns:
    """The optional per-post columns a campaign summary reads, parsed once."""

    def __init__(
        self,
        ids: list[str],
        dates: pd.Series | None,
        platforms: list[object] | None,
        risk: np.ndarray | None,
        levels: list[object] | None,
        signals: list[object] | None,
    ) -> None:
        self.ids = ids
        self.dates = dates
        self.platforms = platforms
        self.risk = risk
        self.levels = levels
        self.signals = signals

    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        date_col: str | None,
        platform_col: str | None,
        id_col: str | None,
    ) -> _Columns:
        id_col = id_col or find_column(df.columns, ID_COLUMNS)
        ids = df[id_col].astype(str).tolist() if id_col else [str(i) for i in range(len(df))]
        date_col = date_col or find_column(df.columns, DATE_COLUMNS)
        dates = parse_dates(df[date_col]) if date_col else None
        platforms = platforms_of(df, platform_col)
        risk = (
            pd.to_numeric(df["risk_score"], errors="coerce").to_numpy(dtype=float)
            if "risk_score" in df.columns
            else None
        )
        levels = df["risk_level"].tolist() if "risk_level" in df.columns else None
        signals = df["signals"].tolist() if "signals" in df.columns else None
        return cls(ids, dates, platforms, risk, levels, signals)


def parse_dates(col: pd.Series) -> pd.Series:
    """Timestamps (UTC) of a date column in any common export format; NaT where unreadable.

    Numbers are epoch seconds (TikTok ``createTime``) or milliseconds.
    """
    if pd.api.types.is_numeric_dtype(col):
        values = pd.to_numeric(col, errors="coerce")
        unit = "ms" if values.abs().max() > 1e11 else "s"
        return pd.to_datetime(values, unit=unit, errors="coerce", utc=True)
    return pd.to_datetime(col, errors="coerce", utc=True, format="mixed")


def _summarise(
    members: np.ndarray,
    texts: list[str],
    post_contacts: list[Contacts],
    ctx: _Columns,
    linked_by: str,
    template: str,
) -> dict[str, object]:
    idx = members.tolist()
    contact_counts: Counter[tuple[str, str]] = Counter()
    providers: dict[tuple[str, str], str | None] = {}
    for i in idx:
        for kind, value, provider in dict.fromkeys(post_contacts[i]):
            contact_counts[(kind, value)] += 1
            providers.setdefault((kind, value), provider)
    listed = [
        f"{kind}:{value}" + (f" ({providers[(kind, value)]})" if providers[(kind, value)] else "")
        for (kind, value), _ in contact_counts.most_common(_MAX_LISTED_CONTACTS)
    ]
    row: dict[str, object] = {
        "size": len(idx),
        "linked_by": linked_by,
        "n_contacts": len(contact_counts),
        "contacts": "; ".join(listed),
        "platforms": "",
        "first_seen": "",
        "last_seen": "",
        "max_risk": np.nan,
        "mean_risk": np.nan,
        "max_level": "",
        "dominant_signals": "",
        "template": template,
        "example_text": "",
        "post_ids": ";".join(ctx.ids[i] for i in idx),
    }
    example = idx[0]
    if ctx.platforms is not None:
        counts = Counter(str(p) for p in (ctx.platforms[i] for i in idx) if _present(p))
        row["platforms"] = "; ".join(p for p, _ in counts.most_common())
    if ctx.dates is not None:
        seen = ctx.dates.iloc[idx].dropna()
        if not seen.empty:
            row["first_seen"] = seen.min().isoformat()
            row["last_seen"] = seen.max().isoformat()
    if ctx.risk is not None:
        risk = ctx.risk[idx]
        if not np.isnan(risk).all():
            row["max_risk"] = float(np.nanmax(risk))
            row["mean_risk"] = round(float(np.nanmean(risk)), 1)
            example = idx[int(np.nanargmax(risk))]
    if ctx.levels is not None:
        ranks = [RISK_LEVELS.index(lv) for lv in (ctx.levels[i] for i in idx) if lv in RISK_LEVELS]
        row["max_level"] = RISK_LEVELS[max(ranks)] if ranks else ""
    if ctx.signals is not None:
        sig_counts: Counter[str] = Counter()
        for i in idx:
            sig_counts.update(list(dict.fromkeys(split_ids(ctx.signals[i]))))
        row["dominant_signals"] = ";".join(s for s, _ in sig_counts.most_common(5))
    row["example_text"] = texts[example][:_EXAMPLE_CHARS]
    return row


def _template_of(members: np.ndarray, texts: list[str], uf_template: UnionFind) -> str:
    """Template of the campaign's largest group of near-duplicate texts ("" if it has none)."""
    by_root: dict[int, list[int]] = {}
    for i in members.tolist():
        by_root.setdefault(uf_template.find(i), []).append(i)
    largest = max(by_root.values(), key=len)
    if len(largest) < 2:
        return ""
    return campaign_template([texts[i] for i in largest])


def split_ids(cell: object) -> list[str]:
    """Signal ids of a ``;``-joined cell (empty for NaN/None/"")."""
    if not isinstance(cell, str):
        return []
    return [s.strip() for s in cell.split(";") if s.strip()]


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and value != ""


def campaign_template(texts: Sequence[str], max_texts: int = _TEMPLATE_SAMPLES) -> str:
    """The words every member shares, in order, with each varying run shown as ``{…}``.

    Members are aligned word by word (difflib), starting from the first distinct text and
    keeping only what each further one also has. At most ``max_texts`` distinct texts, spread
    over the campaign, are aligned, which keeps big campaigns cheap. Returns "" when the members
    share under a third of their words (a campaign linked only by a contact).
    """
    distinct = list(dict.fromkeys(t for t in texts if t))
    if not distinct:
        return ""
    if len(distinct) > max_texts:
        step = (len(distinct) - 1) / (max_texts - 1)
        distinct = [distinct[round(k * step)] for k in range(max_texts)]
    template: list[str] = distinct[0].split()
    if len(distinct) == 1:
        return " ".join(template)
    n_first = len(template)
    for other in distinct[1:]:
        template = _align(template, other.split())
    kept = sum(1 for t in template if t != _GAP_TOKEN)
    if n_first == 0 or kept < n_first / 3:
        return ""
    return " ".join(GAP if t == _GAP_TOKEN else t for t in template)


def _align(template: list[str], other: list[str]) -> list[str]:
    matcher = SequenceMatcher(None, template, other, autojunk=False)
    out: list[str] = []
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            out.extend(t for t in template[i1:i2])
        elif not out or out[-1] != _GAP_TOKEN:
            out.append(_GAP_TOKEN)
    return out
