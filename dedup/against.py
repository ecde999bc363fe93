"""New articles against a folder of published ones (``dedup check NEW… --against DIR``).

The batch stages (signatures, candidate buckets, verification, clusters) run over the published
folder and the new articles together; a cluster that holds a new article and a published one
means the new article repeats or rewords the published one. Each new article gets one
``corpus.duplicate-article`` finding that names the published article, which always counts as
the one kept.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import Settings

if TYPE_CHECKING:
    from .batch.sigcache import SignatureCache


@dataclass(frozen=True, slots=True)
class Published:
    """A published article that a new one copies."""

    name: str
    kind: str  # "exact", "near" or "reworded"
    score: float


@dataclass(slots=True)
class Comparison:
    matches: dict[str, list[Published]]  # real path of a new article -> the published ones it copies
    errors: list  # InputError from reading the folder
    cache: "SignatureCache | None" = None  # the signature cache used, with what it read and signed


def compare(new: list[str], folder: str, settings: Settings, walk, config,
            cache_folder: str | os.PathLike | None = None) -> Comparison:
    """Which published articles under ``folder`` each of the ``new`` files repeats or rewords.

    With ``cache_folder``, the signatures of the published articles are kept there by content
    (see :mod:`dedup.batch.sigcache`): a later run signs only the files that changed; the new
    articles are signed every time and not kept.
    """
    from .batch.rules import BOILERPLATE, SHARED_PASSAGE
    from .batch.run import cross_article
    from .batch.sigcache import SignatureCache

    new_real = {os.path.realpath(p) for p in new}
    cache = SignatureCache(cache_folder, fresh=new_real) if cache_folder is not None else None
    # Only duplicate articles are asked for: shared passages and boilerplate among the published
    # articles are not looked for.
    only_copies = dataclasses.replace(settings, ignore=(*settings.ignore, BOILERPLATE, SHARED_PASSAGE))
    corpus = cross_article([folder, *new], walk, config, only_copies, cache=cache)
    refs = corpus.signatures.refs
    matches: dict[str, list[Published]] = {}
    for cluster in corpus.clusters:
        members = {m.row: m for m in cluster.members}
        published = [m for m in cluster.members if os.path.realpath(refs[m.row].path) not in new_real]
        if not published:
            continue
        for member in cluster.members:
            real = os.path.realpath(refs[member.row].path)
            if real not in new_real:
                continue
            # The published article it was verified against, else the one the cluster keeps, else the first.
            via = members.get(member.via)
            counterpart = via if via in published else next(
                (m for m in published if m.row == cluster.kept), published[0])
            kind = member.kind if member.kind != "kept" else counterpart.kind
            score = member.score if member.kind != "kept" else counterpart.score
            matches.setdefault(real, []).append(Published(refs[counterpart.row].name, kind, score))
    return Comparison(matches, list(corpus.errors), cache)


def findings_for(text: str, path: str, comparison: Comparison, settings: Settings) -> list:
    """The ``corpus.duplicate-article`` findings of one new article (none when it copies nothing)."""
    from .batch.rules import DUPLICATE_ARTICLE, Drop, duplicate_finding

    if not settings.rule_enabled(DUPLICATE_ARTICLE):
        return []
    out = []
    for number, match in enumerate(comparison.matches.get(os.path.realpath(path), []), start=1):
        out.append(duplicate_finding(settings, text, Drop(number, match.name, match.kind, match.score, match.name)))
    return out
