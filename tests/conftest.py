from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
EXAMPLES = ROOT.parent / "shared" / "examples"


@pytest.fixture()
def runner():
    from click.testing import CliRunner

    return CliRunner()


def put(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


@pytest.fixture(scope="session")
def example_text() -> str:
    path = EXAMPLES / "scraped-article.txt"
    if not path.exists():
        pytest.skip(f"the shared example is not present at {path}")
    return read(path)
