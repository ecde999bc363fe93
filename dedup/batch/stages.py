"""The cross-article stages, each usable on its own, with plain data between them.

=====================  =====================================================  ===============================
stage                  function                                               output
=====================  =====================================================  ===============================
0 inputs               :func:`walk.discover` (paths -> sorted files)          ``Discovery``
1 signatures           :func:`signatures.sign_task` per task,                 ``Signatures`` (numpy arrays)
                       :func:`signatures.merge_chunks` (or ``ChunkStore``)
2 candidate buckets    :func:`candidates.candidates`                          ``Candidates`` (pair arrays)
3 verification         :func:`verify.verify_task` per task of pairs           ``list[Link]``,
                                                                              ``list[PassageLink]``
4 clusters             :func:`clusters.build_clusters`,                       ``list[Cluster]``,
                       :func:`passages.find_boilerplate`,                     ``list[Boilerplate]``,
                       :func:`passages.shared_passages`                       ``list[SharedPassage]``
5 apply                :func:`apply.apply_task` per task of plans             ``ArticleReport`` + outputs
=====================  =====================================================  ===============================

Shapes (``n`` articles, ``u`` lines and paragraphs, ``m`` long paragraphs):

- ``Signatures.refs``: ``list[DocRef]`` sorted by path and id; row ``i`` of every array is ``refs[i]``.
- ``Signatures.shingles``: ``uint32[n, num_perm]``, the affine32 MinHash of word 3-shingles.
- ``Signatures.stems``/``stem_offsets``: ``uint32[s]`` / ``int64[n + 1]``, each article's content-stem hashes.
- ``Signatures.units``: parallel arrays over ``u`` rows (article, kind, start, end, line, key, words).
- ``Signatures.passage_sigs``: ``uint32[m, passage_perm]`` for the unit rows ``Signatures.passages``.
- ``Candidates.exact_pairs``/``doc_pairs``/``passage_pairs``: ``int64[k, 2]``, ``first < second``;
  ``Candidates.agreement``/``coverage``: ``float64[len(doc_pairs)]``, what verification starts from.
- ``Link(first, second, kind, score)``, ``PassageLink(first, second, score)``: rows as above.
- ``Cluster(number, kept, members)``, ``Member(row, via, kind, score)``.

Every stage is a pure function of its inputs (the worker stages read the articles again
from their ``DocRef``), so a distributed engine can run the per-task functions where it
likes and the whole-corpus ones (merge, buckets, clusters) on one machine. A
:class:`dedup.batch.run.Engine` says where: this machine's worker pool by default, or
Spark's executors (:mod:`dedup.batch.spark`). An engine may also run stages 1 and 2 itself
(``Engine.signed_candidates``) and hand back ``Signatures`` without sketches and the
``Candidates``: Spark does so past its driver's bound, keeping the sketches on its executors.
"""

from __future__ import annotations

from .apply import ArticlePlan, ArticleReport, apply_task
from .candidates import Candidates, StemTable, candidates
from .clusters import Cluster, Member, build_clusters, cluster_labels
from .passages import Boilerplate, SharedPassage, find_boilerplate, shared_passages
from .signatures import ChunkStore, Signatures, SignedChunk, make_tasks, merge_chunks, sign_task
from .verify import Link, PassageLink, pair_tasks, verify_task
from .walk import Discovery, discover

__all__ = [
    "ArticlePlan", "ArticleReport", "Boilerplate", "Candidates", "ChunkStore", "Cluster", "Discovery", "Link", "Member",
    "PassageLink", "SharedPassage", "Signatures", "SignedChunk", "StemTable", "apply_task", "build_clusters",
    "candidates", "cluster_labels", "discover", "find_boilerplate", "make_tasks", "merge_chunks", "pair_tasks",
    "shared_passages", "sign_task", "verify_task",
]
