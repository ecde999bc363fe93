"""A unified diff of the original against the cleaned text."""

from __future__ import annotations

import difflib

from ..models import CleanResult


def render(result: CleanResult) -> str:
    """
    >>> from dedup.models import CleanResult
    >>> print(render(CleanResult("a\\nb\\n", "a\\n", (), (), path="x.txt")), end="")
    --- x.txt
    +++ x.txt (cleaned)
    @@ -1,2 +1 @@
     a
    -b
    """
    before = result.text.splitlines(keepends=True)
    after = result.cleaned.splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, fromfile=result.path, tofile=f"{result.path} (cleaned)")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
