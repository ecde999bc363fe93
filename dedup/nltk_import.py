"""Import parts of nltk without the statistics package nltk loads for a test dedup never runs.

``import nltk`` runs nltk's package ``__init__``, which imports ``nltk.collocations`` and
through it ``scipy.stats`` (scipy is installed, because datasketch needs it) for one
significance test, Fisher's exact test. That import alone takes more than half a second:
longer than checking an article. While nltk loads, ``scipy.stats`` is hidden, so nltk takes
its own fallback for the test; the fallback is then replaced by a function that imports
scipy's test when it is first called, so nltk behaves exactly as before for anyone else in
the process. If hiding the package breaks the import in some other nltk version, nltk is
imported again the ordinary way.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

_HIDDEN = "scipy.stats"


def load(module: str) -> ModuleType:
    """``importlib.import_module(module)`` for an nltk module, loading nltk itself lightly."""
    if "nltk" not in sys.modules and _HIDDEN not in sys.modules and importlib.util.find_spec("scipy"):
        _import_nltk_lightly()
    return importlib.import_module(module)


def _import_nltk_lightly() -> None:
    sys.modules[_HIDDEN] = None  # type: ignore[assignment]  # makes ``import scipy.stats`` raise ImportError
    try:
        importlib.import_module("nltk")
    except ImportError:
        for name in [n for n in sys.modules if n == "nltk" or n.startswith("nltk.")]:
            del sys.modules[name]  # half-imported: the caller's import starts again from scratch
        return
    finally:
        if sys.modules.get(_HIDDEN, False) is None:
            del sys.modules[_HIDDEN]
    association = sys.modules.get("nltk.metrics.association")
    if association is not None:
        association.fisher_exact = _fisher_exact


def _fisher_exact(*args, **kwargs):
    """scipy's Fisher's exact test, imported when first needed (what nltk would have used)."""
    from scipy.stats import fisher_exact

    return fisher_exact(*args, **kwargs)
