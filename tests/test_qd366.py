"""Today's rules (366-QĐ/TW, 43-HD/BTCTW): scores, bands, conditions, a ward's own quota."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from docx import Document

from conftest import REPO, lines_with, run_cli

WARD_SAMPLE = REPO / "data" / "phuong-song-nhue-2025"

WARD_ROUND = """\
nam: 2025
quy_tac: {rules}
dang_uy_co_so: true
cap_uy:
  ten: Đảng ủy phường Thử Nghiệm
  dang_bo: Đảng bộ phường Thử Nghiệm
  cap_tren: Đảng bộ thành phố Hà Nội
  dia_danh: Thử Nghiệm
  ky_hieu: ĐU
  bi_thu: Nguyễn Thị Bí Thư
ngay_danh_gia: 2025-12-10
bao_cao: {{so: 5, ngay: 2025-12-20}}
"""


def member(name: str, category: str | None, score: float | None = None, extra: str = "") -> str:
    lines = [f"- ho_ten: {name}", "  nam_sinh: 1975", "  ngay_vao_dang: 2005-03-02"]
    if category:
        lines.append(f"  xep_loai: {category}")
    if score is not None:
        lines.append(f"  diem: {score}")
    lines += ["  " + line for line in textwrap.dedent(extra).strip().splitlines()]
    return "\n".join(lines)


def ward_cell(name: str, members: list[str], category: str = "httnv", head: str = "") -> str:
    text = f"ten: {name}\nloai: chi_bo_truc_thuoc\nloai_hinh: phuong\nbi_thu: Bí Thư Chi Bộ\nxep_loai: {category}\n"
    text += textwrap.dedent(head).strip() + ("\n" if head.strip() else "")
    return text + "dang_vien:\n" + "\n".join(members) + "\n"


@pytest.fixture
def ward(tmp_path):
    root = tmp_path / "phuong"
    root.mkdir()

    def make(rules: str = "qd366-2025") -> Path:
        (root / "dot-danh-gia.yaml").write_text(WARD_ROUND.format(rules=rules), encoding="utf-8")
        return root

    return make


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


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
    write(root, "cb.yaml", ward_cell("Chi bộ A", [member("Người Được Chấm", category, score)] + [member(f"Người {i}", "httnv") for i in range(5)]))
    result = run_cli("validate", str(root))
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
    write(root, "cb.yaml", ward_cell("Chi bộ A", members + [member(f"Người {i}", "httnv") for i in range(10)]))
    out = run_cli("validate", str(root)).output
    problems = lines_with(out, "diem")
    assert any("'diem' phải từ 0 đến 100, không phải 101" in p for p in problems)
    assert any("'diem' là 80 nhưng hai nhóm tiêu chí cộng lại 75" in p for p in problems)
    assert any("'diem_chi_tiet.tieu_chi_chung' phải từ 0 đến 30" in p for p in problems)
    # 25 + 55 = 80 from the split alone: HTTNV's band, so HTXSNV is above it
    assert any("Chỉ Chi Tiết được 80 điểm" in p for p in lines_with(out, "xep-loai-theo-diem"))


def test_a_disciplined_leadership_member_keeps_the_cell_below_htxsnv(ward):
    root = ward()
    disciplined = member("Cấp Ủy Viên", "htnv", None, "chi_uy: true\nky_luat: {hinh_thuc: khien_trach, ngay: 2025-04-01}")
    write(root, "cb-a.yaml", ward_cell("Chi bộ A", [disciplined] + [member(f"N {i}", "httnv") for i in range(5)], "htxsnv"))
    not_leader = member("Đảng Viên Thường", "htnv", None, "ky_luat: {hinh_thuc: khien_trach, ngay: 2025-04-01}")
    write(root, "cb-b.yaml", ward_cell("Chi bộ B", [not_leader] + [member(f"M {i}", "httnv") for i in range(5)], "htxsnv"))
    found = lines_with(run_cli("validate", str(root)).output, "tap-the-co-ky-luat")
    assert len(found) == 1 and "cb-a.yaml" in found[0] and "Cấp Ủy Viên" in found[0] and "HTTNV" in found[0]


def test_a_disciplined_subordinate_unit_keeps_the_party_committee_below_htxsnv(tmp_path):
    root = tmp_path / "huyen"
    root.mkdir()
    (root / "dot-danh-gia.yaml").write_text(WARD_ROUND.format(rules="qd366-2025").replace("dang_uy_co_so: true\n", ""), encoding="utf-8")
    (root / "db").mkdir()
    write(root / "db", "dang-bo.yaml", "ten: Đảng bộ X\nloai: dang_bo_co_so\nloai_hinh: phuong\nxep_loai: htxsnv\n")
    cell = ward_cell("Chi bộ Y", [member(f"N {i}", "httnv") for i in range(4)], head="ky_luat: {hinh_thuc: canh_cao, ngay: 2025-03-01}")
    write(root / "db", "cb.yaml", cell)
    (line,) = lines_with(run_cli("validate", str(root)).output, "tap-the-co-ky-luat")
    assert "db/dang-bo.yaml" in line and "Chi bộ Y bị kỷ luật" in line


@pytest.mark.parametrize(
    "extra, expected",
    [
        ("nhom: lanh_dao\nky_luat: {hinh_thuc: khien_trach, ngay: 2025-05-01, trong_cong_tac: true}", True),
        ("nhom: lanh_dao\nky_luat: {hinh_thuc: khien_trach, ngay: 2025-05-01, trong_cong_tac: false}", False),
        ("nhom: khong_chuc_vu\nky_luat: {hinh_thuc: canh_cao, ngay: 2025-05-01, trong_cong_tac: true}", False),
        ("nhom: lanh_dao\nky_luat: {hinh_thuc: canh_cao, ngay: 2024-05-01, trong_cong_tac: true}", False),
    ],
)
def test_a_leader_disciplined_in_their_duties_is_khtnv(ward, extra, expected):
    root = ward()
    write(root, "cb.yaml", ward_cell("Chi bộ A", [member("Lãnh Đạo", "htnv", None, extra)] + [member(f"N {i}", "httnv") for i in range(5)]))
    found = lines_with(run_cli("validate", str(root)).output, "lanh-dao-bi-ky-luat")
    assert bool(found) == expected
    if expected:
        assert "khiển trách" in found[0] and "KHTNV" in found[0]


def test_a_leader_of_units_mostly_khtnv_is_khtnv(ward):
    root = ward()
    for name, category, done in (("to-1", "khtnv", 100), ("to-2", "khtnv", 100), ("to-3", "httnv", 100), ("to-4", "httnv", 60)):
        write(root, f"{name}.yaml", ward_cell(f"Chi bộ {name}", [member(f"N {name} {i}", "httnv") for i in range(4)], category,
                                              head=f"ty_le_hoan_thanh: {done}"))
    leaders = [
        member("Phụ Trách Ba", "htnv", None, "nhom: lanh_dao\nphu_trach: [to-1, to-2, to-3]"),  # 2/3 > 1/2
        member("Phụ Trách Hai", "htnv", None, "nhom: lanh_dao\nphu_trach: [to-1, to-3]"),  # 1/2: not more than half
        member("Phụ Trách Yếu", "htnv", None, "nhom: lanh_dao\nphu_trach: [to-4.yaml]"),  # its unit did 60 % < 70 %
        member("Phụ Trách Sai", "htnv", None, "nhom: lanh_dao\nphu_trach: [to-9]"),
    ]
    write(root, "co-quan.yaml", ward_cell("Chi bộ Cơ quan", leaders + [member(f"CQ {i}", "httnv") for i in range(4)]))
    out = run_cli("validate", str(root)).output
    found = lines_with(out, "lanh-dao-theo-don-vi-phu-trach")
    assert len(found) == 2
    assert any("Phụ Trách Ba" in f and "2/3" in f for f in found)
    assert any("Phụ Trách Yếu" in f and "dưới 70%" in f for f in found)
    (wrong,) = lines_with(out, "phu-trach")
    assert "'to-9'" in wrong


def test_task_results_limit_the_category_where_given(ward):
    root = ward()
    write(root, "cb-a.yaml", ward_cell("Chi bộ A", [member(f"N {i}", "httnv") for i in range(4)], "htxsnv",
                                       head="ty_le_hoan_thanh: 100\nty_le_vuot: 20"))
    write(root, "cb-b.yaml", ward_cell("Chi bộ B", [member(f"M {i}", "httnv") for i in range(4)], "htxsnv",
                                       head="ty_le_hoan_thanh: 100\nty_le_vuot: 30"))
    write(root, "cb-c.yaml", ward_cell("Chi bộ C", [member(f"P {i}", "httnv") for i in range(4)], "htnv",
                                       head="ty_le_hoan_thanh: 100\nty_le_cham: 25"))
    found = lines_with(run_cli("validate", str(root)).output, "xep-loai-theo-ket-qua-nhiem-vu")
    assert len(found) == 2
    assert any("cb-a.yaml" in f and "vượt yêu cầu 20%" in f for f in found)
    assert any("cb-c.yaml" in f and "chậm 25%" in f for f in found)


def test_no_quota_is_built_in_but_a_ward_adds_its_own(ward):
    root = ward(rules="_quy-tac.yaml")
    (root / "_quy-tac.yaml").write_text(
        (WARD_SAMPLE / "_quy-tac.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    # Over the whole ward: 2 HTXSNV against 10 HTTNV → 200 ≤ 20 × 10.
    write(root, "cb-a.yaml", ward_cell("Chi bộ A", [member("X1", "htxsnv"), member("X2", "htxsnv")] + [member(f"A {i}", "httnv") for i in range(5)]))
    write(root, "cb-b.yaml", ward_cell("Chi bộ B", [member(f"B {i}", "httnv") for i in range(5)]))
    assert run_cli("validate", str(root)).exit_code == 0
    # 3 against 10 → 300 > 200; lowering one: 2 against 11 → 200 ≤ 220.
    write(root, "cb-b.yaml", ward_cell("Chi bộ B", [member("X3", "htxsnv")] + [member(f"B {i}", "httnv") for i in range(5)]))
    (line,) = lines_with(run_cli("validate", str(root)).output, "han-muc-htxsnv")
    assert "dot-danh-gia.yaml" in line and "phải hạ 1" in line and "20%" in line
    # the built-in rule set alone has no quota: the same data passes
    (root / "dot-danh-gia.yaml").write_text(WARD_ROUND.format(rules="qd366-2025"), encoding="utf-8")
    assert run_cli("validate", str(root)).exit_code == 0


def test_the_2025_sample_round_validates_and_renders(tmp_path):
    result = run_cli("validate", str(WARD_SAMPLE))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    rendered = run_cli("render", str(WARD_SAMPLE), "-o", str(out))
    assert rendered.exit_code == 0, rendered.output
    folder = out / WARD_SAMPLE.name
    cell_data = yaml.safe_load((WARD_SAMPLE / "chi-bo-to-dan-pho-so-1.yaml").read_text(encoding="utf-8"))
    report = Document(str(folder / "chi-bo-to-dan-pho-so-1" / "bao-cao-kiem-diem-tap-the.docx"))
    header = [p.text for p in report.tables[0].rows[0].cells[0].paragraphs]
    assert header == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "ĐẢNG ỦY PHƯỜNG SÔNG NHUỆ", "CHI BỘ TỔ DÂN PHỐ SỐ 1", "*"]
    text = "\n".join(p.text for p in report.paragraphs)
    assert "VII. Đề nghị mức xếp loại chất lượng" in text
    own = f"{cell_data['tu_diem']:g}".replace(".", ",")
    assert f"tự chấm {own} điểm" in text
    listing = Document(str(folder / "chi-bo-to-dan-pho-so-1" / "danh-sach-xep-loai-dang-vien.docx")).tables[1]
    assert [c.text for c in listing.rows[0].cells] == ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Tự chấm điểm", "Tự xếp loại", "Điểm", "Xếp loại", "Ghi chú"]
    first = cell_data["dang_vien"][0]
    assert listing.rows[1].cells[6].text == f"{first['diem']:g}".replace(".", ",")
    summary = Document(str(folder / "bao-cao-tong-hop.docx"))
    signature = [p.text for p in summary.tables[-1].rows[0].cells[1].paragraphs]
    assert signature[0] == "T/M BAN THƯỜNG VỤ"
    summary_text = "\n".join(p.text for p in summary.paragraphs)
    assert "Kết quả chấm điểm" in summary_text and "trong sạch" not in summary_text.lower()
    members = [m for p in WARD_SAMPLE.glob("chi-bo-*.yaml") for m in yaml.safe_load(p.read_text(encoding="utf-8"))["dang_vien"] if "diem" in m]
    assert f"{len(members)} đảng viên có điểm được chấm" in summary_text
    individual_2c = [
        d for d in (folder).rglob("ban-kiem-diem/*.docx")
        if "Mẫu 2C" in "\n".join(p.text for p in Document(str(d)).paragraphs)
    ]
    assert individual_2c, "no individual review in form 2C"
    tables = Document(str(folder / "bieu-tong-hop.docx"))
    first_table = tables.tables[1]
    assert first_table.rows[2].cells[1].text == "Số chi bộ trực thuộc"
    assert len(first_table.columns) == 4 + 11
