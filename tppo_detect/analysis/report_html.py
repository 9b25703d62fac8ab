"""One self-contained HTML report (Bahasa Indonesia) of a scored file and its campaigns.

Analysts open it from disk, send it by e-mail or attach it to a case file, often on machines
without internet: so CSS, JavaScript and the chart (inline SVG) are all in the one file, and no
resource is loaded from anywhere. Everything taken from posts is HTML-escaped — scraped text is
attacker-controlled — and the small script only sorts and filters tables (it never inserts
post text as HTML).

Sections: risk-level counts, red flags by family (bar chart), the top campaigns with their
contacts, template, where to report (``tppo_detect.model.next_steps``), one public-warning
draft with the contacts masked (``tppo_detect.model.warning_draft``) and example posts
(evidence and contacts highlighted), and the highest-risk posts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from tppo_detect.analysis.campaigns import group_campaigns, parse_dates, platforms_of, split_ids
from tppo_detect.labels import RISK_LEVELS, TARGET_NAMES_ID, TARGETS, risk_level_rank
from tppo_detect.model.next_steps import NextStep, current_registry, platform_of
from tppo_detect.model.warning_draft import build_draft
from tppo_detect.numbers import percent, thousands
from tppo_detect.tables import DATE_COLUMNS, TEXT_COLUMNS, find_column
from tppo_detect.text.contacts import (
    KIND_NAMES_ID,
    contact_label,
    extract_contacts,
    is_linkable,
    parse_contacts,
)
from tppo_detect.text.impersonation import SIGNAL_NAMES as IMPERSONATION_NAMES

if TYPE_CHECKING:
    from tppo_detect.model.detector import Detector
    from tppo_detect.text.signals import Lexicon

#: Colours per family and risk level (also used in the chart legend).
FAMILY_COLOURS: Final[dict[str, str]] = {
    "illegal_recruitment": "#7c3aed",
    "online_scam": "#0e7490",
    "other": "#6b7280",
}
LEVEL_COLOURS: Final[dict[str, str]] = {
    "tinggi": "#b91c1c",
    "sedang": "#c2410c",
    "rendah": "#15803d",
}
_LINKED_BY_ID: Final[dict[str, str]] = {"contact": "kontak", "template": "templat"}
_CHART_PER_FAMILY: Final = 10
_TEMPLATE_CHARS: Final = 600
_POST_CHARS: Final = 1500

Span = tuple[int, int, str, str]  # start, end, css class, tooltip


def render_report(
    scored_df: pd.DataFrame,
    campaigns_df: pd.DataFrame | None = None,
    *,
    post_campaign_ids: pd.Series | None = None,
    text_col: str | None = None,
    detector: Detector | None = None,
    lexicon: Lexicon | None = None,
    top_campaigns: int = 10,
    campaign_min_level: str = "sedang",
    examples_per_campaign: int = 3,
    top_posts: int = 20,
    title: str = "Laporan Deteksi Tawaran Kerja Ilegal (TPPO) & Penipuan Online",
    source_name: str | None = None,
    generated: datetime | None = None,
) -> str:
    """The report as one HTML string.

    ``campaigns_df``/``post_campaign_ids`` come from
    :func:`tppo_detect.analysis.campaigns.group_campaigns` (computed here when not given; the ids
    may also be a ``campaign_id`` column of ``scored_df``). Evidence spans come from an
    ``evidence`` column (JSON, as in ``Score.to_dict()``) when there is one; otherwise, when a
    ``detector`` is given, the posts shown are re-scored to find them. Without either, only
    contacts are highlighted.
    """
    text_col = text_col or find_column(scored_df.columns, TEXT_COLUMNS)
    if text_col is None:
        raise ValueError(f"kolom teks tidak ditemukan (coba salah satu: {', '.join(TEXT_COLUMNS)})")
    df = scored_df.reset_index(drop=True)
    if campaigns_df is None:
        post_campaign_ids, campaigns_df = group_campaigns(df, text_col)
    campaigns_df = campaigns_df.copy()
    for col in ("size", "n_contacts", "max_risk", "mean_risk"):  # a re-read CSV holds text
        if col in campaigns_df.columns:
            campaigns_df[col] = pd.to_numeric(campaigns_df[col], errors="coerce")
    campaign_of = _campaign_ids(df, campaigns_df, post_campaign_ids)
    texts = [t if isinstance(t, str) else "" for t in df[text_col].tolist()]
    risk = (
        pd.to_numeric(df["risk_score"], errors="coerce").to_numpy(dtype=float)
        if "risk_score" in df.columns
        else np.full(len(df), np.nan)
    )
    if lexicon is None:
        if detector is not None:
            lexicon = detector.lexicon
        else:
            from tppo_detect.text.signals import load_lexicon

            lexicon = load_lexicon()
    signal_info = {s.id: (s.family, s.name) for s in lexicon.signals}

    # Harmless repeats (a shop's daily promo) are campaigns too, but not what an analyst opens
    # the report for: the table lists campaigns at campaign_min_level and above (issue 15).
    risky = campaigns_df
    if campaign_min_level != "rendah" and "max_level" in campaigns_df.columns:
        levels = campaigns_df["max_level"].map(
            lambda v: risk_level_rank(v) if v in RISK_LEVELS else -1
        )
        risky = campaigns_df[levels >= risk_level_rank(campaign_min_level)]
    shown_campaigns = risky.head(top_campaigns)
    examples: dict[str, list[int]] = {}
    for cid in shown_campaigns["campaign_id"].tolist():
        members = np.flatnonzero(campaign_of == cid)
        members = members[np.argsort(-np.nan_to_num(risk[members], nan=-1), kind="stable")]
        examples[cid] = members[:examples_per_campaign].tolist()
    ranked = np.argsort(-np.nan_to_num(risk, nan=-1), kind="stable")
    top = [int(i) for i in ranked[:top_posts] if not np.isnan(risk[i])]
    shown_posts = sorted({i for ids in examples.values() for i in ids} | set(top))
    evidence = _evidence(df, texts, shown_posts, detector)

    ctx = _Context(df, texts, risk, campaign_of, signal_info, evidence)
    body = [
        _header(title, df, source_name, generated),
        _risk_section(df),
        _signal_section(df, signal_info),
        _campaign_section(campaigns_df, shown_campaigns, examples, ctx),
        _posts_section(top, ctx),
        _footer(),
    ]
    return _page(title, "\n".join(body))


class _Context:
    """What the post renderers need, gathered once."""

    def __init__(
        self,
        df: pd.DataFrame,
        texts: list[str],
        risk: np.ndarray,
        campaign_of: np.ndarray,
        signal_info: dict[str, tuple[str, str]],
        evidence: dict[int, list[dict[str, Any]]],
    ) -> None:
        self.df = df
        self.texts = texts
        self.risk = risk
        self.campaign_of = campaign_of
        self.signal_info = signal_info
        self.evidence = evidence
        platforms = platforms_of(df)
        self.platforms = [str(p) for p in platforms] if platforms is not None else None
        self.date_col = find_column(df.columns, DATE_COLUMNS)
        self.registry = current_registry()
        self.names = {**IMPERSONATION_NAMES, **{sid: n for sid, (_, n) in signal_info.items()}}

    def platform(self, i: int) -> str:
        """Row ``i``'s platform (its platform column, else read from its URL), or ""."""
        value = self.platforms[i] if self.platforms is not None else ""
        return "" if value in ("nan", "None") else value

    def signal_name(self, sid: str) -> str:
        return self.signal_info.get(sid, ("other", sid))[1]

    def signal_family(self, sid: str) -> str:
        return self.signal_info.get(sid, ("other", sid))[0]


def _campaign_ids(df: pd.DataFrame, campaigns: pd.DataFrame, ids: pd.Series | None) -> np.ndarray:
    """Each row's campaign id ("" for none), from the ids given, a column or ``post_ids``."""
    if ids is not None:
        values = list(ids.tolist())
    elif "campaign_id" in df.columns:
        values = df["campaign_id"].tolist()
    else:
        id_col = find_column(df.columns, ("id", "post_id", "tweet_id", "id_str", "url"))
        keys = df[id_col].astype(str).tolist() if id_col else [str(i) for i in range(len(df))]
        row_of: dict[str, int] = {}
        for i, k in enumerate(keys):
            row_of.setdefault(k, i)
        values = [""] * len(df)
        for cid, members in zip(campaigns["campaign_id"], campaigns["post_ids"], strict=True):
            for key in str(members).split(";"):
                row = row_of.get(key)
                if row is not None:
                    values[row] = cid
    return np.array([v if isinstance(v, str) else "" for v in values], dtype=object)


def _evidence(
    df: pd.DataFrame, texts: list[str], rows: Sequence[int], detector: Detector | None
) -> dict[int, list[dict[str, Any]]]:
    """Evidence spans of the posts shown: from an ``evidence`` column, else by re-scoring."""
    out: dict[int, list[dict[str, Any]]] = {}
    if "evidence" in df.columns:
        for i in rows:
            out[i] = _checked_spans(texts[i], df.at[i, "evidence"])
        return out
    if detector is not None and rows:
        for i, score in zip(rows, detector.score([texts[i] for i in rows]), strict=True):
            out[i] = [e.to_dict() for e in score.evidence]
    return out


def _checked_spans(text: str, cell: object) -> list[dict[str, Any]]:
    """Evidence dicts whose span really covers their text in ``text``.

    A spreadsheet-safe CSV may have prefixed the text with ``'``: spans are then shifted by one.
    """
    if not isinstance(cell, str) or not cell.strip():
        return []
    try:
        items = json.loads(cell)
    except ValueError:
        return []
    spans = []
    for ev in items if isinstance(items, list) else []:
        if not isinstance(ev, dict):
            continue
        start, end, surface = ev.get("start"), ev.get("end"), ev.get("text")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        for shift in (0, 1):
            if text[start + shift : end + shift] == surface:
                spans.append({**ev, "start": start + shift, "end": end + shift})
                break
    return spans


# --- page parts ------------------------------------------------------------------------------


def _fmt(n: float) -> str:
    """Indonesian thousands separator: 12.345."""
    return thousands(int(n))


def _pct(part: int, whole: int) -> str:
    return percent(part, whole).replace(" %", "%") if whole else "0%"


def _header(title: str, df: pd.DataFrame, source: str | None, generated: datetime | None) -> str:
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    facts = [f"Dibuat {escape(when)}", f"{_fmt(len(df))} unggahan"]
    if source:
        facts.append(f"berkas {escape(source)}")
    if "model_version" in df.columns:
        versions = sorted({str(v) for v in df["model_version"].dropna() if str(v)})
        if versions:
            facts.append("model " + escape(", ".join(versions)))
    date_col = find_column(df.columns, DATE_COLUMNS)
    if date_col:
        dates = parse_dates(df[date_col]).dropna()
        if not dates.empty:
            first, last = dates.min().strftime("%Y-%m-%d"), dates.max().strftime("%Y-%m-%d")
            facts.append(f"periode {first} s.d. {last}")
    return (
        f"<header><h1>{escape(title)}</h1><p class='meta'>{' · '.join(facts)}</p>"
        "<p class='note'>Skor adalah indikasi untuk ditelaah analis, bukan bukti hukum. "
        "Teks unggahan ditampilkan apa adanya; tautan di dalamnya tidak aktif.</p></header>"
    )


def _risk_section(df: pd.DataFrame) -> str:
    levels = df["risk_level"].tolist() if "risk_level" in df.columns else []
    counts = Counter(lv if lv in RISK_LEVELS else "" for lv in levels)
    total = len(df)
    cards = []
    for level in reversed(RISK_LEVELS):
        n = counts.get(level, 0)
        cards.append(
            f"<div class='card' data-level='{level}' style='border-color:{LEVEL_COLOURS[level]}'>"
            f"<div class='num' style='color:{LEVEL_COLOURS[level]}'>{_fmt(n)}</div>"
            f"<div>Risiko {level}</div><div class='sub'>{_pct(n, total)}</div></div>"
        )
    unscored = counts.get("", 0) if levels else total
    if unscored:
        cards.append(
            f"<div class='card'><div class='num'>{_fmt(unscored)}</div>"
            "<div>Tanpa skor</div><div class='sub'>teks kosong/ditolak</div></div>"
        )
    return (
        "<section id='risiko'><h2>Jumlah unggahan per tingkat risiko</h2>"
        f"<div class='cards'>{''.join(cards)}</div></section>"
    )


def _signal_section(df: pd.DataFrame, info: dict[str, tuple[str, str]]) -> str:
    head = "<section id='tanda-bahaya'><h2>Tanda bahaya menurut kelompok</h2>"
    if "signals" not in df.columns:
        return head + "<p>Berkas tidak punya kolom <code>signals</code>.</p></section>"
    counts: Counter[str] = Counter()
    family_posts: Counter[str] = Counter()
    for cell in df["signals"].tolist():
        ids = list(dict.fromkeys(split_ids(cell)))
        counts.update(ids)
        family_posts.update({info.get(s, ("other", s))[0] for s in ids})
    if not counts:
        return head + "<p>Tidak ada tanda bahaya yang terdeteksi.</p></section>"
    total = len(df)
    summary = "".join(
        f"<li><span class='dot' style='background:{FAMILY_COLOURS[f]}'></span>"
        f"{escape(TARGET_NAMES_ID.get(f, 'lainnya'))}: <b>{_fmt(family_posts.get(f, 0))}</b> "
        f"unggahan ({_pct(family_posts.get(f, 0), total)})</li>"
        for f in (*TARGETS, "other")
        if f != "other" or family_posts.get("other")
    )
    # The most frequent red flags of each family, so one family cannot crowd out the other.
    ranked = sorted(
        counts.items(),
        key=lambda kv: (_family_rank(info.get(kv[0], ("other", ""))[0]), -kv[1], kv[0]),
    )
    per_family: Counter[str] = Counter()
    order = []
    for sid, n in ranked:
        family = info.get(sid, ("other", ""))[0]
        if per_family[family] < _CHART_PER_FAMILY:
            per_family[family] += 1
            order.append((sid, n))
    return (
        head
        + f"<ul class='legend'>{summary}</ul>"
        + _bar_chart(order, info)
        + (
            f"<p class='sub'>Menampilkan {len(order)} dari {len(counts)} tanda bahaya.</p>"
            if len(counts) > len(order)
            else ""
        )
        + "</section>"
    )


def _family_rank(family: str) -> int:
    return TARGETS.index(family) if family in TARGETS else len(TARGETS)


def _bar_chart(items: list[tuple[str, int]], info: dict[str, tuple[str, str]]) -> str:
    """Horizontal bars, one per signal, coloured by family (inline SVG, no library)."""
    row, label_w, bar_w, pad = 24, 390, 340, 6
    width = label_w + bar_w + 70
    height = row * len(items) + pad * 2
    top = max(n for _, n in items)
    parts = [
        f"<svg class='chart' role='img' aria-label='Jumlah unggahan per tanda bahaya' "
        f"viewBox='0 0 {width} {height}' width='100%' xmlns='http://www.w3.org/2000/svg'>"
    ]
    for k, (sid, n) in enumerate(items):
        family, name = info.get(sid, ("other", sid))
        y = pad + k * row
        length = max(2.0, bar_w * n / top)
        # ~7 px a character at the chart's font size: a longer name would be cut at the left
        shown = name if len(name) <= 46 else name[:45] + "…"
        parts.append(
            f"<g><title>{escape(name)} ({escape(sid)}): {_fmt(n)} unggahan</title>"
            f"<text x='{label_w - 8}' y='{y + row * 0.65:.1f}' text-anchor='end'>"
            f"{escape(shown)}</text>"
            f"<rect x='{label_w}' y='{y + 4}' width='{length:.1f}' height='{row - 8}' "
            f"rx='3' fill='{FAMILY_COLOURS.get(family, FAMILY_COLOURS['other'])}'/>"
            f"<text x='{label_w + length + 6:.1f}' y='{y + row * 0.65:.1f}'>{_fmt(n)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _campaign_section(
    campaigns: pd.DataFrame,
    shown: pd.DataFrame,
    examples: dict[str, list[int]],
    ctx: _Context,
) -> str:
    head = "<section id='kampanye'><h2>Kampanye teratas</h2>"
    if campaigns.empty:
        return head + "<p>Tidak ada unggahan yang terhubung menjadi kampanye.</p></section>"
    n_posts = int(campaigns["size"].sum())
    intro = (
        f"<p>{_fmt(len(campaigns))} kampanye (≥ 2 unggahan yang berbagi kontak atau templat "
        f"teks yang sama) mencakup {_fmt(n_posts)} unggahan. "
        + (
            f"Ditampilkan {len(shown)} dengan risiko tertinggi, hanya yang berisiko sedang "
            "atau tinggi"
            if len(shown)
            else "Tidak ada kampanye berisiko sedang atau tinggi"
        )
        + (
            f" ({_fmt(len(campaigns) - len(shown))} lainnya tidak ditampilkan: berisiko rendah, "
            "mis. pengulangan promosi, atau di luar 10 teratas; semuanya ada di tabel kampanye)"
            if len(campaigns) > len(shown)
            else ""
        )
        + ". Bagian teks yang berubah-ubah di templat ditandai <span class='gap'>{…}</span>.</p>"
    )
    header = (
        "<thead><tr><th>ID</th><th data-type='num'>Unggahan</th>"
        "<th data-type='num'>Risiko maks.</th><th data-type='num'>Rata-rata</th>"
        "<th>Terhubung lewat</th><th>Kontak</th><th>Platform</th><th>Pertama terlihat</th>"
        "<th>Terakhir terlihat</th><th>Tanda bahaya dominan</th></tr></thead>"
    )
    rows = []
    details = []
    for rec in shown.to_dict("records"):
        cid = str(rec["campaign_id"])
        anchor = f"k-{escape(cid)}"
        linked = " + ".join(
            _LINKED_BY_ID.get(p, p) for p in str(rec.get("linked_by") or "").split("+") if p
        )
        signals = ", ".join(escape(ctx.signal_name(s)) for s in split_ids(rec["dominant_signals"]))
        rows.append(
            f"<tr><td><a href='#{anchor}'>{escape(cid)}</a></td>"
            f"<td class='n'>{_fmt(rec['size'])}</td>"
            f"<td class='n'>{_num(rec.get('max_risk'))}</td>"
            f"<td class='n'>{_num(rec.get('mean_risk'), 1)}</td>"
            f"<td>{escape(linked)}</td>"
            f"<td>{_contact_list(rec.get('contacts'), 4, rec.get('n_contacts'))}</td>"
            f"<td>{escape(str(rec.get('platforms') or ''))}</td>"
            f"<td>{escape(_day(rec.get('first_seen')))}</td>"
            f"<td>{escape(_day(rec.get('last_seen')))}</td>"
            f"<td>{signals}</td></tr>"
        )
        details.append(_campaign_detail(rec, anchor, examples.get(cid, []), ctx))
    table = (
        f"<table id='tabel-kampanye' class='sortable'>{header}<tbody>{''.join(rows)}</tbody>"
        "</table>"
    )
    return head + intro + table + "<h3>Rincian kampanye</h3>" + "".join(details) + "</section>"


def _campaign_detail(rec: dict[str, Any], anchor: str, rows: list[int], ctx: _Context) -> str:
    template = str(rec.get("template") or "")
    if len(template) > _TEMPLATE_CHARS:
        template = template[:_TEMPLATE_CHARS] + " …"
    template_html = (
        escape(template).replace("{…}", "<span class='gap'>{…}</span>")
        if template
        else "<i>tidak ada templat bersama (terhubung lewat kontak)</i>"
    )
    posts = "".join(_post_card(i, ctx) for i in rows)
    return (
        f"<details id='{anchor}' class='campaign'><summary><b>{escape(str(rec['campaign_id']))}"
        f"</b> — {_fmt(rec['size'])} unggahan, risiko maks. {_num(rec.get('max_risk'))}"
        "</summary>"
        "<p><b>Kontak</b> (paling sering dulu): "
        f"{_contact_list(rec.get('contacts'), 20, rec.get('n_contacts'), ' · ') or '—'}</p>"
        f"<p><b>Templat:</b></p><blockquote class='template'>{template_html}</blockquote>"
        f"{_campaign_actions(rec, rows, ctx)}"
        f"<p><b>Contoh unggahan</b> (risiko tertinggi dulu):</p>{posts}</details>"
    )


def _campaign_families(rec: dict[str, Any], rows: list[int], ctx: _Context) -> list[str]:
    """Families of the campaign's red flags, plus the likelier family of its example posts."""
    fams = {ctx.signal_family(s) for s in split_ids(rec.get("dominant_signals"))}
    if rows and all(t in ctx.df.columns for t in TARGETS):
        means = [pd.to_numeric(ctx.df[t].iloc[rows], errors="coerce").mean() for t in TARGETS]
        if not any(pd.isna(m) for m in means):
            fams.add(TARGETS[int(np.argmax(means))])
    return [f for f in TARGETS if f in fams]


def _campaign_actions(rec: dict[str, Any], rows: list[int], ctx: _Context) -> str:
    """Where to report the campaign and one warning draft (contacts masked) for it."""
    level = str(rec.get("max_level") or "")
    families = _campaign_families(rec, rows, ctx)
    signals = split_ids(rec.get("dominant_signals"))
    contacts = [c for c in parse_contacts(rec.get("contacts")) if is_linkable(c[0], c[1])]
    platforms = [platform_of(p.strip()) for p in str(rec.get("platforms") or "").split(";")]
    steps = ctx.registry.select_group(
        level, families, signals, [(k, p) for k, _, p in contacts], platforms, ctx.names
    )
    if not steps:
        return "<p><b>Langkah lanjut:</b> — (tidak ada unggahan berisiko sedang/tinggi)</p>"
    draft = build_draft(
        families, signals, contacts, steps, registry=ctx.registry, signal_names=ctx.names
    )
    items = "".join(_step_item(s) for s in steps)
    return (
        f"<p><b>Langkah lanjut — laporkan ke:</b></p><ul class='steps'>{items}</ul>"
        "<p><b>Draf peringatan publik</b> (kontak disamarkan):</p>"
        f"<pre class='draft'>{escape(draft)}</pre>"
    )


def _step_item(step: NextStep) -> str:
    ch = step.channel
    contact = ch.contact_line()
    return (
        f"<li data-step='{escape(ch.id)}'><b>{escape(ch.name)}</b>"
        + (f" — {escape(contact)}" if contact else "")
        + f"<br><span class='muted'>{escape(ch.action)} ({escape(step.reason)})</span></li>"
    )


def _posts_section(rows: list[int], ctx: _Context) -> str:
    head = "<section id='unggahan'><h2>Unggahan dengan risiko tertinggi</h2>"
    if not rows:
        return head + "<p>Berkas tidak punya kolom <code>risk_score</code>.</p></section>"
    filt = (
        "<p><label>Saring: <input id='saring' type='search' placeholder='kata, nomor, @akun…'"
        " autocomplete='off'></label></p>"
    )
    header = (
        "<thead><tr><th data-type='num'>#</th><th data-type='num'>Skor</th><th>Tingkat</th>"
        "<th>Platform</th><th>Kampanye</th><th>Unggahan (bukti disorot)</th>"
        "<th>Tanda bahaya</th></tr></thead>"
    )
    body = []
    for rank, i in enumerate(rows, start=1):
        level = str(ctx.df.at[i, "risk_level"]) if "risk_level" in ctx.df.columns else ""
        colour = LEVEL_COLOURS.get(level, "#374151")
        cid = str(ctx.campaign_of[i])
        camp = f"<a href='#k-{escape(cid)}'>{escape(cid)}</a>" if cid else ""
        platform = ctx.platform(i)
        sigs = split_ids(ctx.df.at[i, "signals"]) if "signals" in ctx.df.columns else []
        body.append(
            f"<tr><td class='n'>{rank}</td><td class='n'>{_num(ctx.risk[i])}</td>"
            f"<td><span class='level' style='background:{colour}'>{escape(level)}</span></td>"
            f"<td>{escape(platform if platform != 'nan' else '')}</td><td>{camp}</td>"
            f"<td class='post'>{_highlighted(i, ctx)}</td>"
            f"<td>{', '.join(escape(ctx.signal_name(s)) for s in sigs)}</td></tr>"
        )
    return (
        head
        + filt
        + f"<table id='tabel-unggahan' class='sortable'>{header}<tbody>{''.join(body)}</tbody>"
        "</table></section>"
    )


def _post_card(i: int, ctx: _Context) -> str:
    level = str(ctx.df.at[i, "risk_level"]) if "risk_level" in ctx.df.columns else ""
    platform = ctx.platform(i)
    meta = [f"skor {_num(ctx.risk[i])}", escape(level)]
    if platform and platform != "nan":
        meta.append(escape(platform))
    if ctx.date_col:
        meta.append(escape(str(ctx.df.at[i, ctx.date_col])))
    return (
        f"<div class='post-card'><div class='sub'>{' · '.join(m for m in meta if m)}</div>"
        f"<div class='post'>{_highlighted(i, ctx)}</div></div>"
    )


def _highlighted(i: int, ctx: _Context) -> str:
    """The post's text, escaped, with evidence and contacts wrapped in <mark>."""
    text = ctx.texts[i]
    truncated = len(text) > _POST_CHARS
    if truncated:
        text = text[:_POST_CHARS]
    spans: list[Span] = []
    for ev in ctx.evidence.get(i, []):
        start, end = int(ev["start"]), int(ev["end"])
        if 0 <= start < end <= len(text):
            family = ctx.signal_family(str(ev.get("signal", "")))
            family = ev.get("family", family)
            cls = evidence_class(family)
            tip = str(ev.get("description") or ctx.signal_name(str(ev.get("signal", ""))))
            spans.append((start, end, cls, tip))
    for c in extract_contacts(text):
        spans.append((c.start, c.end, "kontak", contact_label(c.kind, c.value, c.provider)))
    html = highlight(text, spans)
    return html + (" <span class='sub'>… (dipotong)</span>" if truncated else "")


def evidence_class(family: str) -> str:
    """The mark class of a red flag's family (the report's CSS colours it)."""
    return "ev-ir" if family == "illegal_recruitment" else "ev-scam"


def highlight(text: str, spans: Sequence[Span]) -> str:
    """``text`` escaped, with each span wrapped in ``<mark class=… title=…>``.

    Overlapping evidence spans merge into one mark whose tooltip names every red flag; a
    contact inside evidence is left to the evidence mark (one level of marks, always valid
    HTML).
    """
    ordered = sorted(spans, key=lambda s: (s[2] == "kontak", s[0], -s[1]))
    taken: list[list[Any]] = []  # [start, end, cls, tips]
    for start, end, cls, tip in ordered:
        overlap = [t for t in taken if start < t[1] and t[0] < end]
        if not overlap:
            taken.append([start, end, cls, [tip]])
        elif cls != "kontak":
            first = overlap[0]
            for t in overlap[1:]:
                first[0], first[1] = min(first[0], t[0]), max(first[1], t[1])
                first[3].extend(t[3])
                taken.remove(t)
            first[0], first[1] = min(first[0], start), max(first[1], end)
            if tip not in first[3]:
                first[3].append(tip)
    taken.sort()
    out: list[str] = []
    pos = 0
    for start, end, cls, tips in taken:
        out.append(escape(text[pos:start]))
        title = escape("; ".join(dict.fromkeys(tips)))
        out.append(f"<mark class='{cls}' title='{title}'>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _contact_list(cell: object, limit: int, total: object = None, sep: str = "<br>") -> str:
    """Contacts of a campaign cell, most shared first; ``total`` counts those not listed."""
    items = parse_contacts(cell)
    if not items:
        return ""
    shown = [
        f"<span class='contact' title='{escape(KIND_NAMES_ID.get(k, k))}'>"
        f"{escape(contact_label(k, v, p))}</span>"
        for k, v, p in items[:limit]
    ]
    try:
        hidden = max(int(total), len(items)) - len(shown)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        hidden = len(items) - len(shown)
    more = f" <span class='sub'>+{_fmt(hidden)} lagi</span>" if hidden > 0 else ""
    return sep.join(shown) + more


def _num(value: object, digits: int = 0) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if np.isnan(number):
        return ""
    return f"{number:.{digits}f}".replace(".", ",")


def _day(value: object) -> str:
    return str(value)[:10] if isinstance(value, str) else ""


def _footer() -> str:
    return (
        "<footer>Dibuat oleh <code>tppo-detect report</code>. Kampanye = unggahan yang "
        "berbagi nomor/akun/rekening/tautan yang sama atau teks yang hampir sama (templat). "
        "Kontak resmi (situs .go.id, akun resmi) tidak dipakai untuk menghubungkan unggahan."
        "</footer>"
    )


_CSS: Final = """
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827}
body{max-width:1200px;margin:0 auto;padding:1rem 1.5rem;line-height:1.45;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0}h2{margin-top:2rem;border-bottom:2px solid #e5e7eb}
.meta,.sub{color:#4b5563;font-size:.9rem}.note{background:#fef3c7;padding:.4rem .6rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:2px solid #d1d5db;border-radius:8px;padding:.6rem 1rem;min-width:150px}
.card .num{font-size:1.8rem;font-weight:700}
.legend{list-style:none;padding:0}.legend li{margin:.2rem 0}
.dot{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.4rem}
.chart text{font-size:12px;fill:#111827}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.5rem 0}
@media (max-width:48rem){table{display:block;overflow-x:auto;max-width:100%}body{padding:.5rem}}
th,td{border:1px solid #e5e7eb;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#f3f4f6;cursor:pointer;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.n{text-align:right;white-space:nowrap}
.post{white-space:pre-wrap;word-break:break-word}
.post-card{border-left:3px solid #d1d5db;padding:.3rem .6rem;margin:.5rem 0}
mark{border-radius:3px;padding:0 1px}
mark.ev-ir{background:#ede9fe;box-shadow:inset 0 -2px #7c3aed}
mark.ev-scam{background:#cffafe;box-shadow:inset 0 -2px #0e7490}
mark.kontak{background:#fde68a}
.level{color:#fff;border-radius:4px;padding:0 .35rem;font-size:.8rem}
.gap{color:#9ca3af;font-weight:700}
.template{background:#f9fafb;border-left:3px solid #9ca3af;margin:.3rem 0;padding:.4rem .6rem}
details.campaign{border:1px solid #e5e7eb;border-radius:6px;padding:.4rem .8rem;margin:.5rem 0}
details.campaign summary{cursor:pointer}
.contact{white-space:nowrap}
.draft{white-space:pre-wrap;word-break:break-word;background:#f9fafb;border:1px solid #e5e7eb;
padding:.5rem .7rem;font-family:inherit}
ul.steps li{margin:.25rem 0}.muted{color:#4b5563}
footer{margin-top:2rem;color:#6b7280;font-size:.85rem}
@media print{details.campaign{display:block}th{position:static}}
"""

# Sorting and filtering only read textContent; nothing is ever inserted as HTML.
_JS: Final = """
(function(){
  function key(td,num){var t=td?td.textContent.trim():'';
    if(num){var v=parseFloat(t.replace(/\\./g,'').replace(',','.'));return isNaN(v)?-Infinity:v;}
    return t.toLowerCase();}
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('th').forEach(function(th,col){
      th.addEventListener('click',function(){
        var num=th.dataset.type==='num';
        var asc=th.getAttribute('aria-sort')!=='ascending';
        table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=key(a.cells[col],num),y=key(b.cells[col],num);
          return (x<y?-1:x>y?1:0)*(asc?1:-1);});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  var box=document.getElementById('saring');
  if(box){box.addEventListener('input',function(){
    var q=box.value.toLowerCase();
    document.querySelectorAll('#tabel-unggahan tbody tr').forEach(function(r){
      r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});
  });}
  document.querySelectorAll('a[href^="#k-"]').forEach(function(a){
    a.addEventListener('click',function(){
      var d=document.getElementById(a.getAttribute('href').slice(1));if(d){d.open=true;}});
  });
})();
"""


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='id'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}<script>{_JS}</script></body></html>\n"
    )
