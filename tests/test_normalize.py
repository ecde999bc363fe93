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
