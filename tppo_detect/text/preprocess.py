"""The first pipeline step: raw posts -> normalised tokens and model terms.

Sastrawi is used for what it is good at (the stop-word list and the stemmer) but never on raw
text: the normaliser has already turned links, numbers and money into placeholders, and the
keep-list / do-not-stem list fix the two known traps ("tanpa biaya" -> "biaya",
"pengalaman" -> "alam"). Each distinct token is stemmed once and remembered, which is what makes
Sastrawi fast enough for large scrapes; the training posts' tokens travel with the model
(:class:`IndonesianPreprocessor`'s ``term_table_``), so a fresh process does not stem the
common vocabulary again (Sastrawi takes ~0,1 ms per affixed word).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, islice
from typing import Any

from sklearn.base import BaseEstimator, TransformerMixin

from tppo_detect.resources import extra_stop_words, keep_words, no_stem_words
from tppo_detect.text.contacts import Contact, extract_contacts
from tppo_detect.text.entities import PLACEHOLDERS
from tppo_detect.text.normalize import mask_prepared, prepare, spans_of_masked, tokens_of_masked


@dataclass(slots=True)
class Prepared:
    """One post after normalisation.

    ``tokens`` are the standard-form words red-flag patterns see; ``terms`` are what the TF-IDF
    counts (stop words removed, stemmed) and ``term_tokens`` the token each term came from, so a
    term can be shown to analysts as the word they wrote.
    """

    text: str
    #: the text after :func:`~tppo_detect.text.normalize.prepare` (lowercase, NFKC), before masking
    prepared: str
    masked: str
    offsets: list[int] | None
    tokens: list[str]
    terms: list[str]
    term_tokens: list[str]
    #: signal hits, cached per lexicon (sha256 of its text) so two lexicons never mix
    hits: dict[str, list[int]] = field(default_factory=dict)
    #: context cue counts, cached per cue file (sha256 of its text)
    cues: dict[str, list[int]] = field(default_factory=dict)
    #: impersonation findings, cached per registry (sha256 of its text)
    impersonation: dict[str, list[Any]] = field(default_factory=dict)
    #: recruiter contacts (:func:`tppo_detect.text.contacts.extract_contacts`), once computed
    contacts: list[Contact] | None = None
    #: the tokens' spans in the original text (:meth:`spans`), once computed
    token_spans: list[tuple[str, int, int]] | None = None

    def contact_list(self) -> list[Contact]:
        """The post's contacts, extracted once from the text scoring already prepared."""
        if self.contacts is None:
            self.contacts = extract_contacts(self.text, (self.prepared, self.offsets))
        return self.contacts

    @property
    def signal_text(self) -> str:
        return " ".join(self.tokens)

    def spans(self) -> list[tuple[str, int, int]]:
        """``(token, start, end)`` in the original text (computed on demand, for evidence, and
        kept: the impersonation check and the evidence pass both read them)."""
        if self.token_spans is None:
            self.token_spans = spans_of_masked(self.masked, self.offsets)
        return self.token_spans


@lru_cache(maxsize=1)
def _sastrawi() -> tuple[Any, frozenset[str]]:
    """Sastrawi's stemmer and stop words minus our keep-list (loaded once per process)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    stemmer = StemmerFactory().create_stemmer()
    # Sastrawi wraps its stemmer in a cache keyed by every word it ever sees, never trimmed;
    # TermCache below already memoises (and is bounded), so use the stemmer behind it.
    stemmer = getattr(stemmer, "delegatedStemmer", stemmer)
    stop = (
        frozenset(StopWordRemoverFactory().get_stop_words()) | extra_stop_words()
    ) - keep_words()
    return stemmer, stop


def sastrawi_version() -> str:
    """Installed PySastrawi version, recorded in the model card."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("PySastrawi")
    except PackageNotFoundError:  # pragma: no cover - depends on how Sastrawi was installed
        return "unknown"


#: Bump when :meth:`TermCache._compute`'s own logic changes (its word lists are hashed).
TERM_RULES_VERSION = 1


@lru_cache(maxsize=1)
def term_rules_digest() -> str:
    """sha256 of everything :meth:`TermCache._compute` depends on (its logic's version,
    Sastrawi's version, the stop words after our keep-list, the do-not-stem list, the
    placeholders): a term table made under other rules is not used."""
    _, stop = _sastrawi()
    digest = hashlib.sha256(f"{TERM_RULES_VERSION}:{sastrawi_version()}".encode())
    for words in (stop, no_stem_words(), PLACEHOLDERS):
        digest.update(b"\x00" + "\n".join(sorted(words)).encode())
    return digest.hexdigest()


#: Tokens remembered per process (~12 MB): a service sees endless new names, handles and
#: numbers, so the memo must stop growing somewhere (issue 14 #19).
MAX_TERMS = 50_000


class TermCache:
    """Memoised token -> model term (``""`` = dropped: stop word, number, single letter).

    Bounded: when ``max_entries`` is reached, only the first half (the tokens seen first,
    which are the common ones: dicts keep insertion order) is kept. A plain dict rather than
    an LRU because the hot loop reads ``known`` directly (``map(known.get, tokens)``); the trim
    costs O(max_entries) once per ``max_entries / 2`` new tokens.
    """

    def __init__(self, max_entries: int = MAX_TERMS) -> None:
        self.max_entries = max_entries
        #: token -> term for the tokens seen (read directly in the hot loop)
        self.known: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.known)

    def term(self, token: str) -> str:
        cached = self.known.get(token)
        if cached is None:
            cached = self._compute(token)
            if len(self.known) >= self.max_entries:
                self.known = dict(islice(self.known.items(), self.max_entries // 2))
            self.known[token] = cached
        return cached

    def preload(self, table: dict[str, str]) -> int:
        """Remember ``table``'s token -> term pairs (computed earlier under the same
        :func:`term_rules_digest`) up to the bound; returns how many were new."""
        room = self.max_entries - len(self.known)
        new = [item for item in table.items() if item[0] not in self.known][: max(room, 0)]
        self.known.update(new)
        return len(new)

    @staticmethod
    def _compute(token: str) -> str:
        if token in PLACEHOLDERS:
            return token
        if len(token) < 2 or token.isdigit():
            return ""
        stemmer, stop = _sastrawi()
        if token in stop:
            return ""
        if token in no_stem_words() or not token.isalpha():
            return token
        return stemmer.stem(token) or token


#: One cache per process: the mapping depends only on the packaged word lists.
_CACHE = TermCache()


def prepare_one(text: str) -> Prepared:
    """Normalise one post (see :class:`Prepared`)."""
    prepared, offsets = prepare(text)
    out = mask_prepared(prepared)
    tokens = tokens_of_masked(out)
    mapped = list(map(_CACHE.known.get, tokens))
    if None in mapped:
        mapped = [
            _CACHE.term(tok) if t is None else t for tok, t in zip(tokens, mapped, strict=True)
        ]
    terms = list(filter(None, mapped))
    sources = list(compress(tokens, mapped))
    return Prepared(text, prepared, out, offsets, tokens, terms, sources)


class IndonesianPreprocessor(BaseEstimator, TransformerMixin):
    """sklearn transformer: iterable of str -> list of :class:`Prepared`.

    ``fit`` learns nothing that changes the output: it records the term of every token of the
    training posts (``term_table_``, with the :func:`term_rules_digest` it was made under), and
    loading a fitted preprocessor hands that table to the process's term cache, so the
    vocabulary is not stemmed again in every new process. A table made under other word lists
    or another Sastrawi is ignored: terms are then computed as before, the output is the same.
    """

    def fit(self, X: Iterable[str], y: Any = None) -> IndonesianPreprocessor:
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Iterable[str], y: Any = None, **_: Any) -> list[Prepared]:
        """:meth:`fit` and the training posts' :meth:`transform`, preparing them once."""
        prepared = self.transform(X)
        self.n_features_in_ = 1
        # most frequent first: a bounded cache keeps the head of the table
        counts = Counter(token for doc in prepared for token in doc.tokens)
        tokens = sorted(counts, key=lambda token: (-counts[token], token))
        self.term_table_ = {token: _CACHE.term(token) for token in tokens}
        self.term_rules_ = term_rules_digest()
        return prepared

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        table = state.get("term_table_")
        if table and state.get("term_rules_") == term_rules_digest():
            _CACHE.preload(table)

    def transform(self, X: Iterable[str]) -> list[Prepared]:
        out = []
        for i, text in enumerate(X):
            if not isinstance(text, str):
                raise TypeError(f"post {i} is {type(text).__name__}, expected str")
            out.append(prepare_one(text))
        return out

    def get_feature_names_out(self, input_features: Any = None) -> list[str]:
        return ["prepared"]
