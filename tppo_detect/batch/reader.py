"""Reading scraped CSVs: sniffing their encoding and delimiter, then streaming records.

Why not ``pandas.read_csv``: rejects must carry the *physical* line where a record starts
(a quoted cell may span lines), a bad record must be set aside without losing the ones after it,
and a run must be able to stop and continue at an exact byte offset. So the file is read as
bytes, split on ``\\n`` only, decoded line by line and fed to the ``csv`` module, which pulls one
line at a time; that makes the byte offset and line number of every record start known.

Decoding per line also gives the encoding fallback for free: a file sniffed as UTF-8 whose
line 900,000 holds a stray Windows-1252 byte gets that one line decoded as cp1252 (counted in
the summary) instead of crashing the run.

Both engines read through :class:`RecordReader` (the Dask engine per block, see
:func:`plan_blocks`), so they see exactly the same records.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Final

import numpy as np
import pandas as pd

from tppo_detect.batch.columns import COLLISION_PREFIX, OUTPUT_COLUMNS
from tppo_detect.batch.errors import BatchInputError
from tppo_detect.numbers import thousands

#: Bytes read from the start of the file to sniff encoding and delimiter.
SAMPLE_BYTES: Final = 1 << 20
#: Records of the sample parsed to compare candidate delimiters.
SAMPLE_RECORDS: Final = 200
#: Candidate delimiters, in tie-break order.
DELIMITERS: Final[tuple[str, ...]] = (",", ";", "\t", "|")
#: A rejected record's raw text is cut to this many characters in the rejects file.
MAX_RAW_CHARS: Final = 2000
BOM: Final = codecs.BOM_UTF8

#: Bookkeeping columns every frame carries next to the input columns (never written as-is).
LINE_COL: Final = "__tppo_line"
REASON_COL: Final = "__tppo_reason"
RAW_COL: Final = "__tppo_raw"
META_COLUMNS: Final[tuple[str, ...]] = (LINE_COL, REASON_COL, RAW_COL)


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes cp1252 leaves undefined (0x81, 0x8D, ...) as Latin-1 instead of failing."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("tppo_latin1", _latin1_fallback)


@dataclass(frozen=True)
class Position:
    """A point between records: next byte to read, physical lines and data records before it."""

    offset: int
    line: int
    record: int

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class InputInfo:
    """What sniffing learned about an input file; enough to read any part of it later."""

    path: str
    size: int
    mtime_ns: int
    head_sha256: str
    encoding: str
    delimiter: str
    header: list[str]
    data_start: Position
    #: image posts (``--image-col``): the column of image paths, and the folder relative paths
    #: are read from (the input file's)
    image_col: str | None = None
    image_dir: str | None = None

    def fingerprint(self) -> dict[str, object]:
        """Identifies the file for resume: same size, mtime and first MiB."""
        return {"size": self.size, "mtime_ns": self.mtime_ns, "head_sha256": self.head_sha256}


@dataclass
class ReadStats:
    """Lines that are not records (blank) or needed the encoding fallback."""

    blank_lines: int = 0
    fallback_lines: int = 0

    def add(self, other: ReadStats) -> None:
        self.blank_lines += other.blank_lines
        self.fallback_lines += other.fallback_lines


def _codec(encoding: str) -> tuple[str, str]:
    """Codec and error handler for one line; lines it cannot decode fall back to cp1252."""
    if encoding == "utf-8-sig":  # the BOM is stripped from the first line by the reader
        return "utf-8", "strict"
    if encoding == "cp1252":
        return "cp1252", "tppo_latin1"  # never fails
    return encoding, "strict"


def decode_line(raw: bytes, codec: str, errors: str) -> tuple[str, bool]:
    """``(text, fell_back)``: the line in its codec, else as cp1252 (Latin-1 for the rest)."""
    try:
        return raw.decode(codec, errors), False
    except UnicodeDecodeError:
        return raw.decode("cp1252", "tppo_latin1"), True


class _Lines:
    """Iterator of decoded physical lines that knows the byte offset and line number reached."""

    def __init__(
        self, fh: IO[bytes], start: Position, end_offset: int | None, encoding: str
    ) -> None:
        self._fh = fh
        self.offset = start.offset
        self.line = start.line
        self._end = end_offset
        self._codec, self._errors = _codec(encoding)
        self.buf: list[str] = []
        self.fallback_lines = 0
        #: (offset, line, fallback_lines) just after the first line of the current record.
        self.after_first: tuple[int, int, int] | None = None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._end is not None and self.offset >= self._end:
            raise StopIteration
        raw = self._fh.readline()
        if not raw:
            raise StopIteration
        size = len(raw)
        if self.offset == 0 and raw.startswith(BOM):
            raw = raw[len(BOM) :]
        self.offset += size
        self.line += 1
        try:
            text = raw.decode(self._codec, self._errors)
        except UnicodeDecodeError:
            text = raw.decode("cp1252", "tppo_latin1")
            self.fallback_lines += 1
        if not self.buf:
            self.after_first = (self.offset, self.line, self.fallback_lines)
        self.buf.append(text)
        return text

    def rewind_to_second_line(self) -> None:
        """Read again from the second line of the current record (see RecordReader)."""
        assert self.after_first is not None
        self.offset, self.line, self.fallback_lines = self.after_first
        self._fh.seek(self.offset)
        self.buf = self.buf[:1]


class RecordReader:
    """Streams ``(line, fields, reason)`` records from ``start`` up to ``end_offset``.

    ``line`` is the physical line the record starts on; ``fields`` is None when the csv module
    could not parse the record (``reason`` says why, :meth:`raw` gives its text). Blank lines
    are skipped and counted. ``position`` is where the next record starts.
    """

    def __init__(
        self,
        path: str | Path,
        encoding: str,
        delimiter: str,
        start: Position = Position(0, 0, 0),
        end_offset: int | None = None,
    ) -> None:
        self._fh = open(path, "rb")  # noqa: SIM115 - closed by close()/context manager
        self._fh.seek(start.offset)
        self._lines = _Lines(self._fh, start, end_offset, encoding)
        # strict: a quote that closes and is followed by anything but a delimiter or the line
        # end, or that never closes, is an error instead of silently gluing the next rows into
        # one cell (what an unterminated quote does in the lenient mode).
        self._csv = csv.reader(
            self._lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=True
        )
        self.record = start.record
        self.blank_lines = 0

    def __enter__(self) -> RecordReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._fh.close()

    @property
    def position(self) -> Position:
        return Position(self._lines.offset, self._lines.line, self.record)

    @property
    def stats(self) -> ReadStats:
        return ReadStats(self.blank_lines, self._lines.fallback_lines)

    def raw(self) -> str:
        """The text of the record just read, as in the file (cut to MAX_RAW_CHARS)."""
        text = "".join(self._lines.buf).rstrip("\r\n")
        return text if len(text) <= MAX_RAW_CHARS else text[:MAX_RAW_CHARS] + "…"

    def __iter__(self) -> Iterator[tuple[int, list[str] | None, str]]:
        lines, reader = self._lines, self._csv
        while True:
            lines.buf = []
            line = lines.line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.record += 1
                spanned = len(lines.buf) > 1
                if spanned:
                    # Only this record's first line is rejected; the lines the bad quote
                    # swallowed are read again as records of their own, so nothing is lost.
                    lines.rewind_to_second_line()
                yield line, None, f"CSV tidak dapat diurai: {_explain(exc, line, spanned)}"
                continue
            if not fields:
                self.blank_lines += 1
                continue
            self.record += 1
            yield line, fields, ""


def _explain(exc: csv.Error, line: int, spanned: bool) -> str:
    """The csv module's error as one Indonesian phrase."""
    message = str(exc)
    if "expected after" in message or "unexpected end of data" in message:
        if spanned:
            return (
                f"tanda kutip yang dibuka di baris {thousands(line)} tidak ditutup dengan benar "
                "(baris-baris berikutnya akan tergabung ke satu sel); hanya baris ini ditolak, "
                "baris sesudahnya dibaca ulang"
            )
        return "tanda kutip tidak ditutup dengan benar (setelah kutip penutup harus ada pemisah)"
    if "field larger than field limit" in message:
        return f"sel lebih panjang dari batas {thousands(csv.field_size_limit())} karakter"
    return message


def unique_header(names: list[str]) -> list[str]:
    """Usable column names: empty ones become ``Unnamed: i``, repeats get ``.1``, ``.2``, and
    names of the appended score columns get the ``input_`` prefix."""
    seen: set[str] = set(OUTPUT_COLUMNS)
    out: list[str] = []
    for i, name in enumerate(names):
        base = name if name.strip() else f"Unnamed: {i}"
        if base in OUTPUT_COLUMNS:
            base = COLLISION_PREFIX + base
        candidate, n = base, 0
        while candidate in seen or candidate in META_COLUMNS:
            n += 1
            candidate = f"{base}.{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def sniff_encoding(sample: bytes, *, complete: bool = True) -> str:
    """``utf-8-sig`` (BOM), else ``utf-8`` or ``cp1252`` by a vote of the sample's lines.

    Lines with non-ASCII bytes vote: valid UTF-8 for ``utf-8``, invalid for ``cp1252``. A mostly
    UTF-8 file with a few Windows-1252 lines (copy-paste from old exports) stays UTF-8, so its
    emoji are not turned into mojibake; the few bad lines get the per-line fallback.
    """
    if sample.startswith(BOM):
        return "utf-8-sig"
    if not complete and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    utf8 = bad = 0
    for raw in sample.split(b"\n"):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            bad += 1
    return "cp1252" if bad > utf8 else "utf-8"


def sniff_delimiter(lines: list[str]) -> str:
    """The candidate under which most sample records have as many fields as the header.

    Counting consistency over many records (instead of ``csv.Sniffer``'s character statistics)
    copes with long free-text cells full of commas and with cells spanning lines.
    """
    best, best_score = DELIMITERS[0], (-1, -1)
    for delim in DELIMITERS:
        widths: list[int] = []
        rows = csv.reader(iter(lines), delimiter=delim, quotechar='"', doublequote=True)
        while len(widths) <= SAMPLE_RECORDS:
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error:
                widths.append(-1)
                continue
            if row:
                widths.append(len(row))
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths[1:]), widths[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def _sample_lines(sample: bytes, encoding: str, *, complete: bool) -> list[str]:
    """The sample's whole lines, decoded the way :class:`_Lines` decodes them."""
    if not complete and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    if sample.startswith(BOM):
        sample = sample[len(BOM) :]
    codec, errors = _codec(encoding)
    return [decode_line(raw, codec, errors)[0] for raw in _split_lf(sample)]


def _split_lf(data: bytes) -> list[bytes]:
    parts = data.split(b"\n")
    lines = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _check_encoding(encoding: str) -> str:
    """The codec's canonical name, if lines can be split on ``\\n`` bytes in it."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise BatchInputError(f"encoding tidak dikenal: {encoding!r}") from None
    probe = '\n,;"'
    if probe.encode(name).removeprefix(BOM) != probe.encode("ascii"):
        raise BatchInputError(
            f"encoding {encoding!r} tidak didukung (hanya encoding yang kompatibel ASCII, "
            "mis. utf-8, cp1252, latin-1)"
        )
    return name


def sniff(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
) -> InputInfo:
    """Read the head of ``path``: encoding, delimiter, header and where data starts."""
    path = Path(path)
    if not path.is_file():
        raise BatchInputError(f"berkas masukan tidak ditemukan: {path}")
    st = path.stat()
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    complete = st.st_size == len(sample)
    enc = _check_encoding(encoding) if encoding else sniff_encoding(sample, complete=complete)
    if delimiter is None:
        delimiter = sniff_delimiter(_sample_lines(sample, enc, complete=complete))
    elif len(delimiter) != 1:
        raise BatchInputError(f"pemisah kolom harus satu karakter, bukan {delimiter!r}")
    with RecordReader(path, enc, delimiter) as reader:
        header_fields: list[str] | None = None
        for _line, fields, reason in reader:
            if fields is None:
                raise BatchInputError(f"header {path} tidak dapat dibaca: {reason}")
            header_fields = fields
            break
        if header_fields is None:
            raise BatchInputError(f"berkas {path} kosong: tidak ada baris header")
        start = Position(reader.position.offset, reader.position.line, 0)
    return InputInfo(
        path=str(path),
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        head_sha256=hashlib.sha256(sample).hexdigest(),
        encoding=enc,
        delimiter=delimiter,
        header=unique_header(header_fields),
        data_start=start,
    )


def empty_frame(header: list[str]) -> pd.DataFrame:
    """A zero-row frame with the columns and dtypes :func:`read_frames` produces."""
    cols: dict[str, object] = {c: pd.Series([], dtype="str") for c in header}
    cols[LINE_COL] = pd.Series([], dtype="int64")
    cols[REASON_COL] = pd.Series([], dtype="str")
    cols[RAW_COL] = pd.Series([], dtype="str")
    return pd.DataFrame(cols)


def _frame(header: list[str], rows: list[Row]) -> pd.DataFrame:
    """Build a frame from ``(line, fields, reason, raw)``; rejected rows get empty cells."""
    if not rows:
        return empty_frame(header)
    blank = [""] * len(header)
    columns = list(zip(*(blank if f is None else f for _, f, _, _ in rows), strict=True))
    data: dict[str, object] = {
        c: pd.Series(col, dtype="str") for c, col in zip(header, columns, strict=True)
    }
    data[LINE_COL] = pd.Series([r[0] for r in rows], dtype="int64")
    data[REASON_COL] = pd.Series([r[2] for r in rows], dtype="str")
    data[RAW_COL] = pd.Series([r[3] for r in rows], dtype="str")
    return pd.DataFrame(data)


@dataclass(frozen=True)
class Block:
    """A range of records: from ``start`` to ``end`` (both record starts), and its line stats."""

    start: Position
    end: Position
    stats: ReadStats = field(default_factory=ReadStats)

    @property
    def records(self) -> int:
        return self.end.record - self.start.record

    @property
    def nbytes(self) -> int:
        return self.end.offset - self.start.offset


@dataclass
class FrameChunk:
    """One chunk of records as a frame, and the block of the file it covers."""

    frame: pd.DataFrame
    block: Block


#: A record as read: ``(line, fields, reason, raw)``; ``fields`` is None when it is rejected
#: (``reason`` says why, ``raw`` is its text), ``raw`` is "" otherwise.
Row = tuple[int, list[str] | None, str, str]


@dataclass
class RowChunk:
    """One chunk of records as read (before any frame is built), and the block it covers."""

    rows: list[Row]
    block: Block

    def accepted(self, text_idx: int) -> tuple[np.ndarray, list[str]]:
        """Which records are accepted (the frame's rows without a reject reason), and their
        texts, without building the frame."""
        ok = np.fromiter((f is not None for _, f, _, _ in self.rows), bool, len(self.rows))
        return ok, [f[text_idx] for _, f, _, _ in self.rows if f is not None]

    def frame(self, header: list[str]) -> pd.DataFrame:
        return _frame(header, self.rows)


def read_frames(
    info: InputInfo,
    text_col: str,
    start: Position,
    chunk_size: int,
    end_offset: int | None = None,
) -> Iterator[FrameChunk]:
    """Stream frames of at most ``chunk_size`` records from ``start`` (to ``end_offset``);
    the records of :func:`read_chunks`."""
    for chunk in read_chunks(info, text_col, start, chunk_size, end_offset):
        yield FrameChunk(chunk.frame(info.header), chunk.block)


def read_chunks(
    info: InputInfo,
    text_col: str,
    start: Position,
    chunk_size: int,
    end_offset: int | None = None,
) -> Iterator[RowChunk]:
    """Stream chunks of at most ``chunk_size`` records from ``start`` (to ``end_offset``).

    A record is rejected here, with its reason and raw text, when the csv module cannot parse
    it, when it has more or fewer cells than the header, or when its text cell is empty. With
    an image column, a row's image is read (OCR) and its text cell becomes the caption plus the
    image's text; an image that cannot be read rejects the row.
    """
    text_idx = info.header.index(text_col)
    image_idx = info.header.index(info.image_col) if info.image_col else None
    width = len(info.header)
    with RecordReader(info.path, info.encoding, info.delimiter, start, end_offset) as reader:
        rows: list[Row] = []
        chunk_start, before = start, reader.stats
        for line, fields, reason in reader:
            if fields is not None:
                if len(fields) != width:
                    reason = f"jumlah kolom {len(fields)}, header punya {width}"
                elif image_idx is not None and fields[image_idx].strip():
                    reason = _read_image_cell(info, fields, text_idx, image_idx)
                elif not fields[text_idx].strip():
                    reason = f"teks kosong di kolom {text_col!r}"
            if reason:
                rows.append((line, None, reason, reader.raw()))
            else:
                rows.append((line, fields, "", ""))
            if len(rows) >= chunk_size:
                yield _chunk(rows, chunk_start, reader, before)
                rows, chunk_start, before = [], reader.position, reader.stats
        # A last chunk even without rows when trailing blank lines moved the position.
        if rows or reader.position != chunk_start:
            yield _chunk(rows, chunk_start, reader, before)


def _read_image_cell(info: InputInfo, fields: list[str], text_idx: int, image_idx: int) -> str:
    """Put the caption plus the OCR text of the row's image in its text cell; the reason the
    row is rejected, or ""."""
    from tppo_detect.text.ocr import ImageError, combined_text, read_image

    cell = fields[image_idx].strip()
    path = Path(cell)
    if not path.is_absolute():
        path = Path(info.image_dir or ".") / path
    try:
        ocr = read_image(path)
    except ImageError as exc:
        return f"gambar {cell!r} di kolom {info.image_col!r}: {exc}"
    text, _ = combined_text(fields[text_idx], ocr.text)
    if not text.strip():
        return f"tidak ada teks terbaca di gambar {cell!r} dan kolom teks kosong"
    fields[text_idx] = text
    return ""


def _chunk(
    rows: list[Row], chunk_start: Position, reader: RecordReader, before: ReadStats
) -> RowChunk:
    return RowChunk(rows, Block(chunk_start, reader.position, _delta(reader.stats, before)))


def read_block(block: Block, info: InputInfo, text_col: str) -> pd.DataFrame:
    """All records of one planned block as a single frame (the Dask engine's partitions)."""
    chunks = read_frames(info, text_col, block.start, 1 << 62, block.end.offset)
    frames = [c.frame for c in chunks]
    return frames[0] if frames else empty_frame(info.header)


def plan_blocks(info: InputInfo, start: Position, blocksize: int) -> list[Block]:
    """Cut the file from ``start`` into blocks of about ``blocksize`` bytes at record starts.

    A byte split (what ``dask.dataframe.read_csv`` does) can land inside a quoted multi-line
    cell; this pass runs the same parser as the readers, so every block starts exactly where the
    sequential reader would start a record and the blocks together give the same records.
    """
    blocks: list[Block] = []
    with RecordReader(info.path, info.encoding, info.delimiter, start) as reader:
        block_start, before = start, reader.stats
        for _ in reader:
            pos = reader.position
            if pos.offset - block_start.offset >= blocksize:
                blocks.append(Block(block_start, pos, _delta(reader.stats, before)))
                block_start, before = pos, reader.stats
        end = reader.position
        if end != block_start:
            blocks.append(Block(block_start, end, _delta(reader.stats, before)))
    return blocks


def _delta(now: ReadStats, before: ReadStats) -> ReadStats:
    return ReadStats(
        now.blank_lines - before.blank_lines, now.fallback_lines - before.fallback_lines
    )
