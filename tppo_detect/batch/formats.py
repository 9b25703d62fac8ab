"""The files analysts actually have: CSV/TSV, Excel, JSON Lines/JSON arrays, Parquet — in and out.

The batch engine streams CSV (byte offsets, physical line numbers, ``--resume``; see
:mod:`tppo_detect.batch.reader`), so any other input is first converted to a UTF-8 CSV next to
the output (``<output>.masukan.csv``, removed when the run completes) and scored from there:
Excel rows, JSON records and Parquet rows become CSV records in the same order, so a reject's
"line" is the CSV line of that record (for Excel without line breaks inside cells: the sheet's
row number). Files that are not tables at all (an image, a PDF, a folder) or that are text in
UTF-16 (Excel's "Unicode Text") are refused with a sentence that says how to save them.

Outputs are written by the output's extension; an unknown extension is refused rather than
silently written as CSV under that name.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from tppo_detect.batch.errors import BatchInputError
from tppo_detect.csvsafe import escape_formula
from tppo_detect.extras import require
from tppo_detect.numbers import thousands

#: Output extension -> format written.
OUTPUT_FORMATS: Final[dict[str, str]] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
}
#: Input extension -> how it is read (anything else is sniffed as CSV text).
INPUT_FORMATS: Final[dict[str, str]] = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}
SAVE_AS_CSV: Final = (
    "Simpan sebagai CSV UTF-8 (di Excel: File > Save As > 'CSV UTF-8 (Comma delimited)') "
    "atau kirim berkas .xlsx aslinya."
)
#: Magic numbers of files that are not tables.
_NOT_TABLES: Final[tuple[tuple[bytes, str], ...]] = (
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"RIFF", "berkas RIFF (gambar WebP/audio/video)"),
    (b"%PDF", "dokumen PDF"),
    (b"\xd0\xcf\x11\xe0", "berkas Office lama (.xls/.doc)"),
    (b"PK\x03\x04", "arsip ZIP (mis. .xlsx/.docx yang namanya tidak berakhiran .xlsx)"),
)


def output_format(output: Path) -> str:
    """The format written for ``output``; :class:`BatchInputError` for other extensions."""
    fmt = OUTPUT_FORMATS.get(output.suffix.lower())
    if fmt is None:
        allowed = ", ".join(OUTPUT_FORMATS)
        raise BatchInputError(
            f"ekstensi keluaran {output.suffix or '(tanpa ekstensi)'!r} tidak didukung untuk "
            f"{output.name}: pilih salah satu dari {allowed}"
        )
    return fmt


def output_delimiter(output: Path, delimiter: str) -> str:
    """A ``.tsv`` output is tab-separated; otherwise the input's delimiter is kept."""
    return "\t" if output.suffix.lower() == ".tsv" else delimiter


def input_format(path: Path) -> str:
    """How ``path`` is read: ``csv`` (sniffed text), ``xlsx``, ``jsonl``, ``json`` or
    ``parquet``. Refuses folders, non-table files and UTF-16 text with a clear sentence."""
    if path.is_dir():
        raise BatchInputError(
            f"{path} adalah folder, bukan berkas: beri satu berkas CSV/Excel/JSON/Parquet "
            "(untuk banyak berkas, jalankan batch per berkas)"
        )
    if not path.exists():
        raise BatchInputError(f"berkas masukan {path} tidak ditemukan")
    fmt = INPUT_FORMATS.get(path.suffix.lower(), "csv")
    with path.open("rb") as fh:
        head = fh.read(4096)
    if fmt == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise BatchInputError(
                f"{path.name} berakhiran .xlsx tetapi bukan berkas Excel. {SAVE_AS_CSV}"
            )
        return fmt
    if fmt == "parquet":
        return fmt
    for magic, what in _NOT_TABLES:
        if head.startswith(magic):
            raise BatchInputError(f"{path.name} adalah {what}, bukan tabel unggahan. {SAVE_AS_CSV}")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(head) > 1 and head.count(b"\0") * 4 > len(head)
    ):
        raise BatchInputError(
            f"{path.name} adalah teks UTF-16 ('Unicode Text' Excel), bukan UTF-8. {SAVE_AS_CSV}"
        )
    return fmt


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        width = 0
        for i, row in enumerate(sheet.iter_rows(values_only=True)):
            cells = [_cell(v) for v in row]
            if i == 0:
                while cells and not cells[-1]:
                    cells.pop()
                width = len(cells)
                if not width:
                    raise BatchInputError(
                        f"{path.name}: baris pertama lembar pertama kosong (tanpa nama kolom)"
                    )
            yield (cells + [""] * width)[:width]
    finally:
        book.close()


def _json_rows(path: Path, lines: bool) -> Iterator[list[str]]:
    records: list[dict[str, Any]] = []
    with path.open("r", encoding="utf-8-sig") as fh:
        if lines:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise BatchInputError(
                        f"{path.name} baris {thousands(n)}: JSON tidak valid ({exc.msg})"
                    ) from None
                if not isinstance(rec, dict):
                    raise BatchInputError(
                        f"{path.name} baris {n}: tiap baris harus objek JSON {{…}}"
                    )
                records.append(rec)
        else:
            try:
                data = json.load(fh)
            except json.JSONDecodeError as exc:
                raise BatchInputError(
                    f"{path.name}: JSON tidak valid di baris {exc.lineno} ({exc.msg})"
                ) from None
            if isinstance(data, dict):  # {"posts": [...]} or {"data": [...]}
                lists = [v for v in data.values() if isinstance(v, list)]
                data = lists[0] if len(lists) == 1 else None
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise BatchInputError(f"{path.name}: harus larik JSON berisi objek [{{…}}, …]")
            records = data
    columns: dict[str, None] = {}
    for rec in records:
        columns.update(dict.fromkeys(rec))
    yield list(columns)
    for rec in records:
        yield [_cell(rec.get(c)) for c in columns]


def _parquet_rows(path: Path) -> Iterator[list[str]]:
    pq = require("pyarrow.parquet", "parquet", "Masukan Parquet")
    source = pq.ParquetFile(path)
    yield list(source.schema_arrow.names)
    for batch in source.iter_batches(batch_size=10_000):
        columns = [col.to_pylist() for col in batch.columns]
        for row in zip(*columns, strict=True):
            yield [_cell(v) for v in row]


def convert_to_csv(path: Path, fmt: str, dest: Path) -> Path:
    """Write ``path`` (xlsx/json/jsonl/parquet) as a UTF-8 CSV at ``dest``; returns ``dest``."""
    rows = {
        "xlsx": lambda: _xlsx_rows(path),
        "jsonl": lambda: _json_rows(path, lines=True),
        "json": lambda: _json_rows(path, lines=False),
        "parquet": lambda: _parquet_rows(path),
    }[fmt]()
    tmp = dest.with_name(dest.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    tmp.replace(dest)
    return dest


def csv_to_xlsx(source: Path, dest: Path, delimiter: str, numeric: set[str]) -> None:
    """The finished CSV output as an Excel sheet: cells already formula-escaped by the CSV
    writer stay text (openpyxl would otherwise store ``=…`` as a formula); score columns
    become numbers."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("hasil")
    with source.open("r", encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        header = next(reader, [])
        sheet.append(header)
        kinds = [h in numeric for h in header]
        for row in reader:
            sheet.append([_number(v) if k else _text(v) for v, k in zip(row, kinds, strict=False)])
    tmp = dest.with_name(dest.name + ".tmp.xlsx")
    book.save(tmp)
    tmp.replace(dest)


def _number(value: str) -> float | int | str:
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return _text(value)


def _text(value: str) -> str:
    # escape_formula is idempotent on escaped cells; it also covers cells a CSV reader sees
    # differently from Excel (leading tab/CR)
    return escape_formula(value)
