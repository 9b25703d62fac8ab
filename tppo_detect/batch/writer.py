"""Writing scored rows and rejects: CSV (formula-escaped) or Parquet, appendable per chunk.

CSV cells are formula-escaped and rows end with ``\r\n`` (:mod:`tppo_detect.csvsafe`, which
explains why). Parquet is typed data that no spreadsheet evaluates, so it is written unchanged
(use it for machine consumers).

Every writer knows its size after each chunk (``position``) and can be reopened truncated to
a size recorded in a checkpoint, which is how ``--resume`` drops a chunk that was half-written
when the run was interrupted.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from tppo_detect.batch.columns import OUTPUT_COLUMNS
from tppo_detect.batch.errors import BatchInputError
from tppo_detect.csvsafe import LINE_TERMINATOR, escape_formula, escape_series, escape_value
from tppo_detect.extras import require

PARQUET = "Keluaran/masukan Parquet"


def _fsync(fh) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _open_appendable(path: Path, resume_at: int | None):
    """A new file, or (``--resume``) the existing one cut back to its checkpointed size."""
    if resume_at is None:
        return path.open("wb")
    if not path.exists() or path.stat().st_size < resume_at:
        raise FileNotFoundError(f"{path} lebih pendek dari checkpoint-nya ({resume_at} byte)")
    fh = path.open("r+b")
    fh.truncate(resume_at)
    fh.seek(resume_at)
    return fh


class _AppendableFile:
    """A file written chunk by chunk whose size after each chunk is its checkpoint position."""

    _fh: Any

    @property
    def position(self) -> int:
        return self._fh.tell()

    def sync(self) -> None:
        _fsync(self._fh)

    def close(self) -> None:
        self._fh.close()

    def finish(self) -> None:
        self.sync()
        self.close()


class CsvWriter(_AppendableFile):
    """A CSV file written chunk by chunk, UTF-8 with BOM (so Excel shows emoji and accents)."""

    def __init__(
        self, path: Path, columns: Sequence[str], delimiter: str, *, resume_at: int | None = None
    ) -> None:
        self.path = path
        self.columns = list(columns)
        self.delimiter = delimiter
        self._fh = _open_appendable(path, resume_at)
        if resume_at is None:
            self._fh.write(codecs.BOM_UTF8)
            self._write_rows([[escape_formula(c) for c in self.columns]])
        _fsync(self._fh)

    def _write_rows(self, rows) -> None:
        buf = io.StringIO()
        csv.writer(buf, delimiter=self.delimiter, lineterminator=LINE_TERMINATOR).writerows(rows)
        self._fh.write(buf.getvalue().encode("utf-8", "surrogatepass"))

    def write_frame(self, frame: pd.DataFrame) -> None:
        """Append the rows of ``frame[columns]``; string cells are formula-escaped."""
        if frame.empty:
            return
        cols = []
        for name in self.columns:
            col = frame[name]
            if pd.api.types.is_numeric_dtype(col.dtype):
                cols.append(col.tolist())
            else:  # any text dtype (Dask may hand back string[pyarrow] or object)
                cols.append(escape_series(col.astype("str")).tolist())
        self._write_rows(zip(*cols, strict=True))

    def write_rows(self, rows: Sequence[Sequence[object]]) -> None:
        """Append ``rows`` (cells in column order: strings, ints, floats), written as
        :meth:`write_frame` writes the same values, without a frame (the local engine)."""
        if rows:
            text = csv_rows(rows, self.delimiter)
            self._fh.write(text.encode("utf-8", "surrogatepass"))


def csv_rows(rows: Sequence[Sequence[object]], delimiter: str) -> str:
    """``rows`` as the csv module writes them (``QUOTE_MINIMAL``, ``\\r\\n``) with string cells
    escaped by :func:`~tppo_detect.csvsafe.escape_value`, in half the time.

    The csv module quotes a cell holding the delimiter, a quote or a line-break character of
    its line terminator (``\\r``, ``\\n``), doubling the quotes inside, and writes other values
    with ``str``. (It also quotes a row made of one empty cell; rows here have more cells.)
    """
    out = []
    for row in rows:
        cells = []
        for value in row:
            if value.__class__ is str:
                value = escape_value(value)
                if '"' in value:
                    value = '"' + value.replace('"', '""') + '"'
                elif delimiter in value or "\n" in value or "\r" in value:
                    value = '"' + value + '"'
            else:
                value = str(value)
            cells.append(value)
        out.append(delimiter.join(cells))
    out.append("")
    return LINE_TERMINATOR.join(out)


class JsonlWriter(_AppendableFile):
    """JSON Lines written chunk by chunk: one object per row, numbers as numbers, no formula
    escaping (JSON is data, no spreadsheet evaluates it). Resumable like :class:`CsvWriter`."""

    def __init__(self, path: Path, columns: Sequence[str], *, resume_at: int | None = None) -> None:
        self.path = path
        self.columns = list(columns)
        self._fh = _open_appendable(path, resume_at)
        _fsync(self._fh)

    def write_frame(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        records = frame[self.columns].to_dict(orient="records")
        text = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
        self._fh.write(text.encode("utf-8", "surrogatepass"))


class ParquetWriter:
    """Parquet output as numbered part files while running, one file at the end.

    A Parquet file cannot be appended to after it is closed, and an unclosed one is unreadable,
    so each chunk becomes ``OUT.parts/part-NNNNNN.parquet`` (written to a temporary name and
    renamed); :meth:`finish` streams the parts into ``OUT`` one row group each and removes them.
    """

    def __init__(self, path: Path, schema: Any, *, resume_at: int | None = None) -> None:
        self.path = path
        self.schema = schema
        self.parts_dir = path.with_name(path.name + ".parts")
        if resume_at is None:
            if self.parts_dir.exists():
                shutil.rmtree(self.parts_dir)
            self.parts_dir.mkdir(parents=True)
            self._parts = 0
        else:
            self._parts = resume_at
            if not self.parts_dir.is_dir():
                raise BatchInputError(f"{self.parts_dir} tidak ada; jalankan ulang tanpa --resume")
            for part in self.parts_dir.glob("part-*"):
                if not part.name.endswith(".parquet") or self._index(part) >= resume_at:
                    part.unlink()
            if len(list(self.parts_dir.glob("part-*.parquet"))) != resume_at:
                raise BatchInputError(
                    f"{self.parts_dir} tidak berisi {resume_at} bagian seperti di checkpoint; "
                    "jalankan ulang tanpa --resume"
                )

    @staticmethod
    def _index(part: Path) -> int:
        return int(part.name.split("-")[1].split(".")[0])

    @property
    def position(self) -> int:
        return self._parts

    def write_frame(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        pa = require("pyarrow", "parquet", PARQUET)
        pq = require("pyarrow.parquet", "parquet", PARQUET)
        table = pa.Table.from_pandas(
            frame[self.schema.names], schema=self.schema, preserve_index=False
        )
        final = self.parts_dir / f"part-{self._parts:06d}.parquet"
        tmp = final.with_suffix(".tmp")
        pq.write_table(table, tmp)
        tmp.replace(final)
        self._parts += 1

    def sync(self) -> None:
        """Parts are complete files once renamed; nothing is buffered."""

    def close(self) -> None:
        """Parts stay on disk for a later resume."""

    def finish(self) -> None:
        pq = require("pyarrow.parquet", "parquet", PARQUET)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with pq.ParquetWriter(tmp, self.schema) as out:
            for i in range(self._parts):
                out.write_table(pq.read_table(self.parts_dir / f"part-{i:06d}.parquet"))
        tmp.replace(self.path)
        shutil.rmtree(self.parts_dir)


def parquet_schema(input_columns: Sequence[str]) -> Any:
    """Input columns as strings, score columns typed (a ``pyarrow.Schema``)."""
    pa = require("pyarrow", "parquet", PARQUET)
    types = {
        OUTPUT_COLUMNS[0]: pa.float64(),
        OUTPUT_COLUMNS[1]: pa.float64(),
        "risk_score": pa.int64(),
        "risk_level": pa.string(),
        "signals": pa.string(),
        "contacts": pa.string(),
        "next_steps": pa.string(),
        "model_version": pa.string(),
    }
    fields = [pa.field(c, pa.string()) for c in input_columns]
    fields += [pa.field(c, types[c]) for c in OUTPUT_COLUMNS]
    return pa.schema(fields)
