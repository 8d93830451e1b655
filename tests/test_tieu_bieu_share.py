"""The tiêu biểu share is of those at the level the rule set names for it — TSVM under the 2014–2017
rules, HTXSNV from 2025 — wherever a share is shown: last year's figures, what changed since the
last render, the page's table. (It was once taken of 'tsvm' in three places, which today's rules
do not have: the share came out empty or wrong.)"""

from __future__ import annotations

import shutil
from baocao import build
from baocao.changes import Differ
from baocao.figures import last_year_share, percent
from baocao.rules import TIEU_BIEU
from baocao.web.chart import figure_rows
from conftest import REPO, SAMPLE

WARD = REPO / "data" / "phuong-song-nhue-2026"


def _ward_with_last_years_distinction(tmp_path, distinguished: int):
    round_dir = tmp_path / WARD.name
    shutil.copytree(WARD, round_dir)
    round_file = round_dir / "dot-danh-gia.yaml"
    text = round_file.read_text(encoding="utf-8")
    old = "nam_truoc:\n  to_chuc_co_so:\n    tong_so: 19\n    duoc_danh_gia: 19\n    htxsnv: 3\n"
    assert old in text
    round_file.write_text(text.replace(old, old + f"    tieu_bieu: {distinguished}\n"), encoding="utf-8")
    validated = build.validate(round_dir)
    assert validated.round is not None, validated.fatal
    return validated.round


def test_last_years_tieu_bieu_share_is_of_last_years_htxsnv_under_todays_rules(tmp_path):
    round_ = _ward_with_last_years_distinction(tmp_path, 1)
    assert round_.rule_set.data.tieu_bieu.xep_loai == "htxsnv"
    assert last_year_share(round_, "to_chuc_co_so", TIEU_BIEU) == percent(1, 3)  # 1 of last year's 3 HTXSNV


def test_what_changed_gives_the_tieu_bieu_share_of_the_level_named_for_it():
    for round_dir, level in ((WARD, "htxsnv"), (SAMPLE, "tsvm")):
        rules = build.validate(round_dir).loaded_round.rule_set
        before = {"": {"to_chuc_co_so": {"so": {level: 4, TIEU_BIEU: 1}, "danh_gia": 20}}}
        after = {"": {"to_chuc_co_so": {"so": {level: 5, TIEU_BIEU: 2}, "danh_gia": 20}}}
        (change,) = Differ(rules).figures(before, after)
        distinction = rules.data.tieu_bieu.ten_ngan
        assert f"{distinction} 1 → 2, 25,00% → 40,00%" in change.text, change.text


def test_the_pages_table_gives_the_tieu_bieu_share_of_the_level_named_for_it(tmp_path):
    round_ = _ward_with_last_years_distinction(tmp_path, 1)
    summary = {"to_chuc_co_so": {"so": {"htxsnv": 4, TIEU_BIEU: 1}, "danh_gia": 19, "tong_so": 19}}
    (row,) = figure_rows(round_, summary)
    cell = next(c for c in row.cells if c.label == round_.rule_set.data.tieu_bieu.ten_ngan)
    assert (cell.count, cell.share, cell.last_year) == (1, "25,00%", "33,33%")  # of this year's 4, of last year's 3
