"""What the cross-article stages see of an article: units, words and the vocabulary memo."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from dedup.batch import features
from dedup.batch.features import StemHashes, Vocabulary, units
from dedup.batch.signatures import article_stems
from dedup.normalize import fold, stemmer
from dedup.similarity import stable_hash32


def test_vocabulary_ids_and_hashes():
    vocabulary = Vocabulary()
    first = vocabulary.encode(["the", "council", "met", "the", "council"])
    assert first.tolist()[0] == first.tolist()[3] and first.tolist()[1] == first.tolist()[4]
    again = vocabulary.encode(["council", "voted", "the"])  # one new word among known ones
    assert again[0] == first[1] and again[2] == first[0] and again[1] not in first
    ids = vocabulary.encode(["councils", "voted", "the", "7"])
    assert vocabulary.word_hashes(ids).tolist() == [stable_hash32(w) for w in ["councils", "voted", "the", "7"]]
    assert [vocabulary.words[i] for i in ids.tolist()] == ["councils", "voted", "the", "7"]


def test_stem_hashes_of_content_words():
    stems = StemHashes()
    expected = [stable_hash32(stemmer()("councils")), stable_hash32(stemmer()("voted")), 0, stable_hash32("7")]
    assert stems.of(["councils", "voted", "the", "7"]).tolist() == expected  # "the" carries no content
    assert stems.of(["councils"]).tolist() == expected[:1] and len(stems) == 4


def test_article_stems_are_each_articles_distinct_content_stems():
    vocabulary = ["councils", "council", "the", "voted", "7"]
    chunk = SimpleNamespace(refs=[0, 1, 2], vocabulary=vocabulary, word_sets=np.array([0, 1, 2, 3, 2, 4, 1], np.int32),
                            word_set_sizes=np.array([4, 0, 3]))
    stems, counts = article_stems(chunk, StemHashes())
    hashed = StemHashes().of(vocabulary).tolist()
    assert counts.tolist() == [2, 0, 2]  # "councils" and "council" share a stem; "the" has none
    assert stems.tolist() == sorted({hashed[0], hashed[3]}) + sorted({hashed[4], hashed[1]})


def test_vocabulary_starts_over_when_full(monkeypatch):
    monkeypatch.setattr(Vocabulary, "MAX_WORDS", 4)
    vocabulary = Vocabulary()
    vocabulary.encode(["a1", "b2", "c3"])
    vocabulary.start_over_if_full()  # not full yet
    vocabulary.encode(["d4", "e5", "a1"])
    assert len(vocabulary.ids) == 5
    vocabulary.start_over_if_full()
    ids = vocabulary.encode(["d4", "e5", "a1"])
    assert len(vocabulary.ids) == 3 and sorted(ids.tolist()) == [0, 1, 2]
    assert vocabulary.word_hashes(ids).tolist() == [stable_hash32(w) for w in ["d4", "e5", "a1"]]


def test_units_fold_each_span_as_fold_does():
    text = "Stra\u00dfe  \u201cOne\u201d\u00a0Two\nThree\n\n  Four \u2014 FIVE  \n"
    for t in (text, text.replace("\u00df", "ss")):  # with and without a length-changing case fold
        found = units(t)
        assert [u.words for u in found] == [tuple(features._WORD.findall(fold(t[u.start : u.end]))) for u in found]
        assert [u.key for u in found if u.kind == features.LINE] == [
            features.key64(fold(t[u.start : u.end])) for u in found if u.kind == features.LINE
        ]
    assert np.array_equal(np.array([u.start for u in units(text)]), np.array([0, 18, 0, 27]))
