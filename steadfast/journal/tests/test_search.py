"""Matching searches against decrypted journal text, in every alphabet."""

# Greek and Cyrillic letters that look Latin are the point of these tests.
# ruff: noqa: RUF001

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steadfast.journal.search import fold, matches, snippet, terms


def found(query, *texts):
    return matches(terms(query), *texts)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("cafe", "Coffee at the Café with Jo"),
        ("CAFÉ", "a cafe on the corner"),
        ("naïve", "I felt NAIVE about it"),
        ("strasse", "lived on Hauptstraße"),
        # Greek: case and tonos, and final sigma
        ("ΚΑΛΗΜΕΡΑ", "Μια καλημέρα από τη γιαγιά"),
        ("καλημερα", "ΚΑΛΗΜΈΡΑ σε όλους"),
        ("οδος", "στην ΟΔΌΣ"),
        # Cyrillic: case and ё
        ("москва", "Поездка в МОСКВУ и Москва"),
        ("ежик", "Ёжик в тумане"),
        # Arabic: short-vowel marks and tatweel do not matter
        ("سلام", "قلت سَلَام للجميع"),
        ("كتاب", "قرأت كتـــاب اليوم"),
        # CJK: no spaces between words, so words are found inside longer runs
        ("东京", "我们明天去东京看朋友"),
        ("ありがとう", "今日はありがとうと言えた"),
        ("감사", "오늘 감사한 일"),
    ],
)
def test_it_matches_ignoring_case_and_accents(query, text):
    assert found(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("cafe", "a coffee shop"),
        ("Москва", "Moscow"),
        ("東京", "京東"),
        ("が", "か"),  # a voicing mark changes the word in Japanese: not an accent
    ],
)
def test_it_does_not_match_other_words(query, text):
    assert not found(query, text)


def test_every_word_must_appear_in_any_order_across_title_and_body():
    assert found("night shift", "A long shift", "the night was quiet")
    assert not found("night shift", "A long shift", "the morning was quiet")


def test_an_empty_search_matches_nothing():
    assert terms("   ") == []
    assert not matches([], "anything")


def test_the_snippet_marks_the_original_words_around_the_match():
    text = "Before the meeting I felt calm. Then at the Café everything changed for me."
    piece = snippet(terms("cafe"), text, width=20)
    assert piece.match == "Café"
    assert piece.before.startswith("…") and piece.before.endswith("at the ")
    assert piece.after.startswith(" everythin") and piece.after.endswith("…")


def test_the_snippet_maps_back_through_characters_that_fold_to_two():
    piece = snippet(terms("strasse"), "Die Hauptstraße ist lang")
    assert piece.match == "straße"


@given(st.text(min_size=1, max_size=60), st.data())
def test_any_piece_of_a_text_is_found_in_it(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    words = terms(text[start:end])
    # Folding works character by character, so every piece of a text folds to a piece of
    # the folded text.
    assert not words or matches(words, text)


@given(st.text(max_size=60))
def test_folding_is_stable(text):
    assert fold(fold(text)) == fold(text)
