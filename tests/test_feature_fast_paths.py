"""The shortcuts of stage one's features (issue 18) against the plain readings they replace:
cue counts per cue, the alias scan over every token, the by-id stance gates, the negation
scope computed for every hit. Same answers on every corpus post and lexicon example."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from tests.conftest import CORPUS
from tests.test_signals import plan_test_texts
from tppo_detect import Detector
from tppo_detect.model.features import (
    CALL_TO_ACTION,
    JOB_CUES,
    PROMOTION,
    PROMOTION_MIN,
    ContextCues,
    SignalIndicators,
    TermTfidf,
)
from tppo_detect.text import impersonation
from tppo_detect.text.impersonation import Institution, Registry, load_registry
from tppo_detect.text.normalize import clause_breaks, tokenize
from tppo_detect.text.preprocess import Prepared, prepare_one
from tppo_detect.text.signals import NO_SCOPE


def _scanned_mentions(
    registry: Registry, tokens: Sequence[str]
) -> list[tuple[Institution, int, int]]:
    """Every token in turn, the longest alias there first (what ``mentions`` must equal)."""
    index: dict[str, list[tuple[tuple[str, ...], Institution]]] = {}
    for inst in registry.institutions:
        for alias in inst.aliases:
            index.setdefault(alias[0], []).append((alias, inst))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    found = []
    i = 0
    while i < len(tokens):
        step = 1
        for alias, inst in index.get(tokens[i], ()):
            if tuple(tokens[i : i + len(alias)]) == alias:
                found.append((inst, i, i + len(alias) - 1))
                step = len(alias)
                break
        i += step
    return found


def _scanned_misspellings(
    registry: Registry, tokens: Sequence[str]
) -> list[tuple[Institution, int, int]]:
    words = impersonation._known_words()
    found = []
    for i, token in enumerate(tokens):
        if len(token) < impersonation.FUZZY_MIN_LENGTH - 1 or token in words:
            continue
        if not token.isalpha():
            continue
        for v in (token, *impersonation._deletions(token)):
            if v in registry._fuzzy:
                found.append((registry._fuzzy[v][0][1], i, i))
                break
    return found


def test_mentions_equal_a_scan_of_every_token() -> None:
    registry = load_registry()
    texts = [
        *plan_test_texts(),
        "lowongan pt pln pt pln persero bank bri bank mandiri pt",
        "pt pt pt kai pt",
    ]
    for text in texts:
        tokens = tokenize(text)
        assert registry.mentions(tokens) == _scanned_mentions(registry, tokens), text
        assert registry.misspelled_mentions(tokens) == _scanned_misspellings(registry, tokens)


def test_the_misspelling_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = Registry(impersonation.data_text(impersonation.REGISTRY_FILE))
    monkeypatch.setattr(impersonation, "FUZZY_CACHE_SIZE", 3)
    tokens = tokenize("Pertaminna Pukesmas lowongan xyzabcdef qwertyuio zxcvbnmas Pertaminna")
    first = registry.misspelled_mentions(tokens)
    assert [t for _, t, _ in first] == [0, 1, 6]
    assert len(registry._fuzzy_cache) <= 3
    assert registry.misspelled_mentions(tokens) == first


def _by_id_gates(ctx: ContextCues, doc) -> tuple:
    """The stance gates read through a dict of counts by cue id (the reference reading)."""
    counts = ctx.counts(doc)
    by_id = {cue.id: n for cue, n in zip(ctx.cues_, counts, strict=True)}
    best, best_n, best_cue = None, 0, None
    for cue, n in zip(ctx.cues_, counts, strict=True):
        if cue.stance is None or n <= best_n:
            continue
        if any(by_id.get(other, 0) >= max(least, n) for other, least in cue.stance_unless):
            continue
        best, best_n, best_cue = cue.stance, n, cue
    strength = 0 if best_cue is None else best_n + sum(t in best_cue.strong for t in doc.tokens)
    promotion = by_id.get(PROMOTION, 0) >= PROMOTION_MIN and not any(
        by_id.get(c, 0) for c in JOB_CUES
    )
    return best, strength, by_id.get(CALL_TO_ACTION, 0), promotion


def test_stance_gates_equal_reading_counts_by_cue_id() -> None:
    ctx = ContextCues().fit([])
    for text in plan_test_texts()[::3]:
        doc = prepare_one(text)
        stance, strength = ctx.stance_strength(doc)
        got = (stance, strength, ctx.count_of(doc, CALL_TO_ACTION), ctx.promotion_only(doc))
        assert got == _by_id_gates(ctx, doc), text


def test_lazy_negation_scope_equals_the_scope_of_every_hit() -> None:
    signals = SignalIndicators().fit([])
    lexicon, negation = signals.lexicon, signals.negation_
    assert negation is not None
    for text in plan_test_texts():
        doc = prepare_one(text)
        found = lexicon.detect(doc.tokens)
        scope = signals.scope(doc)
        reach = negation.reach(doc.tokens)
        assert scope.scoped <= reach.scoped, text
        expected = lexicon.unnegated(doc.tokens, found, scope) if found and scope else found
        assert signals.hits(doc) == expected, text


def test_reach_without_negators_is_empty() -> None:
    signals = SignalIndicators().fit([])
    assert signals.negation_ is not None
    tokens = tokenize("lowongan kerja ke jepang biaya murah")
    assert not signals.negation_.reach(tokens)
    assert signals.negation_.scope(tokens, lambda: clause_breaks(" ".join(tokens))) is NO_SCOPE


def test_located_spans_with_a_lazy_scope_equal_those_with_the_scope() -> None:
    signals = SignalIndicators().fit([])
    lexicon = signals.lexicon
    for text in plan_test_texts():
        doc = prepare_one(text)
        hits = lexicon.detect(doc.tokens)
        if not hits:
            continue
        spans = doc.spans()
        expected = lexicon.locate(doc.text, hits, spans, signals.scope(doc))
        assert lexicon.locate(doc.text, hits, spans, signals.lazy_scope(doc)) == expected, text


def _sparse_tfidf(tfidf: TermTfidf, docs: Sequence[Prepared]) -> sp.csr_matrix:
    """TermTfidf.transform as SciPy's sparse operations compute it (the reference reading): a
    one per (post, term and bigram), duplicates summed, log + 1, times ``diags(idf)``, rows
    divided by their floored norm through ``diags(1 / norms)``."""
    indices: list[int] = []
    indptr = [0]
    for doc in docs:
        words = getattr(doc, tfidf.source)
        indices += [tfidf.unigram_index_[w] for w in words if w in tfidf.unigram_index_]
        indices += [tfidf.bigram_index_[p] for p in pairwise(words) if p in tfidf.bigram_index_]
        indptr.append(len(indices))
    mat = sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(len(docs), len(tfidf.idf_)),
    )
    mat.sum_duplicates()
    np.log(mat.data, out=mat.data)
    mat.data += 1.0
    mat = sp.csr_matrix(mat @ sp.diags(tfidf.idf_, format="csr"))
    norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
    norms = np.maximum(norms, tfidf.norm_floor_)
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ mat)


def _same_matrix(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)  # bit for bit: the probabilities sum these
    )


def test_tfidf_arrays_equal_the_sparse_operations(detector: Detector) -> None:
    """TermTfidf counts every post's terms in NumPy (word ids, sorted bigram keys) and
    normalises the rows on the arrays: the same matrix, entry order and floats as the sparse
    operations, for both blocks of a trained model, on the corpus and on edge cases."""
    docs = detector.prepare(
        [*pd.read_csv(CORPUS)["text"].fillna("").tolist(), *plan_test_texts()[::7], "", "a"]
    )
    blocks = dict(detector._union.transformer_list)
    for tfidf in (blocks["words"], blocks["phrases"]):
        for sample in (docs, docs[:1], docs[-2:], [], [docs[3]] * 3):
            assert _same_matrix(tfidf.transform(sample), _sparse_tfidf(tfidf, sample))
        # passes of a few rows (the int64 guard of huge vocabularies) change nothing
        whole = tfidf._weighted_arrays(docs)
        for rows in (1, 7, 500):
            parts = tfidf._weighted_arrays(docs, rows_per_pass=rows)
            assert all(np.array_equal(a, b) for a, b in zip(whole, parts, strict=True))
        # the word-id vocabulary is derived state: never pickled, rebuilt after loading
        assert "_vocab" in tfidf.__dict__
        loaded = pickle.loads(pickle.dumps(tfidf))
        assert "_vocab" not in loaded.__dict__
        assert _same_matrix(loaded.transform(docs[:50]), tfidf.transform(docs[:50]))
    unigrams = TermTfidf(min_df=1, ngram_range=(1, 1), norm_floor_quantile=None).fit(docs[:200])
    assert _same_matrix(unigrams.transform(docs), _sparse_tfidf(unigrams, docs))
    # refitting rebuilds the vocabulary
    refit = unigrams.fit(docs[200:400])
    assert _same_matrix(refit.transform(docs), _sparse_tfidf(refit, docs))
