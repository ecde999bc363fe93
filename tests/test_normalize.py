"""The tokeniser's ASCII fast paths find exactly what the Unicode pattern finds."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from dedup.normalize import TOKEN_RE, content_stems, find_tokens, token_stem, tokens

# Letters, digits and every mark the token pattern treats specially, plus a few non-ASCII ones.
_ALPHABET = "aBz09.,'-%_ \t\n\0\u2019\u00e9\u0130"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_find_tokens_equals_the_unicode_pattern(text: str) -> None:
    assert find_tokens(text) == TOKEN_RE.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET.replace("\0", ""), max_size=20), max_size=5))
def test_marks_come_back_where_they_were(pieces: list[str]) -> None:
    joined = "\0".join(pieces)
    expected: list[str] = []
    for i, piece in enumerate(pieces):
        if i:
            expected.append("\0")
        expected.extend(TOKEN_RE.findall(piece))
    assert find_tokens(joined, marks="\0") == expected


def test_ascii_and_unicode_text_give_the_same_words() -> None:
    assert tokens("Acme\u2019s revenue rose 3.5% to $1,200.") == tokens("Acme's revenue rose 3.5% to $1,200.")
    assert tokens("Caf\u00e9 owners met") == ["caf\u00e9", "owners", "met"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "TheCouncilSaid\u2018\u00c9", max_size=40))
def test_token_stem_is_the_first_content_stem_of_the_token(text: str) -> None:
    for m in TOKEN_RE.finditer(text):
        assert token_stem(m.group()) == next(iter(content_stems(m.group())), "")


def test_a_copy_in_decomposed_characters_is_an_exact_copy() -> None:
    import unicodedata

    from dedup import check_text

    first = "La façade du théâtre rouvre après trois années de travaux, annonce la mairie."
    text = f"{first}\n\nLe marché couvert garde ses horaires d'été jusqu'en septembre.\n\n" \
           f"{unicodedata.normalize('NFD', first)}\n"
    rules = [f.rule for f in check_text(text).findings]
    assert rules == ["duplicate.exact-paragraph"]  # not a near copy with accents "only in the removed copy"
    assert tokens(unicodedata.normalize("NFD", "Été")) == tokens("Été") == ["été"]


def test_exact_copies_of_chinese_and_japanese_paragraphs_are_found() -> None:
    from dedup import check_text, clean_text

    other = "新的图书馆将于明年春天开放，馆内设有儿童阅览室和多功能会议厅。"
    for repeated in ("市议会周一投票决定在冬季来临之前修复码头附近的海堤，预计费用为四百万元。",
                     "市議会は月曜日、冬が来る前に桟橋近くの防波堤を修理することを決めた。費用は四百万円の見込みだ。"):
        text = f"{repeated}\n\n{other}\n\n{repeated}\n"
        assert [f.rule for f in check_text(text).findings] == ["duplicate.exact-paragraph"]
        assert clean_text(text).cleaned == f"{repeated}\n\n{other}\n"
    assert tokens("海堤 pier") == ["海", "堤", "pier"]


def test_different_chinese_paragraphs_are_left_alone() -> None:
    from dedup import check_text

    text = ("市议会周一投票决定在冬季来临之前修复码头附近的海堤，预计费用为四百万元。\n\n"
            "新的图书馆将于明年春天开放，馆内设有儿童阅览室和多功能会议厅。\n\n"
            "市议会周二投票决定在夏季来临之前扩建火车站附近的停车场，预计费用为两百万元。\n")
    assert not [f for f in check_text(text).findings if f.rule.startswith("duplicate")]
