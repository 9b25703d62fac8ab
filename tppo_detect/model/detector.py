"""The model pipeline and :class:`Detector`, the scoring API everything else uses.

The saved artifact is a single sklearn ``Pipeline``::

    prep      IndonesianPreprocessor   raw text -> Prepared (tokens, terms)
    features  FeatureUnion(words=TermTfidf, signals=SignalIndicators)
    clf       FamilyClassifier         one calibrated logistic regression per family

``Pipeline.predict_proba(texts)`` works as in any sklearn model (notebooks use it). ``Detector``
walks the same steps by hand so it can reuse what each step computed (signal hits, the TF-IDF
row) as evidence instead of computing it twice.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# first: defers what scikit-learn imports and scoring never uses (cold start)
import tppo_detect.model.deferred  # noqa: F401

# isort: split

import numpy as np
import scipy.sparse as sp
from sklearn.pipeline import FeatureUnion, Pipeline

from tppo_detect.labels import EXPLAIN_ALL, EXPLAIN_CHOICES, RISK_LEVELS, TARGETS
from tppo_detect.model.artifacts import load_verified, resolve_model_dir
from tppo_detect.model.classifier import FamilyClassifier
from tppo_detect.model.explain import PLACEHOLDER_NAMES, explanation
from tppo_detect.model.features import (
    CALL_TO_ACTION,
    ContextCues,
    ImpersonationFlags,
    SignalIndicators,
    TermTfidf,
)
from tppo_detect.model.hyperparams import DEFAULTS, TrainConfig
from tppo_detect.model.next_steps import NextStep, current_registry, families_of
from tppo_detect.text.contacts import Contact
from tppo_detect.text.impersonation import NO_CHANNEL, OFF_CHANNEL
from tppo_detect.text.impersonation import SIGNAL_NAMES as IMPERSONATION_NAMES
from tppo_detect.text.impersonation import evidence as impersonation_evidence
from tppo_detect.text.preprocess import IndonesianPreprocessor, Prepared
from tppo_detect.text.signals import SignalMatch

#: How many weighted terms to show per post.
TOP_TERMS = 5

#: Calls with at most this many posts build their feature rows without SciPy (``_Rows``):
#: SciPy's sparse construction costs more than the features of a single post (issue #18).
SMALL_BATCH = 16

#: ``Detector.score(explain=...)``: every post gets evidence, top terms, contacts and an
#: explanation ("all"), or only posts at a risk level or above ("sedang", "tinggi").
LEVEL_RANK = {level: rank for rank, level in enumerate(RISK_LEVELS)}


def explain_rank(explain: str) -> int:
    """The lowest level rank ``explain`` explains; ValueError naming the choices."""
    if explain == EXPLAIN_ALL:
        return 0
    if explain not in EXPLAIN_CHOICES:
        raise ValueError(
            f"pilihan --explain tidak dikenal: {explain!r} (pilihan: {', '.join(EXPLAIN_CHOICES)})"
        )
    return LEVEL_RANK[explain]


@dataclass(frozen=True, slots=True)
class _Assessed:
    """Stage one of :meth:`Detector.score` for one post (see ``Detector._assess``)."""

    level: str
    stance: str | None
    hits: list[int]
    found: list[Any]
    #: the red-flag spans, when the level needed them; else None (located in stage two)
    lexicon_spans: list[SignalMatch] | None


@dataclass(frozen=True, slots=True)
class _Rows:
    """The feature matrix of a few posts as CSR arrays, built without SciPy: the same
    ``indices``/``data``/``indptr`` (same values, same order in each row) as
    :meth:`Detector.features`, which is what scoring and top terms read."""

    indices: np.ndarray
    data: np.ndarray
    indptr: np.ndarray
    rows: list[tuple[np.ndarray, np.ndarray]]

    @classmethod
    def of(cls, rows: list[tuple[np.ndarray, np.ndarray]]) -> _Rows:
        if len(rows) == 1:  # one post (the API, the staff page): its arrays as they are
            cols, vals = rows[0]
            return cls(cols, vals, np.array([0, len(cols)], dtype=np.int64), rows)
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(c) for c, _ in rows], out=indptr[1:])
        if rows:
            indices = np.concatenate([c for c, _ in rows])
            data = np.concatenate([v for _, v in rows])
        else:
            indices, data = np.zeros(0, dtype=np.int64), np.zeros(0)
        return cls(indices, data, indptr, rows)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.rows), -1)

    def __getitem__(self, chosen: list[int]) -> _Rows:
        return _Rows.of([self.rows[i] for i in chosen])


def build_pipeline(
    config: TrainConfig = DEFAULTS, *, lexicon_source: str | None = None
) -> Pipeline:
    """The untrained pipeline for the hyper-parameters in ``config``
    (:mod:`tppo_detect.model.hyperparams`: the ones the CLI and notebooks expose).

    ``lexicon_source`` fixes the red-flag lexicon text (default: the packaged one, read at fit).
    """
    features = FeatureUnion(
        [
            (
                "words",
                TermTfidf(
                    min_df=config.min_df,
                    ngram_range=config.ngram_range,
                    norm_floor_quantile=config.norm_floor_quantile,
                ),
            ),
            ("signals", SignalIndicators(lexicon_source=lexicon_source)),
            ("context", ContextCues()),
            ("impersonation", ImpersonationFlags()),
            (
                "phrases",
                TermTfidf(
                    min_df=config.phrase_min_df,
                    ngram_range=(1, 2),
                    norm_floor_quantile=config.norm_floor_quantile,
                    source="tokens",
                ),
            ),
        ],
        transformer_weights={
            "words": 1.0,
            "signals": config.signal_weight,
            "context": config.context_weight,
            "impersonation": config.impersonation_weight,
            "phrases": config.phrase_weight,
        },
    )
    return Pipeline(
        [
            ("prep", IndonesianPreprocessor()),
            ("features", features),
            ("clf", FamilyClassifier(C=config.C, cv=config.cv_folds, random_state=config.seed)),
        ]
    )


@dataclass(frozen=True, slots=True)
class TermEvidence:
    """A word (or two-word phrase) whose model weight pushed a family's score up."""

    term: str
    family: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "family": self.family, "weight": round(self.weight, 4)}


@dataclass(frozen=True)
class Score:
    """The result for one post (see the README's machine-readable contract)."""

    illegal_recruitment: float
    online_scam: float
    risk_score: int
    risk_level: str
    evidence: list[SignalMatch] = field(default_factory=list)
    top_terms: list[TermEvidence] = field(default_factory=list)
    explanation: str = ""
    model_version: str = ""
    contacts: list[Contact] = field(default_factory=list)
    #: how the post reads when it is not read as an offer (see ``labels.STANCE_NAMES``), else None
    stance: str | None = None
    #: where to report a ``sedang``/``tinggi`` post (``tppo_detect.model.next_steps``); empty below
    next_steps: list[NextStep] = field(default_factory=list)

    @property
    def signal_ids(self) -> list[str]:
        """Distinct signal ids in order of first appearance."""
        return list(dict.fromkeys(e.signal for e in self.evidence))

    def to_dict(self) -> dict[str, Any]:
        return {
            "illegal_recruitment": round(self.illegal_recruitment, 4),
            "online_scam": round(self.online_scam, 4),
            "risk_score": self.risk_score,
            "risk_level": self.risk_level,
            "evidence": [e.to_dict() for e in self.evidence],
            "top_terms": [t.to_dict() for t in self.top_terms],
            "explanation": self.explanation,
            "model_version": self.model_version,
            "contacts": [c.to_dict() for c in self.contacts],
            "stance": self.stance,
            "next_steps": [s.to_dict() for s in self.next_steps],
        }


_new_object = object.__new__


def _plain_score(
    illegal_recruitment: float,
    online_scam: float,
    risk_score: int,
    risk_level: str,
    model_version: str,
    stance: str | None,
) -> Score:
    """``Score(...)`` of a post without evidence (most posts of a batch below ``explain``),
    the same object in a third of the time: a frozen dataclass's ``__init__`` sets each of its
    eleven fields through ``object.__setattr__``; here they go into the instance's dict at once,
    in field order, with a new empty list for each list field as the default factories give."""
    score = _new_object(Score)
    score.__dict__.update(
        illegal_recruitment=illegal_recruitment,
        online_scam=online_scam,
        risk_score=risk_score,
        risk_level=risk_level,
        evidence=[],
        top_terms=[],
        explanation="",
        model_version=model_version,
        contacts=[],
        stance=stance,
        next_steps=[],
    )
    return score


def risk_level(
    score: float,
    thresholds: dict[str, float],
    *,
    flagged: bool = False,
    stance: str | None = None,
    asks_action: bool = True,
    impersonated: bool = False,
    unofficial_recruitment: bool = False,
    stance_strength: int = 2,
    promotion_only: bool = False,
) -> str:
    """``rendah``/``sedang``/``tinggi`` for a 0–1 risk using the card's thresholds.

    A post that reads as a warning, story, question, clarification or news (``stance``) and asks
    the reader to do nothing (``asks_action`` False: no contact, no "hubungi/daftar/DM") is about
    an offer, not one: ``rendah`` whatever words it quotes, unless it names an institution with
    an unofficial channel (``impersonated``), or its stance rests on a single cue
    (``stance_strength`` 1) while the model puts the post at ``tinggi``.

    An institution's name with an unofficial channel (``impersonated``), or its recruitment
    announced with no readable channel at all in a post that reads as an offer
    (``unofficial_recruitment``, no ``stance``), is at least ``sedang``: the words of such a
    post are those of a genuine announcement, so the model alone cannot tell.

    ``sedang`` is the review band: the risks between the two cut-offs, and also a post below
    ``sedang`` on which a red flag fired (not negated) that does not read as a warning, story,
    question or clarification, when its risk is at least the card's ``review`` floor — the
    model and the red flags disagree, so a person should look.

    A product or operator promotion with no job content (``promotion_only``: price, package and
    voucher words, no vacancy layout, no recruiter speaking) on which no red flag fired and no
    institution is impersonated sells something rather than offering work: ``rendah``. Its
    words ("Selamat Anda mendapatkan…", "klik", "gratis") are also a prize scam's, so the model
    alone scores it high.
    """
    # one stance word ("?", "teman saya") is weak against a model sure of an offer
    # ("Ada yang mau kerja di Brunei? paspor dibuatin, visa turis aja")
    if (
        stance is not None
        and not asks_action
        and not impersonated
        and (stance_strength >= 2 or score < thresholds["tinggi"])
    ):
        return RISK_LEVELS[0]
    if promotion_only and not flagged and not impersonated and not unofficial_recruitment:
        return RISK_LEVELS[0]
    if score >= thresholds["tinggi"]:
        return RISK_LEVELS[2]
    if score >= thresholds["sedang"] or impersonated or (unofficial_recruitment and stance is None):
        return RISK_LEVELS[1]
    review = thresholds.get("review")
    if flagged and stance is None and review is not None and score >= review:
        return RISK_LEVELS[1]
    return RISK_LEVELS[0]


class Detector:
    """A loaded, verified model that scores posts with evidence."""

    def __init__(self, pipeline: Pipeline, card: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.card = card
        self.version: str = card.get("version", "unversioned")
        self.thresholds: dict[str, float] = card.get("thresholds", {"sedang": 0.35, "tinggi": 0.7})
        prep, union, clf = (step for _, step in pipeline.steps)
        self._prep: IndonesianPreprocessor = prep
        self._union: FeatureUnion = union
        self._clf: FamilyClassifier = clf
        transformers = dict(union.transformer_list)
        self._words: TermTfidf = transformers["words"]
        self._signals: SignalIndicators = transformers["signals"]
        self._context: ContextCues = transformers["context"]
        # models saved before the impersonation check have no such step
        self._impersonation: ImpersonationFlags | None = transformers.get("impersonation")
        self._cue_names = {c.id: c.name for c in self._context.cues_}
        self._signal_names = {
            **IMPERSONATION_NAMES,
            **{s.id: s.name for s in self._signals.lexicon.signals},
        }
        current_registry()  # a broken region file (TPPO_REGION_FILE) fails at load, not per post
        # Per column of the union's output: the classifier's weight per family for the word
        # blocks whose terms are shown as top terms — the stemmed terms and, in models that
        # have it, the phrases as written — and 0 for every other block, so top terms are read
        # straight off the feature matrix. The matrix already carries each block's transformer
        # weight (``features``), so the weight is not applied again here.
        names: list[str | None] = []
        as_written: list[bool] = []
        coef = np.zeros_like(clf.coef_)
        for name, transformer in union.transformer_list:
            features = transformer.get_feature_names_out()
            start, width = len(names), len(features)
            is_words = name in ("words", "phrases")
            if is_words:
                coef[:, start : start + width] = clf.coef_[:, start : start + width]
            names.extend(features if is_words else [None] * width)
            as_written.extend([name == "phrases"] * width)
        weights = union.transformer_weights or {}
        self._blocks = [
            (transformer, start, weights.get(name, 1.0))
            for (name, transformer), start in zip(
                union.transformer_list,
                np.cumsum(
                    [0] + [len(t.get_feature_names_out()) for _, t in union.transformer_list]
                ),
                strict=False,
            )
        ]
        # every fold's weights side by side (families in order), for ``_proba_rows``
        self._fold_weights = np.ascontiguousarray(np.hstack(clf.fold_weights_))
        # and their calibration parameters, one row per fold column
        self._fold_params = np.vstack(clf.fold_params_)
        self._fold_widths = [len(params) for params in clf.fold_params_]
        self._term_names = np.array(names, dtype=object)
        self._term_as_written = np.array(as_written, dtype=bool)
        self._word_coef = coef

    @classmethod
    def load(cls, path: str | Path | None = None) -> Detector:
        """Load and verify a model (a version dir, a models root with LATEST, or the default)."""
        model_dir = resolve_model_dir(path)
        pipeline, card = load_verified(model_dir)
        card = dict(card)
        card.setdefault("path", str(model_dir))
        return cls(pipeline, card)

    @property
    def lexicon(self):
        return self._signals.lexicon

    @property
    def lexicon_source(self) -> str:
        """The text of the red-flag lexicon file this model was trained with."""
        return self._signals.lexicon_text_

    def prepare(self, texts: Sequence[str]) -> list[Prepared]:
        return self._prep.transform(texts)

    def features(self, prepared: Sequence[Prepared]) -> sp.csr_matrix:
        """The union's feature matrix, built without FeatureUnion's joblib dispatch (which
        costs more than the features themselves for a single post)."""
        weights = self._union.transformer_weights or {}
        blocks = []
        for name, transformer in self._union.transformer_list:
            block = transformer.transform(prepared)
            w = weights.get(name, 1.0)
            blocks.append(block * w if w != 1.0 else block)
        return sp.hstack(blocks, format="csr")

    def rows(self, prepared: Sequence[Prepared]) -> _Rows:
        """:meth:`features` for a few posts, without SciPy: each block's ``row`` (the same
        values in the same order as its ``transform``), times its transformer weight."""
        out = []
        for doc in prepared:
            cols: list[np.ndarray] = []
            vals: list[np.ndarray] = []
            for transformer, start, w in self._blocks:
                c, v = transformer.row(doc)
                if len(c):
                    cols.append(np.asarray(c, dtype=np.int64) + start)
                    v = np.asarray(v, dtype=np.float64)
                    vals.append(v * w if w != 1.0 else v)
            if cols:
                out.append((np.concatenate(cols), np.concatenate(vals)))
            else:
                out.append((np.zeros(0, dtype=np.int64), np.zeros(0)))
        return _Rows.of(out)

    def _proba_rows(self, X: _Rows) -> np.ndarray:
        """``FamilyClassifier.predict_proba`` on :meth:`rows`, bit for bit: SciPy's CSR x
        dense product adds ``value * weight`` over a row's entries in order, starting from 0
        — a running sum (``np.add.accumulate``) in the same order gives the same floats."""
        W, P = self._fold_weights, self._fold_params
        scores = np.zeros((len(X.rows), W.shape[1]))
        for i, (cols, vals) in enumerate(X.rows):
            if len(cols):
                scores[i] = np.add.accumulate(vals[:, None] * W[cols], axis=0)[-1]
        # every fold's calibrated probability at once: elementwise, so the same floats as
        # family by family, with a quarter of the NumPy calls
        p = 1.0 / (1.0 + np.exp(P[:, 1] * (scores + P[:, 0]) + P[:, 2]))
        out = np.empty((len(X.rows), len(self._fold_widths)))
        start = 0
        for j, width in enumerate(self._fold_widths):
            # ``mean(axis=1)`` as NumPy computes it (a sum over a fresh C-ordered block, divided
            # by the count), without its Python-level set-up
            block = np.ascontiguousarray(p[:, start : start + width])
            out[:, j] = np.add.reduce(block, axis=1) / width
            start += width
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n, 2) probabilities in TARGETS order, without evidence."""
        return self._clf.predict_proba(self.features(self.prepare(texts)))

    def score(
        self,
        texts: Sequence[str],
        *,
        contacts: bool = True,
        platforms: Sequence[str | None] | None = None,
        explain: str = EXPLAIN_ALL,
    ) -> list[Score]:
        """Score posts; the result list is in input order.

        Two stages. The first computes what the probabilities and the risk level need —
        normalising, tokens, terms, red-flag hits, context cues, impersonation findings, the
        feature matrix — once per post, with no span bookkeeping. The second builds evidence
        spans, top terms, contacts, next steps and the explanation only for the posts
        ``explain`` selects, reusing everything the first stage kept on each post
        (:class:`~tppo_detect.text.preprocess.Prepared`): ``"all"`` (every post, the default),
        ``"sedang"`` or ``"tinggi"`` (posts at that level or above). Other posts get their
        probabilities, level and stance only (empty evidence, terms, contacts, explanation and
        next steps); their probabilities and level are exactly those of the full path.

        ``contacts=False`` skips recruiter-contact extraction (phones, WhatsApp, Telegram,
        bank accounts…) for callers that only need scores and evidence. ``platforms`` (one per
        text, a schema platform or None) adds the platform's own report path to the next steps.
        """
        if isinstance(texts, str):
            raise TypeError("score() takes a list of texts; wrap a single post in a list")
        if platforms is not None and len(platforms) != len(texts):
            raise ValueError("platforms harus sepanjang texts (satu platform per teks)")
        least = explain_rank(explain)
        # A call allocates many small objects and frees them at its end; the cyclic garbage
        # collector's passes over them meanwhile cost ~15 % of a large call (issue #18).
        # Paused, not off: it runs again when the call returns (also on an error).
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            return self._score(texts, contacts, platforms, least)
        finally:
            if paused:
                gc.enable()

    def _score(
        self,
        texts: Sequence[str],
        contacts: bool,
        platforms: Sequence[str | None] | None,
        least: int,
    ) -> list[Score]:
        prepared = self.prepare(texts)
        X: sp.csr_matrix | _Rows
        if len(prepared) <= SMALL_BATCH:
            X = self.rows(prepared)
            proba = self._proba_rows(X).tolist()
        else:
            X = self.features(prepared)
            proba = self._clf.predict_proba(X).tolist()
        assessed = [
            self._assess(doc, p_ir, p_scam)
            for doc, (p_ir, p_scam) in zip(prepared, proba, strict=True)
        ]
        chosen = [i for i, a in enumerate(assessed) if LEVEL_RANK[a.level] >= least]
        if len(chosen) == len(prepared):
            terms = self._top_terms(X, prepared)
        elif chosen:
            terms = self._top_terms(X[chosen], [prepared[i] for i in chosen])
        else:
            terms = []
        explained = dict(zip(chosen, terms, strict=True))
        registry = current_registry() if chosen else None
        version = self.version
        results: list[Score] = []
        for i, (doc, a, (p_ir, p_scam)) in enumerate(zip(prepared, assessed, proba, strict=True)):
            top = explained.get(i)
            risk_score = round(100 * max(p_ir, p_scam))
            if top is None:
                results.append(_plain_score(p_ir, p_scam, risk_score, a.level, version, a.stance))
                continue
            verdict = {
                "illegal_recruitment": p_ir,
                "online_scam": p_scam,
                "risk_score": risk_score,
                "risk_level": a.level,
                "model_version": version,
                "stance": a.stance,
            }
            assert registry is not None
            evidence = self._evidence(doc, a)
            context = [self._cue_names[c] for c in self._context.cues_of(doc)] if evidence else []
            found_contacts = doc.contact_list() if contacts else []
            steps = registry.select(
                a.level,
                families_of((e.family for e in evidence), p_ir, p_scam),
                (e.signal for e in evidence),
                ((c.kind, c.provider) for c in found_contacts if c.linkable),
                None if platforms is None else platforms[i],
                self._signal_names,
            )
            results.append(
                Score(
                    **verdict,
                    evidence=evidence,
                    top_terms=top,
                    explanation=explanation(a.level, p_ir, p_scam, evidence, context, a.stance),
                    contacts=found_contacts,
                    next_steps=steps,
                )
            )
        return results

    def _assess(self, doc: Prepared, p_ir: float, p_scam: float) -> _Assessed:
        """Stage one's verdict on a post: its risk level and stance, from what the features
        already computed (hits, cues and findings are cached on ``doc``).

        The level reads whether any red flag is shown as evidence (``flagged``). A red-flag hit
        almost always has a span, so evidence spans are located here only when the level
        depends on it — a hit that could change the level — and kept for stage two.
        """
        risk = max(p_ir, p_scam)
        hits = self._signals.hits(doc)
        imp = self._impersonation
        found = [] if imp is None else imp.findings(doc)
        thresholds = self.thresholds
        review = thresholds.get("review")
        if (
            not found
            and risk < thresholds["sedang"]
            and risk < thresholds["tinggi"]
            and (not hits or review is None or risk < review)
        ):
            # Most posts. No finding (not impersonated, no unofficial recruitment), a risk
            # below both cut-offs, and no red flag or a risk below the review floor: every
            # branch of ``risk_level`` gives rendah whatever the other gates, which are not
            # computed (and a hit's spans cannot change the level: stage two locates them).
            return _Assessed(
                RISK_LEVELS[0], self._context.stance_strength(doc)[0], hits, found, None
            )
        return self._assess_gated(doc, risk, hits, found)

    def _assess_gated(
        self, doc: Prepared, risk: float, hits: list[int], found: list[Any]
    ) -> _Assessed:
        """:meth:`_assess` through every gate of ``risk_level``."""
        stance, strength = self._context.stance_strength(doc)
        gates = {
            "stance": stance,
            "asks_action": self._context.count_of(doc, CALL_TO_ACTION) > 0,
            "impersonated": any(f.signal == OFF_CHANNEL and not f.unread for f in found),
            "unofficial_recruitment": any(f.signal == NO_CHANNEL or f.unread for f in found),
            "stance_strength": strength,
            "promotion_only": self._context.promotion_only(doc),
        }
        thresholds = self.thresholds
        lexicon_spans: list[SignalMatch] | None = None
        if found:  # an impersonation finding always has a span (the institution's name)
            flagged = True
        elif not hits:
            flagged = False
        elif risk_level(risk, thresholds, flagged=True, **gates) == risk_level(
            risk, thresholds, flagged=False, **gates
        ):
            flagged = True  # either way: what the spans are does not matter here
        else:
            lexicon_spans = self._lexicon_spans(doc, hits)
            flagged = bool(lexicon_spans)
        level = risk_level(risk, thresholds, flagged=flagged, **gates)
        if level == RISK_LEVELS[2]:
            stance = None  # read as an offer whatever its wording
        return _Assessed(level, stance, hits, found, lexicon_spans)

    def _lexicon_spans(self, doc: Prepared, hits: list[int]) -> list[SignalMatch]:
        if not hits:
            return []
        signals = self._signals
        return signals.lexicon.locate(doc.text, hits, doc.spans(), signals.lazy_scope(doc))

    def _evidence(self, doc: Prepared, a: _Assessed) -> list[SignalMatch]:
        """Evidence spans of a post (red flags, then impersonation), reusing stage one's."""
        evidence = a.lexicon_spans
        if evidence is None:
            evidence = self._lexicon_spans(doc, a.hits)
        if a.found:
            imp = self._impersonation
            assert imp is not None
            evidence = sorted(
                evidence + impersonation_evidence(doc.text, a.found, imp.registry_),
                key=lambda s: (s.start, s.end, s.signal),
            )
        return evidence

    def _top_terms(
        self, X: sp.csr_matrix | _Rows, prepared: Sequence[Prepared]
    ) -> list[list[TermEvidence]]:
        """Per post, the terms with the largest positive contribution (tf-idf x weight); ``X``
        is the whole feature matrix (columns of other blocks weigh 0).

        Vectorised over the whole batch: the positive contributions are sorted by
        (row, -contribution) and each row keeps the head of its segment, so Python only
        touches the at most ``TOP_TERMS`` terms shown per post.
        """
        n = X.shape[0]
        if n == 1:
            return [self._top_terms_one(X, prepared[0])]
        contrib = self._word_coef[:, X.indices] * X.data  # (2, nnz)
        family = contrib.argmax(axis=0)
        best = contrib.max(axis=0)
        positive = best > 0
        cols, family, best = X.indices[positive], family[positive], best[positive]
        # twice the shown count: a word counted as a stem and as written is shown once
        rows = np.repeat(np.arange(n), np.diff(X.indptr))[positive]
        order = np.lexsort((-best, rows))  # stable: ties keep column order
        rows_sorted = rows[order]
        rank = np.arange(len(order)) - np.searchsorted(rows_sorted, rows_sorted)
        order = order[rank < 2 * TOP_TERMS]
        out: list[list[TermEvidence]] = [[] for _ in range(n)]
        for r, c, f, v in zip(
            rows[order].tolist(),
            cols[order].tolist(),
            family[order].tolist(),
            best[order].tolist(),
            strict=True,
        ):
            if len(out[r]) < TOP_TERMS:
                self._show(out[r], c, f, v, prepared[r])
        return out

    def _show(
        self, shown: list[TermEvidence], col: int, family: int, value: float, doc: Prepared
    ) -> None:
        """Add the term of column ``col`` to ``shown`` unless a term read the same is there
        (a word counted as a stem and as written is shown once)."""
        term = self._term_names[col]
        surface = _as_written(term) if self._term_as_written[col] else _surface(term, doc)
        if all(t.term != surface for t in shown):
            shown.append(TermEvidence(surface, TARGETS[family], value))

    def _top_terms_one(self, X: sp.csr_matrix | _Rows, doc: Prepared) -> list[TermEvidence]:
        """:meth:`_top_terms` of one post (the API, the staff page), in fewer NumPy calls.

        The same floats and order: each family's contribution is the same product;
        ``argmax`` over two rows is family 1 only where it is strictly larger and ``max`` is
        their ``maximum``; and the positive contributions, sorted stably by ``-best`` over
        all entries, come first in the order they have among themselves (a non-positive
        one sorts after every positive one), so no filtering is needed before the sort.
        """
        cols = X.indices
        coef_ir, coef_scam = self._word_coef
        ir = coef_ir[cols] * X.data
        scam = coef_scam[cols] * X.data
        best = np.maximum(ir, scam)
        # twice the shown count: a word counted as a stem and as written is shown once
        order = np.argsort(-best, kind="stable")[: 2 * TOP_TERMS]
        shown: list[TermEvidence] = []
        for c, f, v in zip(
            cols[order].tolist(),
            (scam[order] > ir[order]).tolist(),
            best[order].tolist(),
            strict=True,
        ):
            if not v > 0:
                break  # the rest are not positive either
            if len(shown) == TOP_TERMS:
                break
            self._show(shown, c, f, v, doc)
        return shown


def _as_written(term: str) -> str:
    """A phrase-channel term (tokens as written) with placeholders named for people."""
    return " ".join(PLACEHOLDER_NAMES.get(word, word) for word in term.split(" "))


def _surface(term: str, doc: Prepared) -> str:
    """Show a (possibly stemmed, possibly two-word) term as the words the post used.

    A term with a non-zero weight in a post is one of its terms (or two adjacent ones), so the
    first token it came from is always found.
    """
    terms, tokens = doc.terms, doc.term_tokens
    shown = []
    for part in term.split(" "):
        word = tokens[terms.index(part)]
        shown.append(PLACEHOLDER_NAMES.get(word, word))
    return " ".join(shown)
