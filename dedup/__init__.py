"""dedup: find and clean duplicated, reworded, truncated and inconsistent content in articles."""

from .config import Settings
from .models import CheckResult, CleanResult, Edit, Finding, Severity, Span
from .pipeline import check_text, clean_text

__version__ = "0.1.0"

__all__ = [
    "CheckResult", "CleanResult", "Edit", "Finding", "Settings", "Severity", "Span",
    "check_text", "clean_text", "__version__",
]
