"""Today's rules (366-QĐ/TW, 43-HD/BTCTW), tested from the texts as rules.md quotes them: the
100-point bands, the HTXSNV quota of art. 11 §1.5 (20 %, 25 % by exception), the conditions of
art. 11, who is not reviewed (art. 5), the forms 01 / 2A / 2B / 2C and their part B.

Counts are written out in each test; the expected verdicts come from the rule's arithmetic
(100 × HTXSNV ≤ percent × HTTNV), not from baocao's output.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from docx import Document

from conftest import REPO, lines_with, run_cli

WARD_2026 = REPO / "data" / "phuong-song-nhue-2026"
WARD_2025 = REPO / "data" / "phuong-song-nhue-2025"

ROUND = """\
nam: 2026
quy_tac: {rules}
cap_uy:
  ten: Đảng ủy phường Thử Nghiệm
  dang_bo: Đảng bộ phường Thử Nghiệm
  cap_tren: Đảng bộ thành phố Hà Nội
  dia_danh: Thử Nghiệm
  ky_hieu: ĐU
  bi_thu: Nguyễn Thị Bí Thư
ngay_danh_gia: 2026-12-08
bao_cao: {{so: 5, ngay: 2026-12-20}}
"""


def member(name: str, category: str | None, score: float | None = None, extra: str = "") -> str:
    lines = [f"- ho_ten: {name}", "  nam_sinh: 1975", "  ngay_vao_dang: 2005-03-02"]
    if category:
        lines.append(f"  xep_loai: {category}")
    if score is not None:
        lines.append(f"  diem: {score}")
    lines += ["  " + line for line in textwrap.dedent(extra).strip().splitlines()]
    return "\n".join(lines)


def cell(name: str, members: list[str], category: str = "httnv", head: str = "", kind: str = "chi_bo_co_so") -> str:
    """A chi bộ cơ sở under the ward (the ward is their directly superior level)."""
    text = f"ten: {name}\nloai: {kind}\nloai_hinh: thon_to_dan_pho\nbi_thu: Bí Thư Chi Bộ\nxep_loai: {category}\n"
    if kind == "chi_bo_truc_thuoc":
        text = text.replace("loai_hinh: thon_to_dan_pho\n", "")
    text += textwrap.dedent(head).strip() + ("\n" if head.strip() else "")
    return text + "dang_vien:\n" + "\n".join(members) + "\n"


def many(prefix: str, category: str, count: int, extra: str = "") -> list[str]:
    return [member(f"{prefix} {i}", category, None, extra) for i in range(count)]


@pytest.fixture
def ward(tmp_path):
    root = tmp_path / "phuong"
    root.mkdir()

    def make(rules: str = "qd366-2025", rule_text: str | None = None) -> Path:
        (root / "dot-danh-gia.yaml").write_text(ROUND.format(rules=rules), encoding="utf-8")
        if rule_text is not None:
            (root / rules).write_text(textwrap.dedent(rule_text), encoding="utf-8")
        return root

    return make


def write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def validate(root: Path):
    return run_cli("validate", str(root))


# --- the 100-point bands (art. 11) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "score, category, expected",
    [
        (90, "htxsnv", None), (89.5, "htxsnv", "loi"), (89.5, "httnv", None),
        (70, "httnv", None), (69.5, "httnv", "loi"), (69.5, "htnv", None),
        (50, "htnv", None), (49.5, "htnv", "loi"), (49.5, "khtnv", None), (0, "khtnv", None),
        (95, "httnv", "canh_bao"), (70, "htnv", "canh_bao"), (49.99, "khtnv", None), (89.99, "htxsnv", "loi"),
    ],
)
def test_score_bands_on_both_sides_of_their_edges(ward, score, category, expected):
    root = ward()
    write(root, "cb.yaml", cell("Chi bộ A", [member("Người Được Chấm", category, score)] + many("Người", "httnv", 10)))
    result = validate(root)
    found = lines_with(result.output, "xep-loai-theo-diem")
    if expected is None:
        assert not found, result.output
    else:
        (line,) = found
        assert ("lỗi" if expected == "loi" else "cảnh báo") + " [xep-loai-theo-diem]" in line
        assert "Người Được Chấm" in line and "cb.yaml:" in line


def test_scores_out_of_range_and_splits_that_do_not_add_up(ward):
    root = ward()
    members = [
        member("Quá Trăm", "htxsnv", 101),
        member("Lệch Tổng", "httnv", 80, "diem_chi_tiet: {tieu_chi_chung: 25, ket_qua_nhiem_vu: 50}"),
        member("Quá Ba Mươi", "httnv", None, "diem_chi_tiet: {tieu_chi_chung: 31, ket_qua_nhiem_vu: 50}"),
        member("Chỉ Chi Tiết", "htxsnv", None, "diem_chi_tiet: {tieu_chi_chung: 25, ket_qua_nhiem_vu: 55}"),
    ]
    write(root, "cb.yaml", cell("Chi bộ A", members + many("Người", "httnv", 10)))
    out = validate(root).output
    problems = lines_with(out, "diem")
    assert any("'diem' phải từ 0 đến 100, không phải 101" in p for p in problems)
    assert any("'diem' là 80 nhưng hai nhóm tiêu chí cộng lại 75" in p for p in problems)
    assert any("'diem_chi_tiet.tieu_chi_chung' phải từ 0 đến 30" in p for p in problems)
    # 25 + 55 = 80 from the split alone: HTTNV's band, so HTXSNV is above it
    assert any("Chỉ Chi Tiết được 80 điểm" in p for p in lines_with(out, "xep-loai-theo-diem"))


# --- the quota of art. 11 §1.5 -------------------------------------------------------------------------


@pytest.mark.parametrize("best, good, holds", [(2, 10, True), (3, 10, False), (2, 12, True), (3, 15, True), (4, 15, False), (1, 4, False), (1, 5, True)])
def test_members_htxsnv_at_most_20_percent_of_httnv_in_each_grassroots_organisation(ward, best, good, holds):
    # 100 × best ≤ 20 × good: 200 ≤ 200 holds, 300 > 200 does not; 100 > 80 (1 of 4) does not.
    root = ward()
    write(root, "cb-a.yaml", cell("Chi bộ A", many("X", "htxsnv", best) + many("A", "httnv", good)))
    write(root, "cb-b.yaml", cell("Chi bộ B", many("B", "httnv", 10)))
    found = lines_with(validate(root).output, "han-muc-htxsnv-dang-vien")
    assert (not found) == holds, found
    if not holds:
        assert "cb-a.yaml" in found[0] and "20%" in found[0]


def test_the_member_quota_is_counted_per_grassroots_organisation_not_across_the_ward(ward):
    # 3 HTXSNV against 10 HTTNV in A breaks it even though the ward has 3 against 30 in all.
    root = ward()
    write(root, "cb-a.yaml", cell("Chi bộ A", many("X", "htxsnv", 3) + many("A", "httnv", 10)))
    write(root, "cb-b.yaml", cell("Chi bộ B", many("B", "httnv", 20)))
    (line,) = lines_with(validate(root).output, "han-muc-htxsnv-dang-vien")
    assert "cb-a.yaml" in line and "phải hạ 1" in line  # 2 against 11: 200 ≤ 220


GRANTED = "ngoai_le_han_muc: {toi_da_phan_tram: 25, quyet_dinh: 'Quyết định số 40-QĐ/ĐU ngày 01/12/2026'}"


@pytest.mark.parametrize("best, good, granted, holds", [
    (3, 12, False, False),  # 300 > 240
    (3, 12, True, True),    # 300 ≤ 300 with 25 %
    (4, 12, True, False),   # 400 > 300
    (4, 16, True, True),    # 400 ≤ 400
])
def test_the_25_percent_exception_granted_to_one_organisation(ward, best, good, granted, holds):
    root = ward()
    write(root, "cb-a.yaml", cell("Chi bộ A", many("X", "htxsnv", best) + many("A", "httnv", good), head=GRANTED if granted else ""))
    found = lines_with(validate(root).output, "han-muc-htxsnv-dang-vien")
    assert (not found) == holds, found
    if found and granted:
        assert "25%" in found[0] and "40-QĐ/ĐU" in found[0]


def test_an_exception_needs_its_decision_and_stays_within_25_percent(ward):
    root = ward()
    write(root, "cb-a.yaml", cell("Chi bộ A", many("A", "httnv", 10), head="ngoai_le_han_muc: {toi_da_phan_tram: 25}"))
    write(root, "cb-b.yaml", cell("Chi bộ B", many("B", "httnv", 10), head="ngoai_le_han_muc: {toi_da_phan_tram: 30, quyet_dinh: 'QĐ 41'}"))
    write(root, "cb-c.yaml", cell("Chi bộ C", many("C", "httnv", 10), head="ngoai_le_han_muc: {toi_da_phan_tram: 25, quyet_dinh: 'QĐ 42', han_muc: han-muc-khong-co}"))
    result = validate(root)
    assert result.exit_code == 1
    assert any("cb-a.yaml:" in line and "quyet_dinh" in line for line in result.output.splitlines())
    (too_high,) = [line for line in lines_with(result.output, "ngoai-le-han-muc") if "cb-b.yaml" in line]
    assert "30%" in too_high and "25%" in too_high
    (unknown,) = [line for line in lines_with(result.output, "ngoai-le-han-muc") if "cb-c.yaml" in line]
    assert "han-muc-khong-co" in unknown


@pytest.mark.parametrize("best, good, holds", [(1, 4, False), (1, 5, True), (2, 10, True), (3, 10, False)])
def test_grassroots_organisations_htxsnv_at_most_20_percent_of_those_httnv(ward, best, good, holds):
    root = ward()
    for i in range(best):
        write(root, f"x{i}.yaml", cell(f"Chi bộ X{i}", many(f"X{i}", "httnv", 6), "htxsnv"))
    for i in range(good):
        write(root, f"a{i}.yaml", cell(f"Chi bộ A{i}", many(f"A{i}", "httnv", 6), "httnv"))
    found = lines_with(validate(root).output, "han-muc-htxsnv-to-chuc-co-so")
    assert (not found) == holds, found
    if not holds:
        assert "dot-danh-gia.yaml" in found[0]


def test_a_committee_counts_by_subject_group_when_its_rule_set_says_so(ward):
    rules = """\
        ten: theo-nhom
        ke_thua: qd366-2025
        han_muc:
          - id: han-muc-htxsnv-dang-vien
            theo_nhom: true
        """
    # Leaders: 1 HTXSNV against 4 HTTNV (100 > 80) breaks the group's quota; all together 1 against 14 would hold.
    members = [member("Lãnh Đạo Xuất Sắc", "htxsnv", None, "nhom: lanh_dao")] + many("LĐ", "httnv", 4, "nhom: lanh_dao") + many("DV", "httnv", 10)
    root = ward(rules="_quy-tac.yaml", rule_text=rules)
    write(root, "cb-a.yaml", cell("Chi bộ A", members))
    (line,) = lines_with(validate(root).output, "han-muc-htxsnv-dang-vien")
    assert "lãnh đạo" in line and "Lãnh Đạo Xuất Sắc" in line
    root = ward()  # the built-in default counts all members of the organisation together
    assert not lines_with(validate(root).output, "han-muc-htxsnv-dang-vien")


def test_a_quota_scope_the_rule_set_does_not_know_is_a_located_error(ward):
    rules = """\
        ten: sai-pham-vi
        ke_thua: qd366-2025
        han_muc:
          - id: han-muc-htxsnv-dang-vien
            pham_vi: to_dan_pho
        """
    root = ward(rules="_quy-tac.yaml", rule_text=rules)
    write(root, "cb-a.yaml", cell("Chi bộ A", many("A", "httnv", 5)))
    result = validate(root)
    assert result.exit_code == 2
    assert "_quy-tac.yaml:5" in result.output and "to_dan_pho" in result.output


# --- the conditions of art. 11 -------------------------------------------------------------------------


@pytest.mark.parametrize("remedied, holds", [(100, True), (99, False)])
def test_htxsnv_needs_every_shortcoming_of_the_last_review_remedied(ward, remedied, holds):
    root = ward()
    best = member("Xuất Sắc", "htxsnv", 92, f"ty_le_hoan_thanh: 100\nty_le_vuot: 35\nty_le_cham: 0\nty_le_khac_phuc: {remedied}")
    write(root, "cb.yaml", cell("Chi bộ A", [best] + many("A", "httnv", 10), head=f"ty_le_khac_phuc: {remedied}\nty_le_hoan_thanh: 100\nty_le_vuot: 30\nty_le_cham: 0",
                                category="htxsnv"))
    write(root, "cb-b.yaml", cell("Chi bộ B", many("B", "httnv", 6)))
    write(root, "cb-c.yaml", cell("Chi bộ C", many("C", "httnv", 6)))
    write(root, "cb-d.yaml", cell("Chi bộ D", many("D", "httnv", 6)))
    write(root, "cb-e.yaml", cell("Chi bộ E", many("E", "httnv", 6)))
    found = lines_with(validate(root).output, "xep-loai-theo-ket-qua-nhiem-vu")
    assert (not found) == holds, found
    if not holds:
        assert len(found) == 2 and all("99%" in f for f in found)  # the member and the collective


@pytest.mark.parametrize("late, category, holds", [(0, "htxsnv", True), (5, "htxsnv", False), (20, "htnv", True), (25, "htnv", False)])
def test_tasks_on_time_for_htxsnv_and_at_most_20_percent_late_for_htnv_individuals_too(ward, late, category, holds):
    root = ward()
    rated = member("Người Được Xét", category, None, f"ty_le_hoan_thanh: 100\nty_le_vuot: 30\nty_le_cham: {late}")
    write(root, "cb.yaml", cell("Chi bộ A", [rated] + many("A", "httnv", 10)))
    found = lines_with(validate(root).output, "xep-loai-theo-ket-qua-nhiem-vu")
    assert (not found) == holds, found


@pytest.mark.parametrize("category, in_duties, eased, expected", [
    ("htnv", True, False, "loi"), ("khtnv", True, False, None), ("htnv", False, False, None), ("htnv", True, True, "canh_bao"),
])
def test_a_member_without_a_post_disciplined_in_their_duties_is_khtnv(ward, category, in_duties, eased, expected):
    extra = f"ky_luat: {{hinh_thuc: khien_trach, ngay: 2026-05-01, trong_cong_tac: {str(in_duties).lower()}}}"
    if eased:
        extra += "\nxem_xet: {ly_do: Đã tự giác báo cáo và khắc phục hậu quả}"
    root = ward()
    write(root, "cb.yaml", cell("Chi bộ A", [member("Bị Kỷ Luật", category, None, extra)] + many("A", "httnv", 5)))
    found = lines_with(validate(root).output, "dang-vien-bi-ky-luat")
    if expected is None:
        assert not found
    else:
        (line,) = found
        assert line.split(": ")[1].startswith("lỗi" if expected == "loi" else "cảnh báo")
        assert "KHTNV" in line
        if eased:
            assert "tự giác báo cáo" in line


def test_the_easing_reason_is_printed_where_the_rating_is_shown(ward, tmp_path):
    root = ward()
    extra = "nhom: khong_chuc_vu\nky_luat: {hinh_thuc: khien_trach, ngay: 2026-05-01, trong_cong_tac: true}\nxem_xet: {ly_do: Đã tự giác báo cáo và khắc phục hậu quả}"
    write(root, "cb.yaml", cell("Chi bộ A", [member("Bị Kỷ Luật", "htnv", None, extra + "\nkiem_diem: {han_che: Chậm bàn giao sổ sách.}")] + many("A", "httnv", 5)))
    out = tmp_path / "out"
    assert run_cli("render", str(root), "-o", str(out)).exit_code == 0
    (review,) = (out / "phuong" / "cb" / "ban-kiem-diem").glob("01-*.docx")
    text = "\n".join(p.text for p in Document(str(review)).paragraphs)
    assert "Được xem xét khi xếp loại: Đã tự giác báo cáo và khắc phục hậu quả." in text


@pytest.mark.parametrize("category, holds", [("htnv", False), ("khtnv", True)])
def test_a_member_concluded_degraded_is_khtnv(ward, category, holds):
    root = ward()
    write(root, "cb.yaml", cell("Chi bộ A", [member("Suy Thoái", category, None, "suy_thoai: true")] + many("A", "httnv", 5)))
    assert (not lines_with(validate(root).output, "dang-vien-suy-thoai")) == holds


@pytest.mark.parametrize("done, group, holds", [(49, "khong_chuc_vu", False), (50, "khong_chuc_vu", True), (49, "ngoai_he_thong", False), (49, "lanh_dao", True)])
def test_more_than_half_of_the_years_tasks_not_done_is_khtnv_for_members_without_a_post(ward, done, group, holds):
    root = ward()
    write(root, "cb.yaml", cell("Chi bộ A", [member("Chưa Xong Việc", "htnv", None, f"nhom: {group}\nty_le_hoan_thanh: {done}")] + many("A", "httnv", 5)))
    assert (not lines_with(validate(root).output, "dang-vien-khong-hoan-thanh-qua-nua")) == holds


@pytest.mark.parametrize("category, in_duties, holds", [("htnv", True, False), ("khtnv", True, True), ("httnv", False, True)])
def test_a_leadership_collective_with_a_member_disciplined_in_duties_is_khtnv(ward, category, in_duties, holds):
    root = ward()
    disciplined = member("Cấp Ủy Viên", "htnv", None, f"chi_uy: true\nky_luat: {{hinh_thuc: khien_trach, ngay: 2026-04-01, trong_cong_tac: {str(in_duties).lower()}}}")
    write(root, "cb-a.yaml", cell("Chi bộ A", [disciplined] + many("N", "httnv", 5), category))
    assert (not lines_with(validate(root).output, "tap-the-thanh-vien-bi-ky-luat")) == holds


def test_a_collective_with_a_disciplined_leader_is_not_htxsnv(ward):
    root = ward()
    disciplined = member("Cấp Ủy Viên", "htnv", None, "chi_uy: true\nky_luat: {hinh_thuc: khien_trach, ngay: 2026-04-01}")
    write(root, "cb-a.yaml", cell("Chi bộ A", [disciplined] + many("N", "httnv", 5), "htxsnv"))
    not_leader = member("Đảng Viên Thường", "htnv", None, "ky_luat: {hinh_thuc: khien_trach, ngay: 2026-04-01}")
    write(root, "cb-b.yaml", cell("Chi bộ B", [not_leader] + many("M", "httnv", 5), "htxsnv"))
    found = lines_with(validate(root).output, "tap-the-htxsnv-khong-ky-luat")
    assert len(found) == 1 and "cb-a.yaml" in found[0] and "Cấp Ủy Viên" in found[0] and "HTTNV" in found[0]


@pytest.mark.parametrize("done, category, holds", [(69, "htnv", False), (70, "htnv", True), (69, "khtnv", True)])
def test_a_collective_whose_unit_did_under_70_percent_is_khtnv(ward, done, category, holds):
    root = ward()
    write(root, "cb.yaml", cell("Chi bộ A", many("A", "httnv", 5), category, head=f"ty_le_hoan_thanh: {done}"))
    assert (not lines_with(validate(root).output, "tap-the-hoan-thanh-duoi-70")) == holds


def test_a_leader_of_units_mostly_khtnv_is_khtnv(ward):
    root = ward()
    for name, category, done in (("to-1", "khtnv", 100), ("to-2", "khtnv", 100), ("to-3", "httnv", 100), ("to-4", "httnv", 60)):
        write(root, f"{name}.yaml", cell(f"Chi bộ {name}", many(f"N {name}", "httnv", 4), category, head=f"ty_le_hoan_thanh: {done}"))
    leaders = [
        member("Phụ Trách Ba", "htnv", None, "nhom: lanh_dao\nphu_trach: [to-1, to-2, to-3]"),  # 2/3 > 1/2
        member("Phụ Trách Hai", "htnv", None, "nhom: lanh_dao\nphu_trach: [to-1, to-3]"),  # 1/2: not more than half
        member("Phụ Trách Yếu", "htnv", None, "nhom: lanh_dao\nphu_trach: [to-4.yaml]"),  # its unit did 60 % < 70 %
    ]
    write(root, "co-quan.yaml", cell("Chi bộ Cơ quan", leaders + many("CQ", "httnv", 4)))
    found = lines_with(validate(root).output, "lanh-dao-theo-don-vi-phu-trach")
    assert len(found) == 2
    assert any("Phụ Trách Ba" in f and "2/3" in f for f in found)
    assert any("Phụ Trách Yếu" in f and "dưới 70%" in f for f in found)


# --- sub-criteria a committee sets (43-HD 7.12) --------------------------------------------------------

CRITERIA = """\
    ten: tieu-chi
    ke_thua: qd366-2025
    thang_diem:
      toi_da: 100
      tieu_chi_chung: 30
      ket_qua_nhiem_vu: 70
      muc: [{xep_loai: htxsnv, tu: 90}, {xep_loai: httnv, tu: 70}, {xep_loai: htnv, tu: 50}, {xep_loai: khtnv, tu: 0}]
      tieu_chi:
        - {ma: chinh_tri, nhom: tieu_chi_chung, toi_da: 15, ten: Chính trị tư tưởng}
        - {ma: dao_duc, nhom: tieu_chi_chung, toi_da: 15, ten: Đạo đức, lối sống}
        - {ma: nhiem_vu, nhom: ket_qua_nhiem_vu, toi_da: 70, ten: Kết quả nhiệm vụ}
    """


def test_sub_scores_within_their_maximum_and_adding_up_to_their_group(ward):
    root = ward(rules="_quy-tac.yaml", rule_text=CRITERIA)
    members = [
        member("Đúng", "httnv", None, "tu_diem_chi_tiet: {tieu_chi_chung: 25, ket_qua_nhiem_vu: 55}\ntu_diem_tieu_chi: {chinh_tri: 13, dao_duc: 12, nhiem_vu: 55}"),
        member("Quá Tối Đa", "httnv", None, "tu_diem_tieu_chi: {chinh_tri: 16}"),
        member("Không Khớp", "httnv", None, "tu_diem_chi_tiet: {tieu_chi_chung: 25, ket_qua_nhiem_vu: 55}\ntu_diem_tieu_chi: {chinh_tri: 13, dao_duc: 13}"),
        member("Sai Mã", "httnv", None, "tu_diem_tieu_chi: {chinh_tri_tu_tuong: 10}"),
    ]
    write(root, "cb.yaml", cell("Chi bộ A", members + many("A", "httnv", 5)))
    result = validate(root)
    found = lines_with(result.output, "tieu-chi")
    assert len(found) == 3 and all("cb.yaml:" in f for f in found)
    assert any("phải từ 0 đến 15, không phải 16" in f for f in found)
    assert any("cộng lại 26" in f and "(25)" in f for f in found)
    assert any("'chinh_tri_tu_tuong'" in f and "có phải 'chinh_tri'" in f for f in found)


def test_sub_criteria_beyond_their_group_are_a_rule_set_error(ward):
    root = ward(rules="_quy-tac.yaml", rule_text=CRITERIA.replace("toi_da: 15, ten: Chính", "toi_da: 20, ten: Chính"))
    write(root, "cb.yaml", cell("Chi bộ A", many("A", "httnv", 5)))
    result = validate(root)
    assert result.exit_code == 2 and "cộng lại 35" in result.output and "_quy-tac.yaml" in result.output


# --- who is reviewed, which form, and what it holds ----------------------------------------------------


def _render(root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = run_cli("render", str(root), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out / root.name


def _text(path: Path) -> str:
    document = Document(str(path))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_exempt_suspended_and_new_members_write_no_review_and_everyone_else_gets_a_form(ward, tmp_path):
    root = ward()
    members = [
        member("Có Bài Viết", "httnv", None, "nhom: khong_chuc_vu\nkiem_diem: {tu_tuong_dao_duc: Giữ vững lập trường.}"),
        member("Viết Tay", "httnv", None, "nhom: khong_chuc_vu"),
        member("Được Miễn", None, None, "tinh_trang: mien\nkiem_diem: {han_che: Tuổi cao.}"),
        member("Bị Đình Chỉ", None, None, "tinh_trang: dinh_chi"),
        "- ho_ten: Mới Vào Đảng\n  nam_sinh: 2000\n  ngay_vao_dang: 2026-09-01\n  du_bi: true",
    ] + many("A", "httnv", 4)
    write(root, "cb.yaml", cell("Chi bộ A", members))
    result = validate(root)
    (warning,) = lines_with(result.output, "khong-kiem-diem")
    assert "Được Miễn" in warning and "cb.yaml:" in warning
    folder = _render(root, tmp_path) / "cb" / "ban-kiem-diem"
    names = sorted(p.name for p in folder.glob("*.docx"))
    assert len(names) == 6  # 9 on the roll, 3 not reviewed
    assert not any(n.startswith(("03-", "04-", "05-")) for n in names)
    by_hand = _text(next(folder.glob("02-*.docx")))
    assert "." * 60 in by_hand and "Không." not in by_hand  # lines to write on, the optional sections too


@pytest.mark.parametrize("group, chosen, code, subject", [
    ("lanh_dao", None, "Mẫu 2A-HD KĐ.ĐG", "(Dùng cho cá nhân giữ chức vụ lãnh đạo, quản lý)"),
    ("khong_chuc_vu", None, "Mẫu 2B-HD KĐ.ĐG", "(Dùng cho đảng viên không giữ chức vụ lãnh đạo, quản lý)"),
    ("cong_chuc", None, "Mẫu 2B-HD KĐ.ĐG", "(Dùng cho đảng viên không giữ chức vụ lãnh đạo, quản lý)"),
    ("ngoai_he_thong", None, "Mẫu 2C-HD KĐ.ĐG", "(Dùng cho đảng viên không công tác trong hệ thống chính trị)"),
    ("khong_chuc_vu", "2C", "Mẫu 2C-HD KĐ.ĐG", "(Dùng cho đảng viên không công tác trong hệ thống chính trị)"),
])
def test_each_group_writes_its_form_with_part_v_and_the_score_block(ward, tmp_path, group, chosen, code, subject):
    root = ward()
    extra = f"nhom: {group}\n" + (f"mau_kiem_diem: '{chosen}'\n" if chosen else "")
    extra += "tu_diem_chi_tiet: {tieu_chi_chung: 26, ket_qua_nhiem_vu: 58.5}\ntu_xep_loai: httnv\nkiem_diem: {tu_tuong_dao_duc: Giữ vững lập trường.}"
    write(root, "cb.yaml", cell("Chi bộ A", [member("Người Viết", "httnv", None, extra)] + many("A", "httnv", 5)))
    review = next((_render(root, tmp_path) / "cb" / "ban-kiem-diem").glob("01-*.docx"))
    document = Document(str(review))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == code or code in lines[:3]
    assert "BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN" in lines and "Năm 2026" in lines and subject in lines
    assert "A. NỘI DUNG KIỂM ĐIỂM" in lines and "B. NỘI DUNG TỰ ĐÁNH GIÁ, XẾP LOẠI" in lines
    assert "V. Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập thể (nếu có)" in lines
    # an empty '(nếu có)' section of a member who wrote a text says so
    v_index = lines.index("V. Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập thể (nếu có)")
    assert lines[v_index + 1] == "Không."
    score = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = [[c.text for c in row.cells] for row in score.rows]
    assert rows[1][1:] == ["Nhóm tiêu chí chung", "30", "26"]
    assert rows[2][1:] == ["Nhóm tiêu chí về kết quả thực hiện nhiệm vụ", "70", "58,5"]
    assert rows[3][1:] == ["Tổng điểm", "100", "84,5"]
    assert "Hoàn thành tốt nhiệm vụ." in lines
    assert "(Chưa có nội dung.)" not in "\n".join(lines)


def test_a_form_code_that_does_not_exist_is_a_located_error(ward):
    root = ward()
    write(root, "cb.yaml", cell("Chi bộ A", [member("Sai Mẫu", "httnv", None, "mau_kiem_diem: 2D")] + many("A", "httnv", 5)))
    result = validate(root)
    (line,) = lines_with(result.output, "mau-khong-co")
    assert result.exit_code == 1 and "cb.yaml:" in line and "'2D'" in line and "2A, 2B, 2C" in line


def test_form_01_has_its_parts_and_the_leadership_signs(ward, tmp_path):
    root = ward()
    head = "tu_diem_chi_tiet: {tieu_chi_chung: 27, ket_qua_nhiem_vu: 64}\ntu_xep_loai: htxsnv\nkiem_diem: {nguyen_tac: Giữ vững nguyên tắc., han_che: Còn chậm.}"
    write(root, "nho.yaml", cell("Chi bộ Tổ dân phố Nhỏ", many("N", "httnv", 6), head=head))
    write(root, "lon.yaml", cell("Chi bộ Tổ dân phố Lớn", many("L", "httnv", 12), head=head))
    folder = _render(root, tmp_path)
    small = Document(str(folder / "nho" / "bao-cao-kiem-diem-tap-the.docx"))
    lines = [p.text for p in small.paragraphs]
    assert "Mẫu 01-HD KĐ.ĐG" in lines[:3]
    assert "BÁO CÁO KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CỦA TẬP THỂ" in lines
    for title in ("I. Ưu điểm, kết quả đạt được", "1. Việc chấp hành nguyên tắc tổ chức và hoạt động, nhất là nguyên tắc tập trung dân chủ; thực hiện quy chế làm việc",
                  "II. Hạn chế, khuyết điểm và nguyên nhân", "IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)",
                  "V. Trách nhiệm của tập thể, cá nhân", "VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm",
                  "B. NỘI DUNG TỰ ĐÁNH GIÁ, XẾP LOẠI", "I. Đánh giá theo các nhóm tiêu chí", "II. Đề xuất xếp loại mức chất lượng"):
        assert title in lines, title
    assert lines[lines.index("IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)") + 1] == "Không."
    assert "Hoàn thành xuất sắc nhiệm vụ." in lines
    # six members: no chi ủy (Điều lệ art. 24) — the bí thư signs for the chi bộ
    small_text = _text(folder / "nho" / "bao-cao-kiem-diem-tap-the.docx")
    assert "chi ủy" not in small_text.lower() and "T/M CHI BỘ" in small_text
    large_text = _text(folder / "lon" / "bao-cao-kiem-diem-tap-the.docx")
    assert "(Chi ủy Chi bộ Tổ dân phố Lớn)" in large_text and "T/M CHI ỦY" in large_text


def test_the_wards_documents_name_no_ban_to_chuc_and_no_thi_tran(tmp_path):
    folder = _render(WARD_2026, tmp_path)
    for document in [folder / "bieu-tong-hop.docx", folder / "bao-cao-tong-hop.docx",
                     folder / "chi-bo-to-dan-pho-so-1" / "bao-cao-kiem-diem-tap-the.docx"]:
        text = _text(document)
        assert "Ban Tổ chức Đảng ủy" not in text and "BAN TỔ CHỨC ĐẢNG ỦY" not in text, document.name
        assert "Thị trấn" not in text and "Phường" not in [c for c in text.splitlines()], document.name
    tables = _text(folder / "bieu-tong-hop.docx")
    assert "BAN XÂY DỰNG ĐẢNG ĐẢNG ỦY PHƯỜNG SÔNG NHUỆ" in tables
    # 43-HD/BTCTW has no table of results: the committee's own table claims no official number.
    assert "Thôn, tổ dân phố" in tables and "Biểu tổng hợp" in tables
    assert "Biểu 5-BTCTW" not in tables and "6F-BTCTW" not in tables and "TCTW" not in tables


def test_the_2026_sample_keeps_todays_rules_and_renders_every_form(tmp_path):
    result = validate(WARD_2026)
    assert result.exit_code == 0, result.output
    round_file = yaml.safe_load((WARD_2026 / "dot-danh-gia.yaml").read_text(encoding="utf-8"))
    assert round_file["nam"] == 2026 and round_file["ngay_danh_gia"].year == 2026
    folder = _render(WARD_2026, tmp_path)
    codes = {}
    for review in folder.rglob("ban-kiem-diem/*.docx"):
        first = Document(str(review)).paragraphs
        code = next(p.text for p in first[:3] if p.text.startswith("Mẫu"))
        codes[code] = codes.get(code, 0) + 1
    assert set(codes) == {"Mẫu 2A-HD KĐ.ĐG", "Mẫu 2B-HD KĐ.ĐG", "Mẫu 2C-HD KĐ.ĐG"}, codes
    # every member reviewed has a form; nobody exempt, suspended or admitted under 6 months does
    data = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in WARD_2026.rglob("[!_]*.yaml") if p.name != "dot-danh-gia.yaml"]
    reviewed = [m for d in data for m in d.get("dang_vien", []) if "xep_loai" in m]
    assert sum(codes.values()) == len(reviewed)
    # the private firm's members write form 2C
    firm = folder / "chi-bo-cong-ty-tnhh-det-may" / "ban-kiem-diem"
    assert sum("Mẫu 2C-HD KĐ.ĐG" in _text(p) for p in firm.glob("*.docx")) >= len(list(firm.glob("*.docx"))) - 2


def test_init_from_the_2025_round_starts_2026_under_the_same_rules(tmp_path):
    new = tmp_path / "phuong-2026"
    result = run_cli("init", str(new), "--from", str(WARD_2025))
    assert result.exit_code == 0, result.output
    round_file = yaml.safe_load((new / "dot-danh-gia.yaml").read_text(encoding="utf-8"))
    assert round_file["nam"] == 2026 and round_file["quy_tac"] == "_quy-tac.yaml"
    assert (new / "_quy-tac.yaml").read_text(encoding="utf-8") == (WARD_2025 / "_quy-tac.yaml").read_text(encoding="utf-8")
    old = yaml.safe_load((WARD_2025 / "chi-bo-to-dan-pho-so-1.yaml").read_text(encoding="utf-8"))
    fresh = yaml.safe_load((new / "chi-bo-to-dan-pho-so-1.yaml").read_text(encoding="utf-8"))
    assert [m["ho_ten"] for m in fresh["dang_vien"]] == [m["ho_ten"] for m in old["dang_vien"]]
    for key in ("xep_loai", "diem", "tu_diem", "diem_chi_tiet", "kiem_diem", "ky_luat", "xem_xet"):
        assert not any(key in m for m in fresh["dang_vien"]), key
    assert "ngoai_le_han_muc" not in fresh
    assert round_file["nam_truoc"]["to_chuc_co_so"]["tong_so"] == len(old and list(WARD_2025.glob("chi-bo-*.yaml"))) + 1
    result = run_cli("validate", str(new), "--draft")
    assert result.exit_code == 0, result.output
