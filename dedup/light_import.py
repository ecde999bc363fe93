"""Import a package while one heavy module it imports is hidden, or stood in for.

nltk imports ``scipy.stats`` for one significance test and datasketch imports
``scipy.integrate`` for one function; dedup uses neither, and each import costs more than
checking an article. :func:`import_lightly` keeps such a module out of the way while the
package loads and puts everything back afterwards, so that other code in the process
sees the package as it would have been.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType


def import_lightly(package: str, hidden: str, stand_in: ModuleType | None = None) -> bool:
    """Import ``package`` while ``sys.modules[hidden]`` is ``stand_in``; whether that was done.

    With no stand-in, importing ``hidden`` fails, so the package takes its own fallback.
    Nothing is done (False) when the package or ``hidden`` is already loaded, or ``hidden``'s
    top-level package is not installed. If the package cannot load this way, what it
    half-imported is forgotten (False), and the caller's ordinary import starts afresh.
    """
    if package in sys.modules or hidden in sys.modules or importlib.util.find_spec(hidden.partition(".")[0]) is None:
        return False
    sys.modules[hidden] = stand_in  # type: ignore[assignment]  # None makes ``import hidden`` raise ImportError
    try:
        importlib.import_module(package)
        return True
    except ImportError:
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        return False
    finally:
        if sys.modules.get(hidden, False) is stand_in:
            del sys.modules[hidden]
