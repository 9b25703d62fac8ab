"""One calibrated linear classifier per signal family.

A post can be both illegal recruitment and an online scam, so the two targets are independent
binary problems. Logistic regression keeps the model linear (its weights are the evidence we
show); sigmoid calibration makes "0.8" mean roughly 80 % on held-out data, which is what risk
thresholds need.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

from tppo_detect.labels import TARGETS


class FamilyClassifier(BaseEstimator, ClassifierMixin):
    """Multi-label classifier: ``predict_proba(X)`` -> array (n, len(TARGETS)) of P(label=1)."""

    def __init__(
        self,
        C: float = 16.0,
        class_weight: str | None = "balanced",
        calibration: str = "sigmoid",
        cv: int = 5,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.random_state = random_state

    def _base(self) -> LogisticRegression:
        return LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            solver="liblinear",
            max_iter=1000,
            random_state=self.random_state,
        )

    def fit(self, X: Any, y: Any) -> FamilyClassifier:
        Y = np.asarray(y)
        if Y.ndim != 2 or Y.shape[1] != len(TARGETS):
            raise ValueError(f"y must have one column per target {TARGETS}, got shape {Y.shape}")
        self.targets_ = TARGETS
        self.estimators_ = []
        for j in range(len(TARGETS)):
            est = CalibratedClassifierCV(self._base(), method=self.calibration, cv=self.cv)
            est.fit(X, Y[:, j])
            self.estimators_.append(est)
        # Mean weights of the fold models: the linear evidence behind each family's score.
        self.coef_ = np.vstack(
            [
                np.mean([c.estimator.coef_[0] for c in est.calibrated_classifiers_], axis=0)
                for est in self.estimators_
            ]
        )
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        return np.column_stack([est.predict_proba(X)[:, 1] for est in self.estimators_])

    def predict(self, X: Any) -> np.ndarray:
        return (self.predict_proba(X) >= 0.5).astype(int)
