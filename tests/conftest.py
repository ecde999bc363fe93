from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
EXAMPLES = ROOT.parent / "shared" / "examples"


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


@pytest.fixture(scope="session")
def example_text() -> str:
    path = EXAMPLES / "scraped-article.txt"
    if not path.exists():
        pytest.skip(f"the shared example is not present at {path}")
    return read(path)
