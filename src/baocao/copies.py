"""Copied review texts: a paragraph that stands, the same or nearly, in another unit's or member's
review of the round, or in last year's.

Units copy last year's file or a neighbour's; a committee's office should see it before it signs.
Paragraphs are compared as sets of four-word shingles (after folding case, accents kept, and
punctuation): two paragraphs whose Jaccard similarity is at least ``SIMILAR`` are reported, the
later one pointing at the earlier. Candidates are found by bottom-k sketches (the smallest shingle
hashes of a paragraph), so a round of 20,000 members is checked in linear time, and every
candidate pair is then measured exactly. Short paragraphs (fewer than ``MIN_WORDS`` words) are
left out: "Không.", a date, a one-line pledge are the same everywhere by nature.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Iterable

from .diagnostics import Located

SIMILAR = 0.8
"""Jaccard similarity of four-word shingles from which two paragraphs count as copies."""
MIN_WORDS = 12
SHINGLE = 4
SKETCH = 4  # the smallest shingle hashes kept per paragraph: two paragraphs of similarity J share one with probability ≥ J
CROWD = 64  # a sketch value shared by more paragraphs than this is boilerplate of the form, not a copy

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
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class Copy:
    later: Passage
    earlier: Passage
    share: float


def find_copies(passages: Iterable[Passage]) -> list[Copy]:
    """Each passage that repeats an earlier one (in the order given), with the earlier one."""
    found: list[Copy] = []
    buckets: dict[int, list[int]] = {}
    seen: list[tuple[Passage, frozenset[int]]] = []
    for passage in passages:
        grams = shingles(passage.text)
        if not grams:
            continue
        sketch = heapq.nsmallest(SKETCH, grams)
        best: tuple[float, int] | None = None
        candidates = {i for value in sketch for i in buckets.get(value, ())[:CROWD]}
        for index in sorted(candidates):
            earlier, earlier_grams = seen[index]
            if earlier.owner == passage.owner:
                continue  # the same unit or member repeating itself is not a copy of someone else's
            share = similarity(grams, earlier_grams)
            if share >= SIMILAR and (best is None or share > best[0]):
                best = (share, index)
        if best is not None:
            found.append(Copy(passage, seen[best[1]][0], best[0]))
        index = len(seen)
        seen.append((passage, grams))
        for value in sketch:
            buckets.setdefault(value, []).append(index)
    return found
