"""Sniffing, record line numbers, and block planning (what the Dask engine relies on)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from tests.batch.conftest import POSTS, csv_lines, write_text
from tppo_detect.batch.reader import (
    LINE_COL,
    REASON_COL,
    RecordReader,
    plan_blocks,
    read_block,
    read_frames,
    sniff,
    sniff_delimiter,
    sniff_encoding,
)


def test_sniff_encoding() -> None:
    assert sniff_encoding("id,isi\n1,kafé\n".encode()) == "utf-8"
    assert sniff_encoding(b"\xef\xbb\xbfid,isi\n") == "utf-8-sig"
    assert sniff_encoding("id,isi\n1,kafé “resmi”\n".encode("cp1252")) == "cp1252"
    mostly_utf8 = "a\n💰 gaji\n🇮🇩 kerja\n".encode() + "kafé\n".encode("cp1252")
    assert sniff_encoding(mostly_utf8) == "utf-8"
    # A sample cut in the middle of a multi-byte character is still UTF-8.
    assert sniff_encoding("id\n💰".encode()[:-1], complete=False) == "utf-8"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_sniff_delimiter_with_commas_in_free_text(delimiter: str) -> None:
    rows = [["id", "text", "user"]] + [[str(i), p, "u"] for i, p in enumerate(POSTS)]
    lines = csv_lines(rows, delimiter=delimiter).splitlines(keepends=True)
    assert sniff_delimiter(lines) == delimiter


def _messy(tmp_path: Path, n: int = 60) -> Path:
    """Many records, some multi-line, some bad, blank lines in between."""
    rows: list[list[str]] = [["id", "text", "user"]]
    for i in range(n):
        text = POSTS[i % len(POSTS)] + f" #{i}"
        if i % 4 == 0:
            text = text.replace(", ", ",\n", 2)  # quoted cell over several lines
        rows.append([str(i), "" if i % 9 == 5 else text, f"user{i}"])
    body = csv_lines(rows)
    body = body.replace("\n20,", "\n\n20,").replace("\n30,", "\n30,x,y,z,")
    return write_text(tmp_path / "messy.csv", body, crlf=True)


def test_record_lines_are_physical_start_lines(tmp_path: Path) -> None:
    src = write_text(tmp_path / "a.csv", 'id,text\n1,"a\nb\nc"\n\n2,d\n3,"e\n"\n4,f')
    with RecordReader(src, "utf-8", ",") as reader:
        got = [(line, fields) for line, fields, _ in reader]
        assert reader.blank_lines == 1
        assert reader.position.offset == src.stat().st_size
    assert got == [
        (1, ["id", "text"]),
        (2, ["1", "a\nb\nc"]),
        (6, ["2", "d"]),
        (7, ["3", "e\n"]),
        (9, ["4", "f"]),
    ]


def test_reading_from_a_position_continues_exactly(tmp_path: Path) -> None:
    src = _messy(tmp_path)
    info = sniff(src)
    whole = pd.concat(c.frame for c in read_frames(info, "text", info.data_start, 7))
    first = next(read_frames(info, "text", info.data_start, 25))
    rest = pd.concat(c.frame for c in read_frames(info, "text", first.block.end, 7))
    both = pd.concat([first.frame, rest])
    pd.testing.assert_frame_equal(both.reset_index(drop=True), whole.reset_index(drop=True))


@pytest.mark.parametrize("blocksize", [1, 300, 2000, 10**9])
def test_blocks_cut_at_record_starts_and_give_the_same_records(
    tmp_path: Path, blocksize: int
) -> None:
    src = _messy(tmp_path)
    info = sniff(src)
    sequential = pd.concat(c.frame for c in read_frames(info, "text", info.data_start, 10))
    blocks = plan_blocks(info, info.data_start, blocksize)
    assert blocks[0].start == info.data_start
    for before, after in itertools.pairwise(blocks):
        assert before.end == after.start
    assert blocks[-1].end.offset == src.stat().st_size
    parts = [read_block(b, info, "text") for b in blocks]
    assert [len(p) for p in parts] == [b.records for b in blocks]
    blocked = pd.concat(parts)
    pd.testing.assert_frame_equal(blocked.reset_index(drop=True), sequential.reset_index(drop=True))
    # Every block starts on the first line of a record (or a blank line before one), never
    # inside a multi-line cell.
    physical = src.read_bytes().split(b"\n")
    blank = {i + 1 for i, raw in enumerate(physical) if raw in (b"", b"\r")}
    starts = set(sequential[LINE_COL]) | blank
    assert all(b.start.line + 1 in starts for b in blocks[1:])
    assert sum(b.stats.blank_lines for b in blocks) == 1
    assert (sequential[REASON_COL] != "").sum() == 8  # 7 empty texts + 1 too-wide row
