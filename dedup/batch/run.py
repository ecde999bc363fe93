"""A whole batch run: the stages of :mod:`dedup.batch.stages` one after another.

The main process keeps signatures and decisions; texts are read by the workers of each
stage and dropped again. Everything is sorted by article (path, then id) before it is
decided or written, so results and output bytes do not depend on ``jobs`` or on the
order the inputs were given in.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..config import Settings
from ..io import AtomicWriter, InputError, remove_temporaries
from . import manifest, rules
from .apply import (
    ArticlePlan, ArticleReport, StageOptions, apply_task, file_tasks, jsonl_tasks, selects_article_rules,
)
from .candidates import candidates
from .clusters import Cluster, build_clusters, cluster_labels, components
from .config import BatchConfig
from .corpus import DocRef, read_text
from .parallel import Progress, run_tasks, stage_state, warm_up
from .passages import Boilerplate, SharedPassage, find_boilerplate, shared_passages
from .sigcache import SignatureCache
from .signatures import ChunkStore, Signatures, make_tasks, sign_task, task_weight
from .verify import Link, PassageLink, pair_tasks, verify_task
from .walk import Discovery, InputFile, WalkOptions, discover, overwritten_input


@dataclass(frozen=True, slots=True)
class Output:
    """Where ``clean`` writes: below ``folder`` (mirroring the inputs), or over the inputs."""

    folder: str | None = None
    in_place: bool = False

    def target(self, file: InputFile) -> str | None:
        if self.in_place:
            return file.path
        if self.folder:
            return os.path.join(self.folder, *file.relative.split("/"))
        return None


@dataclass(slots=True)
class Location:
    """A passage of an article, for reports."""

    name: str
    start: int
    end: int
    line: int


@dataclass(slots=True)
class BatchResult:
    mode: str  # "check" or "clean"
    files: list[InputFile]
    refs: list[DocRef]
    reports: list[ArticleReport]  # one per article read, in article order
    clusters: list[Cluster]
    boilerplate: list[tuple[Boilerplate, str, Location]]  # with the passage's text and first place
    shared: list[tuple[SharedPassage, Location, Location, int]]  # with both places and the word count
    errors: list[InputError]
    config: BatchConfig
    outputs: dict[str, str] = field(default_factory=dict)  # input file -> output written (clean)
    removed: list[str] = field(default_factory=list)  # earlier outputs this run did not write, removed
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class CorpusFindings:
    """Stages 1 to 4: what the corpus shows, before any article is checked or written."""

    files: list[InputFile]
    signatures: Signatures
    clusters: list[Cluster]
    boilerplate: list[Boilerplate]
    shared: list[SharedPassage]
    errors: list[InputError]
    timings: dict[str, float]


def local_inputs(paths: list[str], walk: WalkOptions, config: BatchConfig) -> Discovery:
    """The input files under ``paths`` on this machine's folders."""
    return discover(paths, walk)


@dataclass(frozen=True, slots=True)
class Engine:
    """Where the stages run: ``run_tasks`` runs a stage's per-task function over its tasks (results in
    task order, as :func:`dedup.batch.parallel.run_tasks`), ``components`` joins verified links into
    groups (as :func:`dedup.batch.clusters.components`), ``discover`` finds the input files (as
    :func:`local_inputs`; an engine may also list URIs). By default, this machine's worker processes."""

    run_tasks: Callable = run_tasks
    discover: Callable[[list[str], WalkOptions, BatchConfig], Discovery] = local_inputs
    components: Callable[[int, list[Link]], list[list[int]]] = components
    # Stages 1 and 2 run elsewhere, or None: (files, config) -> (Signatures without sketches,
    # Candidates, errors), or None to run them here.
    signed_candidates: Callable | None = None


LOCAL = Engine()


class OutputClash(ValueError):
    """An output of a batch clean would overwrite one of its inputs; nothing was written."""


def cross_article(paths: list[str], walk: WalkOptions, config: BatchConfig, settings: Settings,
                  progress: Progress | None = None, found: Discovery | None = None,
                  cache: SignatureCache | None = None, engine: Engine = LOCAL) -> CorpusFindings:
    """Signatures, candidate buckets, verification, clusters, boilerplate and shared passages.

    With a ``cache``, stage 1 reads the signatures of unchanged files from it (same results).
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    found = found or engine.discover(paths, walk, config)
    errors = list(found.errors)
    elsewhere = engine.signed_candidates(found.files, config) if engine.signed_candidates and cache is None else None
    if elsewhere is not None:  # the engine kept the sketches off this process
        sigs, candidate_set, sign_errors = elsewhere
        errors += sign_errors
        timings["signatures and candidates"] = time.perf_counter() - clock
    else:
        if cache is not None:
            sigs, sign_errors = cache.signatures(found.files, config, progress)
        else:
            sigs, sign_errors = signatures(found.files, config, progress, engine)
        errors += sign_errors
        timings["signatures"] = time.perf_counter() - clock

        clock = time.perf_counter()
        candidate_set = candidates(sigs, config, progress)
        _release(sigs)
        timings["candidates"] = time.perf_counter() - clock

    clock = time.perf_counter()
    links: list[Link] = []
    if settings.rule_enabled(rules.DUPLICATE_ARTICLE):
        links, verify_errors = verify_articles(sigs, candidate_set, config, progress, engine)
        errors += verify_errors
    clusters = build_clusters(sigs, links, config.keep, engine.components(len(sigs), links))
    timings["verification"] = time.perf_counter() - clock

    clock = time.perf_counter()
    labels = cluster_labels(len(sigs), clusters)
    boilerplate = find_boilerplate(sigs, labels, config) if settings.rule_enabled(rules.BOILERPLATE) else []
    shared: list[SharedPassage] = []
    if settings.rule_enabled(rules.SHARED_PASSAGE):
        passage_links, passage_errors = verify_passages(sigs, candidate_set.passage_pairs, labels, config, progress,
                                                         engine)
        errors += passage_errors
        shared = shared_passages(sigs, labels, passage_links, boilerplate)
    timings["passages"] = time.perf_counter() - clock
    return CorpusFindings(found.files, sigs, clusters, boilerplate, shared, errors, timings)


def run_batch(paths: list[str], walk: WalkOptions, config: BatchConfig, settings: Settings, *,
              clean: bool = False, output: Output = Output(), report_format: str = "json",
              color: bool = False, progress: Progress | None = None, engine: Engine = LOCAL) -> BatchResult:
    """Check or clean every article under ``paths`` as one corpus.

    Raises :class:`OutputClash`, before reading any article, when an output of ``clean``
    would overwrite an input (other than with ``--in-place``), and
    :class:`~dedup.batch.walk.InputUnavailable` when an input named by a URI cannot be listed.
    """
    found = engine.discover(paths, walk, config)
    if clean and not output.in_place:
        clash = overwritten_input(found.files, output.target)
        if clash:
            raise OutputClash(clash)
    corpus = cross_article(paths, walk, config, settings, progress, found, engine=engine)
    sigs, timings = corpus.signatures, corpus.timings
    clock = time.perf_counter()
    target = output if clean else Output()
    options = StageOptions(settings, config, clean, report_format, color,
                           {b.key: b.articles for b in corpus.boilerplate}, selects_article_rules(settings))
    plans = make_plans(sigs, corpus.clusters, corpus.shared, corpus.files, target)
    folder = target.folder if clean and not target.in_place else None
    targets = [t for t in (target.target(f) for f in corpus.files) if t] if clean else []
    if folder:
        earlier = manifest.begin(folder, targets)
    try:
        reports, apply_errors, outputs = apply_all(plans, corpus.files, options, target, progress, engine)
    except BaseException:
        for path in targets:  # a worker stopped while writing leaves its temporary file
            remove_temporaries(path)
        raise
    removed = manifest.finish(folder, outputs.values(), earlier) if folder else []
    timings["apply"] = time.perf_counter() - clock
    errors = corpus.errors + apply_errors
    return BatchResult(
        mode="clean" if clean else "check", files=corpus.files, refs=sigs.refs, reports=reports,
        clusters=corpus.clusters, boilerplate=_with_texts(corpus.boilerplate, sigs, config, engine),
        shared=[_locate(s, sigs) for s in corpus.shared],
        errors=sorted({str(e): e for e in errors}.values(), key=InputError.sort_key), config=config, outputs=outputs,
        removed=removed, timings=timings,
    )


def signatures(files: list[InputFile], config: BatchConfig,
               progress: Progress | None = None, engine: Engine = LOCAL) -> tuple[Signatures, list[InputError]]:
    """Stage 1 over every input file."""
    warm_up()
    tasks = make_tasks(files, config)
    store = ChunkStore()
    for chunk in engine.run_tasks(sign_task, tasks, config.jobs, {"config": config}, progress, "signatures",
                                  task_weight):
        store.add(chunk)
    return store.finish(config)


def _release(sigs: Signatures) -> None:
    """Drop the sketches once buckets are made: later stages need only keys and positions."""
    sigs.shingles = sigs.shingles[:0]
    sigs.passage_sigs = sigs.passage_sigs[:0]
    sigs.stems = sigs.stems[:0]
    sigs.stem_offsets = sigs.stem_offsets[:1]


def verify_articles(sigs: Signatures, found, config: BatchConfig, progress: Progress | None = None,
                    engine: Engine = LOCAL) -> tuple[list[Link], list[InputError]]:
    """Stage 3 for articles: the exact pairs as they are, the others checked in workers."""
    links = [Link(int(a), int(b), "exact", 1.0) for a, b in found.exact_pairs.tolist()]
    tasks = pair_tasks(found.doc_pairs, sigs.refs, "articles", hints=(found.agreement, found.coverage))
    verified, errors = _verify(tasks, config, progress, "verification", engine)
    return sorted(links + verified), errors


def verify_passages(sigs: Signatures, pairs: np.ndarray, labels: np.ndarray, config: BatchConfig,
                    progress: Progress | None = None,
                    engine: Engine = LOCAL) -> tuple[list[PassageLink], list[InputError]]:
    """Stage 3 for paragraphs of articles that tell different stories."""
    units = sigs.units
    if len(pairs):
        pairs = pairs[labels[units.doc[pairs[:, 0]]] != labels[units.doc[pairs[:, 1]]]]
    spans = {int(u): (int(units.doc[u]), int(units.start[u]), int(units.end[u])) for u in np.unique(pairs)}
    tasks = pair_tasks(pairs, sigs.refs, "passages", spans)
    links, errors = _verify(tasks, config, progress, "passages", engine)
    return sorted(links), errors


def _verify(tasks, config: BatchConfig, progress: Progress | None, label: str,
            engine: Engine = LOCAL) -> tuple[list, list[InputError]]:
    """Run verification tasks in the workers and gather what they verified and what failed."""
    links: list = []
    errors: list[InputError] = []
    for verified, problems in engine.run_tasks(verify_task, tasks, config.jobs, {"config": config}, progress, label,
                                        lambda t: len(t[1])):
        links.extend(verified)
        errors.extend(problems)
    return links, errors


def make_plans(sigs: Signatures, clusters: list[Cluster], shared: list[SharedPassage],
               files: list[InputFile], output: Output) -> list[ArticlePlan]:
    """One plan per article: dropped or not, its shared passages, where its output goes."""
    names = [r.name for r in sigs.refs]
    drops: dict[int, rules.Drop] = {}
    for c in clusters:
        for m in c.members:
            if m.row != c.kept:
                drops[m.row] = rules.Drop(c.number, names[c.kept], m.kind, m.score, names[m.via])
    mentions: dict[int, list[rules.Mention]] = {}
    units = sigs.units
    for s in shared:
        for here, there in ((s.first, s.second), (s.second, s.first)):
            mentions.setdefault(int(units.doc[here]), []).append(rules.Mention(
                int(units.start[here]), int(units.end[here]), names[units.doc[there]],
                int(units.start[there]), int(units.end[there]), int(units.line[there]), s.kind, s.score))
    targets = {f.path: output.target(f) for f in files}
    return [
        ArticlePlan(row, ref, int(sigs.chars[row]), drops.get(row), tuple(mentions.get(row, ())),
                    None if ref.line else targets.get(ref.path))
        for row, ref in enumerate(sigs.refs)
    ]


def apply_all(plans: list[ArticlePlan], files: list[InputFile], options: StageOptions, output: Output,
              progress: Progress | None = None,
              engine: Engine = LOCAL) -> tuple[list[ArticleReport], list[InputError], dict[str, str]]:
    """Stage 5: run the apply tasks; JSONL outputs are streamed to their files in order."""
    plain = [p for p in plans if not p.ref.line]
    tasks = file_tasks(plain, options.config.files_per_task)
    by_file: dict[str, dict[int, ArticlePlan]] = {}
    for p in plans:
        if p.ref.line:
            by_file.setdefault(p.ref.path, {})[p.ref.line] = p
    targets: dict[str, str] = {}
    last_task: dict[str, int] = {}
    for f in files:
        if not f.jsonl:
            continue
        try:
            chunks = f.chunks(options.config.jsonl_task_bytes)
        except OSError:
            continue  # reported by stage 1
        tasks.extend(jsonl_tasks(f.path, chunks, by_file.get(f.path, {})))
        last_task[f.path] = len(tasks) - 1
        target = output.target(f)
        if options.clean and target:
            targets[f.path] = target
    reports: list[ArticleReport] = []
    errors: list[InputError] = []
    writers: dict[str, AtomicWriter] = {}
    written: dict[str, str] = {}
    warm_up(check=options.article_rules)
    results = engine.run_tasks(apply_task, tasks, options.config.jobs, {"options": options}, progress, "articles",
                        _apply_weight)
    # The reports are many small containers that never form cycles; letting the collector
    # walk them again and again as they pile up makes a long run quadratic.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for index, (task, (found, problems, lines)) in enumerate(zip(tasks, results)):
            reports.extend(found)
            errors.extend(problems)
            if task[0] == "jsonl" and task[1] in targets:
                path = task[1]
                if path not in writers:
                    os.makedirs(os.path.dirname(targets[path]) or ".", exist_ok=True)
                    writers[path] = AtomicWriter(targets[path])
                writers[path].write(lines)
                if index == last_task[path]:
                    writers.pop(path).commit()
                    written[path] = targets[path]
    finally:
        for writer in writers.values():
            writer.abort()
        if collecting:
            gc.enable()
    written.update((r.path, r.written) for r in reports if r.written)
    return sorted(reports, key=lambda r: r.row), errors, written


def _apply_weight(task: tuple) -> int:
    return len(task[1]) if task[0] == "files" else max(1, len(task[5]))


def _with_texts(found: list[Boilerplate], sigs: Signatures, config: BatchConfig,
                engine: Engine = LOCAL) -> list[tuple[Boilerplate, str, Location]]:
    """Each boilerplate passage with its text, read from its first occurrence (by the engine's
    workers, in one task: an engine may read its inputs only there)."""
    units = sigs.units
    rows = [b.example for b in found]
    task = ("texts", tuple((sigs.refs[int(units.doc[row])], int(units.start[row]), int(units.end[row]))
                           for row in rows))
    passages = list(engine.run_tasks(passage_texts, [task], 1, {"config": config}))[0] if rows else []
    return [(b, passage, _where(row, sigs)) for b, passage, row in zip(found, passages, rows)]


def passage_texts(task: tuple) -> list[str]:
    """Worker: the text of each ``(ref, start, end)`` of a ``("texts", ...)`` task, its spaces made single
    ("" for an article that cannot be read again)."""
    config: BatchConfig = stage_state()["config"]
    out = []
    for ref, start, end in task[1]:
        try:
            out.append(" ".join(read_text(ref, config.fields, config.max_bytes)[start:end].split()))
        except InputError:
            out.append("")
    return out


def _locate(s: SharedPassage, sigs: Signatures) -> tuple[SharedPassage, Location, Location, int]:
    return s, _where(s.first, sigs), _where(s.second, sigs), int(sigs.units.words[s.first])


def _where(row: int, sigs: Signatures) -> Location:
    units = sigs.units
    return Location(sigs.refs[int(units.doc[row])].name, int(units.start[row]), int(units.end[row]),
                    int(units.line[row]))
