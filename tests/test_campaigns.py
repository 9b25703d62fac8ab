"""Campaign grouping: shared contacts and re-posted templates, union-find over both."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tppo_detect.analysis.campaigns import CAMPAIGN_COLUMNS, GAP, campaign_template, group_campaigns
from tppo_detect.analysis.neardup import (
    UnionFind,
    gram_hashes,
    hashed_jaccard,
    jaccard,
    near_duplicate_links,
    near_duplicate_pairs,
    shingles,
)

from .conftest import CORPUS

TEMPLATE = (
    "LOWONGAN KERJA di Kamboja sebagai admin online, gaji 15 juta per bulan, tiket dan paspor "
    "ditanggung perusahaan. Berangkat minggu depan tanpa pelatihan. Hubungi WA {} sekarang"
)
UNRELATED = [
    "Dijual motor bekas kondisi mulus, pajak hidup, surat lengkap. Minat langsung datang ke "
    "rumah di Sleman, harga bisa nego tipis.",
    "Pabrik sepatu di Tangerang membuka lowongan operator produksi. Lamaran dikirim lewat pos "
    "ke bagian HRD, tidak dipungut biaya apa pun.",
    "Resep sayur lodeh enak untuk keluarga: labu siam, kacang panjang, santan, dan tempe. "
    "Dimasak pelan supaya santannya tidak pecah.",
]


def _frame(texts: list[str], **cols: list[object]) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"p{i}" for i in range(len(texts))], "text": texts, **cols})


def _groups(ids: pd.Series) -> list[set[int]]:
    by: dict[str, set[int]] = defaultdict(set)
    for pos, cid in enumerate(ids.tolist()):
        if cid is not None:
            by[cid].add(pos)
    return sorted(by.values(), key=min)


def test_template_reposted_with_three_numbers_is_one_campaign() -> None:
    texts = [
        TEMPLATE.format("0812-1111-2222"),
        TEMPLATE.format("+62 813 3333 4444"),
        TEMPLATE.format("0857.5555.6666"),
        *UNRELATED,
    ]
    ids, campaigns = group_campaigns(_frame(texts))
    assert _groups(ids) == [{0, 1, 2}]
    row = campaigns.iloc[0]
    assert row["size"] == 3
    assert row["linked_by"] == "template"  # no number is shared: only the text links them
    assert row["n_contacts"] == 3
    assert row["post_ids"] == "p0;p1;p2"
    assert "Kamboja sebagai admin online" in row["template"]
    assert row["template"].endswith(f"WA {GAP} sekarang")


def test_posts_sharing_only_a_common_word_are_not_linked() -> None:
    texts = [
        "Kerja jadi admin online di rumah, cocok untuk ibu rumah tangga yang punya waktu luang.",
        "Kerja bakti minggu pagi di RT 05, warga diminta membawa cangkul dan karung sampah.",
    ]
    ids, campaigns = group_campaigns(_frame(texts))
    assert ids.isna().all()
    assert campaigns.empty
    assert list(campaigns.columns) == list(CAMPAIGN_COLUMNS)


def test_one_contact_written_three_ways_links_different_posts() -> None:
    texts = [
        "Dicari ART ke Malaysia, gaji besar. WA 0812-3456-7890",
        "Tugas like video dibayar 50rb per tugas, chat wa.me/6281234567890",
        "Pinjaman cepat tanpa jaminan, hubungi +62 812 3456 7890",
        *UNRELATED,
    ]
    ids, campaigns = group_campaigns(_frame(texts))
    assert _groups(ids) == [{0, 1, 2}]
    assert campaigns.at[0, "linked_by"] == "contact"
    assert campaigns.at[0, "contacts"].startswith(("phone:+6281234567890", "whatsapp:+62812"))
    assert campaigns.at[0, "template"] == ""  # nothing re-posted: no template


def test_template_and_contact_links_join_transitively() -> None:
    texts = [
        TEMPLATE.format("0812-1111-2222"),
        TEMPLATE.format("0813-3333-4444"),
        "Transfer biaya pendaftaran ke DANA 0813 3333 4444 paling lambat besok",
        *UNRELATED,
    ]
    ids, campaigns = group_campaigns(_frame(texts))
    assert _groups(ids) == [{0, 1, 2}]
    assert campaigns.at[0, "linked_by"] == "contact+template"
    assert "ewallet:+6281333334444 (DANA)" in campaigns.at[0, "contacts"]
    assert "Kamboja" in campaigns.at[0, "template"]  # read from the re-posted texts only


def test_official_sites_and_short_texts_do_not_link() -> None:
    texts = [
        "Hati-hati lowongan palsu, cek daftar P3MI resmi di bp2mi.go.id sebelum mendaftar ya.",
        "Info beasiswa pelatihan bahasa Jepang gratis, lihat pengumuman di bp2mi.go.id besok.",
        "amin",
        "amin",
    ]
    ids, _ = group_campaigns(_frame(texts))
    assert ids.isna().all()


def test_max_contact_posts_ignores_hub_contacts() -> None:
    texts = [f"Postingan nomor {i} tentang hal {i} berbeda, info hub 0811-2222-3333" for i in "ABC"]
    ids, _ = group_campaigns(_frame(texts), min_template_chars=500)
    assert _groups(ids) == [{0, 1, 2}]
    ids, _ = group_campaigns(_frame(texts), min_template_chars=500, max_contact_posts=2)
    assert ids.isna().all()


def test_contacts_column_of_batch_output_is_used() -> None:
    texts = ["Lowongan A tanpa nomor di teks", "Lowongan B juga tanpa nomor"]
    df = _frame(texts, contacts=["telegram:rekrut_x", "handle:rekrut_x; url:bit.ly/q"])
    ids, campaigns = group_campaigns(df)
    assert _groups(ids) == [{0, 1}]
    assert campaigns.at[0, "contacts"].startswith("telegram:rekrut_x")


def test_campaign_summary_columns_and_order() -> None:
    texts = [
        TEMPLATE.format("0812-1111-2222"),
        TEMPLATE.format("0813-3333-4444"),
        "Arisan online untung pasti 30%, transfer ke BCA 1234567890 a.n. Rina",
        "Arisan online bulan depan lebih besar, setor ke rekening BCA 1234567890",
        *UNRELATED,
    ]
    df = _frame(
        texts,
        platform=["facebook", "x", "whatsapp", "whatsapp", "facebook", "x", "x"],
        created_at=["2025-03-01", "2025-01-15T08:00:00Z", "2025-02-01", "", "x", "x", "x"],
        risk_score=[90, 80, 40, 60, 5, 3, 1],
        risk_level=["tinggi", "tinggi", "sedang", "sedang", "rendah", "rendah", "rendah"],
        signals=["visa;gaji", "gaji", "arisan", "arisan;janji_untung", "", "", ""],
    )
    ids, campaigns = group_campaigns(df)
    assert ids.tolist()[:4] == ["K0001", "K0001", "K0002", "K0002"]
    first, second = campaigns.to_dict("records")
    assert first["campaign_id"] == "K0001"  # highest risk first
    assert (first["max_risk"], first["mean_risk"], first["max_level"]) == (90.0, 85.0, "tinggi")
    assert first["platforms"] == "facebook; x"
    assert first["first_seen"].startswith("2025-01-15")
    assert first["last_seen"].startswith("2025-03-01")
    assert first["dominant_signals"] == "gaji;visa"
    assert first["example_text"] == texts[0]
    assert second["contacts"] == "bank_account:1234567890 (BCA)"
    assert second["first_seen"] == second["last_seen"]  # one unreadable date is skipped
    assert second["dominant_signals"].split(";")[0] == "arisan"


def test_epoch_dates_and_custom_index_are_supported() -> None:
    df = _frame(
        [TEMPLATE.format("0812-1111-2222"), TEMPLATE.format("0813-3333-4444")],
        createTime=[1735689600, 1738368000],
    )
    df.index = pd.Index(["a", "b"])
    ids, campaigns = group_campaigns(df)
    assert ids.to_dict() == {"a": "K0001", "b": "K0001"}
    assert campaigns.at[0, "first_seen"].startswith("2025-01-01")
    assert campaigns.at[0, "last_seen"].startswith("2025-02-01")


def test_missing_text_column_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="kolom teks"):
        group_campaigns(pd.DataFrame({"judul": ["a"]}))


def test_template_marks_varying_parts() -> None:
    template = campaign_template(
        [
            "Gaji 15 juta kerja di Kamboja hub 0812 aja",
            "Gaji 20 juta kerja di Kamboja hub 0813 aja",
            "Gaji 15 juta kerja di Myanmar hub 0814 aja",
        ]
    )
    assert template == f"Gaji {GAP} juta kerja di {GAP} hub {GAP} aja"
    assert campaign_template(["satu dua tiga", "empat lima enam"]) == ""


def _components(n: int, links: list[tuple[int, int, float]]) -> list[frozenset[int]]:
    uf = UnionFind(n)
    for a, b, _ in links:
        uf.union(a, b)
    groups: dict[int, set[int]] = defaultdict(set)
    for i, root in enumerate(uf.groups()):
        groups[root].add(i)
    return sorted((frozenset(g) for g in groups.values() if len(g) > 1), key=min)


def test_near_duplicate_links_group_like_all_pairs() -> None:
    """The spanning-forest links give the same groups as listing every similar pair."""
    corpus = pd.read_csv(CORPUS)["text"].tolist()[:120]
    rng = random.Random(3)
    texts = list(corpus)
    for base in corpus[:40]:
        for _ in range(rng.randint(1, 4)):
            words = base.split(" ")
            words.insert(rng.randrange(len(words) + 1), rng.choice(["segera", "gan", "info"]))
            texts.append(" ".join(words))
    rng.shuffle(texts)
    links = near_duplicate_links(texts, 0.7)
    assert all(score >= 0.7 for _, _, score in links)
    assert all(jaccard(shingles(texts[a]), shingles(texts[b])) >= 0.7 for a, b, _ in links)
    assert len(links) < len(near_duplicate_pairs(texts, 0.7))  # a forest, not all pairs
    assert _components(len(texts), links) == _components(
        len(texts), near_duplicate_pairs(texts, 0.7)
    )


def test_hashed_jaccard_equals_shingle_jaccard() -> None:
    corpus = [*pd.read_csv(CORPUS)["text"].tolist()[:60], "", "abc", "x  y"]
    for a in corpus[::7]:
        for b in corpus[::5]:
            expected = jaccard(shingles(a), shingles(b))
            assert hashed_jaccard(gram_hashes(a), gram_hashes(b)) == pytest.approx(expected)


def test_campaigns_command_reads_batch_csv_and_escapes_formulas(tmp_path: Path) -> None:
    import typer

    from tppo_detect.campaigns_cli import campaigns_command

    app = typer.Typer()
    app.command()(campaigns_command)
    scored = tmp_path / "scored.csv"
    texts = [
        "=HYPERLINK(x) " + TEMPLATE.format("0812-1111-2222"),
        "=HYPERLINK(x) " + TEMPLATE.format("0813-3333-4444"),
        "NA",
    ]
    pd.DataFrame({"id": ["1", "2", "3"], "full_text": texts, "risk_score": [70, 80, 1]}).to_csv(
        scored, sep=";", index=False, encoding="utf-8-sig"
    )
    out = tmp_path / "campaigns.csv"
    posts = tmp_path / "posts.csv"
    result = CliRunner().invoke(
        app, [str(scored), "-o", str(out), "--posts-out", str(posts)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "1 kampanye dari 3 unggahan" in result.output
    campaigns = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert campaigns.at[0, "size"] == "2"
    assert campaigns.at[0, "template"].startswith("'=HYPERLINK")
    rows = pd.read_csv(posts, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert rows["campaign_id"].tolist() == ["K0001", "K0001", ""]
    assert rows.at[2, "full_text"] == "NA"


def test_campaigns_command_missing_file(tmp_path: Path) -> None:
    import typer

    from tppo_detect.campaigns_cli import campaigns_command

    app = typer.Typer()
    app.command()(campaigns_command)
    result = CliRunner().invoke(app, [str(tmp_path / "nope.csv")])
    assert result.exit_code == 2


def test_campaigns_for_file_reads_only_what_it_needs_from_parquet(tmp_path: Path) -> None:
    from tppo_detect.campaigns_cli import campaigns_for_file

    scored = tmp_path / "scored.parquet"
    pd.DataFrame(
        {
            "caption": [TEMPLATE.format("0812-1111-2222"), TEMPLATE.format("0813-3333-4444")],
            "risk_score": [55, 75],
            "raw_json": ["{...}", "{...}"],
        }
    ).to_parquet(scored)
    run = campaigns_for_file(scored, tmp_path / "k.csv")
    assert (run.posts, run.campaigns, run.linked_posts, run.top_size) == (2, 1, 2, 2)
    assert run.format().startswith("1 kampanye dari 2 unggahan (2 unggahan terhubung)")
    campaigns = pd.read_csv(tmp_path / "k.csv", encoding="utf-8-sig")
    assert campaigns.at[0, "max_risk"] == 75
    assert campaigns.at[0, "post_ids"] == "0;1"


def test_scored_files_are_read_with_the_batch_readers_delimiter_and_encoding(
    tmp_path: Path,
) -> None:
    """A scored file saved again by Excel (semicolons, Windows-1252) reads as batch reads it:
    the header's own commas do not choose the delimiter, "é" and "–" survive."""
    from tppo_detect.analysis.scored_files import read_scored

    rows = [
        ("1", "Lowongan kafé – gaji 5 juta, tanpa biaya", "tinggi"),
        ("2", "Info loker resmi, daftar lewat situs kami", "rendah"),
    ]
    lines = ["id;catatan, sumber, tanggal;risk_level"] + [";".join(r) for r in rows]
    path = tmp_path / "scored.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))

    df = read_scored(path)
    assert list(df.columns) == ["id", "catatan, sumber, tanggal", "risk_level"]
    assert df.iloc[0, 1] == rows[0][1]
    assert df["risk_level"].tolist() == ["tinggi", "rendah"]
