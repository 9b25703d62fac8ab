"""The labeled corpus keeps its promises: schema, counts, no near-duplicates, no split leaks."""

from __future__ import annotations

import pandas as pd

from tppo_detect.analysis.neardup import jaccard, shingles
from tppo_detect.training.corpus import DUPLICATE_THRESHOLD, MINIMUM_COUNTS, assemble, check_corpus
from tppo_detect.training.split import GROUP_THRESHOLD, assign_split

from .conftest import CORPUS


def test_corpus_passes_its_check() -> None:
    report = check_corpus(CORPUS)
    for name, minimum in MINIMUM_COUNTS.items():
        assert report.counts[name] >= minimum, name
    assert report.duplicates == []
    assert report.split_leaks == []
    assert report.ok


def test_split_is_deterministic_and_grouped() -> None:
    texts = [
        "Lowongan admin online di Kamboja gaji 20 juta hubungi 0812",
        "Lowongan admin online di Kamboja gaji 20 juta hubungi 0813",
        "Dicari barista di Denpasar, gaji UMK",
        "Jual motor bekas mulus, nego",
    ] * 1
    strata = ["1-1", "1-1", "0-0", "0-0"]
    first = assign_split(texts, strata, test_fraction=0.5)
    assert first == assign_split(texts, strata, test_fraction=0.5)
    assert first[0] == first[1]  # near-variants stay together


def test_assemble_drops_near_duplicates_and_keeps_provenance() -> None:
    base = pd.read_csv(CORPUS).head(40)
    rows = base[["text", "illegal_recruitment", "online_scam", "platform", "kind"]].copy()
    copy = rows.iloc[[0]].copy()
    copy["text"] = copy["text"] + " !"
    out, dropped = assemble(pd.concat([rows, copy], ignore_index=True), source="test")
    assert len(out) == 40
    assert len(dropped) == 1
    assert set(out["source"]) == {"test"}
    assert out["id"].is_unique


def test_adding_rows_keeps_existing_splits() -> None:
    base = pd.read_csv(CORPUS, keep_default_na=False).head(200)
    new_variant = base.iloc[[0]].copy()
    original = str(base["text"].iloc[0])
    variant = (
        original[: int(len(original) * 0.7)] + " … info terbaru tanya admin grup ya, slot terbatas"
    )
    similarity = jaccard(shingles(original), shingles(variant))
    assert GROUP_THRESHOLD <= similarity < DUPLICATE_THRESHOLD  # a variant, not a duplicate
    new_variant["text"] = variant
    new_variant[["id", "split", "source"]] = ""
    combined = pd.concat([base, new_variant], ignore_index=True)
    out, _ = assemble(combined, source="analis")
    assert out["split"].tolist()[:200] == base["split"].tolist()
    assert out["id"].tolist()[:200] == base["id"].tolist()
    assert out["split"].iloc[200] == base["split"].iloc[0]
    assert out["source"].iloc[200] == "analis"


def test_no_corpus_row_copies_an_external_evaluation_text() -> None:
    """``../shared/external/`` is for evaluation only: no corpus row may be a near-copy of one of
    its real posts (character 5-gram Jaccard ≥ 0.5, the split's near-variant threshold)."""
    from .conftest import EXTERNAL, require

    real = EXTERNAL / "id_real_recruitment_posts" / "posts.csv"
    require(real.exists(), f"{real} not found: overlap with the real-post set not checked")
    external = [shingles(t) for t in pd.read_csv(real)["text"].astype(str)]
    ours = [
        (i, shingles(t)) for i, t in zip(*pd.read_csv(CORPUS)[["id", "text"]].values.T, strict=True)
    ]
    copies = [
        (i, round(jaccard(s, e), 2))
        for i, s in ours
        for e in external
        if jaccard(s, e) >= GROUP_THRESHOLD
    ]
    assert copies == []
