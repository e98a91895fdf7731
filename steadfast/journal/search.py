"""Matching a search against journal text in Python (no Django).

The text is encrypted in the database, so it cannot be searched there: the owner's entries
are fetched, decrypted and matched here. Matching ignores case and accents in every
alphabet (Latin, Greek, Cyrillic, Arabic marks…), and finds words inside longer runs, which
is what scripts written without spaces (Chinese, Japanese) need. Every word of the search
must appear, in any order.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Japanese voicing marks change the sound, not an accent: keep them so が is not か.
_KEEP_MARKS = frozenset({"\u3099", "\u309a"})
SNIPPET_CHARS = 80


def _fold_char(char: str) -> str:
    out = []
    # Decompose, fold case, decompose again: compatibility forms (bold maths letters,
    # ligatures) fold like the letters they stand for.
    for part in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold()):
        if unicodedata.combining(part) and part not in _KEEP_MARKS:
            continue
        if part == "\u0640":  # Arabic tatweel only stretches a word
            continue
        out.append(part)
    return unicodedata.normalize("NFC", "".join(out))


def fold(text: str) -> str:
    """Lower-cased, accent-free text for comparison."""
    return "".join(_fold_char(char) for char in text)


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def terms(query: str) -> list[str]:
    """The words of a search, folded, without repeats; empty when nothing is searched."""
    seen: dict[str, None] = {}
    for word in fold(query).split():
        seen.setdefault(word, None)
    return list(seen)


def matches(words: list[str], *texts: str) -> bool:
    if not words:
        return False
    haystack = "\n".join(fold(text) for text in texts)
    return all(word in haystack for word in words)


@dataclass(frozen=True)
class Snippet:
    """A short piece of text around the first match, split so the match can be marked."""

    before: str
    match: str
    after: str


def snippet(words: list[str], text: str, width: int = SNIPPET_CHARS) -> Snippet | None:
    folded, origin = _folded_with_positions(text)
    found = [(folded.find(word), word) for word in words]
    found = [(at, word) for at, word in found if at >= 0]
    if not found:
        return None
    at, word = min(found)
    start = origin[at]
    end = origin[at + len(word) - 1] + 1
    left = max(0, start - width // 2)
    right = min(len(text), end + width // 2)
    before = ("…" if left > 0 else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return Snippet(before=before, match=text[start:end], after=after)
