"""End to end on hand-made exports of each scraping tool: columns, counts, rejects, escaping."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.batch.conftest import (
    ABK,
    CHAT,
    FEE_SCAM,
    LEGIT,
    NEWS,
    RECRUITMENT,
    TASK_SCAM,
    csv_lines,
    read_csv_rows,
    write_text,
)
from tppo_detect.batch import OUTPUT_COLUMNS, BatchInputError, score_file
from tppo_detect.labels import RISK_LEVELS


@dataclass
class Export:
    header: list[str]
    rows: list[list[str]]
    text_col: str
    delimiter: str = ","
    encoding: str = "utf-8"
    bom: bool = False
    crlf: bool = False
    extra: dict[str, str] = field(default_factory=dict)


EXPORTS = {
    "tweet-harvest": Export(
        ["conversation_id_str", "created_at", "favorite_count", "full_text", "id_str",
         "lang", "tweet_url", "username"],
        [
            ["1789", "Mon May 13 08:01:02 +0000 2024", "3", RECRUITMENT, "1789", "in",
             "https://x.com/lokerviral/status/1789", "lokerviral"],
            ["1790", "Mon May 13 09:11:00 +0000 2024", "0", "RT @lokerviral: " + RECRUITMENT,
             "1790", "in", "https://x.com/ani/status/1790", "ani"],
            ["1791", "Mon May 13 10:00:00 +0000 2024", "12", NEWS, "1791", "in",
             "https://x.com/beritaku/status/1791", "beritaku"],
        ],
        "full_text",
    ),
    "snscrape": Export(
        ["url", "date", "rawContent", "renderedContent", "id", "lang"],
        [
            ["https://twitter.com/a/status/1", "2023-02-01 10:00:00+00:00", TASK_SCAM,
             TASK_SCAM, "1", "in"],
            ["https://twitter.com/b/status/2", "2023-02-01 11:00:00+00:00", CHAT, CHAT, "2",
             "in"],
        ],
        "rawContent",
    ),
    "facebook-scraper": Export(
        ["post_id", "text", "post_text", "shared_text", "time", "likes", "post_url"],
        [
            ["101", FEE_SCAM + "\n\nInfo lengkap di grup", FEE_SCAM, "", "2024-03-01 07:00:00",
             "45", "https://facebook.com/groups/loker/posts/101"],
            ["102", LEGIT, LEGIT, "", "2024-03-01 08:30:00", "7",
             "https://facebook.com/groups/loker/posts/102"],
        ],
        "text",
        crlf=True,
    ),
    "apify-facebook": Export(
        ["facebookUrl", "postId", "pageName", "url", "time", "likes", "text"],
        [
            ["https://www.facebook.com/lokerluarnegeri", "55", "Loker Luar Negeri",
             "https://www.facebook.com/lokerluarnegeri/posts/55", "2024-04-02T03:00:00.000Z",
             "120", ABK],
        ],
        "text",
        bom=True,
    ),
    "apify-instagram": Export(
        ["inputUrl", "id", "type", "shortCode", "caption", "url", "likesCount", "ownerUsername"],
        [
            ["https://www.instagram.com/info.loker/", "3011", "Image", "C1xYz", RECRUITMENT
             + " #lokerkamboja #kerjaluarnegeri", "https://www.instagram.com/p/C1xYz/", "88",
             "info.loker"],
            ["https://www.instagram.com/info.loker/", "3012", "Sidecar", "C1xZa", LEGIT,
             "https://www.instagram.com/p/C1xZa/", "10", "info.loker"],
        ],
        "caption",
    ),
    "apify-tiktok": Export(
        ["id", "text", "createTimeISO", "authorMeta/name", "webVideoUrl", "diggCount"],
        [
            ["7301", TASK_SCAM + " 💸💸", "2024-01-05T12:00:00.000Z", "cuan.harian",
             "https://www.tiktok.com/@cuan.harian/video/7301", "5000"],
        ],
        "text",
    ),
    "tiktok-desc": Export(
        ["id", "desc", "createTime", "author.uniqueId"],
        [["7302", NEWS, "1704456000", "beritaterkini"], ["7303", CHAT, "1704456100", "sari"]],
        "desc",
        delimiter=";",
    ),
    "instaloader": Export(
        ["shortcode", "date_utc", "owner_username", "caption", "likes"],
        [["B7x", "2024-02-02 10:00:00", "agen.resmi", ABK, "3"]],
        "caption",
        delimiter="\t",
    ),
    "generic-isi": Export(
        ["no", "tanggal", "isi", "sumber"],
        [["1", "01/06/2024", "Info café: lowongan barista di Bandung, kirim CV ke HRD", "grup"],
         ["2", "02/06/2024", FEE_SCAM, "grup"]],
        "isi",
        delimiter=";",
        encoding="cp1252",
    ),
    "generic-deskripsi": Export(
        ["judul", "deskripsi", "lokasi"],
        [["Admin", RECRUITMENT, "Phnom Penh"], ["Barista", LEGIT, "Bandung"]],
        "deskripsi",
    ),
    "generic-message": Export(
        ["id", "created_time", "message"],
        [["9_1", "2024-05-01T00:00:00+0000", TASK_SCAM], ["9_2", "2024-05-01T00:01:00+0000",
                                                           CHAT]],
        "message",
        bom=True,
        crlf=True,
    ),
}  # fmt: skip


def _write_export(tmp_path: Path, name: str, export: Export) -> Path:
    text = csv_lines([export.header, *export.rows], delimiter=export.delimiter)
    return write_text(
        tmp_path / f"{name}.csv", text, encoding=export.encoding, bom=export.bom, crlf=export.crlf
    )


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_schema_scores_every_row_and_keeps_every_column(
    name: str, tmp_path: Path, model_dir: Path
) -> None:
    export = EXPORTS[name]
    src = _write_export(tmp_path, name, export)
    out = tmp_path / "hasil.csv"
    summary = score_file(src, out, model=model_dir, quiet=True)

    assert summary.text_column == export.text_col
    assert summary.delimiter == export.delimiter
    assert summary.encoding == ("utf-8-sig" if export.bom else export.encoding)
    c = summary.counts
    assert c.rows_read == len(export.rows) == c.rows_scored + c.rows_rejected
    assert c.rows_rejected == 0
    assert summary.consistent and summary.complete

    rows = read_csv_rows(out, delimiter=export.delimiter)
    assert list(rows[0]) == [*export.header, *OUTPUT_COLUMNS]
    assert len(rows) == len(export.rows)
    for got, want in zip(rows, export.rows, strict=True):
        for col, value in zip(export.header, want, strict=True):
            # Line breaks inside cells survive as written (CRLF files have CRLF in cells too).
            assert got[col] == (value.replace("\n", "\r\n") if export.crlf else value)
        assert 0.0 <= float(got["illegal_recruitment"]) <= 1.0
        assert 0.0 <= float(got["online_scam"]) <= 1.0
        assert 0 <= int(got["risk_score"]) <= 100
        assert got["risk_level"] in RISK_LEVELS
        assert got["model_version"] == summary.model_version
    assert read_csv_rows(Path(summary.rejects), delimiter=export.delimiter) == []
    assert not (tmp_path / "hasil.csv.checkpoint.json").exists()


def test_recruitment_bait_scores_high_and_names_its_signals(
    tmp_path: Path, model_dir: Path
) -> None:
    """The appended columns carry the model's verdict, not placeholders."""
    src = _write_export(tmp_path, "tweets", EXPORTS["tweet-harvest"])
    out = tmp_path / "hasil.csv"
    score_file(src, out, model=model_dir, quiet=True)
    bait, _retweet, news = read_csv_rows(out)
    assert bait["risk_level"] == "tinggi"
    assert bait["signals"] and all(s for s in bait["signals"].split(";"))
    assert int(news["risk_score"]) < int(bait["risk_score"])


MESSY_CP1252 = [
    "id;tanggal;isi;penulis",  # 1 header
    '1;2024-05-01;"Lowongan ke Kamboja; gaji 25 juta, tiket ditanggung. WA 0812-3456-7890";Rina',
    '2;2024-05-01;"Dicari admin online',  # 3: record spans lines 3-5
    "kerja di Myanmar, tanpa pengalaman",
    'gaji dolar, “cepat” daftar";Budi',
    "3;2024-05-02;;Sari",  # 6: empty text
    "4;2024-05-02;Info café resmi: lowongan barista di Bandung, kirim CV ke HRD;Dewi",
    "5;2024-05-03;terlalu;banyak;kolom;di;sini",  # 8: too many cells
    "",  # 9: blank line, not a record
    '6;2024-05-03;"=HYPERLINK(""http://bit.ly/gaji"";""Daftar"")";Eko',
    "7;2024-05-04;-Bayar biaya admin Rp 500.000 dulu, dijamin berangkat;Fajar",
    "8;kurang",  # 12: too few cells
    "9;2024-05-04;@budi investasi modal 100rb untung 20% per hari;-5",
    "10;2024-05-05;   ;+62 812",  # 14: whitespace-only text
    "",
]


def test_messy_cp1252_semicolon_file(tmp_path: Path, model_dir: Path) -> None:
    src = write_text(tmp_path / "grup.csv", "\n".join(MESSY_CP1252), encoding="cp1252")
    out = tmp_path / "hasil.csv"
    summary = score_file(src, out, model=model_dir, quiet=True)

    assert (summary.encoding, summary.delimiter, summary.text_column) == ("cp1252", ";", "isi")
    c = summary.counts
    assert (c.rows_read, c.rows_scored, c.rows_rejected) == (10, 6, 4)
    assert c.rows_read == c.rows_scored + c.rows_rejected
    assert c.blank_lines == 1
    assert sum(c.per_level.values()) == c.rows_scored

    rejects = read_csv_rows(Path(summary.rejects), delimiter=";")
    assert [int(r["line"]) for r in rejects] == [6, 8, 12, 14]
    reasons = [r["reason"] for r in rejects]
    assert "teks kosong" in reasons[0] and "teks kosong" in reasons[3]
    assert reasons[1] == "jumlah kolom 7, header punya 4"
    assert reasons[2] == "jumlah kolom 2, header punya 4"
    assert rejects[2]["raw"] == "8;kurang"

    rows = read_csv_rows(out, delimiter=";")
    assert [r["id"] for r in rows] == ["1", "2", "4", "6", "7", "9"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["2"]["isi"] == (
        "Dicari admin online\nkerja di Myanmar, tanpa pengalaman\ngaji dolar, “cepat” daftar"
    )
    assert "café" in by_id["4"]["isi"]
    assert by_id["6"]["isi"] == '\'=HYPERLINK("http://bit.ly/gaji";"Daftar")'
    assert by_id["7"]["isi"].startswith("'-Bayar")
    assert by_id["9"]["isi"].startswith("'@budi")
    assert by_id["9"]["penulis"] == "-5"  # a plain negative number is not a formula


def test_formula_cells_are_escaped_in_the_raw_bytes(tmp_path: Path, model_dir: Path) -> None:
    """Check the file itself: no cell may start with a formula character."""
    src = write_text(
        tmp_path / "in.csv",
        csv_lines([["text", "=cmd", "note"], ["=1+1 " + RECRUITMENT, "@SUM(A1)", "+62812"],
                   ["", "=bad", "-x"]]),
    )  # fmt: skip
    out = tmp_path / "out.csv"
    summary = score_file(src, out, model=model_dir, quiet=True)
    assert summary.counts.rows_rejected == 1
    for path in (out, Path(summary.rejects)):
        for row in read_csv_rows(path):
            for cell in [*row.keys(), *row.values()]:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
                assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit()
    assert read_csv_rows(out)[0]["'=cmd"] == "'@SUM(A1)"


def test_utf8_file_with_a_stray_cp1252_line(tmp_path: Path, model_dir: Path) -> None:
    """One badly encoded line is decoded as cp1252 and counted, the rest stays UTF-8."""
    good = csv_lines([["id", "text"], ["1", "Gaji 💰 besar di Kamboja " + RECRUITMENT]])
    bad = '2,"Lowongan café di Bali, kirim CV"\n'.encode("cp1252")
    src = tmp_path / "mixed.csv"
    src.write_bytes(good.encode("utf-8") + bad)
    summary = score_file(src, tmp_path / "out.csv", model=model_dir, quiet=True)
    assert summary.encoding == "utf-8"
    assert summary.counts.fallback_lines == 1
    texts = [r["text"] for r in read_csv_rows(tmp_path / "out.csv")]
    assert texts[0].startswith("Gaji 💰") and "café" in texts[1]


def test_unclosed_quote_is_rejected_and_reading_recovers(tmp_path: Path, model_dir: Path) -> None:
    """A quote that never closes makes one huge cell; the csv module gives up at its size
    limit, the record is rejected at the line it started on, and later lines are read again."""
    lines = ["id,text", csv_lines([["1", LEGIT]]).rstrip(), '2,"tidak ditutup ' + "x" * 200]
    lines += ["y" * 1000] * 140
    lines += [csv_lines([["3", NEWS]]).rstrip(), ""]
    src = write_text(tmp_path / "rusak.csv", "\n".join(lines))
    summary = score_file(src, tmp_path / "out.csv", model=model_dir, quiet=True)
    rejects = read_csv_rows(Path(summary.rejects))
    assert rejects[0]["line"] == "3"
    assert rejects[0]["reason"].startswith("CSV tidak dapat diurai")
    assert len(rejects[0]["raw"]) <= 2001
    # The lines after the give-up point are read as (one-cell) records again.
    assert {r["reason"] for r in rejects[1:]} == {"jumlah kolom 1, header punya 2"}
    assert [r["id"] for r in read_csv_rows(tmp_path / "out.csv")] == ["1", "3"]
    assert summary.consistent


def test_duplicates_are_scored_once_and_filled(tmp_path: Path, model_dir: Path) -> None:
    rows = [["id", "full_text"]]
    texts = [RECRUITMENT, TASK_SCAM, RECRUITMENT, LEGIT, RECRUITMENT, TASK_SCAM, CHAT, LEGIT]
    rows += [[str(i), t] for i, t in enumerate(texts)]
    src = write_text(tmp_path / "rt.csv", csv_lines(rows))
    out = tmp_path / "out.csv"
    # chunk_size=3 puts copies of the same text in different chunks.
    summary = score_file(src, out, model=model_dir, quiet=True, chunk_size=3)
    assert summary.counts.rows_scored == 8
    assert summary.counts.distinct_texts == 4
    got = read_csv_rows(out)
    for i, a in enumerate(got):
        for b in got[i + 1 :]:
            if a["full_text"] == b["full_text"]:
                assert {k: a[k] for k in OUTPUT_COLUMNS} == {k: b[k] for k in OUTPUT_COLUMNS}


def test_min_level_filters_rows_but_counts_still_add_up(tmp_path: Path, model_dir: Path) -> None:
    rows = [["id", "text"]] + [[str(i), t] for i, t in enumerate([*POSTS_ALL, ""])]
    src = write_text(tmp_path / "in.csv", csv_lines(rows))
    full = score_file(src, tmp_path / "all.csv", model=model_dir, quiet=True)
    high = score_file(src, tmp_path / "high.csv", model=model_dir, quiet=True, min_level="tinggi")
    kept = read_csv_rows(tmp_path / "high.csv")
    assert kept and all(r["risk_level"] == "tinggi" for r in kept)
    c = high.counts
    assert c.rows_written == len(kept) == full.counts.per_level["tinggi"]
    assert c.rows_filtered == c.rows_scored - len(kept) > 0
    assert c.rows_read == c.rows_scored + c.rows_rejected == len(rows) - 1
    assert high.consistent
    assert f"tersaring --min-level {c.rows_filtered}" in high.format()


POSTS_ALL = [RECRUITMENT, ABK, TASK_SCAM, FEE_SCAM, LEGIT, NEWS, CHAT]


def test_parquet_output_is_typed_and_unescaped(tmp_path: Path, model_dir: Path) -> None:
    rows = [["id", "caption"], ["1", "@loker " + RECRUITMENT], ["2", ""], ["3", CHAT]]
    src = write_text(tmp_path / "ig.csv", csv_lines(rows))
    out = tmp_path / "hasil.parquet"
    summary = score_file(src, out, model=model_dir, quiet=True)
    table = pq.read_table(out)
    assert table.column_names == ["id", "caption", *OUTPUT_COLUMNS]
    assert str(table.schema.field("risk_score").type) == "int64"
    assert str(table.schema.field("online_scam").type) == "double"
    assert table.column("caption").to_pylist()[0].startswith("@loker")  # no escaping in Parquet
    assert table.num_rows == 2 and summary.counts.rows_rejected == 1
    assert (tmp_path / "hasil.rejects.csv").exists()
    assert not (tmp_path / "hasil.parquet.parts").exists()


def test_bad_inputs_fail_with_a_clear_message(tmp_path: Path, model_dir: Path) -> None:
    src = write_text(tmp_path / "x.csv", csv_lines([["id", "judul"], ["1", "Loker"]]))
    with pytest.raises(BatchInputError, match="--text-col"):
        score_file(src, tmp_path / "o.csv", model=model_dir, quiet=True)
    with pytest.raises(BatchInputError, match="tidak ditemukan"):
        score_file(tmp_path / "nope.csv", tmp_path / "o.csv", model=model_dir, quiet=True)
    with pytest.raises(BatchInputError, match="pilihan"):
        score_file(src, tmp_path / "o.csv", model=model_dir, quiet=True, min_level="parah")
    with pytest.raises(BatchInputError, match="sama dengan berkas masukan"):
        score_file(src, src, model=model_dir, quiet=True, text_col="judul")
    empty = write_text(tmp_path / "kosong.csv", "")
    with pytest.raises(BatchInputError, match="kosong"):
        score_file(empty, tmp_path / "o.csv", model=model_dir, quiet=True)


def test_header_only_file_gives_empty_outputs(tmp_path: Path, model_dir: Path) -> None:
    src = write_text(tmp_path / "h.csv", "id,text\n\n")
    summary = score_file(src, model=model_dir, quiet=True)
    assert summary.output == str(tmp_path / "h.scored.csv")
    assert summary.counts.rows_read == 0 and summary.complete and summary.consistent
    assert read_csv_rows(tmp_path / "h.scored.csv") == []


def test_encoding_and_delimiter_overrides(tmp_path: Path, model_dir: Path) -> None:
    src = write_text(tmp_path / "grup.csv", "\n".join(MESSY_CP1252), encoding="cp1252")
    sniffed = score_file(src, tmp_path / "a" / "sniffed.csv", model=model_dir, quiet=True)
    given = score_file(
        src, tmp_path / "b" / "given.csv", model=model_dir, quiet=True, encoding="windows-1252",
        delimiter=";",
    )  # fmt: skip
    assert given.encoding == "cp1252"
    assert (tmp_path / "a" / "sniffed.csv").read_bytes() == (
        tmp_path / "b" / "given.csv"
    ).read_bytes()
    assert given.counts.to_dict() == sniffed.counts.to_dict()
    with pytest.raises(BatchInputError, match="tidak didukung"):
        score_file(src, tmp_path / "c.csv", model=model_dir, quiet=True, encoding="utf-16")


def test_an_unterminated_quote_is_reported_at_its_line_and_rows_are_not_merged(
    tmp_path: Path, model_dir: Path
) -> None:
    """Issue 14 #18: the lenient csv module glued the rows after an unclosed quote into one
    scored cell, silently. Now that record is rejected at the line it starts on and the lines it
    swallowed are read again as their own records (on both engines' reader)."""
    text = 'id,text\n1,"tidak ditutup Toko roti kami di Bandung mencari karyawan\n' + csv_lines(
        [["2", NEWS], ["3", RECRUITMENT], ["4", TASK_SCAM]]
    )
    src = write_text(tmp_path / "kutip.csv", text)
    summary = score_file(src, tmp_path / "out.csv", model=model_dir, quiet=True)
    rejects = read_csv_rows(Path(summary.rejects))
    assert [r["line"] for r in rejects] == ["2"]
    assert "tanda kutip yang dibuka di baris 2 tidak ditutup" in rejects[0]["reason"]
    assert rejects[0]["raw"].startswith('1,"tidak ditutup')
    assert "\n" not in rejects[0]["raw"]
    rows = read_csv_rows(tmp_path / "out.csv")
    assert [r["id"] for r in rows] == ["2", "3", "4"]
    assert rows[1]["text"] == RECRUITMENT
    assert summary.consistent


def test_a_quote_that_never_closes_loses_only_its_own_line(tmp_path: Path, model_dir: Path) -> None:
    text = (
        csv_lines([["id", "text"], ["1", LEGIT]])
        + '2,"tanpa penutup Polisi menggagalkan pengiriman\n'
        + csv_lines([["3", TASK_SCAM]])
    )
    src = write_text(tmp_path / "eof.csv", text)
    summary = score_file(src, tmp_path / "out.csv", model=model_dir, quiet=True)
    assert [r["line"] for r in read_csv_rows(Path(summary.rejects))] == ["3"]
    assert [r["id"] for r in read_csv_rows(tmp_path / "out.csv")] == ["1", "3"]


def test_a_bare_carriage_return_stays_inside_its_quoted_cell(
    tmp_path: Path, model_dir: Path
) -> None:
    """Issue 14 #6: a cell with a bare CR was written unquoted, so readers split the row there
    and the new "row" could start with an unescaped formula."""
    evil = 'Lowongan admin\r=HYPERLINK("http://bit.ly/x","klik")'
    src = write_text(tmp_path / "cr.csv", csv_lines([["id", "text"], ["1", evil], ["2", NEWS]]))
    out = tmp_path / "out.csv"
    score_file(src, out, model=model_dir, quiet=True)
    raw = out.read_bytes().decode("utf-8-sig")
    # every CR in the file is inside quotes or part of a CRLF row end
    assert '"Lowongan admin\r=HYPERLINK(""http://bit.ly/x"",""klik"")"' in raw
    assert raw.replace("\r\n", "").count("\r") == 1
    rows = read_csv_rows(out)
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["text"] == evil
    # a reader that treats CR as a line break (old Mac / some spreadsheets) still sees 2 rows
    physical = [line for line in raw.replace("\r\n", "\n").split("\n") if line]
    assert len(physical) == 3
