"""The editor's review page and decisions: rejecting an edit keeps its passage, the page and
``clean --decisions`` give the same bytes, and a decisions file for another text is refused."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup import clean_text
from dedup.cli import main
from dedup.render import review as page
from dedup.review import DecisionsError, apply, decisions

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "examples" / "scraped-article.txt"
FALLBACK = ROOT / "fixtures" / "defects" / "05-two-titles-reworded-summary-port-strike.txt"
EXAMPLE = SHARED if SHARED.is_file() else FALLBACK

A = "The council met on Monday to discuss the new budget for the library.\n\n"
B = "It approved the plan by five votes to two after a long debate.\n\n"
C = "Work on the two new reading rooms starts in the spring, the chief librarian said.\n\n"
TEXT = A + B + A + C + B + "The vote ends a year of talks.Both sides welcomed it.\n"


@pytest.fixture()
def runner():
    return CliRunner()


def removals(result) -> list[int]:
    return [i for i, e in enumerate(result.edits) if len(e.span) and not e.replacement]


def test_rejecting_a_removal_keeps_its_passage():
    result = clean_text(TEXT)
    assert len(result.edits) >= 3
    everything = apply(result, decisions(result), "d.json")
    assert everything.cleaned == result.cleaned
    first = removals(result)[0]
    kept = apply(result, decisions(result, {first}), "d.json")
    removed = result.edits[first].span
    assert TEXT[removed.start : removed.end].strip() in kept.cleaned
    assert kept.cleaned.count(A.strip()) == 2 and len(kept.edits) == len(result.edits) - 1
    nothing = apply(result, decisions(result, set(range(len(result.edits)))), "d.json")
    assert nothing.cleaned == TEXT


def test_a_decisions_file_for_another_text_or_other_edits_is_refused(runner, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    made = decisions(clean_text(TEXT))
    file = tmp_path / "d.json"
    file.write_text(json.dumps(made))
    article.write_text(TEXT + "\nA line added since.\n")
    result = runner.invoke(main, ["clean", str(article), "--decisions", str(file)])
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.exit_code == 2 and len(lines) == 1 and "d.json" in lines[0], result.output
    assert "another version of the article" in lines[0]
    article.write_text(TEXT)
    with pytest.raises(DecisionsError, match="other edits"):
        apply(clean_text(TEXT), dict(made, edits=made["edits"][1:]), "d.json")
    result = runner.invoke(main, ["clean", str(article), "--decisions", str(file), "--select", "break"])
    assert result.exit_code == 2 and "other edits" in result.stderr


def test_the_page_is_self_contained_and_escapes_the_text():
    hostile = "<script>alert(1)</script> & </script><img src=x onerror=alert(2)>\n\n"
    result = clean_text(hostile + TEXT)
    rendered = page.render(result)
    assert "<script>alert(1)" not in rendered and "<img src=x" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    data = rendered.split('id="review-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and json.loads(data)["text"] == hostile + TEXT
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", rendered)
    assert "Download cleaned text" in rendered and "Download decisions" in rendered


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser(*args: str) -> subprocess.CompletedProcess:
    # No network: every fetch the page could make is refused by its content security policy, and
    # background requests are turned off; root needs --no-sandbox.
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--disable-background-networking", "--disable-extensions",
               "--disable-sync", "--virtual-time-budget=5000", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def exported(dom: str, element: str) -> str:
    match = re.search(rf'<pre class="out" id="{element}">(.*?)</pre>', dom, re.S)
    assert match, dom[:500]
    return html.unescape(match.group(1))


@pytest.mark.skipif(chromium() is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_round_trip_through_headless_chromium(runner, tmp_path):
    source = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, source)
    review = tmp_path / "review.html"
    result = runner.invoke(main, ["clean", str(source), "--review", str(review)])
    assert result.exit_code == 0, result.output
    cleaned = clean_text(source.read_text(encoding="utf-8"))
    reject = removals(cleaned)[0]
    passage = cleaned.text[cleaned.edits[reject].span.start : cleaned.edits[reject].span.end].strip()
    assert passage and passage not in cleaned.cleaned

    dom = browser("--dump-dom", review.as_uri() + f"#reject={reject}").stdout
    text, decided = exported(dom, "exported-text"), exported(dom, "exported-decisions")
    assert passage in text and text != cleaned.cleaned
    assert json.loads(decided) == decisions(cleaned, {reject})  # the page's file is the library's

    # The same decisions through the command line give the same bytes.
    decisions_file, out = tmp_path / "decisions.json", tmp_path / "cleaned.txt"
    decisions_file.write_text(decided, encoding="utf-8")
    result = runner.invoke(main, ["clean", str(source), "--decisions", str(decisions_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == text.encode("utf-8")

    artefacts = Path(os.environ.get("DEDUP_TEST_ARTEFACTS", tmp_path))
    artefacts.mkdir(parents=True, exist_ok=True)
    shot = artefacts / "review-page.png"
    browser(f"--screenshot={shot}", "--window-size=1280,1600", review.as_uri() + f"#reject={reject}")
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_second_version_is_shown_beside_the_first_sentence_by_sentence():
    from dedup.rules.examples import SECOND_VERSION_FLAGGED

    result = clean_text(SECOND_VERSION_FLAGGED[0])
    assert any(f.rule == "duplicate.second-version" for f in result.findings)
    sections = page.versions(result)
    assert sections and sections[0]["rule"] == "duplicate.second-version"
    rows = [row for pair in sections[0]["pairs"] for row in pair["rows"]]
    # Every removed sentence has a row, most of them beside a kept sentence, with what differs marked.
    beside = [row for row in rows if row["kept"] and row["removed"]]
    assert len(beside) >= 2
    assert any(run["differs"] for row in beside for run in row["removed"])
    assert any(not run["differs"] for row in beside for run in row["removed"])
    rendered = page.render(result)
    assert rendered.count('<section class="versions"') == len(sections)


def test_news_in_a_repeated_copy_is_kept_unless_the_editor_applies_its_removal():
    from dedup.review import proposals
    from dedup.rules.examples import NEWS_IN_COPY_FLAGGED

    text = NEWS_IN_COPY_FLAGGED[0]
    result = clean_text(text)
    news = [f for f in result.findings if f.rule == "duplicate.news-in-copy"]
    assert news and all(f.applicability == "unsafe" for f in news)
    sentence = text[news[0].span.start : news[0].span.end].strip()
    unsafe = [p for p in proposals(result) if p.unsafe]
    assert unsafe and sentence in result.cleaned  # offered, not applied
    spans = sorted(p.edit.span for p in proposals(result))
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))  # no two proposals overlap
    assert apply(result, decisions(result), "d.json").cleaned == result.cleaned
    removed = apply(result, decisions(result, applied={p.id for p in unsafe}), "d.json").cleaned
    assert sentence not in removed and len(removed) < len(result.cleaned)
    assert 'class="edit unsafe"' in page.render(result)


@pytest.mark.skipif(chromium() is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_applying_an_unsafe_fix_in_the_browser_matches_the_command_line(runner, tmp_path):
    from dedup.review import proposals
    from dedup.rules.examples import NEWS_IN_COPY_FLAGGED

    source = tmp_path / "news.txt"
    source.write_bytes(b"\xef\xbb\xbf" + NEWS_IN_COPY_FLAGGED[0].encode("utf-8"))  # with a byte-order mark
    review = tmp_path / "review.html"
    assert runner.invoke(main, ["clean", str(source), "--review", str(review)]).exit_code == 0
    result = clean_text(NEWS_IN_COPY_FLAGGED[0])
    chosen = next(p.id for p in proposals(result) if p.unsafe)
    dom = browser("--dump-dom", review.as_uri() + f"#apply={chosen}").stdout
    text, decided = exported(dom, "exported-text"), exported(dom, "exported-decisions")
    assert json.loads(decided) == decisions(result, applied={chosen})
    (tmp_path / "d.json").write_text(decided, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert runner.invoke(main, ["clean", str(source), "--decisions", str(tmp_path / "d.json"), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == b"\xef\xbb\xbf" + text.encode("utf-8")  # the page's download adds the same mark
    assert len(text) < len(result.cleaned)
