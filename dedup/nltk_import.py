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
import sys
from types import ModuleType

from .light_import import import_lightly


def load(module: str) -> ModuleType:
    """``importlib.import_module(module)`` for an nltk module, loading nltk itself lightly."""
    if import_lightly("nltk", "scipy.stats"):
        association = sys.modules.get("nltk.metrics.association")
        if association is not None:
            association.fisher_exact = _fisher_exact
    return importlib.import_module(module)


def _fisher_exact(*args, **kwargs):
    """scipy's Fisher's exact test, imported when first needed (what nltk would have used)."""
    from scipy.stats import fisher_exact

    return fisher_exact(*args, **kwargs)
