"""Feedback rows as corpus CSV (``tppo_detect.training.schema.CORPUS_COLUMNS``) for retraining.

The export is exactly the corpus schema, so the retraining notebook can concatenate it with
``data/posts.csv`` and validate it with ``read_labeled_csv(path, corpus=True)``. Labels come
from the analyst's verdict, never from the model's score.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from tppo_detect.csvsafe import LINE_TERMINATOR, escape_cell
from tppo_detect.training.schema import CORPUS_COLUMNS

#: Rows written per streamed chunk: few enough to start quickly, enough to avoid tiny writes.
CHUNK_ROWS = 200


def corpus_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """One stored verdict in corpus form (defaults: platform web, kind other, split train)."""
    fid = row["id"]
    return {
        "id": f"feedback-{fid}",
        "text": row["text"],
        "illegal_recruitment": int(row["illegal_recruitment"]),
        "online_scam": int(row["online_scam"]),
        "platform": row.get("platform") or "web",
        "kind": row.get("kind") or "other",
        "split": row.get("split") or "train",
        "source": f"feedback:{fid}",
    }


def csv_chunks(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The header, then the rows in chunks of CHUNK_ROWS, as CSV text (RFC 4180: ``\r\n``
    rows, so a bare carriage return in a text is quoted) with formula-like cells escaped, since
    analysts open the export in a spreadsheet (:mod:`tppo_detect.csvsafe`)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CORPUS_COLUMNS), lineterminator=LINE_TERMINATOR)
    writer.writeheader()
    pending = 0
    for row in rows:
        writer.writerow({k: escape_cell(v) for k, v in corpus_row(row).items()})
        pending += 1
        if pending >= CHUNK_ROWS:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
            pending = 0
    yield buf.getvalue()
