"""Helpers for the batch tests: hand-made scraper exports written byte for byte into tmp_path.

Files are built from explicit physical lines (joined with ``\\n`` or ``\\r\\n``) so a test can
name the line number a reject must carry by counting lines in the test itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import pytest
import typer

from tppo_detect.batch.cli import batch_command

# Realistic Indonesian posts: recruitment bait, scams, and ordinary posts.
RECRUITMENT = (
    "Lowongan kerja admin online di Kamboja, gaji 25 juta/bulan, tiket & visa ditanggung "
    "perusahaan. Tanpa pengalaman, berangkat minggu depan. Minat WA 0812-3456-7890"
)
ABK = (
    "Dicari ABK kapal ikan Taiwan, tanpa pengalaman, gaji 9jt, paspor diurus agensi, "
    "potong gaji 6 bulan. Hubungi Pak Rahmat"
)
TASK_SCAM = (
    "Kerja part time dari rumah cukup like & follow akun TikTok, komisi 50rb per tugas, "
    "deposit 100rb untuk aktivasi akun. Cek link bio"
)
FEE_SCAM = (
    "PT Pertamina buka rekrutmen karyawan 2024 lulusan SMA/SMK, transfer biaya seragam "
    "dan tes kesehatan Rp 750.000 ke rekening panitia"
)
LEGIT = (
    "Toko roti kami di Bandung mencari 2 karyawan bagian produksi, shift pagi, gaji UMR, "
    "lamaran langsung ke toko ya"
)
NEWS = (
    "Polisi menggagalkan pengiriman 12 calon pekerja migran nonprosedural ke Malaysia di "
    "Pelabuhan Dumai, warga diminta waspada tawaran kerja ilegal"
)
CHAT = "Selamat pagi semua, jangan lupa sarapan dan tetap semangat hari ini"
POSTS = (RECRUITMENT, ABK, TASK_SCAM, FEE_SCAM, LEGIT, NEWS, CHAT)


def csv_lines(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    """Rows rendered the way a scraper writes them (quotes only where needed), ``\\n`` ends."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def write_text(
    path: Path, text: str, *, encoding: str = "utf-8", bom: bool = False, crlf: bool = False
) -> Path:
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def read_csv_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    """Our outputs are UTF-8 with BOM; read them back as dicts."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


@pytest.fixture(scope="session")
def model_dir(models_root: Path) -> Path:
    return models_root


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("batch")(batch_command)

    @app.command("noop")
    def noop() -> None:
        """A second command so typer keeps ``batch`` as a subcommand name."""

    return app
