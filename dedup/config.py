"""One frozen settings object, passed everywhere. Change it with ``dataclasses.replace``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .models import Severity


@dataclass(frozen=True, slots=True)
class Settings:
    # --- which rules run and how loud they are ---------------------------------------------
    select: tuple[str, ...] = ()  # rule ids or prefixes; empty means all
    ignore: tuple[str, ...] = ()
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    fail_level: Severity = Severity.WARNING

    # --- passages --------------------------------------------------------------------------
    min_paragraph_words: int = 6  # shorter blocks are too generic to call duplicates
    min_sentence_words: int = 6
    min_reworded_stems: int = 8  # content words a paragraph needs before it can count as reworded

    # --- candidate generation (MinHash LSH) ------------------------------------------------
    num_perm: int = 64
    shingle_size: int = 3
    shingle_threshold: float = 0.5  # verbatim-ish candidates on word shingles
    # 32 bands of 2 rows over 64 permutations: pairs sharing half their shingles are found
    # every time and pairs sharing 0.3 of them 95 times in 100; rapidfuzz then verifies.
    shingle_bands: tuple[int, int] = (32, 2)
    content_threshold: float = 0.2  # reworded candidates on stemmed content words
    # The content-word index: 64 bands of 2 rows over 128 permutations find pairs with
    # Jaccard 0.25 98 times in 100 and 0.3 almost always; within one article extra candidates are cheap.
    content_num_perm: int = 128
    # In a text of more than this many paragraphs, a content-word band value shared by more than
    # long_text_bucket paragraphs pairs none of them: the pairs then grow with the text, not its square.
    long_text_paragraphs: int = 1000
    long_text_bucket: int = 16
    content_bands: tuple[int, int] = (64, 2)
    seed: int = 1

    # --- verification (rapidfuzz and content-word alignment) -------------------------------
    near_ratio: float = 90.0  # rapidfuzz ratio for a near-verbatim repeat
    reworded_coverage: float = 0.6  # weighted share of a paragraph's content found in its counterpart
    reworded_coverage_weak: float = 0.4  # enough inside a run that has strong pairs around it
    sentence_support: float = 0.5  # weighted share of a sentence's content found in the aligned copy
    paragraph_covered_share: float = 0.75  # share of a paragraph's sentences that must be supported
    min_run_paragraphs: int = 2  # a reworded second version spans at least this many paragraphs
    # A rewrite in other words (synonyms, new phrasing) shares fewer content words than the
    # coverage above asks for. What gives it away is order: paragraph after paragraph re-tells
    # one earlier paragraph each, clearly better than any other, in the earlier order.
    ordered_run_paragraphs: int = 3  # at least this many earlier paragraphs re-told in a row
    ordered_min_coverage: float = 0.2  # each one's coverage by its counterpart
    ordered_margin: float = 2.0  # ... at least this many times its coverage by any other paragraph
    ordered_mean_coverage: float = 0.35  # and the run's mean coverage
    ordered_anchor_coverage: float = 0.5  # and one paragraph of the run re-told at least this closely
    ordered_new_values: float = 1 / 3  # at most this share of the run's names and numbers new to the text
    # A machine paraphrase rewords every sentence, so no paragraph is re-told closely; a long
    # run that brings no new name or number needs no close anchor.
    ordered_long_run: int = 5  # this many earlier paragraphs re-told in a row ...
    ordered_long_run_new_values: float = 0.1  # ... with at most this share of new names and numbers

    # Second versions found by aligning sentences (dedup.retellings).
    aligned_max_sentences: int = 1000  # longer texts are left to the paragraph analysis
    aligned_min_stems: int = 3  # a sentence with fewer content words is not compared
    aligned_support: float = 0.5  # coverage of a sentence by an earlier one (or two) that supports it
    aligned_start: float = 0.4  # a run is tried from a block one of whose sentences an earlier one covers this much
    aligned_supported: float = 0.6  # share of the run's sentences on the chain in order
    aligned_chain_floor: float = 0.3  # a pair below this coverage never joins the chain in order
    aligned_mean_coverage: float = 0.45  # mean coverage of the pairs on the chain
    aligned_covers: float = 0.5  # share of the earlier text's sentences the run re-tells
    aligned_covers_close: float = 0.35  # ... when nearly every sentence of the run is supported,
    aligned_reach: float = 0.7  # or when the sentences it re-tells span this share of the earlier text
    # Share of the run's names and numbers the earlier text lacks: another story, or a brief
    # from one template, brings its own; a rewrite keeps the facts.
    aligned_new_values: float = 0.15
    aligned_retold_new_values: float = 0.4  # ... for a run of four or more sentences, nearly all re-told in order
    # A sentence of the run that no earlier sentence covers this much says something new: it
    # stays unless unsafe fixes apply, like a sentence with a new fact.
    aligned_unsupported: float = 0.2
    # A re-telling that starts a news item of its own (after "Reuter", "&#3;") is another
    # story when more than this share of its names and numbers are new to the text before.
    item_new_values: float = 0.12

    # --- cleaning --------------------------------------------------------------------------
    keep_unique: bool = False  # keep sentences that only the removed copy has
    # A removal that could lose a fact (a sentence of a removed copy with a name, number or
    # date the kept text lacks) is an unsafe fix: reported, applied only when this is set.
    unsafe_fixes: bool = False

    def rule_enabled(self, rule_id: str) -> bool:
        def matches(patterns: tuple[str, ...]) -> bool:
            return any(rule_id == p or rule_id.startswith(p.rstrip(".") + ".") for p in patterns)

        if self.select and not matches(self.select):
            return False
        return not matches(self.ignore)

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        best: tuple[int, Severity] | None = None
        for pattern, severity in self.severity_overrides.items():
            if rule_id == pattern or rule_id.startswith(pattern.rstrip(".") + "."):
                if best is None or len(pattern) > best[0]:
                    best = (len(pattern), severity)
        return best[1] if best else default


DEFAULT_SETTINGS = Settings()
