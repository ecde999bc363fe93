"""The pre-commit hooks, run by pre-commit itself on a temporary content repository.

pre-commit installs a ``language: python`` hook by pip-installing this repository, which needs
setuptools from a package index; so that the test runs offline, it serves pre-commit a copy of
``.pre-commit-hooks.yaml`` whose hooks are ``language: system`` and run this interpreter's dedup.
Everything else (ids, entries, file types) is the manifest as shipped.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

A = "The council met on Monday to discuss the new budget for the library.\n\n"
B = "It approved the plan by five votes to two after a long debate.\n\n"
C = "The council met on Monday to discuss the new budget for the library.\n"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def environment(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
                GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
                PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never")


def run(cwd: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=240)


def git(cwd: Path, env: dict, *args: str) -> None:
    done = run(cwd, env, "git", *args)
    assert done.returncode == 0, done.stderr


def test_the_manifest_declares_both_hooks_for_articles():
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text())}
    assert set(hooks) == {"dedup-check", "dedup-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types_or"] == ["markdown", "plain-text", "html"]
        assert hook["entry"].split()[0] == "dedup"
    assert hooks["dedup-check"]["entry"] == "dedup check --per-file"
    assert hooks["dedup-fix"]["entry"] == "dedup clean --per-file --in-place"


def local_hooks_repo(tmp_path: Path, env: dict) -> Path:
    """A git repository holding the manifest with each hook run by this interpreter's dedup."""
    repo = tmp_path / "hooks"
    repo.mkdir()
    hooks = yaml.safe_load(MANIFEST.read_text())
    for hook in hooks:
        command = shlex.split(hook["entry"])
        hook["entry"] = shlex.join([sys.executable, "-m", "dedup.cli", *command[1:]])
        hook["language"] = "system"
    (repo / ".pre-commit-hooks.yaml").write_text(yaml.safe_dump(hooks, sort_keys=False))
    git(repo, env, "init", "-q")
    git(repo, env, "add", "-A")
    git(repo, env, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "hooks")
    return repo


def check_hook(content, hooks, revision: str, *args: str) -> None:
    """A .pre-commit-config.yaml in ``content`` that runs the dedup-check hook with ``args``."""
    (content / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{
        "repo": str(hooks), "rev": revision, "hooks": [{"id": "dedup-check", "args": list(args)}],
    }]}))


@needs_git
def test_pre_commit_try_repo_on_a_content_repository(tmp_path):
    env = environment(tmp_path)
    hooks = local_hooks_repo(tmp_path, env)
    content = tmp_path / "content"
    (content / "vendor").mkdir(parents=True)
    (content / "pyproject.toml").write_text('[tool.dedup]\nexclude = ["vendor/"]\n'
                                            '[tool.dedup.severity]\n"suppression" = "warning"\n')
    files = {
        "repeated.md": A + B + C,
        "kept.md": A + B + "<!-- dedup-disable-next-line duplicate -->\n" + C,
        "notes.txt": A + B + "# dedup-disable duplicate\n" + C,
        "vendor/copied.md": A + B + C,
        "script.py": "# " + A + "# " + A,  # not an article type: never passed
    }
    for name, text in files.items():
        (content / name).write_text(text)
    git(content, env, "init", "-q")
    git(content, env, "add", "-A")

    def try_repo(hook: str) -> subprocess.CompletedProcess:
        return run(content, env, sys.executable, "-m", "pre_commit", "try-repo", str(hooks), hook, "--all-files")

    checked = try_repo("dedup-check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "repeated.md:5:1: warning [duplicate.exact-paragraph]" in checked.stdout
    for quiet in ("kept.md", "notes.txt", "vendor/copied.md", "script.py"):
        assert quiet not in checked.stdout, checked.stdout

    fixed = try_repo("dedup-fix")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, fixed.stdout
    assert (content / "repeated.md").read_text() == A + B.rstrip() + "\n"
    for name in ("kept.md", "notes.txt", "vendor/copied.md"):
        assert (content / name).read_text() == files[name], name

    git(content, env, "add", "-A")
    again = try_repo("dedup-check")
    assert again.returncode == 0, again.stdout

    # The configuration makes an unused suppression a warning, so a stale one fails the hook.
    (content / "stale.md").write_text("<!-- dedup-disable-next-line truncation -->\n" + A)
    git(content, env, "add", "-A")
    stale = try_repo("dedup-check")
    assert stale.returncode == 1 and "stale.md:1:1: warning [suppression.unused]" in stale.stdout, stale.stdout


@needs_git
def test_a_pre_commit_config_with_a_baseline_reports_only_new_findings(tmp_path):
    env = environment(tmp_path)
    hooks = local_hooks_repo(tmp_path, env)
    revision = run(hooks, env, "git", "rev-parse", "HEAD").stdout.strip()
    content = tmp_path / "content"
    content.mkdir()
    (content / "dedup.toml").write_text('ignore = ["structure"]\n')
    (content / "old.md").write_text(A + B + C)
    check_hook(content, hooks, revision, "--baseline", ".dedup-baseline.json")
    baseline = run(content, env, sys.executable, "-m", "dedup.cli", "baseline", "old.md")
    assert baseline.returncode == 0 and "recorded 1 finding in .dedup-baseline.json" in baseline.stderr
    git(content, env, "init", "-q")
    git(content, env, "add", "-A")

    def pre_commit_run() -> subprocess.CompletedProcess:
        return run(content, env, sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose")

    passed = pre_commit_run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "1 finding hidden by the baseline" in passed.stdout  # --verbose shows a passing hook's output

    (content / "new.md").write_text("A second article on the budget vote.\n\n" + B + B)
    git(content, env, "add", "-A")
    failed = pre_commit_run()
    assert failed.returncode == 1
    assert "new.md:" in failed.stdout and "old.md:" not in failed.stdout, failed.stdout


@needs_git
def test_a_staged_article_that_rewords_a_published_one_fails_the_hook_naming_it(tmp_path):
    from .test_against import reworded
    from .test_batch_helpers import article

    env = environment(tmp_path)
    hooks = local_hooks_repo(tmp_path, env)
    revision = run(hooks, env, "git", "rev-parse", "HEAD").stdout.strip()
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    for i in range(6):
        (content / "articles" / f"story{i}.txt").write_text(article(40 + i, paragraphs=6))
    check_hook(content, hooks, revision, "--against", "articles", "--jobs", "1")
    git(content, env, "init", "-q")
    git(content, env, "add", "-A")
    (content / "drafts").mkdir()
    (content / "drafts" / "new.txt").write_text(reworded(article(42, paragraphs=6)))
    (content / "drafts" / "other.txt").write_text(article(77, paragraphs=6))
    git(content, env, "add", "-A")
    done = run(content, env, sys.executable, "-m", "pre_commit", "run", "--files", "drafts/new.txt",
               "drafts/other.txt")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [ln for ln in done.stdout.splitlines() if "corpus.duplicate-article" in ln]
    assert len(lines) == 1 and lines[0].startswith("drafts/new.txt:") and "articles/story2.txt" in lines[0], lines
