"""Start next year's round from last year's: same tree, units and members, fresh results.

Kept: every unit's identity (name, kind, type, secretary, place) and every member's identity and
situation; the round's own rule set and templates (``_quy-tac.yaml``, ``_mau/``). Dropped: last
year's categories, review texts, meetings, document numbers and dates, and discipline. The new
round's ``nam_truoc`` holds the old round's figures, so next year's report can compare.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .build import validate
from .figures import totals
from .yamlout import dump_yaml, plain, plain_record
from .load import Round
from .model import DangVien, DonVi
from .source import ROUND_FILE

UNIT_KEYS = ("ten", "loai", "loai_hinh", "bi_thu", "dia_danh", "ngay_thanh_lap", "co_chi_uy")
MEMBER_DROPPED = {"tu_xep_loai", "xep_loai", "ghi_chu", "kiem_diem", "ky_luat", "tu_diem", "diem", "tu_diem_chi_tiet", "diem_chi_tiet",
                  "tu_diem_tieu_chi", "diem_tieu_chi", "ty_le_hoan_thanh", "ty_le_vuot", "ty_le_cham", "ty_le_khac_phuc",
                  "suy_thoai", "xem_xet"}
"""A member's results of the year: not carried into the next round (their identity and posts are)."""


class InitRefused(Exception):
    pass


@dataclass
class Started:
    folder: Path
    units: int
    members: int


def _member(member: DangVien) -> dict:
    data = plain_record(member)
    for key in MEMBER_DROPPED:
        data.pop(key, None)
    if data.get("nhom") == "khong_chuc_vu":
        data.pop("nhom")
    if data.get("tinh_trang") == "sinh_hoat":
        data.pop("tinh_trang")
    for flag in ("du_bi", "chi_uy", "dang_uy"):
        if data.get(flag) is False:
            data.pop(flag)
    return data


def _unit(don_vi: DonVi) -> dict:
    data = {key: getattr(don_vi, key) for key in UNIT_KEYS if getattr(don_vi, key) is not None}
    if don_vi.van_ban and (don_vi.van_ban.nguoi_ky or don_vi.van_ban.noi_nhan):
        data["van_ban"] = plain(type(don_vi.van_ban)(nguoi_ky=don_vi.van_ban.nguoi_ky, noi_nhan=don_vi.van_ban.noi_nhan))
    if don_vi.dang_vien:
        data["dang_vien"] = [_member(m) for m in don_vi.dang_vien]
    return data


def _figures(round_: Round) -> dict:
    result = {}
    for key, tally in totals(round_.units, round_).items():
        figures = {"tong_so": tally.total, "duoc_danh_gia": tally.evaluated}
        figures.update({code: count for code, count in sorted(tally.categories.items())})
        if key != "dang_vien" and round_.rule_set.data.tieu_bieu:
            figures["tieu_bieu"] = tally.distinguished
        result[key] = figures
    return result


def _next_year(value: date | None) -> date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)


def start_round(new_folder: Path, old_folder: Path) -> Started:
    if new_folder.exists() and any(new_folder.iterdir()):
        raise InitRefused(f"thư mục '{new_folder}' đã có dữ liệu; baocao không ghi đè, hãy chọn thư mục mới")
    validated = validate(old_folder, draft=True)
    old = validated.round
    if old is None:
        raise InitRefused(f"không đọc được đợt cũ: {validated.fatal}")
    dot = old.dot
    new_folder.mkdir(parents=True, exist_ok=True)
    round_data = {
        "nam": dot.nam + 1,
        "quy_tac": dot.quy_tac,
        "cap_uy": plain(dot.cap_uy),
        "ngay_danh_gia": _next_year(dot.ngay_danh_gia),
        "can_cu": [],
        "bao_cao": plain(type(dot.bao_cao)(nguoi_ky=dot.bao_cao.nguoi_ky, noi_nhan=dot.bao_cao.noi_nhan)),
        "nam_truoc": _figures(old),
    }
    if dot.dang_uy_co_so:
        round_data["dang_uy_co_so"] = True
    if dot.don_vi_du_kien:
        round_data["don_vi_du_kien"] = list(dot.don_vi_du_kien)
    dump_yaml(new_folder / ROUND_FILE, round_data, f"Đợt đánh giá năm {dot.nam + 1}, lập từ đợt năm {dot.nam} ({old_folder.name}); hãy ghi 'can_cu' và kiểm tra ngày")
    members = 0
    for unit in old.all_units():
        if unit.don_vi is None:
            continue
        target = new_folder / unit.source.path.relative_to(old.folder)
        dump_yaml(target, _unit(unit.don_vi), f"{unit.don_vi.ten}: năm {dot.nam + 1}, chưa có kết quả kiểm điểm")
        members += len(unit.members)
    for own in old.folder.iterdir():
        if own.name.startswith("_") and not own.name.endswith(".bak"):
            copy = shutil.copytree if own.is_dir() else shutil.copy2
            copy(own, new_folder / own.name)
    return Started(new_folder, len(old.all_units()), members)

