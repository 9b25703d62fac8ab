"""The files analysts actually have (issue 15): Excel, JSON Lines, JSON arrays in; Excel, JSON
Lines, TSV out; files that are not tables refused with a sentence saying how to save them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tppo_detect.batch import score_file
from tppo_detect.batch.errors import BatchInputError

SCAM = "Dicari admin online Kamboja gaji 20jt, tiket ditanggung, paspor dibantu. WA 081234567890"
SAFE = "Toko roti di Singaraja cari karyawan, min SMA, kirim lamaran langsung ke toko"
FORMULA = '=HYPERLINK("http://contoh.id","klik") lowongan kerja'
ROWS = [("a1", SCAM), ("a2", SAFE), ("a3", FORMULA)]


def write_xlsx(path: Path, rows=ROWS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "text"])
    for row in rows:
        sheet.append(list(row))
    # openpyxl stores "=…" as a formula; an analyst's sheet holds it as text
    sheet["B4"].data_type = "s"
    book.save(path)
    return path


def test_excel_in_excel_out(tmp_path: Path, model_dir: Path) -> None:
    src = write_xlsx(tmp_path / "laporan.xlsx")
    summary = score_file(src, model=model_dir, quiet=True)
    out = tmp_path / "laporan.scored.xlsx"
    assert summary.output == str(out) and summary.input == str(src)
    assert not (tmp_path / "laporan.scored.xlsx.masukan.csv").exists()
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("id", "text") and "risk_level" in header
    got = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert got["a1"]["risk_level"] == "tinggi" and got["a2"]["risk_level"] == "rendah"
    assert isinstance(got["a1"]["risk_score"], int)
    assert isinstance(got["a1"]["online_scam"], float)
    # the formula-looking text stays text, escaped, never a formula Excel would run
    cell = next(c for c in sheet["B"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_jsonl_in_jsonl_out(tmp_path: Path, model_dir: Path) -> None:
    src = tmp_path / "posts.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": i, "caption": t}) for i, t in ROWS) + "\n", encoding="utf-8"
    )
    out = tmp_path / "hasil.jsonl"
    score_file(src, out, model=model_dir, quiet=True)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a1", "a2", "a3"]
    assert records[2]["caption"] == FORMULA  # JSON is data: no escaping
    assert isinstance(records[0]["illegal_recruitment"], float)
    assert records[0]["risk_level"] == "tinggi"


def test_json_array_in_tsv_out(tmp_path: Path, model_dir: Path) -> None:
    src = tmp_path / "posts.json"
    src.write_text(json.dumps({"posts": [{"text": t} for _, t in ROWS]}), encoding="utf-8")
    out = tmp_path / "hasil.tsv"
    score_file(src, out, model=model_dir, quiet=True)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split("\t")[:2] == ["text", "illegal_recruitment"]
    assert len(lines) == 4


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("gambar.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "adalah gambar PNG"),
        ("export.csv", "text\nhalo\n".encode("utf-16"), "teks UTF-16"),
        ("salah.xlsx", b"text\nhalo\n", "bukan berkas Excel"),
        ("laporan.pdf", b"%PDF-1.7\n", "dokumen PDF"),
    ],
)
def test_files_that_are_not_tables_say_how_to_save(
    tmp_path: Path, model_dir: Path, name: str, content: bytes, expected: str
) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    with pytest.raises(BatchInputError) as err:
        score_file(src, tmp_path / "hasil.csv", model=model_dir, quiet=True)
    assert expected in str(err.value)
    if "UTF-16" in expected or "PNG" in expected:
        assert "Simpan sebagai CSV UTF-8" in str(err.value)


def test_a_folder_and_a_bad_json_line(tmp_path: Path, model_dir: Path) -> None:
    with pytest.raises(BatchInputError, match="adalah folder"):
        score_file(tmp_path, tmp_path / "hasil.csv", model=model_dir, quiet=True)
    src = tmp_path / "rusak.jsonl"
    src.write_text('{"text": "ok"}\n{"text": "rusak"\n', encoding="utf-8")
    with pytest.raises(BatchInputError, match=r"rusak.jsonl baris 2: JSON tidak valid"):
        score_file(src, tmp_path / "hasil.csv", model=model_dir, quiet=True)


def test_an_unknown_output_extension_is_refused_by_the_cli(tmp_path: Path, model_dir: Path) -> None:
    """Before: `-o hasil.txt` wrote CSV under that name and exited 0."""
    src = tmp_path / "in.csv"
    src.write_text(f"text\n{SAFE}\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tppo_detect.cli",
            "batch",
            str(src),
            "-o",
            str(tmp_path / "hasil.txt"),
            "--model",
            str(model_dir),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "ekstensi keluaran '.txt' tidak didukung" in done.stderr
    assert not (tmp_path / "hasil.txt").exists()
