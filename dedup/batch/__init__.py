"""Batch runs over folders and JSONL corpora: per-article checks plus what only a corpus shows.

Duplicate articles (verbatim, near-verbatim, reworded) grouped into clusters, passages
shared between articles, and boilerplate found in many of them. The stages are listed
in :mod:`dedup.batch.stages`; :func:`dedup.batch.run.run_batch` runs them all.
"""
