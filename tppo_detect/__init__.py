"""tppo-detect: scores Indonesian social-media posts for illegal recruitment (TPPO) and online
scams, with the red flags and terms behind each score.

>>> from tppo_detect import Detector
>>> detector = Detector.load()          # models/LATEST, verified against its card
>>> detector.score(["Lowongan admin online di Kamboja, gaji 20jt, tiket ditanggung"])
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from tppo_detect.artifacts import ModelIntegrityError
from tppo_detect.labels import RISK_LEVELS, TARGETS
from tppo_detect.model import Detector, Score, TermEvidence
from tppo_detect.signals import SignalMatch

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
