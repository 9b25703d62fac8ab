"""The local engine writes a CSV from the records as read, without a frame: pinned, cell by cell
and file by file, to the frame path (``escape_series`` + the csv module) it stands in for."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pandas as pd
import pytest

from tppo_detect.batch.reader import read_chunks, sniff
from tppo_detect.batch.scoring import ScoredChunk, plan_texts
from tppo_detect.batch.sink import Sink
from tppo_detect.batch.writer import csv_rows
from tppo_detect.csvsafe import LINE_TERMINATOR, escape_series, escape_value
from tppo_detect.labels import RISK_LEVELS

from .conftest import POSTS

TRICKY = [
    "",
    " ",
    "-5",
    "-5\n",
    "-5\r\n",
    "-6.2",
    "-6,2",
    "-6,2\n",
    "-1.",
    "-.5",
    "-",
    "-5 ",
    " -5",
    "- 5",
    "-5.5.5",
    "-1.5e3",
    "-\uff15",  # fullwidth digit
    "-\u0663",  # Arabic-Indic digit
    "=1+1",
    '=HYPERLINK("http://bit.ly/x","klik")',
    "+62 812 3456 7890",
    "@budi",
    "\t=1",
    "\r=1",
    "\n=1",
    'kata "kutip"',
    '"',
    '""',
    "a,b",
    "a;b",
    "a\tb",
    "a|b",
    "baris\nbaru",
    "baris\r\nbaru",
    "cr\rsaja",
    "\u2028\x85\x0b\x0c\x1c",
    "emoji 😀 é",
    "'sudah",
    *POSTS,
]


def test_escape_value_is_escape_series_one_string_at_a_time() -> None:
    values = TRICKY + [p[:n] for p in POSTS for n in (1, 2, 5)] + ["-" + p for p in POSTS]
    expected = escape_series(pd.Series(values, dtype="str")).tolist()
    assert [escape_value(v) for v in values] == expected


def _tricky_rows(seed: int, n: int) -> list[list[object]]:
    rng = random.Random(seed)
    pieces = [*TRICKY, "x", "abc", ",", ";", "\t", "|", '"', "\r", "\n", "-", "=", "12"]
    rows: list[list[object]] = []
    for _ in range(n):
        row: list[object] = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(2, 5))
        ]
        row += [round(rng.random(), 4), rng.randint(0, 100), 0.1, 1e-05, 0.0]
        rng.shuffle(row)
        rows.append(row)
    return rows


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_rows_is_the_csv_module_on_escaped_cells(delimiter: str) -> None:
    rows = _tricky_rows(7, 3000)
    escaped = [[escape_value(v) if isinstance(v, str) else v for v in row] for row in rows]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=LINE_TERMINATOR).writerows(escaped)
    assert csv_rows(rows, delimiter) == buf.getvalue()


def _scrape(path: Path, delimiter: str) -> Path:
    """Accepted rows with formulas, quotes, line breaks and platform cells; rejects of every
    kind (bad quote, wrong width, empty text); repeated texts."""
    d = delimiter
    lines = [f"id{d}text{d}Platform{d}url"]
    texts = [*TRICKY[1:], *POSTS]
    platforms = ["facebook", "", "TikTok", "instagram", "x", "lain"]
    urls = ["", "https://www.facebook.com/p/1", "https://x.com/a/status/2", "bukan url"]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=d, lineterminator="\n")
    for i, text in enumerate(texts * 2):
        writer.writerow([str(i), text, platforms[i % len(platforms)], urls[i % len(urls)]])
        if i % 9 == 4:
            buf.write(f'{i}x{d}"kutip "rusak{d}{d}\n')  # a quote closed before other text
        if i % 11 == 3:
            buf.write(f"{i}y{d}lebih{d}facebook{d}{d}satu\n")  # one cell too many
        if i % 13 == 5:
            buf.write(f"{i}z{d} {d}facebook{d}\n")  # empty text
    path.write_text(lines[0] + "\n" + buf.getvalue(), encoding="utf-8")
    return path


def _score_rows(texts: list[str]) -> list[tuple[float, float, int, str, str, str, str]]:
    """Made-up output values of every shape: levels, signals, contacts, next steps (some
    that the row's platform extends)."""
    out = []
    for i in range(len(texts)):
        level = RISK_LEVELS[i % 3]
        steps = ["", "bp3mi_wilayah;kp2mi_pengaduan", "polri_patrolisiber"][i % 3]
        contacts = ["", "wa:+62 812-3456-7890, tg:@agen", '=cmd "x"'][i % 3]
        out.append((round(i / 97, 4), round(1 - i / 89, 4), i % 101, level, "a;b", contacts, steps))
    return out


@pytest.mark.parametrize(
    ("delimiter", "output_name", "min_level"),
    [(",", "out.csv", None), (";", "out.csv", "sedang"), ("\t", "out.tsv", "tinggi")],
)
def test_the_sink_writes_scored_records_as_it_writes_their_frame(
    tmp_path: Path, delimiter: str, output_name: str, min_level: str | None
) -> None:
    src = _scrape(tmp_path / "scrape.csv", delimiter)
    info = sniff(src)
    assert info.delimiter == delimiter
    text_idx = info.header.index("text")
    outputs = {}
    for how in ("rows", "frame"):
        folder = tmp_path / how
        folder.mkdir()
        sink = Sink(
            folder / output_name,
            info.header,
            info.delimiter,
            start=info.data_start,
            settings={},
            min_level=min_level,
        )
        for chunk in read_chunks(info, "text", info.data_start, 17):
            plan = plan_texts(*chunk.accepted(text_idx), None)
            plan.results = list(_score_rows(plan.uniques))
            scored = ScoredChunk(chunk, plan, "v-test")
            sink.write(scored if how == "rows" else scored.frame(info.header), chunk.block)
        sink.finish()
        outputs[how] = (
            sink.output.read_bytes(),
            sink.rejects_path.read_bytes(),
            sink.counts.to_dict(),
        )
    rows, frame = outputs["rows"], outputs["frame"]
    assert rows == frame
    counts = rows[2]
    assert counts["rows_rejected"] > 0 and counts["rows_written"] > 0
    assert counts["distinct_texts"] < counts["rows_scored"]  # repeats were not "fresh"
