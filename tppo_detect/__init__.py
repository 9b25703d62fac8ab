"""tppo-detect: scores Indonesian social-media posts for illegal recruitment (TPPO) and online
scams, with the red flags and terms behind each score.

>>> from tppo_detect import Detector
>>> detector = Detector.load()          # models/LATEST, verified against its card
>>> detector.score(["Lowongan admin online di Kamboja, gaji 20jt, tiket ditanggung"])
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from tppo_detect.labels import RISK_LEVELS, TARGETS
from tppo_detect.lazy import lazy_names

if TYPE_CHECKING:
    from tppo_detect.model.artifacts import ModelIntegrityError
    from tppo_detect.model.detector import Detector, Score, TermEvidence
    from tppo_detect.text.signals import SignalMatch

#: Public names and their modules, imported on first use: `import tppo_detect` (and
#: `tppo-detect --help`) loads no scikit-learn, SciPy, pandas or SQLAlchemy.
_LAZY = {
    "Detector": "tppo_detect.model.detector",
    "Score": "tppo_detect.model.detector",
    "TermEvidence": "tppo_detect.model.detector",
    "SignalMatch": "tppo_detect.text.signals",
    "ModelIntegrityError": "tppo_detect.model.artifacts",
}


__getattr__ = lazy_names("tppo_detect", _LAZY, globals())


try:
    __version__ = version("tppo-detect")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

__all__ = [
    "RISK_LEVELS",
    "TARGETS",
    "Detector",
    "ModelIntegrityError",
    "Score",
    "SignalMatch",
    "TermEvidence",
    "__version__",
]
