"""The text pass reads every post exactly as before a speed change (issue 18).

Speed work on the text pass (normalising, masking, tokens, terms, red-flag hits, context cues,
impersonation findings, contacts, token spans) must not change what it reads: everything the
model's features and the evidence are built from is model-independent, so it can be compared
against a stored snapshot on any machine. ``data/text_pass_snapshot.json`` holds no text: per
set its row count, one sha256 over its texts and one short digest per block of
:data:`BLOCK` rows over each row's full reading (:func:`reading`), so a difference names the
rows to look at.

Regenerate (only when a change of reading is intended, and list it in the commit):
``.venv/bin/python -m tests.test_text_pass_snapshot > tests/data/text_pass_snapshot.json``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from typing import Any

import pytest

from .test_lexicon_snapshot import EXTERNAL, HERE, _external_sets, _sha, text_sets

SNAPSHOT = HERE / "data" / "text_pass_snapshot.json"
#: Rows per digest: small enough that a difference points at a handful of rows.
BLOCK = 64


@lru_cache(maxsize=1)
def _readers() -> tuple[Any, Any, Any]:
    from tppo_detect.model.features import ContextCues, ImpersonationFlags, SignalIndicators

    return SignalIndicators().fit([]), ContextCues().fit([]), ImpersonationFlags().fit([])


def reading(text: str) -> str:
    """Everything the text pass reads from one post, as one canonical string."""
    from tppo_detect.text.preprocess import prepare_one

    signals, cues, impersonation = _readers()
    doc = prepare_one(text)
    parts: list[Any] = [
        doc.prepared,
        doc.masked,
        doc.offsets,
        doc.tokens,
        doc.terms,
        doc.term_tokens,
        sorted(signals.hits(doc)),
        cues.counts(doc),
        [
            (f.signal, f.institution.id, f.name_span, [c.value for c in f.channels], f.unread)
            for f in impersonation.findings(doc)
        ],
        [(c.kind, c.value, c.start, c.end, c.provider) for c in doc.contact_list()],
    ]
    try:
        parts.append(doc.spans())
    except IndexError:  # a known normalisation limit on some texts: the error is the reading
        parts.append("spans-error")
    return json.dumps(parts, ensure_ascii=False, default=str)


def readings(texts: list[str]) -> dict[str, Any]:
    blocks = []
    for lo in range(0, len(texts), BLOCK):
        h = hashlib.sha256()
        for text in texts[lo : lo + BLOCK]:
            h.update(reading(text).encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        blocks.append(h.hexdigest()[:16])
    return {"rows": len(texts), "digest": _sha("\0".join(texts)), "blocks": blocks}


@lru_cache(maxsize=1)
def snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def _compare(name: str, texts: list[str]) -> None:
    expected = snapshot()["sets"].get(name)
    assert expected is not None, f"{name} is not in the snapshot"
    assert (len(texts), _sha("\0".join(texts))) == (expected["rows"], expected["digest"]), (
        f"{name}: the texts changed since the snapshot"
    )
    got = readings(texts)["blocks"]
    differ = [i for i, (a, b) in enumerate(zip(got, expected["blocks"], strict=True)) if a != b]
    assert not differ, f"{name}: the text pass reads differently in rows " + ", ".join(
        f"{i * BLOCK}–{min(len(texts), (i + 1) * BLOCK) - 1}" for i in differ[:10]
    )


def test_corpus_reading_equals_the_snapshot() -> None:
    name, texts = next(text_sets(external=False))
    _compare(name, texts)


def test_a_changed_reading_is_caught() -> None:
    """The digest reads the whole reading: one changed token changes its block."""
    text = "Lowongan kerja di Kamboja, gaji 15 juta, hubungi WA 0812-3456-7890"
    assert reading(text) == reading(text)
    assert readings([text])["blocks"] != readings([text + " segera"])["blocks"]


@pytest.mark.slow
def test_external_reading_equals_the_snapshot() -> None:
    from .conftest import require

    require(EXTERNAL.exists(), f"{EXTERNAL} not found: external sets not compared")
    sets = list(_external_sets())
    assert {name for name, _ in sets} == set(snapshot()["sets"]) - {"data/posts.csv#text"}
    for name, texts in sets:
        _compare(name, texts)


if __name__ == "__main__":
    out = {"sets": {name: readings(texts) for name, texts in text_sets()}}
    json.dump(out, sys.stdout, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
