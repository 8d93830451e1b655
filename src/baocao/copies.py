"""Copied review texts: a paragraph that stands, the same or nearly, in another unit's or member's
review of the round, or in last year's.

Units copy last year's file or a neighbour's; a committee's office should see it before it signs.
Paragraphs are compared as sets of four-word shingles (after folding case, accents kept, and
punctuation): two paragraphs whose Jaccard similarity is at least ``SIMILAR`` are reported, the
later one pointing at the earlier. Short paragraphs (fewer than ``MIN_WORDS`` words) are left out:
"Không.", a date, a one-line pledge are the same everywhere by nature.

The search is exact (every pair at or above ``SIMILAR`` is found) and does not compare every pair:
it is the prefix filter of similarity joins (Chaudhuri et al. 2006; Xiao et al., PPJoin, 2008).
Shingles are put in one global order, rarest first. Two sets of similarity ≥ t share at least
ceil(t·|x|) shingles, so they share one among the first |x| − ceil(t·|x|) + 1 of each (their
*prefix*); only earlier paragraphs that share a prefix shingle are candidates. A candidate whose
first shared shingle stands too far into either set to leave room for the overlap needed is
dropped before it is measured (the positional filter), and so is one whose size is out of reach.
Identical paragraphs are one entry, so a form's boilerplate written by a thousand members costs
one candidate, not a thousand.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable

from .diagnostics import Located

SIMILAR = 0.8
"""Jaccard similarity of four-word shingles from which two paragraphs count as copies."""
MIN_WORDS = 12
SHINGLE = 4
# The threshold as a ratio of integers, so that every bound below is worked out exactly.
_T = Fraction(str(SIMILAR))
_NUM, _DEN = _T.numerator, _T.denominator

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Passage:
    """One paragraph of a review, where it stands and whose it is."""

    at: Located
    path: tuple
    owner: str  # "Chi bộ thôn Đông", "đồng chí Nguyễn Văn An (Chi bộ thôn Đông)"
    where: str  # file:line of the paragraph
    text: str
    current: bool = True  # of the round being checked (not an earlier round's, read for comparison)


def shingles(text: str) -> frozenset[int]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    if len(words) < MIN_WORDS:
        return frozenset()
    # crc32, not hash(): the same shingles give the same sketch in every run and process.
    return frozenset(zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1))


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    common = len(a & b)
    return common / (len(a) + len(b) - common) if a and b else 0.0


def _at_least_shared(size: int) -> int:
    """The fewest shingles a paragraph of ``size`` shares with any copy of it: ceil(t·size)."""
    return -(-_NUM * size // _DEN)


def _overlap_needed(size: int, other: int) -> int:
    """The fewest shared shingles that make two sets of these sizes copies: common / (size +
    other − common) ≥ t  ⇔  common ≥ t·(size + other) / (1 + t)."""
    return -(-_NUM * (size + other) // (_NUM + _DEN))


@dataclass
class Copy:
    later: Passage
    earlier: Passage
    share: float


def find_copies(passages: Iterable[Passage]) -> list[Copy]:
    """Each passage that repeats an earlier one (in the order given), with the earlier one it is
    most like (the earliest of those equally like it)."""
    kept = [(passage, grams) for passage in passages if (grams := shingles(passage.text))]
    frequency = Counter(value for _, grams in kept for value in grams)
    search = _Search(kept)
    found = []
    for index, (passage, grams) in enumerate(kept):
        prefix = sorted(grams, key=lambda value: (frequency[value], value))[:len(grams) - _at_least_shared(len(grams)) + 1]
        best = search.most_like(passage, grams, prefix)
        if best is not None:
            found.append(Copy(passage, kept[best[1]][0], best[0]))
        search.add(index, grams, prefix)
    return found


class _Search:
    """The paragraphs seen so far, indexed by their prefix shingles."""

    def __init__(self, kept: list[tuple[Passage, frozenset[int]]]) -> None:
        self.kept = kept
        self.same: dict[frozenset[int], list[int]] = {}  # a set of shingles → the paragraphs that have it, in order
        self.by_shingle: dict[int, list[tuple[frozenset[int], int]]] = {}  # → (set, the shingle's place in its prefix)

    def add(self, index: int, grams: frozenset[int], prefix: list[int]) -> None:
        if grams in self.same:
            self.same[grams].append(index)
            return
        self.same[grams] = [index]
        for place, value in enumerate(prefix):
            self.by_shingle.setdefault(value, []).append((grams, place))

    def candidates(self, grams: frozenset[int], prefix: list[int]) -> list[frozenset[int]]:
        size = len(grams)
        smallest, largest = _at_least_shared(size), _DEN * size // _NUM
        met: set[frozenset[int]] = set()
        found = []
        for place, value in enumerate(prefix):
            for other, other_place in self.by_shingle.get(value, ()):
                if other in met:
                    continue
                met.add(other)  # first met at their first shared shingle: all others come later in both
                room = 1 + min(size - place - 1, len(other) - other_place - 1)
                if smallest <= len(other) <= largest and room >= _overlap_needed(size, len(other)):
                    found.append(other)
        return found

    def most_like(self, passage: Passage, grams: frozenset[int], prefix: list[int]) -> tuple[float, int] | None:
        """(similarity, index) of the earlier paragraph of another owner this one is most like."""
        best: tuple[float, int] | None = None
        for other in self.candidates(grams, prefix):
            common = len(grams & other)
            if common < _overlap_needed(len(grams), len(other)):
                continue
            # The same unit or member repeating itself is not a copy of someone else's.
            earliest = next((i for i in self.same[other] if self.kept[i][0].owner != passage.owner), None)
            if earliest is None:
                continue
            share = common / (len(grams) + len(other) - common)
            if best is None or share > best[0] or (share == best[0] and earliest < best[1]):
                best = (share, earliest)
        return best
