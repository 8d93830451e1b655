"""Each rule of the seed's rule set on both sides of its boundary.

The expected counts are worked out by hand from the YAML each test writes, not from baocao.
"""

from __future__ import annotations

from conftest import committee_yaml, lines_with, run_cli


def test_htxsnv_quota_3_of_20_httnv_passes_and_4_fails(round_builder):
    r = round_builder()
    # 3 HTXSNV, 20 HTTNV: 300 ≤ 15 × 20 = 300, holds.
    r.cell("chi-bo-a.yaml", ["htxsnv"] * 3 + ["httnv"] * 20)
    # 4 HTXSNV, 20 HTTNV: 400 > 300; lowering one gives 3 against 21: 300 ≤ 315, so 1 must go.
    r.cell("chi-bo-b.yaml", ["htxsnv"] * 4 + ["httnv"] * 20)
    result = run_cli("validate", str(r.root))
    found = lines_with(result.output, "han-muc-htxsnv")
    assert len(found) == 1, result.output
    assert "chi-bo-b.yaml" in found[0]
    assert "có 4 đồng chí HTXSNV" in found[0]
    assert "15% của 20" in found[0]
    assert "phải hạ 1 đồng chí" in found[0]
    assert result.exit_code == 1


def test_htxsnv_quota_counts_lowered_members_into_the_base(round_builder):
    r = round_builder()
    # 8 HTXSNV, 24 HTTNV. Those lowered join the base: lower k until 100 (8-k) ≤ 15 (24+k):
    # k=3: 500 > 405; k=4: 400 ≤ 420, so 4. Were the base left at 24 (360), k=4 would not do and
    # the answer would be 5: these numbers tell the two readings apart.
    r.cell("chi-bo-a.yaml", ["htxsnv"] * 8 + ["httnv"] * 24)
    result = run_cli("validate", str(r.root))
    (line,) = lines_with(result.output, "han-muc-htxsnv")
    assert "phải hạ 4 đồng chí" in line


def test_small_cell_rule_replaces_the_percentage_below_seven(round_builder):
    r = round_builder()
    # 6 on the roll: 1 HTXSNV allowed although 1 > 15% of 5 HTTNV (rule 4 replaces rule 3).
    r.cell("chi-bo-sau-mot.yaml", ["htxsnv"] + ["httnv"] * 5)
    # 6 on the roll, 2 HTXSNV: over the small-cell limit of 1.
    r.cell("chi-bo-sau-hai.yaml", ["htxsnv"] * 2 + ["httnv"] * 4)
    # 7 on the roll: rule 3 applies: 1 HTXSNV against 6 HTTNV → 100 > 90.
    r.cell("chi-bo-bay.yaml", ["htxsnv"] + ["httnv"] * 6)
    result = run_cli("validate", str(r.root))
    small = lines_with(result.output, "han-muc-htxsnv-chi-bo-nho")
    percent = lines_with(result.output, "han-muc-htxsnv")
    assert len(small) == 1 and "chi-bo-sau-hai.yaml" in small[0] and "phải hạ 1" in small[0]
    assert len(percent) == 1 and "chi-bo-bay.yaml" in percent[0]
    assert not [line for line in result.output.splitlines() if "chi-bo-sau-mot.yaml" in line and ": lỗi [" in line]


def test_small_cell_roll_counts_every_listed_member(round_builder):
    r = round_builder()
    # 7 listed, one of them exempt: the roll is still 7, so rule 3 applies (1 vs 5 HTTNV fails).
    r.cell(
        "chi-bo-a.yaml", ["htxsnv"] + ["httnv"] * 5,
        extra_members="- ho_ten: Cụ Miễn\n  nam_sinh: 1930\n  tinh_trang: mien\n",
    )
    result = run_cli("validate", str(r.root))
    assert len(lines_with(result.output, "han-muc-htxsnv")) == 1
    assert not lines_with(result.output, "han-muc-htxsnv-chi-bo-nho")


def _orgs(r, tsvm: int, others: int, distinguished: int = 0, new_orgs: int = 0) -> None:
    index = 0
    for i in range(tsvm):
        r.cell(f"cb-{index:02d}.yaml", ["httnv"] * 3, unit_category="tsvm", tieu_bieu=i < distinguished)
        index += 1
    for _ in range(others):
        r.cell(f"cb-{index:02d}.yaml", ["httnv"] * 3, unit_category="httnv")
        index += 1
    for _ in range(new_orgs):
        path = r.cell(f"cb-{index:02d}.yaml", ["httnv"] * 3, unit_category=None)
        path.write_text(path.read_text(encoding="utf-8").replace("dia_danh:", "ngay_thanh_lap: 2017-09-01\ndia_danh:"), encoding="utf-8")
        index += 1


def test_tsvm_quota_is_half_of_all_organisations_on_the_roll(round_builder):
    r = round_builder()
    # 3 TSVM, 2 others, 1 set up in September (not evaluated, still on the roll): 300 ≤ 50 × 6.
    _orgs(r, tsvm=3, others=2, new_orgs=1)
    result = run_cli("validate", str(r.root))
    assert not lines_with(result.output, "han-muc-tsvm"), result.output
    assert result.exit_code == 0, result.output


def test_tsvm_quota_over_by_one(round_builder):
    r = round_builder()
    # 4 TSVM of 7: 400 > 350; lowering one: 300 ≤ 350.
    _orgs(r, tsvm=4, others=3)
    result = run_cli("validate", str(r.root))
    (line,) = lines_with(result.output, "han-muc-tsvm")
    assert "dot-danh-gia.yaml:2:" in line  # the round file's quy_tac line
    assert "có 4 đơn vị TSVM" in line and "phải hạ 1 đơn vị" in line
    assert "Chi bộ cb-00" in line  # names the units involved


def test_distinction_quota_is_a_fifth_of_tsvm(round_builder):
    r = round_builder()
    # 5 TSVM of 10, 1 tiêu biểu: 100 ≤ 20 × 5.
    _orgs(r, tsvm=5, others=5, distinguished=1)
    assert not lines_with(run_cli("validate", str(r.root)).output, "han-muc-tieu-bieu")


def test_distinction_quota_over(round_builder):
    r = round_builder()
    # 5 TSVM, 2 tiêu biểu: 200 > 100; removing one distinction leaves the TSVM base at 5.
    _orgs(r, tsvm=5, others=5, distinguished=2)
    (line,) = lines_with(run_cli("validate", str(r.root)).output, "han-muc-tieu-bieu")
    assert "có 2 đơn vị TSVM tiêu biểu" in line and "phải hạ 1" in line


def test_distinction_only_for_tsvm(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", ["httnv"] * 3, unit_category="httnv", tieu_bieu=True)
    (line,) = lines_with(run_cli("validate", str(r.root)).output, "tieu-bieu-chi-cho-tsvm")
    assert "chi-bo-a.yaml:7:" in line


def test_cell_with_more_than_half_khtnv_must_be_weak(round_builder):
    r = round_builder()
    # 3 of 5 classified are KHTNV (> 1/2) and the cell is HTNV: error.
    r.cell("chi-bo-a.yaml", ["khtnv"] * 3 + ["httnv"] * 2, unit_category="htnv")
    # exactly half (2 of 4): no constraint.
    r.cell("chi-bo-b.yaml", ["khtnv"] * 2 + ["httnv"] * 2, unit_category="htnv")
    # 3 of 5 and weak: fine.
    r.cell("chi-bo-c.yaml", ["khtnv"] * 3 + ["httnv"] * 2, unit_category="yeu_kem")
    found = lines_with(run_cli("validate", str(r.root)).output, "chi-bo-qua-nua-khtnv")
    assert len(found) == 1 and "chi-bo-a.yaml" in found[0] and "3/5" in found[0]


def test_committee_with_more_than_a_third_weak_cells(round_builder):
    r = round_builder()
    r.write("db-a/dang-bo.yaml", committee_yaml("Đảng bộ A", "htnv"))
    for i, category in enumerate(["yeu_kem", "yeu_kem", "httnv", "httnv", "httnv"]):  # 2/5 > 1/3
        r.cell(f"db-a/cb-{i}.yaml", ["httnv"] * 2, unit_category=category)
    r.write("db-b/dang-bo.yaml", committee_yaml("Đảng bộ B", "htnv"))
    for i, category in enumerate(["yeu_kem", "httnv", "httnv"]):  # exactly 1/3
        r.cell(f"db-b/cb-{i}.yaml", ["httnv"] * 2, unit_category=category)
    found = lines_with(run_cli("validate", str(r.root)).output, "dang-bo-qua-mot-phan-ba-yeu-kem")
    assert len(found) == 1 and "db-a/dang-bo.yaml" in found[0] and "2/5" in found[0]


def test_members_not_classified_must_not_carry_a_category(round_builder):
    r = round_builder()
    r.cell(
        "chi-bo-a.yaml", ["httnv"] * 3,
        extra_members="""
        - ho_ten: Người Miễn
          nam_sinh: 1935
          tinh_trang: mien
          xep_loai: httnv
        - ho_ten: Người Đình Chỉ
          nam_sinh: 1970
          tinh_trang: dinh_chi
          xep_loai: htnv
        - ho_ten: Người Mới Vào
          nam_sinh: 1995
          ngay_vao_dang: 2017-05-29
          xep_loai: httnv
        - ho_ten: Người Đủ Sáu Tháng
          nam_sinh: 1994
          ngay_vao_dang: 2017-05-28
          xep_loai: httnv
        """,
    )
    found = lines_with(run_cli("validate", str(r.root)).output, "xep-loai-khi-khong-danh-gia")
    # 2017-05-29 + 6 months = 2017-11-29, after the review date 2017-11-28: not classified.
    # 2017-05-28 + 6 months = 2017-11-28: six full months, classified.
    assert len(found) == 3
    assert any("Người Miễn" in f for f in found)
    assert any("Người Đình Chỉ" in f for f in found)
    assert any("Người Mới Vào" in f for f in found)


def test_classifiable_member_without_category_and_draft(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", ["httnv", None, "httnv"])
    final = run_cli("validate", str(r.root))
    (line,) = lines_with(final.output, "thieu-xep-loai")
    assert ": lỗi [" in line and "Đảng Viên Số 002" in line and final.exit_code == 1
    draft = run_cli("validate", "--draft", str(r.root))
    (line,) = lines_with(draft.output, "thieu-xep-loai")
    assert ": cảnh báo [" in line and draft.exit_code == 0


def test_draft_does_not_soften_other_errors(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", ["htxsnv"] * 2 + ["httnv"] * 4)
    result = run_cli("validate", "--draft", str(r.root))
    assert ": lỗi [han-muc-htxsnv-chi-bo-nho]" in result.output and result.exit_code == 1
