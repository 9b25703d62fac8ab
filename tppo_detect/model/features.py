"""Feature transformers over :class:`~tppo_detect.text.preprocess.Prepared` posts.

``TermTfidf`` is a TF-IDF over already-normalised terms (uni- and bigrams). sklearn's
``TfidfVectorizer`` re-tokenises strings and builds n-gram strings in Python per document; here
terms map to ids with C-level ``dict.get`` calls and bigrams are looked up by term pairs, which
makes this stage several times cheaper than re-tokenising (bench: ``stage_posts_per_s``).

``SignalIndicators`` turns red-flag hits into binary columns. It keeps the lexicon text it was
fitted with, so a saved model always uses the same signal columns as when it was trained.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from itertools import chain, islice, pairwise, repeat
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from tppo_detect.model.hyperparams import DEFAULTS
from tppo_detect.resources import data_text
from tppo_detect.text.impersonation import REGISTRY_FILE, SIGNAL_IDS, Registry
from tppo_detect.text.normalize import clause_breaks
from tppo_detect.text.preprocess import Prepared
from tppo_detect.text.signals import (
    CUES_FILE,
    LEXICON_FILE,
    NEGATION_FILE,
    NO_SCOPE,
    CueCounter,
    LazyScope,
    Lexicon,
    Negation,
    Scope,
    parse_cues,
    parse_lexicon,
    parse_negation,
)


class TermTfidf(BaseEstimator, TransformerMixin):
    """TF-IDF of unigram and bigram terms with sublinear tf and l2 rows.

    Parameters mirror ``TfidfVectorizer``: ``min_df`` (documents), ``max_features`` (most
    frequent kept), ``ngram_range`` limited to (1, 1) or (1, 2). ``source`` is the
    :class:`~tppo_detect.text.preprocess.Prepared` field counted: ``terms`` (stop words dropped,
    stemmed: what a post is about) or ``tokens`` (every word as written, after slang folding:
    how it is said — "saya pernah", "apakah ini", "hati hati" carry the stance that stop-word
    removal throws away).
    """

    def __init__(
        self,
        min_df: int = DEFAULTS.min_df,
        max_features: int | None = 50_000,
        ngram_range: tuple[int, int] = DEFAULTS.ngram_range,
        sublinear_tf: bool = True,
        norm_floor_quantile: float | None = DEFAULTS.norm_floor_quantile,
        source: str = "terms",
    ) -> None:
        self.source = source
        self.min_df = min_df
        self.max_features = max_features
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf
        self.norm_floor_quantile = norm_floor_quantile

    def _bigrams(self) -> bool:
        if self.ngram_range not in ((1, 1), (1, 2)):
            raise ValueError("ngram_range must be (1, 1) or (1, 2)")
        return self.ngram_range == (1, 2)

    def fit(self, X: Sequence[Prepared], y: Any = None) -> TermTfidf:
        use_bigrams = self._bigrams()
        if self.source not in ("terms", "tokens"):
            raise ValueError("source must be 'terms' or 'tokens'")
        source = self.source
        df: dict[Any, int] = {}
        for doc in X:
            words = getattr(doc, source)
            feats: set[Any] = set(words)
            if use_bigrams:
                feats.update(pairwise(words))
            for f in feats:
                df[f] = df.get(f, 0) + 1
        kept = [(f, n) for f, n in df.items() if n >= self.min_df]
        kept.sort(key=lambda fn: (-fn[1], fn[0] if isinstance(fn[0], str) else " ".join(fn[0])))
        if self.max_features is not None:
            kept = kept[: self.max_features]
        names = [f if isinstance(f, str) else " ".join(f) for f, _ in kept]
        order = np.argsort(names, kind="stable")
        kept = [kept[i] for i in order]
        n_docs = len(X)
        self.__dict__.pop("_vocab", None)  # built from the indexes below when first used
        self.unigram_index_: dict[str, int] = {}
        self.bigram_index_: dict[tuple[str, str], int] = {}
        for col, (f, _) in enumerate(kept):
            if isinstance(f, str):
                self.unigram_index_[f] = col
            else:
                self.bigram_index_[f] = col
        counts = np.array([n for _, n in kept], dtype=np.float64)
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + counts)) + 1.0
        self.feature_names_ = np.array([names[i] for i in order], dtype=object)
        # Short posts: l2 normalisation would give one word of a two-word comment full weight.
        # Rows whose norm is below the floor are divided by the floor instead, so a short post
        # carries as much evidence as it has words (the floor is learned from training posts).
        self.norm_floor_ = 0.0
        if self.norm_floor_quantile is not None:
            indptr, _, vals = self._weighted_arrays(X)
            self.norm_floor_ = float(
                np.quantile(_row_norms(indptr, vals), self.norm_floor_quantile)
            )
        return self

    def transform(self, X: Sequence[Prepared]) -> sp.csr_matrix:
        """``diags(1 / max(norms, floor)) @ tf x idf``, computed on the arrays.

        The same floats as the sparse products (tested against them on the corpus): each
        row's norm is ``np.add.reduceat`` of its squares in column order, as SciPy's
        ``multiply(...).sum(axis=1)`` sums them, and each value is a single product with the
        row's reciprocal, as in the diagonal product.
        """
        indptr, cols, vals = self._weighted_arrays(X)
        norms = np.maximum(_row_norms(indptr, vals), self.norm_floor_)
        norms[norms == 0] = 1.0
        rows = np.repeat(np.arange(len(norms)), np.diff(indptr))
        return sp.csr_matrix(
            ((1.0 / norms)[rows] * vals, cols, indptr), shape=(len(norms), len(self.idf_))
        )

    def row(self, doc: Prepared) -> tuple[np.ndarray, np.ndarray]:
        """One post's row of :meth:`transform` as (columns, values), without SciPy.

        The same float operations in the same order as the sparse path (counts of sorted
        columns, ``log + 1``, times idf, the norm summed by ``np.add.reduceat`` over the sorted
        row, times the reciprocal), so the values are bit for bit those of ``transform``
        (tested on the whole corpus).
        """
        uni = self.unigram_index_.get
        terms = getattr(doc, self.source)
        ids = [i for i in map(uni, terms) if i is not None]
        if self.bigram_index_:
            ids += [i for i in map(self.bigram_index_.get, _pairs(terms)) if i is not None]
        if not ids:
            return _NO_COLS, _NO_VALS
        cols, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
        vals = counts.astype(np.float64)
        if self.sublinear_tf:
            np.log(vals, out=vals)
            vals += 1.0
        vals = vals * self.idf_[cols]
        # the one row's norm as a Python float: the same IEEE operations as numpy's on a
        # one-element array (max, reciprocal, product), without their per-call overhead
        norm = max(float(np.sqrt(np.add.reduceat(vals * vals, _FIRST))[0]), self.norm_floor_)
        return cols, (1.0 / (norm or 1.0)) * vals

    def _weighted_arrays(
        self, X: Sequence[Prepared], rows_per_pass: int | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sublinear tf x idf, not yet normalised, as CSR arrays (indptr, columns sorted within
        each row, values), counted by :meth:`_counted` in passes of at most ``rows_per_pass``
        posts (default: as many as keep its keys in an int64)."""
        vocab = self._vocabulary()
        step = rows_per_pass or max(1, (1 << 62) // ((vocab.size + 1) ** 2 + len(self.idf_)))
        if len(X) <= step:
            return self._counted(vocab, X)
        indptrs, cols, vals = zip(
            *(self._counted(vocab, X[i : i + step]) for i in range(0, len(X), step)), strict=True
        )
        offsets = np.cumsum([0, *(p[-1] for p in indptrs[:-1])])
        indptr = np.concatenate(
            [indptrs[0][:1], *(p[1:] + o for p, o in zip(indptrs, offsets, strict=True))]
        )
        return indptr, np.concatenate(cols), np.concatenate(vals)

    def _counted(
        self, vocab: _Vocabulary, X: Sequence[Prepared]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every post's terms counted in NumPy: (indptr, columns sorted within each row, tf x idf).

        Each word is looked up once (one ``dict.get`` per word, in C, over all posts at once)
        as a vocabulary word id; unigram columns are then an array look-up and bigrams a search
        of the id pairs among the vocabulary's sorted bigram keys, rather than a tuple and a
        dict look-up per word pair. Counts are whole numbers whatever the order they are added
        in, so the values are those of summing ones per (row, column).
        """
        n = len(X)
        docs = list(map(attrgetter(self.source), X))
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=n)
        ids = np.fromiter(
            map(vocab.ids.get, chain.from_iterable(docs), repeat(-1)),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        cols = vocab.unigram_columns[ids]  # -1 (no unigram) also for unknown words (id -1)
        keep = cols >= 0
        n_features = len(self.idf_)
        keys = rows[keep] * n_features + cols[keep]  # sorted by row, then column, below
        if len(vocab.bigram_keys) and len(ids) > 1:
            first, second = ids[:-1], ids[1:]
            pair = (first >= 0) & (second >= 0) & (rows[1:] == rows[:-1])
            # (pair key, row) sorted: sorted keys are searched several times faster
            found = np.sort((first[pair] * vocab.size + second[pair]) * n + rows[:-1][pair])
            pair_keys = found // n
            at = np.searchsorted(vocab.bigram_keys, pair_keys)
            at[at == len(vocab.bigram_keys)] = 0
            hit = vocab.bigram_keys[at] == pair_keys
            pair_rows = found[hit] - pair_keys[hit] * n
            keys = np.concatenate((keys, pair_rows * n_features + vocab.bigram_columns[at[hit]]))
        keys, counts = np.unique(keys, return_counts=True)
        entry_rows = keys // n_features
        cols = (keys - entry_rows * n_features).astype(np.int32)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(entry_rows, minlength=n), out=indptr[1:])
        vals = counts.astype(np.float64)
        if self.sublinear_tf:
            np.log(vals, out=vals)
            vals += 1.0
        return indptr, cols, vals * self.idf_[cols]

    def _vocabulary(self) -> _Vocabulary:
        """The fitted indexes as :meth:`_weighted_arrays` reads them (built once, not pickled)."""
        vocab = self.__dict__.get("_vocab")
        if vocab is None:
            vocab = self._vocab = _Vocabulary.of(self.unigram_index_, self.bigram_index_)
        return vocab

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())  # a copy: object's is the instance's own dict
        state.pop("_vocab", None)
        return state

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return self.feature_names_


def _row_norms(indptr: np.ndarray, vals: np.ndarray) -> np.ndarray:
    """Each CSR row's l2 norm: ``np.add.reduceat`` of its squares in column order, the sums
    SciPy's ``multiply(...).sum(axis=1)`` gives (tested against it on the corpus)."""
    norms = np.zeros(len(indptr) - 1)
    filled = np.flatnonzero(np.diff(indptr))
    if len(filled):
        norms[filled] = np.add.reduceat(vals * vals, indptr[filled])
    return np.sqrt(norms)


class _Vocabulary(NamedTuple):
    """A TF-IDF vocabulary as word ids: ``ids`` word -> id (every word of a unigram or bigram
    feature), ``unigram_columns[id]`` the word's column or -1, ``bigram_keys`` the sorted keys
    ``first id * size + second id`` of the bigram features and ``bigram_columns`` their columns.
    ``unigram_columns`` has one more entry, -1, so the id -1 of an unknown word reads -1."""

    ids: dict[str, int]
    size: int
    unigram_columns: np.ndarray
    bigram_keys: np.ndarray
    bigram_columns: np.ndarray

    @classmethod
    def of(cls, unigrams: dict[str, int], bigrams: dict[tuple[str, str], int]) -> _Vocabulary:
        ids: dict[str, int] = {}
        for word in chain(unigrams, chain.from_iterable(bigrams)):
            ids.setdefault(word, len(ids))
        size = len(ids)
        unigram_columns = np.full(size + 1, -1, dtype=np.int64)
        unigram_columns[[ids[w] for w in unigrams]] = list(unigrams.values())
        keys = np.array([ids[a] * size + ids[b] for a, b in bigrams], dtype=np.int64)
        order = np.argsort(keys)
        columns = np.array(list(bigrams.values()), dtype=np.int64)
        return cls(ids, size, unigram_columns, keys[order], columns[order])


def _pairs(terms: list[str]) -> Iterator[tuple[str, str]]:
    """``pairwise(terms)``: adjacent pairs, as zip gives them, which reuses its tuple when the
    consumer (a missed ``dict.get``) has let go of it, where pairwise allocates one per pair."""
    return zip(terms, islice(terms, 1, None), strict=False)


_NO_COLS = np.zeros(0, dtype=np.int64)
_NO_VALS = np.zeros(0, dtype=np.float64)
_FIRST = np.zeros(1, dtype=np.intp)


class _ParsedFromText:
    """A fitted transformer whose state is a data file's text (``_text_attr``) plus what is
    parsed from it (``_derived``): only the text is pickled, the rest is rebuilt by ``_load``
    when the model is loaded (keeps the artifact small, compiled regexes out of it)."""

    _text_attr: str
    _derived: tuple[str, ...]

    def _load(self) -> None:
        raise NotImplementedError

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for name in self._derived:
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self._text_attr in state:
            self._load()


class SignalIndicators(_ParsedFromText, BaseEstimator, TransformerMixin):
    """Binary column per red-flag signal (1 = the post matches it outside a negation's scope).

    ``lexicon_source`` is the lexicon file's text; ``None`` means the packaged ``lexicon.toml``
    at fit time.
    ``negation_source`` likewise for ``negation.toml`` (the negation scope rules); both texts are
    kept in the fitted model.
    """

    _text_attr = "lexicon_text_"
    _derived = ("lexicon_", "negation_")

    def __init__(
        self, lexicon_source: str | None = None, negation_source: str | None = None
    ) -> None:
        self.lexicon_source = lexicon_source
        self.negation_source = negation_source

    def fit(self, X: Sequence[Prepared], y: Any = None) -> SignalIndicators:
        source = self.lexicon_source or data_text(LEXICON_FILE)
        self.lexicon_text_ = source
        self.negation_text_ = self.negation_source or data_text(NEGATION_FILE)
        self._load()
        return self

    def _load(self) -> None:
        self.lexicon_ = parse_lexicon(self.lexicon_text_)
        negation = getattr(self, "negation_text_", None)  # absent in models saved before it
        self.negation_: Negation | None = parse_negation(negation) if negation else None
        digest = hashlib.sha256(self.lexicon_text_.encode("utf-8"))
        digest.update(b"\0" + (negation or "").encode("utf-8"))
        self.lexicon_sha256_ = digest.hexdigest()

    @property
    def lexicon(self) -> Lexicon:
        return self.lexicon_

    def scope(self, doc: Prepared) -> Scope:
        """The post's negation scopes (empty without negators)."""
        if self.negation_ is None:
            return NO_SCOPE
        return self.negation_.scope(doc.tokens, lambda: clause_breaks(doc.masked))

    def lazy_scope(self, doc: Prepared) -> Scope | LazyScope:
        """:meth:`scope`, computed only if a match needs it (see :class:`LazyScope`)."""
        if self.negation_ is None:
            return NO_SCOPE
        reach = self.negation_.reach(doc.tokens)
        return LazyScope(reach, lambda: self.scope(doc)) if reach else NO_SCOPE

    def hits(self, doc: Prepared) -> list[int]:
        """Signal indices of a post, computed once per lexicon and kept on it."""
        found = doc.hits.get(self.lexicon_sha256_)
        if found is None:
            negation = self.negation_
            if negation is None:
                found = self.lexicon_.detect(doc.tokens)
            else:
                # the negation scope only matters for posts with red flags, and then only for
                # the hits whose every match starts where a negator may reach
                found = self.lexicon_.detect_unnegated(
                    doc.tokens, lambda: negation.reach(doc.tokens), lambda: self.scope(doc)
                )
            doc.hits[self.lexicon_sha256_] = found
        return found

    def row(self, doc: Prepared) -> tuple[list[int], list[float]]:
        """One post's row of :meth:`transform` (columns in hit order, as there)."""
        found = self.hits(doc)
        return found, [1.0] * len(found)

    def transform(self, X: Sequence[Prepared]) -> sp.csr_matrix:
        indices: list[int] = []
        indptr = [0]
        for doc in X:
            indices.extend(self.hits(doc))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float64)
        return sp.csr_matrix(
            (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, len(self.lexicon_)),
        )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"signal:{sid}" for sid in self.lexicon_.ids], dtype=object)


#: The context cue group of calls to action ("hubungi", "daftar", a contact): a feature and the
#: stance gate of :func:`tppo_detect.model.detector.risk_level`, never named in explanations.
CALL_TO_ACTION = "ajakan"

#: Cue groups of the promotion gate of :func:`tppo_detect.model.detector.risk_level`: an operator
#: promo, price list or shop ad ("promosi", at least ``PROMOTION_MIN`` matches) with no vacancy
#: layout ("struktur_lowongan") and no recruiter speaking ("tawaran_langsung") sells something,
#: it offers no job.
PROMOTION = "promosi"
PROMOTION_MIN = 3
JOB_CUES = ("struktur_lowongan", "tawaran_langsung")


class ContextCues(_ParsedFromText, BaseEstimator, TransformerMixin):
    """Warning / news / official-channel language, one column per cue group.

    Awareness and news posts quote scam phrases, so red flags fire on them too; these columns
    let the classifier learn that the same phrase inside a warning is not an offer. Like the
    lexicon, the cue file's text is kept in the fitted model.
    """

    _text_attr = "cues_text_"
    _derived = ("cues_", "_counter", "_sha256", "_first", "_last", "_stances")

    def __init__(self, cues_source: str | None = None) -> None:
        self.cues_source = cues_source

    def fit(self, X: Sequence[Prepared], y: Any = None) -> ContextCues:
        self.cues_text_ = self.cues_source or data_text(CUES_FILE)
        self._load()
        return self

    def _load(self) -> None:
        self.cues_ = parse_cues(self.cues_text_)
        self._counter = CueCounter(self.cues_)
        self._sha256 = hashlib.sha256(self.cues_text_.encode("utf-8")).hexdigest()
        # cue id -> its column, computed once rather than per post: ``_first`` for a look-up of
        # one cue (the first of that id), ``_last`` where the counts were read as a dict by id
        self._first: dict[str, int] = {}
        for j, cue in enumerate(self.cues_):
            self._first.setdefault(cue.id, j)
        self._last = {cue.id: j for j, cue in enumerate(self.cues_)}
        #: (column, stance, (column, least count) of each stance_unless, strong words) per
        #: stance cue, in cue order
        self._stances = tuple(
            (j, cue.stance, tuple((self._last[o], least) for o, least in cue.stance_unless),
             cue.strong)
            for j, cue in enumerate(self.cues_)
            if cue.stance is not None
        )  # fmt: skip

    def counts(self, doc: Prepared) -> list[int]:
        """Matches per cue group in a post, computed once per cue file and kept on the post."""
        found = doc.cues.get(self._sha256)
        if found is None:
            found = self._counter.counts(doc.tokens, doc.prepared)  # "？" counts as "?"
            doc.cues[self._sha256] = found
        return found

    def stance_strength(self, doc: Prepared) -> tuple[str | None, int]:
        """The stance the strongest stance cue shows ("peringatan", "cerita", …) and its
        strength: its matches, a strong word counting twice; (None, 0) with no stance."""
        counts = self.counts(doc)
        best, best_n, best_strong = None, 0, frozenset()
        for j, stance, unless, strong in self._stances:
            n = counts[j]
            if n <= best_n:
                continue
            if unless and any(counts[o] >= max(least, n) for o, least in unless):
                continue
            best, best_n, best_strong = stance, n, strong
        if best is None:
            return None, 0
        return best, best_n + sum(map(best_strong.__contains__, doc.tokens))

    def count_of(self, doc: Prepared, cue_id: str) -> int:
        """Matches of one cue group in a post (0 when the cue file has no such group)."""
        j = self._first.get(cue_id)
        return 0 if j is None else self.counts(doc)[j]

    def promotion_only(self, doc: Prepared) -> bool:
        """A product or operator promotion with no job content: ``PROMOTION_MIN``+ promotion
        words, no vacancy layout, no recruiter speaking (gate of ``model.risk_level``)."""
        counts, last = self.counts(doc), self._last
        promotion = last.get(PROMOTION)
        if promotion is None or counts[promotion] < PROMOTION_MIN:
            return False
        return not any(counts[last[cue]] for cue in JOB_CUES if cue in last)

    def cues_of(self, doc: Prepared) -> list[str]:
        """Ids of the cue groups present in a post (for explanations)."""
        return [
            c.id
            for c, n in zip(self.cues_, self.counts(doc), strict=True)
            if n and c.id != CALL_TO_ACTION
        ]

    def row(self, doc: Prepared) -> tuple[list[int], list[float]]:
        """One post's row of :meth:`transform` as (columns, values)."""
        counts = self.counts(doc)
        cols = [j for j, n in enumerate(counts) if n]
        return cols, [min(counts[j], 3) / 3.0 for j in cols]

    def transform(self, X: Sequence[Prepared]) -> sp.csr_matrix:
        rows = np.zeros((len(X), len(self.cues_)), dtype=np.float64)
        for i, doc in enumerate(X):
            for j, n in enumerate(self.counts(doc)):
                if n:
                    rows[i, j] = min(n, 3) / 3.0
        return sp.csr_matrix(rows)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"context:{c.id}" for c in self.cues_], dtype=object)


class ImpersonationFlags(_ParsedFromText, BaseEstimator, TransformerMixin):
    """Official-channel impersonation (see :mod:`tppo_detect.text.impersonation`), one column per
    signal. The registry's text is kept in the fitted model, like the lexicon."""

    _text_attr = "registry_text_"
    _derived = ("registry_",)

    def __init__(self, registry_source: str | None = None) -> None:
        self.registry_source = registry_source

    def fit(self, X: Sequence[Prepared], y: Any = None) -> ImpersonationFlags:
        self.registry_text_ = self.registry_source or data_text(REGISTRY_FILE)
        self._load()
        return self

    def _load(self) -> None:
        self.registry_ = Registry(self.registry_text_)

    def findings(self, doc: Prepared) -> list[Any]:
        """The post's impersonation findings, computed once per registry and kept on it."""
        registry = self.registry_
        found = doc.impersonation.get(registry.sha256)
        if found is None:
            found = registry.find(doc.tokens, doc.contact_list, doc.spans)
            doc.impersonation[registry.sha256] = found
        return found

    def row(self, doc: Prepared) -> tuple[list[int], list[float]]:
        """One post's row of :meth:`transform` as (columns, values)."""
        cols = sorted({_IMPERSONATION_COLUMN[f.signal] for f in self.findings(doc)})
        return cols, [1.0] * len(cols)

    def transform(self, X: Sequence[Prepared]) -> sp.csr_matrix:
        column = {sid: j for j, sid in enumerate(SIGNAL_IDS)}
        rows = np.zeros((len(X), len(SIGNAL_IDS)), dtype=np.float64)
        for i, doc in enumerate(X):
            for f in self.findings(doc):
                rows[i, column[f.signal]] = 1.0
        return sp.csr_matrix(rows)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"signal:{sid}" for sid in SIGNAL_IDS], dtype=object)


_IMPERSONATION_COLUMN = {sid: j for j, sid in enumerate(SIGNAL_IDS)}
