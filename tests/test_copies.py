"""The copy search finds exactly what comparing every pair finds (it only skips pairs that cannot
reach the threshold), on paragraphs made to crowd: a small stock of words, many exact copies,
near copies one word apart, and owners that repeat themselves."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from baocao.copies import SIMILAR, Passage, find_copies, shingles, similarity

STOCK = "chi bộ lãnh đạo hoàn thành tốt nhiệm vụ năm đảng viên tích cực học tập làm theo gương Bác".split()


def every_pair(passages: list[Passage]) -> list[tuple[int, int, float]]:
    """(later, earlier, share) by comparing each paragraph with every earlier one."""
    kept = [(i, p, shingles(p.text)) for i, p in enumerate(passages)]
    kept = [k for k in kept if k[2]]
    found = []
    for position, (i, passage, grams) in enumerate(kept):
        best = None
        for j, earlier, earlier_grams in kept[:position]:
            if earlier.owner == passage.owner:
                continue
            share = similarity(grams, earlier_grams)
            if share >= SIMILAR and (best is None or share > best[1]):
                best = (j, share)
        if best is not None:
            found.append((i, *best))
    return found


def crowded_paragraphs(seed: int, count: int) -> list[Passage]:
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(count):
        roll = rng.random()
        if texts and roll < 0.3:
            text = rng.choice(texts)  # copied as it is
        elif texts and roll < 0.6:
            words = rng.choice(texts).split()  # copied with a word or two changed, added or dropped
            for _ in range(rng.randint(1, 2)):
                edit = rng.random()
                place = rng.randrange(len(words))
                if edit < 0.4:
                    words[place] = rng.choice(STOCK)
                elif edit < 0.7:
                    words.insert(place, rng.choice(STOCK))
                elif len(words) > 12:
                    del words[place]
            text = " ".join(words)
        else:
            text = " ".join(rng.choice(STOCK) for _ in range(rng.randint(10, 40)))
        texts.append(text)
    return [Passage(None, (), f"đơn vị {rng.randrange(count // 3 + 1)}", f"f.yaml:{n}", text)  # type: ignore[arg-type]
            for n, text in enumerate(texts)]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.integers(2, 120))
def test_the_search_finds_what_comparing_every_pair_finds(seed, count):
    passages = crowded_paragraphs(seed, count)
    index = {id(p): i for i, p in enumerate(passages)}
    found = [(index[id(c.later)], index[id(c.earlier)], c.share) for c in find_copies(passages)]
    assert found == every_pair(passages)


def test_crowded_paragraphs_do_hold_copies():
    # The property above is worth something only if its inputs hold copies of both kinds.
    shares = [share for _, _, share in every_pair(crowded_paragraphs(7, 120))]
    assert any(share == 1 for share in shares) and any(SIMILAR <= share < 1 for share in shares)
