"""The analyst report: one self-contained, escaped HTML file that opens in a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from tppo_detect.analysis.campaigns import group_campaigns
from tppo_detect.analysis.report_html import highlight, render_report
from tppo_detect.model.detector import Detector
from tppo_detect.text.contacts import extract_contacts, format_contacts

TEMPLATE = (
    "LOWONGAN KERJA KAMBOJA admin online gaji 20 juta, tanpa pengalaman, tiket pesawat dan "
    "paspor diurus kami, berangkat minggu depan tidak perlu lewat BP2MI. Hubungi WA {}"
)
POSTS = [
    TEMPLATE.format("0812-1111-2222"),
    TEMPLATE.format("+62 813 3333 4444"),
    TEMPLATE.format("0857.5555.6666"),
    "Tugas like & follow dibayar 50rb per tugas, deposit dulu 100rb ke DANA 0813-3333-4444",
    "<script>alert('xss')</script> Kerja di Jepang <b>gaji</b> 30 juta & \"resmi\", "
    "klik bit.ly/kerja-jepang",
    "Pabrik sepatu di Tangerang membuka lowongan operator produksi lewat Disnaker, gratis.",
    "Resep sayur lodeh enak untuk keluarga, santan jangan sampai pecah ya bun.",
]


def scored_frame(detector: Detector, texts: list[str] = POSTS) -> pd.DataFrame:
    """What ``tppo-detect batch`` writes: input columns plus scores, signals and contacts."""
    scores = detector.score(texts)
    return pd.DataFrame(
        {
            "id": [f"p{i}" for i in range(len(texts))],
            "text": texts,
            "platform": ["facebook", "x", "tiktok", "whatsapp", "instagram", "facebook", "x"],
            "created_at": [f"2025-0{i + 1}-10" for i in range(len(texts))],
            "illegal_recruitment": [s.illegal_recruitment for s in scores],
            "online_scam": [s.online_scam for s in scores],
            "risk_score": [s.risk_score for s in scores],
            "risk_level": [s.risk_level for s in scores],
            "signals": [";".join(s.signal_ids) for s in scores],
            "model_version": detector.version,
            "contacts": [format_contacts(extract_contacts(t)) for t in texts],
        }
    )


@pytest.fixture(scope="module")
def scored(detector: Detector) -> pd.DataFrame:
    return scored_frame(detector)


@pytest.fixture(scope="module")
def report(scored: pd.DataFrame, detector: Detector) -> str:
    return render_report(scored, detector=detector, source_name="uji.csv")


def test_report_has_every_section(report: str, scored: pd.DataFrame) -> None:
    assert report.startswith("<!DOCTYPE html>")
    assert "<html lang='id'>" in report
    for section in ("risiko", "tanda-bahaya", "kampanye", "unggahan"):
        assert f"<section id='{section}'>" in report
    assert "id='tabel-kampanye'" in report
    assert "id='tabel-unggahan'" in report
    assert "<svg class='chart'" in report
    counts = scored["risk_level"].value_counts()
    for level, n in counts.items():
        assert re.search(rf">{n}</div><div>Risiko {level}</div>", report)


def test_campaign_and_contacts_are_shown(report: str) -> None:
    assert "K0001" in report
    assert "Telepon +6281211112222" in report
    assert "Dompet digital DANA +6281333334444" in report
    assert "<span class='gap'>{…}</span>" in report  # the template's varying number


def test_each_campaign_has_its_channels_and_one_masked_draft(report: str) -> None:
    details = re.findall(r"<details id='k-(K\d+)' class='campaign'>(.*?)</details>", report, re.S)
    assert details
    by_id = dict(details)
    k1 = by_id["K0001"]  # the three "Kamboja" template posts on Facebook, X and TikTok
    steps = re.findall(r"<li data-step='([a-z0-9_]+)'>", k1)
    for sid in ("bp3mi_wilayah", "kp2mi_pengaduan", "platform_facebook", "platform_x"):
        assert sid in steps, steps
    assert "platform_tiktok" in steps and "platform_instagram" not in steps
    (draft,) = re.findall(r"<pre class='draft'>(.*?)</pre>", k1, re.S)
    assert draft.startswith("⚠️ WASPADA TAWARAN KERJA KE LUAR NEGERI TIDAK RESMI")
    assert "(nomor disamarkan)" in draft
    digits = re.sub(r"\D", "", draft)
    for number in ("81211112222", "81333334444", "85755556666"):
        assert not any(number[i : i + 4] in digits for i in range(len(number) - 3)), number
    assert "0-800-1000" in draft and "Kabupaten Buleleng" in draft
    assert all(d.count("<pre class='draft'>") <= 1 for _, d in details)


def test_post_text_is_escaped(report: str) -> None:
    assert "<script>alert" not in report
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in report
    assert "&lt;b&gt;gaji&lt;/b&gt;" in report
    assert report.count("<script>") == 1  # only our own sorting/filtering script


def test_evidence_is_highlighted_by_rescoring(report: str) -> None:
    assert "<mark class='ev-ir'" in report or "<mark class='ev-scam'" in report
    assert "<mark class='kontak' title='Telepon +6281211112222'>0812-1111-2222</mark>" in report


def test_evidence_column_is_used_without_a_model(detector: Detector, scored: pd.DataFrame) -> None:
    frame = scored.copy()
    scores = detector.score(frame["text"].tolist())
    frame["evidence"] = [json.dumps([e.to_dict() for e in s.evidence]) for s in scores]
    # A spreadsheet-safe CSV prefixes formula-like text with ': spans shift by one.
    frame.loc[0, "text"] = "'" + frame.loc[0, "text"]
    html = render_report(frame)
    assert scores[0].evidence[0].start == 0
    # The first post's evidence starts right after the added ' (escaped as &#x27;).
    assert "&#x27;<mark class='ev-ir' title='" in html


def test_self_contained_no_external_resources(report: str) -> None:
    assert not re.search(r"""(?:src|href)=['"]?(?:https?:)?//""", report)
    assert "@import" not in report
    assert "default-src 'none'" in report  # the page cannot fetch anything


def test_precomputed_campaigns_and_no_signals(scored: pd.DataFrame) -> None:
    ids, campaigns = group_campaigns(scored)
    frame = scored.drop(columns=["signals"])
    html = render_report(frame, campaigns.astype(str), post_campaign_ids=ids)
    assert "Berkas tidak punya kolom <code>signals</code>" in html
    assert "K0001" in html


def test_highlight_merges_overlaps_and_escapes() -> None:
    text = "a <b> hub 0812"
    html = highlight(
        text,
        [(2, 5, "ev-ir", "tanda 1"), (3, 9, "ev-scam", "tanda <2>"), (10, 14, "kontak", "x")],
    )
    assert html == (
        "a <mark class='ev-ir' title='tanda 1; tanda &lt;2&gt;'>&lt;b&gt; hub</mark> "
        "<mark class='kontak' title='x'>0812</mark>"
    )


def test_report_command_writes_html(
    tmp_path: Path, scored: pd.DataFrame, models_root: Path
) -> None:
    import typer

    from tppo_detect.campaigns_cli import report_command

    app = typer.Typer()
    app.command()(report_command)
    source = tmp_path / "scored.csv"
    scored.to_csv(source, index=False, encoding="utf-8-sig")
    out = tmp_path / "laporan.html"
    result = CliRunner().invoke(
        app, [str(source), "-o", str(out), "--model", str(models_root)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "id='tabel-kampanye'" in html
    assert "<mark class='ev-" in html


@pytest.mark.browser
def test_report_opens_in_chromium_and_shows_the_campaign_table(
    browser: Any, report: str, tmp_path: Path
) -> None:
    path = tmp_path / "laporan.html"
    path.write_text(report, encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri())

    table = page.locator("#tabel-kampanye")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 1
    assert table.locator("tbody tr").first.locator("td").first.inner_text() == "K0001"
    assert page.locator("svg.chart rect").count() >= 1
    assert page.locator("#tabel-unggahan tbody tr").count() == len(POSTS)

    # The campaign link opens its details with the example posts.
    page.locator("#tabel-kampanye a").first.click()
    assert page.locator("#k-K0001 .post-card").first.is_visible()

    # Sorting by score and filtering the posts table work, and the page never fetches anything.
    scores = page.locator("#tabel-unggahan tbody tr td:nth-child(2)")
    page.locator("#tabel-unggahan th", has_text="Skor").click()
    ascending = [float(s.replace(",", ".")) for s in scores.all_inner_texts()]
    assert ascending == sorted(ascending)
    page.fill("#saring", "lodeh")
    assert page.locator("#tabel-unggahan tbody tr:visible").count() == 1
    assert requests == [path.as_uri()]
    assert errors == []
    page.close()


def test_harmless_repeats_do_not_fill_the_top_campaigns(detector: Detector) -> None:
    """Issue 15: 12 of 16 campaigns of a scraped sample were harmless repeats and 6 of the
    "top 10" were low risk. A shop's repeated promo is a campaign, but not one to open."""
    promo = "Promo kopi susu gula aren 2 gelas 25rb hari ini saja, order WA 0812-7777-8888"
    frame = scored_frame(detector, [*POSTS[:3], promo, promo, promo, POSTS[6]])
    html = render_report(frame, detector=detector)
    table = html.split("id='tabel-kampanye'")[1].split("</table>")[0]
    assert "0812-7777-8888" not in table and "+6281277778888" not in table
    assert "6281211112222" in table  # the risky template campaign is shown
    assert "lainnya tidak ditampilkan: berisiko rendah" in html


def test_the_platform_is_read_from_a_tweet_url(detector: Detector) -> None:
    """Issue 15: tweet-harvest exports have no platform column, only `tweet_url`."""
    frame = scored_frame(detector).drop(columns=["platform"])
    frame["tweet_url"] = [f"https://x.com/akun{i}/status/{100 + i}" for i in range(len(frame))]
    html = render_report(frame, detector=detector)
    posts = html.split("id='tabel-unggahan'")[1].split("</table>")[0]
    assert "<td>x</td>" in posts
