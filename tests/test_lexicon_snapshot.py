"""Detection is the same before and after the red-flag format change (issue 16).

``data/lexicon_snapshot.json`` was taken with the regex lexicon (``signals.toml`` and its
generator) just before it was replaced by ``lexicon.toml``: for every row of ``data/posts.csv``
and of every text set in ``../shared/external/`` (read in place, evaluation only), the signals
found and their spans in the original text. It holds no text: per set its row count and one
sha256 over all rows, per row with a signal its index, a hash of its text, and the findings.

Regenerate (only when a change of detection is intended, and list it in the commit):
``.venv/bin/python -m tests.test_lexicon_snapshot > tests/data/lexicon_snapshot.json``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO / "data" / "posts.csv"
EXTERNAL = REPO.parent / "shared" / "external"
SNAPSHOT = HERE / "data" / "lexicon_snapshot.json"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _external_sets() -> Iterator[tuple[str, list[str]]]:
    """Every CSV/TSV under ../shared/external: its longest text column (undecodable bytes
    replaced; a file whose first row is data, not a header, read without one)."""
    for path in sorted(EXTERNAL.glob("*/*.[ct]sv")):
        sep = "\t" if path.suffix == ".tsv" else ","
        df = pd.read_csv(path, sep=sep, dtype=str, encoding_errors="replace")
        if max(len(str(c)) for c in df.columns) > 30:  # no header row
            df = pd.read_csv(path, sep=sep, dtype=str, encoding_errors="replace", header=None)
        column = max(df.columns, key=lambda c: df[c].fillna("").str.len().mean())
        name = f"{path.parent.name}/{path.name}#{column}"
        yield name, df[column].fillna("").tolist()


def text_sets(external: bool = True) -> Iterator[tuple[str, list[str]]]:
    yield "data/posts.csv#text", pd.read_csv(CORPUS)["text"].fillna("").tolist()
    if external:
        yield from _external_sets()


def detections(texts: list[str]) -> dict[str, Any]:
    """The packaged lexicon's findings per row, as scoring computes them (negation included)."""
    from tppo_detect.model.features import SignalIndicators
    from tppo_detect.text.preprocess import prepare_one

    signals = SignalIndicators().fit([])
    lexicon = signals.lexicon
    rows: dict[str, Any] = {}
    for i, text in enumerate(texts):
        doc = prepare_one(text)
        hits = signals.hits(doc)
        if not hits:
            continue
        try:
            spans = doc.spans()
        except IndexError:  # a normalisation bug on this text, not a lexicon matter
            found: Any = "spans-error"
        else:
            found = [
                [m.signal, m.start, m.end]
                for m in lexicon.locate(doc.text, hits, spans, signals.scope(doc))
            ]
        rows[str(i)] = {
            "sha": _sha(text)[:16],
            "signals": sorted(lexicon.ids[h] for h in hits),
            "spans": found,
        }
    return {
        "rows": len(texts),
        "digest": _sha("\0".join(texts)),
        "hits": rows,
    }


@lru_cache(maxsize=1)
def snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def _compare(name: str, texts: list[str]) -> None:
    expected = snapshot()["sets"].get(name)
    assert expected is not None, f"{name} is not in the snapshot"
    assert (len(texts), _sha("\0".join(texts))) == (expected["rows"], expected["digest"]), (
        f"{name}: the texts changed since the snapshot"
    )
    got = detections(texts)["hits"]
    differ = sorted(set(got) ^ set(expected["hits"])) + [
        i for i in got if i in expected["hits"] and got[i] != expected["hits"][i]
    ]
    assert not differ, {i: (expected["hits"].get(i), got.get(i)) for i in differ[:10]}


def test_corpus_detection_equals_the_snapshot() -> None:
    name, texts = next(text_sets(external=False))
    _compare(name, texts)


@pytest.mark.slow
def test_external_detection_equals_the_snapshot() -> None:
    from .conftest import require

    require(EXTERNAL.exists(), f"{EXTERNAL} not found: external sets not compared")
    sets = list(_external_sets())
    assert {name for name, _ in sets} == set(snapshot()["sets"]) - {"data/posts.csv#text"}
    for name, texts in sets:
        _compare(name, texts)


if __name__ == "__main__":
    out = {"sets": {name: detections(texts) for name, texts in text_sets()}}
    json.dump(out, sys.stdout, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
