"""What to do next with a round that has no results yet (fresh from ``init``, or just set up).

Validating such a round would list every unit and member without a decided category — a
thousand lines that say one thing. Instead the office is told what to fill, in order.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Report, display_path
from .load import Round

NOT_YET_FILLED = {"thieu-xep-loai", "thieu-kiem-diem"}


def is_fresh(round_: Round) -> bool:
    """No unit and no member has a category, self-proposed or decided, and no unit a review text."""
    for unit in round_.all_units():
        don_vi = unit.don_vi
        if don_vi is None:
            continue
        if don_vi.xep_loai or don_vi.tu_xep_loai or don_vi.kiem_diem:
            return False
        if any(m.xep_loai or m.tu_xep_loai for m in don_vi.dang_vien):
            return False
    return True


def next_steps(folder: Path, round_: Round) -> list[str]:
    place = display_path(folder)
    dot = round_.dot
    return [
        f"1. Sửa {place}/dot-danh-gia.yaml: bộ quy tắc 'quy_tac' (đang là {dot.quy_tac}: đúng hướng dẫn năm {dot.nam} chưa?), "
        "'ngay_danh_gia', các văn bản căn cứ 'can_cu', số và ngày của báo cáo tổng hợp ('bao_cao'); "
        "ghi các đơn vị phải nộp vào 'don_vi_du_kien'.",
        f"2. Lập biểu mẫu gửi các chi bộ, đảng bộ: baocao excel-form {place} -o bieu-mau-{dot.nam}",
        f"3. Nhận lại biểu mẫu đã điền và nhập: baocao import <các tệp .xlsx> --round {place} --overwrite",
        f"4. Theo dõi đơn vị nào đã nộp, còn thiếu gì: baocao status {place}",
        f"5. Khi đã đủ: baocao validate {place}, rồi baocao render {place}",
    ]


def fresh_report(report: Report, round_: Round) -> tuple[Report, str]:
    """The report without the lines every unit of a fresh round has, and the summary said instead."""
    kept = Report([d for d in report.diagnostics if d.code not in NOT_YET_FILLED])
    members = sum(len(u.members) for u in round_.all_units())
    summary = (f"Đợt đánh giá năm {round_.dot.nam} chưa có kết quả: {len(round_.all_units())} đơn vị, {members} đảng viên "
               "chưa có nội dung kiểm điểm và mức xếp loại (không liệt kê từng người).")
    return kept, summary
