"""The usual Indonesian text-classification pipeline of public projects, as the baseline.

pandas ``apply`` of Sastrawi's ``stem`` per document (no memoisation), Sastrawi's
``StopWordRemover``, sklearn's ``TfidfVectorizer`` and ``LogisticRegression`` — one per target.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from tppo_detect.labels import TARGETS


class PublicPipeline:
    """Fit/predict_proba over raw texts, the way most public notebooks do it."""

    def __init__(self) -> None:
        self.stemmer = StemmerFactory().create_stemmer()
        self.stopwords = StopWordRemoverFactory().create_stop_word_remover()
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.models = [LogisticRegression(max_iter=1000) for _ in TARGETS]

    def clean(self, texts: Sequence[str]) -> pd.Series:
        s = pd.Series(list(texts)).str.lower()
        s = s.apply(self.stopwords.remove)
        return s.apply(self.stemmer.stem)

    def fit(self, texts: Sequence[str], Y: np.ndarray) -> PublicPipeline:
        X = self.vectorizer.fit_transform(self.clean(texts))
        for j, model in enumerate(self.models):
            model.fit(X, Y[:, j])
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        X = self.vectorizer.transform(self.clean(texts))
        return np.column_stack([m.predict_proba(X)[:, 1] for m in self.models])
