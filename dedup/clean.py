"""Turn findings into edits, and edits into a cleaned text.

The cleaner never invents text: every character of its output comes from the input,
except the line breaks and spaces that mend a broken boundary. Its result is the
cleaned text together with the edits that produce it, and :func:`apply_edits` replays
those edits to reproduce the output exactly.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .models import Edit, Finding, Span
from .segment import Document, line_feeds


def block_deletion(doc: Document, index: int, removed: frozenset[int]) -> Span:
    """The span that removes block ``index`` together with one separator.

    Neighbouring removed blocks go as one run. A run followed by a kept block takes the
    separator after each of its blocks, or the one before each when the separators around the
    run differ (a single line break against a blank line), so that the next block keeps the
    break it had; a trailing run of removed blocks takes the separator before each, so that the
    text keeps its final newline. Either way the spans of a run's blocks touch.
    """
    blocks = doc.blocks
    block = blocks[index]
    first, last = index, index
    while first > 0 and first - 1 in removed:
        first -= 1
    while last + 1 < len(blocks) and last + 1 in removed:
        last += 1
    if last + 1 < len(blocks) and (first == 0 or not _keeps_break_after(doc, first, last)):
        # Whole lines go: the block's own indentation, and its separator up to the next
        # block's line, whose indentation (a wire paragraph's four spaces) stays.
        start, end = block.span.start, blocks[index + 1].span.start
        text = _line_feed_view(doc)
        line_start = text.rfind("\n", 0, start) + 1
        if index > 0 and not text[line_start:start].strip():
            start = max(line_start, blocks[index - 1].span.end)
        gap = text[block.span.end : end]
        if "\n" in gap:
            end = block.span.end + gap.rfind("\n") + 1
        return Span(start, end)
    start = blocks[index - 1].span.end if index > 0 else block.span.start
    return Span(start, block.span.end)


def _keeps_break_after(doc: Document, first: int, last: int) -> bool:
    """Whether the run of blocks ``first``..``last`` should go with the separators before them,
    leaving the next block the break it had after the run, rather than the one before it.

    It matters when the two differ (a single line break against a blank line): the next block
    must be read as the same block next time, or cleaning would not be idempotent. A title one
    line break below a paragraph is read as a title, and one after a blank line may be read as
    the first line of a paragraph; but two short lines one line break apart may be read as one
    hard-wrapped paragraph. The break that keeps both neighbours as they were is chosen, by
    reading them again. (No break before: a glued block, which keeps the break after.)"""
    blocks, text = doc.blocks, _line_feed_view(doc)
    before = text[blocks[first - 1].span.end : blocks[first].span.start]
    after = text[blocks[last].span.end : blocks[last + 1].span.start]
    if "\n" not in before or before.count("\n") == after.count("\n"):
        return False
    return _reads_alike(doc, first - 1, last + 1, after) or not _reads_alike(doc, first - 1, last + 1, before)


def _reads_alike(doc: Document, kept: int, following: int, separator: str) -> bool:
    """Whether blocks ``kept`` and ``following``, joined by ``separator``, are read as the same
    two blocks again."""
    from .segment import segment

    a, b = doc.blocks[kept], doc.blocks[following]
    window = doc.text[a.span.start : a.span.end] + separator + doc.text[b.span.start : b.span.end]
    again = segment(window).blocks
    return len(again) == 2 and [(x.kind, x.text) for x in again] == [(a.kind, a.text), (b.kind, b.text)]


def sentence_deletion(doc: Document, sentence_index: int) -> Span:
    """The span that removes one sentence from a paragraph that otherwise stays.

    It takes the sentence with the gap on one side and keeps the gap on the other,
    choosing to keep a gap that holds white space, so the neighbours stay apart.
    """
    sentence = doc.sentences[sentence_index]
    siblings = doc.blocks[sentence.block].sentences
    position = siblings.index(sentence)
    before = siblings[position - 1].span.end if position > 0 else None
    after = siblings[position + 1].span.start if position + 1 < len(siblings) else None
    def spaced(a: int, b: int) -> bool:
        return any(ch.isspace() for ch in doc.text[a:b])

    if after is not None and (before is None or spaced(before, sentence.span.start)):
        return Span(sentence.span.start, after)  # keep the gap before it
    if before is not None and (after is None or spaced(sentence.span.end, after)):
        return Span(before, sentence.span.end)  # keep the gap after it
    return Span(sentence.span.start, after) if after is not None else sentence.span


def keep_sentences(doc: Document, index: int, keep: set[int], removed: frozenset[int]) -> list[Span]:
    """Deletions for a removed block whose sentences in ``keep`` must stay (``--keep-unique``)."""
    block = doc.blocks[index]
    spans = []
    for s in block.sentences:
        if s.index not in keep:
            spans.append(sentence_deletion(doc, s.index))
    if not any(s.index in keep for s in block.sentences):
        return [block_deletion(doc, index, removed)]
    return spans


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replay edits on the original text. Edits must not overlap (zero-width ones may touch).

    >>> from dedup.models import Edit, Span
    >>> apply_edits("said.The end", [Edit("break.missing-space", Span(5, 5), " ")])
    'said. The end'
    """
    out: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if edit.span.start < position:
            raise ValueError(f"overlapping edits at offset {edit.span.start}")
        out.append(text[position : edit.span.start])
        out.append(edit.replacement)
        position = edit.span.end
    out.append(text[position:])
    return "".join(out)


def compose(text: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """The edits of ``text`` that make what ``second`` makes of what ``first`` makes of it.

    Every character of the final text either comes from ``text`` unchanged or was written by an
    edit; the edits are the stretches between the characters that come through, each named after
    the last pass that changed it.

    >>> from dedup.models import Edit, Span
    >>> text = "One. Two. Two. Three."
    >>> first = [Edit("a", Span(9, 14))]                    # "One. Two. Three."
    >>> second = [Edit("b", Span(0, 5)), Edit("c", Span(9, 9), "!")]
    >>> composed = compose(text, first, second)
    >>> apply_edits(text, composed), [(e.rule, e.span.start, e.span.end) for e in composed]
    ('Two.! Three.', [('b', 0, 5), ('c', 9, 14)])
    """
    once, from_text = _origins(text, first)
    twice, from_once = _origins(once, second)
    edits: list[Edit] = []
    kept, out, in_once = -1, -1, -1  # the last character that came through: in text, twice, once
    for position in range(len(twice) + 1):
        if position < len(twice):
            middle = from_once[position]
            source = from_text[middle] if middle >= 0 else -1
            if source < 0:
                continue  # written by an edit: part of the replacement of the stretch it is in
        else:
            middle, source = len(once), len(text)
        if source != kept + 1 or position != out + 1:
            gone, made = Span(kept + 1, source), Span(in_once + 1, middle)
            replacement = twice[out + 1 : position]
            # Named after the second pass where it changed the stretch, else after the first.
            changed = once[made.start : made.end] != replacement
            rule = (_touching(second, made) if changed else None) or _touching(first, gone) \
                or _touching(second, made)
            edits.append(Edit(rule.rule if rule else "", gone, replacement, rule.reason if rule else ""))
        kept, out, in_once = source, position, middle
    return edits


def _origins(text: str, edits: Sequence[Edit]) -> tuple[str, list[int]]:
    """The text the edits make, and for each of its characters the offset in ``text`` it comes
    from, or -1 for one an edit wrote."""
    out: list[str] = []
    origins: list[int] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        out.append(text[position : edit.span.start])
        origins.extend(range(position, edit.span.start))
        out.append(edit.replacement)
        origins.extend([-1] * len(edit.replacement))
        position = edit.span.end
    out.append(text[position:])
    origins.extend(range(position, len(text)))
    return "".join(out), origins


def _touching(edits: Sequence[Edit], span: Span) -> Edit | None:
    """The first edit touching ``span``."""
    return next((e for e in edits if e.span.start <= span.end and span.start <= e.span.end), None)


def _line_feed_view(doc: Document) -> str:
    """The document's text with every line break read as a line feed (see segment.line_feeds)."""
    return doc.memo("line-feeds", lambda: line_feeds(doc.text))


def resolve(text: str, edits: Iterable[Edit]) -> list[Edit]:
    r"""Merge the edits of all findings into one non-overlapping list.

    Overlapping deletions merge. A repair (a replacement by whitespace) inside a deletion
    is dropped, except one at the very start of a deletion with text after it: the break
    it mends is still there once the block after it is gone. So is a line break that a
    deletion would take away between the text before it and the text after it (the end of
    a paragraph, then a glued heading that goes): it moves to the start of the deletion.

    >>> from dedup.models import Edit, Span
    >>> [(e.span.start, e.span.end, e.replacement) for e in resolve("ab.## H\n\nc. Done.", [
    ...     Edit("x", Span(3, 11), ""), Edit("y", Span(3, 3), "\n\n")])]
    [(3, 3, '\n\n'), (3, 11, '')]
    """
    edits = list(edits)
    text = line_feeds(text)  # the breaks are read alike; offsets are the same
    deletions: list[Edit] = []
    for edit in sorted((e for e in edits if not e.replacement), key=lambda e: (e.span.start, e.span.end)):
        if deletions and edit.span.start <= deletions[-1].span.end:
            last = deletions[-1]
            if edit.span.end > last.span.end:
                deletions[-1] = Edit(last.rule, Span(last.span.start, edit.span.end), "", last.reason)
            continue
        deletions.append(edit)
    deletions = [_without_extra_blank_lines(text, _without_trailing_space(text, d)) for d in deletions]
    result = list(deletions)
    mended: set[Edit] = set()  # deletions that keep a repair at their start
    for repair in sorted({e for e in edits if e.replacement}, key=lambda e: (e.span.start, e.span.end)):
        hit = next((d for d in deletions if _meets(d.span, repair.span)), None)
        if hit is None:
            result.append(repair)
        elif hit not in mended and (repair.span.start == hit.span.start or _joins_blocks(text, hit, repair)) \
                and text[hit.span.end :].strip() and not _ends_a_line(text, hit, repair):
            mended.add(hit)
            result.append(Edit(repair.rule, Span(hit.span.start, hit.span.start), repair.replacement, repair.reason))
    return sorted(result, key=lambda e: (e.span.start, e.span.end))


def _ends_a_line(text: str, deletion: Edit, repair: Edit) -> bool:
    """Whether a space put in at the start of ``deletion`` would end a line: what follows the
    deletion starts on a line of its own, so the space mends nothing."""
    return not repair.replacement.strip(" \t") and text[deletion.span.end : deletion.span.end + 1] in ("\n", "")


def _meets(deletion: Span, repair: Span) -> bool:
    """Whether a repair falls in a deletion: an insertion at its start or inside it, or a
    replacement that overlaps it (one that only touches it, ending where it starts, stays)."""
    if repair.start == repair.end:
        return deletion.start <= repair.start < deletion.end
    return deletion.start < repair.end and repair.start < deletion.end


def _without_trailing_space(text: str, deletion: Edit) -> Edit:
    """``deletion``, taking the spaces before it too when it runs to the end of a line that
    keeps text before it (the last sentences of a paragraph go: the space after the kept
    one would be left at the end of the line)."""
    start, end = deletion.span.start, deletion.span.end
    if end < len(text) and text[end] != "\n" or start == 0 or text[start - 1] not in " \t":
        return deletion
    first = start
    while first > 0 and text[first - 1] in " \t":
        first -= 1
    if first == 0 or text[first - 1] == "\n":
        return deletion  # the line holds nothing else: the blank-line rule below decides
    return Edit(deletion.rule, Span(first, end), "", deletion.reason)


def _without_extra_blank_lines(text: str, deletion: Edit) -> Edit:
    """``deletion``, taking more of the white space around it when the line breaks left on its
    two sides would add up to more than one blank line (or more than the text had above the
    deletion; at the end of the text, more than the text's own final line breaks). Deletions from several rules that meet (boilerplate lines,
    then a repeated last paragraph) each take one separator, which need not be the right one.
    """
    start, end = deletion.span.start, deletion.span.end
    if "\n" not in text[start:end]:
        return deletion
    before = len(text[:start]) - len(text[:start].rstrip())
    after = len(text[end:]) - len(text[end:].lstrip())
    above = text[start - before : start].count("\n")
    breaks = above + text[end : end + after].count("\n")
    if end + after == len(text):  # the text ends as it did
        wanted = len(text) - len(text.rstrip("\r\n")) - text[len(text.rstrip("\r\n")) :].count("\r")
    else:  # one blank line, or the breaks the text had above the deletion
        wanted = max(2, above)
    if breaks <= wanted:
        return deletion
    extra, taken, given = breaks - wanted, 0, 0
    while extra and taken < after:  # the white space after it, first
        extra -= text[end + taken] == "\n"
        taken += 1
    while extra and given < before:  # then, at the end of the text, the white space before it
        given += 1
        if text[start - given] == "\n":
            extra -= 1
            given += given < before and text[start - given - 1] == "\r"  # a CRLF goes whole
    return Edit(deletion.rule, Span(start - given, end + taken), "", deletion.reason)


def _joins_blocks(text: str, deletion: Edit, repair: Edit) -> bool:
    """Whether ``deletion`` takes away the only break between the text before it and the text
    after it, a break that ``repair`` (a glued heading put on its own line) would have made."""
    start = deletion.span.start
    return "\n" in repair.replacement and start > 0 and text[start - 1] != "\n"


def fixes(text: str, findings: Iterable[Finding]) -> list[Edit]:
    return resolve(text, (e for f in findings for e in f.fix))
