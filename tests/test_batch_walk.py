"""Finding the inputs of a batch run: extensions, globs, .gitignore, hidden folders, links."""

from __future__ import annotations

import os
from pathlib import Path


from dedup.batch.walk import WalkOptions, discover, output_conflict


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n", encoding="utf-8")


def found(root: Path, **options) -> list[str]:
    result = discover([str(root)], WalkOptions(**options))
    return [os.path.relpath(f.path, root).replace(os.sep, "/") for f in result.files]


def test_default_extensions_only(tmp_path):
    touch(tmp_path, "a.txt", "b.md", "c.markdown", "d.html", "e.jsonl", "noext", "f.TXT")
    assert found(tmp_path) == ["a.txt", "b.md", "c.markdown", "f.TXT"]


def test_ext_option_replaces_the_defaults_and_jsonl_is_a_corpus(tmp_path):
    touch(tmp_path, "a.txt", "e.jsonl", "g.rst")
    result = discover([str(tmp_path)], WalkOptions(extensions=("rst", ".jsonl")))
    assert [(Path(f.path).name, f.jsonl) for f in result.files] == [("e.jsonl", True), ("g.rst", False)]


def test_include_and_exclude_globs(tmp_path):
    touch(tmp_path, "news/a.txt", "news/drafts/b.txt", "blog/c.txt", "blog/d.md")
    assert found(tmp_path, include=("news/**",)) == ["news/a.txt", "news/drafts/b.txt"]
    assert found(tmp_path, exclude=("drafts/",)) == ["blog/c.txt", "blog/d.md", "news/a.txt"]
    assert found(tmp_path, exclude=("*.md",), include=("blog/*",)) == ["blog/c.txt"]


def test_gitignore_nested_with_negation(tmp_path):
    touch(tmp_path, "keep.txt", "skip.txt", "build/out.txt", "sub/x.txt", "sub/y.txt", "sub/deep/z.txt")
    (tmp_path / ".gitignore").write_text("skip.txt\nbuild/\n*.txt\n!keep.txt\n!sub/\n", encoding="utf-8")
    (tmp_path / "sub" / ".gitignore").write_text("!x.txt\n!deep/z.txt\n", encoding="utf-8")
    assert found(tmp_path) == ["keep.txt", "sub/deep/z.txt", "sub/x.txt"]
    assert "skip.txt" in found(tmp_path, gitignore=False)


def test_hidden_folders_and_files_are_skipped_unless_named(tmp_path):
    touch(tmp_path, ".git/a.txt", ".cache/b.txt", ".hidden.txt", "seen.txt")
    assert found(tmp_path) == ["seen.txt"]
    named = discover([str(tmp_path / ".hidden.txt")])
    assert [Path(f.path).name for f in named.files] == [".hidden.txt"]


def test_symlink_loop_does_not_hang_and_links_to_folders_are_not_followed(tmp_path):
    touch(tmp_path, "real/a.txt")
    os.symlink(tmp_path / "real", tmp_path / "real" / "loop")
    os.symlink(tmp_path, tmp_path / "real" / "up")
    touch(tmp_path, ".elsewhere/c.txt")  # hidden: not walked
    os.symlink(tmp_path / ".elsewhere" / "c.txt", tmp_path / "b.txt")  # a link to a file outside the batch is read
    os.symlink(tmp_path / "real" / "a.txt", tmp_path / "d.txt")  # a link to a file inside it is not read twice
    assert found(tmp_path) == ["b.txt", "real/a.txt"]


def test_broken_link_and_missing_path_are_reported(tmp_path):
    touch(tmp_path, "a.txt")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    result = discover([str(tmp_path), str(tmp_path / "nope")])
    messages = [str(e) for e in result.errors]
    assert any("dangling.txt" in m and "broken symbolic link" in m for m in messages)
    assert any(m.endswith("nope: no such file or folder") for m in messages)
    assert [Path(f.path).name for f in result.files] == ["a.txt"]


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    touch(tmp_path, "locked/a.txt", "b.txt")
    # chmod does not stop root, so refuse the listing itself.
    real = os.scandir

    def refuse(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = discover([str(tmp_path)])
    assert any("locked" in str(e) for e in result.errors)
    assert [Path(f.path).name for f in result.files] == ["b.txt"]


def test_relative_output_paths_mirror_the_inputs(tmp_path):
    touch(tmp_path, "one/a.txt", "two/b.txt", "c.txt")
    single = discover([str(tmp_path / "one")])
    assert [f.relative for f in single.files] == ["a.txt"]
    both = discover([str(tmp_path / "two"), str(tmp_path / "one"), str(tmp_path / "c.txt")])
    assert [f.relative for f in both.files] == ["c.txt", "one/a.txt", "two/b.txt"]


def test_order_of_paths_does_not_matter(tmp_path):
    touch(tmp_path, "one/a.txt", "two/b.txt", "two/c.md")
    first = discover([str(tmp_path / "one"), str(tmp_path / "two")])
    second = discover([str(tmp_path / "two"), str(tmp_path / "one"), str(tmp_path / "one")])
    assert first.files == second.files and len(first.files) == 3


def test_output_inside_input_is_a_conflict(tmp_path):
    (tmp_path / "data" / "clean").mkdir(parents=True)
    assert "inside the input folder" in output_conflict(str(tmp_path / "data" / "clean"), [str(tmp_path / "data")])
    assert output_conflict(str(tmp_path / "data"), [str(tmp_path / "data")]) is not None
    assert output_conflict(str(tmp_path / "out"), [str(tmp_path / "data")]) is None


def test_a_link_to_a_file_already_in_the_batch_is_read_once_under_the_file_s_name(tmp_path):
    from dedup.batch.walk import discover

    (tmp_path / "b-real.txt").write_text("The harbour board met.\n")
    (tmp_path / "a-link.txt").symlink_to(tmp_path / "b-real.txt")
    (tmp_path / "c-hard.txt").hardlink_to(tmp_path / "b-real.txt")
    (tmp_path / "d-other.txt").write_text("The ferry left on time.\n")
    names = [os.path.basename(f.path) for f in discover([str(tmp_path)]).files]
    assert names == ["b-real.txt", "d-other.txt"]
