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
import opcode
import sys
import threading
import types
from typing import Any

#: Imported by scikit-learn at start-up, never used to score a post.
SCORING_UNUSED = ("scipy.stats", "pandas", "numpy.f2py", "scipy.interpolate")

#: Names scikit-learn takes from a deferred module when it is imported
#: (``from scipy.stats import gmean`` in ``sklearn._loss.link``, which the calibrated
#: classifier's module imports; ``BSpline`` in ``sklearn.preprocessing._polynomial``): the
#: stand-in hands out a :class:`LazyName` for them, so the ``from`` import does not load the
#: module. Each is only called (or its attributes read) inside functions scoring never runs.
LAZY_NAMES: dict[str, tuple[str, ...]] = {
    "scipy.stats": ("gmean", "rankdata", "spearmanr"),
    "scipy.interpolate": ("BSpline",),
}

_LOCK = threading.RLock()


_IMPORT_NAME = opcode.opmap["IMPORT_NAME"]


def attr_of_import_statement(frame: types.FrameType) -> bool:
    """Whether ``frame`` is executing an ``import`` statement (the attribute being read is read
    by the statement itself)."""
    return frame.f_code.co_code[frame.f_lasti] == _IMPORT_NAME


class LazyName:
    """A function or class of a deferred module, taken by a ``from`` import: calling it, or
    reading one of its attributes, imports the module and uses the real one."""

    __slots__ = ("_module", "_name")

    def __init__(self, module: Deferred, name: str) -> None:
        self._module, self._name = module, name

    def _real(self) -> Any:
        return getattr(self._module._load(), self._name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._real()(*args, **kwargs)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._real(), attr)

    def __repr__(self) -> str:
        return f"<deferred {self._module.__name__}.{self._name}>"


class Deferred(types.ModuleType):
    """Stands in for a module not imported yet; the first attribute read imports it (except
    the :data:`LAZY_NAMES`, read as :class:`LazyName`)."""

    def __init__(self, name: str, spec: Any) -> None:
        super().__init__(name)
        self.__spec__ = spec
        self.__loader__ = spec.loader
        for attr in LAZY_NAMES.get(name, ()):
            setattr(self, attr, LazyName(self, attr))

    def __getattr__(self, attr: str) -> Any:  # only for names the stand-in lacks
        if attr == "__path__" and attr_of_import_statement(sys._getframe(1)):
            # `from scipy.stats import gmean` first asks whether the module is a package (to
            # import submodules named in the list); "no" lets the statement go on to read
            # ``gmean`` from the stand-in. A submodule import (`import scipy.stats.mstats`)
            # asks from inside importlib instead, and gets the real module's path.
            raise AttributeError(attr)
        real = self._load()
        try:
            return getattr(real, attr)
        except AttributeError:
            if not hasattr(real, "__path__"):
                raise
            # `from package import submodule` the package does not import itself
            return importlib.import_module(f"{self.__name__}.{attr}")

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
