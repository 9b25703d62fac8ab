"""Modules scoring never uses, loaded on first use instead of when scikit-learn imports them.

Importing ``sklearn.base`` (every estimator of the saved pipeline derives from it) imports
``scipy.stats`` and pandas (and, through pandas, pyarrow) in ``sklearn.utils.fixes``: most of
the cold start, for modules a post's score never touches. :func:`defer` puts a stand-in module
in their place when they are not imported yet: the import statement succeeds at once, and the
first attribute read on the stand-in imports the real module and from then on reads through to
it, so code that uses them (the batch engine, notebooks) gets the real module, only later.

Importing this module defers :data:`SCORING_UNUSED` (``tppo_detect.model.detector`` imports it
before scikit-learn).

(``importlib.util.LazyLoader`` does not do here: the import statement itself reads the lazy
module's ``__spec__``, which loads it.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

#: Imported by scikit-learn at start-up, never used to score a post.
SCORING_UNUSED = ("scipy.stats", "pandas", "numpy.f2py")

_LOCK = threading.RLock()


class Deferred(types.ModuleType):
    """Stands in for a module not imported yet; the first attribute read imports it."""

    def __init__(self, name: str, spec: Any) -> None:
        super().__init__(name)
        self.__spec__ = spec
        self.__loader__ = spec.loader

    def __getattr__(self, attr: str) -> Any:  # only for names the stand-in lacks
        return getattr(self._load(), attr)

    def _load(self) -> types.ModuleType:
        name = self.__name__
        with _LOCK:
            real = sys.modules.get(name)
            if real is self or real is None:
                del sys.modules[name]
                try:
                    real = importlib.import_module(name)
                except BaseException:
                    sys.modules[name] = self
                    raise
            # later reads on this object (held by modules that imported it) find the names
            self.__dict__.update(real.__dict__)
            return real


def defer(*names: str) -> list[str]:
    """Put a stand-in for each of ``names`` not imported yet; returns those deferred."""
    deferred = []
    with _LOCK:
        for name in names:
            if name in sys.modules:
                continue
            parent, _, child = name.rpartition(".")
            if parent:
                importlib.import_module(parent)
            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                continue
            module = Deferred(name, spec)
            sys.modules[name] = module
            if parent:
                setattr(sys.modules[parent], child, module)
            deferred.append(name)
    return deferred


def is_loaded(name: str) -> bool:
    """Whether ``name`` is imported for real (not only deferred)."""
    module = sys.modules.get(name)
    return module is not None and not isinstance(module, Deferred)


defer(*SCORING_UNUSED)
