"""Vietnamese helpers: collation checked against ICU's vi collator, dates, numbers."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from baocao.vietnamese import (
    add_months,
    clean_text,
    collation_key,
    format_decimal,
    format_percent,
    long_date,
    name_sort_key,
    parse_date,
    round_half_up,
    share,
)
from conftest import REQUIRE_TOOLS

WORDS = [
    "a", "à", "ả", "ã", "á", "ạ", "ă", "ằ", "ắ", "ặ", "â", "ầ", "ấ", "ậ", "b", "c", "d", "đ", "e", "ê", "ề",
    "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "ờ", "p", "q", "r", "s", "t", "u", "ư", "ừ", "v", "x", "y",
    "An", "Ân", "Ấn", "Anh", "Ánh", "Ảnh", "Bình", "Binh", "Cường", "Dung", "Dũng", "Đào", "Đạt", "Giang", "Hà",
    "Hải", "Hạnh", "Hòa", "Hoà", "Hùng", "Hưng", "Hương", "Khánh", "Lan", "Linh", "Long", "Lợi", "Mai", "Nam",
    "Nga", "Ngân", "Oanh", "Ơn", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Thảo", "Thủy", "Trang", "Tuấn",
    "Tùng", "Ưng", "Vân", "Việt", "Yến", "Ánh Dương", "Anh Tú",
]


def _icu_collator():
    try:
        import icu
    except ImportError:
        if REQUIRE_TOOLS:
            pytest.fail("PyICU is required under BAOCAO_REQUIRE_TOOLS=1")
        pytest.skip("PyICU is not installed")
    return icu.Collator.createInstance(icu.Locale("vi"))


def test_collation_matches_icu_vi():
    collator = _icu_collator()
    shuffled = WORDS[:]
    random.Random(7).shuffle(shuffled)
    ours = sorted(shuffled, key=collation_key)
    theirs = sorted(shuffled, key=collator.getSortKey)
    assert ours == theirs


def test_names_sort_by_given_name_then_the_rest():
    collator = _icu_collator()
    names = ["Nguyễn Văn Đạt", "Trần Thị An", "Lê Văn Dũng", "Phạm Ánh", "Đỗ Thị Ân", "Bùi Văn An", "Vũ Hữu Ănh"]
    ours = sorted(names, key=name_sort_key)
    theirs = sorted(names, key=lambda n: (collator.getSortKey(n.split()[-1]), collator.getSortKey(" ".join(n.split()[:-1]))))
    assert ours == theirs
    assert ours[:5] == ["Bùi Văn An", "Trần Thị An", "Phạm Ánh", "Vũ Hữu Ănh", "Đỗ Thị Ân"]  # a < ă < â


def test_dates():
    assert parse_date("2017-11-21") == date(2017, 11, 21)
    assert parse_date("21/11/2017") == date(2017, 11, 21)
    assert parse_date("2017-13-45") is None and parse_date("31/02/2017") is None
    assert long_date(date(2018, 2, 5)) == "ngày 05 tháng 02 năm 2018"
    assert long_date(date(2018, 2, 5), pad=False) == "ngày 5 tháng 2 năm 2018"
    assert add_months(date(2017, 5, 31), 6) == date(2017, 11, 30)
    assert add_months(date(2017, 8, 31), 6) == date(2018, 2, 28)


def test_shares_round_half_up_from_the_exact_fraction():
    assert format_percent(share(439, 701)) == "62,62%"
    assert share(1, 8) == Decimal("12.50")
    assert round_half_up(Fraction(1, 800)) == Decimal("0.00") and round_half_up(Fraction(5, 1000)) == Decimal("0.01")
    assert format_percent(share(2, 3)) == "66,67%" and format_percent(share(1, 3)) == "33,33%"
    assert format_decimal(Decimal("1234.5")) == "1.234,50"
    assert format_percent(share(1, 0)) == "-"


def test_clean_text_removes_invisible_and_control_characters_and_normalises():
    decomposed = "Nguye\u0302\u0303n"  # NFD
    cleaned, removed = clean_text(decomposed + "\u200b\u202e\x07")
    assert cleaned == "Nguyễn" and len(removed) == 3
