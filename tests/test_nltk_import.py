"""nltk is loaded without scipy.stats, and still behaves as before."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_stemming_and_sentences_do_not_import_scipy_stats():
    out = _run("""
        import sys
        from dedup.normalize import stemmer
        from dedup.punkt import sentence_spans
        assert stemmer()("running") == "run"
        assert len(list(sentence_spans("Mr. Smith arrived. He sat down."))) == 2
        print("scipy.stats" in sys.modules)
    """)
    assert out == "False"


def test_nltk_fisher_test_still_works_after_a_light_load():
    out = _run("""
        import sys
        from dedup.normalize import stemmer
        stemmer()
        association = sys.modules["nltk.metrics.association"]
        print(round(association.BigramAssocMeasures.fisher(1, (2, 3), 10), 4), "scipy.stats" in sys.modules)
    """)
    assert out == "0.9333 True"


def test_nltk_already_imported_is_left_alone():
    out = _run("""
        import sys
        import nltk
        from dedup.normalize import stemmer
        stemmer()
        print(sys.modules["nltk.metrics.association"].fisher_exact.__module__)
    """)
    assert out.startswith("scipy")
