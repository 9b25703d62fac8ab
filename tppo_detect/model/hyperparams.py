"""The training hyper-parameters and their defaults: the one home the CLI, the notebook's
parameter cell (checked by tests/test_notebooks.py),
:func:`tppo_detect.model.detector.build_pipeline` and the estimators' own defaults all read.

Light on purpose (no scikit-learn at import): the estimator modules take their defaults from
:data:`DEFAULTS` when they are imported.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one training run."""

    #: inverse regularisation of the logistic regressions (larger = less regularised)
    C: float = 16.0
    #: a word or word pair kept as a TF-IDF feature when it is in at least this many posts
    min_df: int = 2
    ngram_range: tuple[int, int] = (1, 2)
    #: weights of the feature blocks beside the stemmed words (weight 1)
    signal_weight: float = 0.2
    context_weight: float = 1.0
    impersonation_weight: float = 1.0
    phrase_weight: float = 1.5
    #: min_df of the "phrases" block (words as written, stop words kept)
    phrase_min_df: int = 3
    #: rows whose TF-IDF norm is below this quantile of the training norms are not inflated
    norm_floor_quantile: float | None = 0.25
    seed: int = 0
    #: folds of the cross-validation that chooses thresholds, and of the calibration
    cv_folds: int = 5

    def pipeline(self, lexicon_source: str | None = None) -> Pipeline:
        from tppo_detect.model.detector import build_pipeline

        return build_pipeline(self, lexicon_source=lexicon_source)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ngram_range"] = list(self.ngram_range)
        return d


#: the defaults every face starts from
DEFAULTS = TrainConfig()
