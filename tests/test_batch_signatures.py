"""A task's signatures, sketched all at once, equal those of each article sketched on its own."""

from __future__ import annotations

import math
import sys

import numpy as np

from dedup.batch import features
from dedup.batch.config import BatchConfig
from dedup.batch.corpus import DocRef
from dedup.batch.features import BLOCK, StemHashes, Vocabulary, key64, units
from dedup.batch.minhash import shingle_hashes
from dedup.batch.signatures import ChunkReader, article_stems
from dedup.similarity import range_signatures, stable_hash32

from .test_batch_helpers import article

TEXTS = [
    article(1),
    "Title line\nsecond line of the title\n\n" + article(2, paragraphs=2) + "last line\nand one more line here\n",
    "",
    "   \n\n  \n",
    "Two words",  # fewer words than a shingle
    "one\n\n---\n\nthree four five six seven eight nine ten eleven twelve thirteen fourteen",
    "Stra\u00dfe  \u201cOne\u201d\u00a0Two\nThree\n\n  Four \u2014 FIVE  \n",  # case folding changes the length
    "tabs\tand  double  spaces\r\nin a line that is long enough to be a passage of its own words\r\n",
    "caf\u00e9 na\u00efve \u00fcber words and more words to make a paragraph long enough for a sketch here",
    "a NUL \0 inside the text of this paragraph which is long enough to count as a passage too",
]


def _reference(text: str, config: BatchConfig) -> dict:
    """What one article's signatures are, computed from :func:`units` one article at a time."""
    found = units(text)
    words = [w for u in found if u.kind == BLOCK for w in u.words]
    shingles = shingle_hashes(np.array([stable_hash32(w) for w in words], np.uint32), config.shingle_size)
    bounds, position, rows = [], 0, []
    for u in found:
        passage = u.kind == BLOCK and len(u.words) >= config.passage_min_words
        rows.append((u.kind, u.start, u.end, u.line, len(u.words), passage))
        if u.kind == BLOCK:
            if passage:
                bounds.append((position, position + len(u.words) - config.shingle_size + 1))
            position += len(u.words)
    stems = {StemHashes()[w] for w in words} - {0}
    starts, stops = [start for start, _ in bounds], [stop for _, stop in bounds]
    passages = range_signatures(shingles, starts, stops, config.num_perm, config.seed)
    whole = range_signatures(shingles, [0], [len(shingles)], config.num_perm, config.seed)[0]
    return {
        "words": len(words), "exact": key64(" ".join(words)), "shingles": whole,
        "units": rows, "keys": [u.key for u in found], "stems": sorted(stems),
        "passages": passages[:, : config.passage_perm],
    }


def test_a_task_sketches_each_article_as_it_would_alone():
    config = BatchConfig()
    reader = ChunkReader(config, Vocabulary())
    for number, text in enumerate(TEXTS):
        reader.add(DocRef(f"a{number}.txt"), text, None if number % 2 else 1.5)
    chunk = reader.pack()
    stems, stem_counts = article_stems(chunk, StemHashes())
    unit_at = np.cumsum(chunk.unit_counts) - chunk.unit_counts
    passage_at = np.cumsum(chunk.passage_counts) - chunk.passage_counts
    stem_at = np.cumsum(stem_counts) - stem_counts
    for row, text in enumerate(TEXTS):
        expected = _reference(text, config)
        assert chunk.words[row] == expected["words"] and chunk.chars[row] == len(text)
        assert chunk.exact[row] == expected["exact"]
        assert chunk.shingles[row].tolist() == expected["shingles"].tolist()
        units_of = slice(unit_at[row], unit_at[row] + chunk.unit_counts[row])
        assert [tuple(r) for r in chunk.units[units_of].tolist()] == [tuple(map(int, r)) for r in expected["units"]]
        assert chunk.unit_keys[units_of].tolist() == expected["keys"]
        passages = chunk.passage_sigs[passage_at[row] : passage_at[row] + chunk.passage_counts[row]]
        assert passages.tolist() == expected["passages"].tolist()
        assert stems[stem_at[row] : stem_at[row] + stem_counts[row]].tolist() == expected["stems"]
    assert chunk.dates[0] == 1.5 and math.isnan(chunk.dates[1])


def test_an_empty_task_packs_to_empty_arrays():
    config = BatchConfig()
    chunk = ChunkReader(config, Vocabulary()).pack()
    assert chunk.shingles.shape == (0, config.num_perm) and chunk.passage_sigs.shape == (0, config.passage_perm)
    assert chunk.units.shape == (0, 6) and chunk.vocabulary == [] and len(chunk.word_sets) == 0


def test_other_spaces_are_every_space_but_the_space_and_the_line_break():
    expected = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c not in " \n")
    assert features._OTHER_SPACES == expected
