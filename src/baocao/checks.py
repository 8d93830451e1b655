"""Validate stage: the rules of the round's rule set and the data's own consistency.

Every problem becomes a diagnostic at the file and line a user must change; nothing stops at the
first. Conditions are a fixed catalogue of checks that rule sets switch on and parameterise: their
kinds and parameters in ``rules.conditions``, what each checks here (``CONDITION_CHECKS``); quotas
come from ``figures``, which does all the counting.
"""

from __future__ import annotations

import difflib
import re
import functools
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Iterable

from .copies import Passage, find_copies
from .diagnostics import Located, Report
from .history import load_history
from .figures import EVALUATED, Standing, band_of, member_standing, quota_results, score_of, subjects_in, unit_standing
from .load import Round, Unit
from .model import DangVien, DonVi, XemXet
from .rules import TIEU_BIEU, DieuKien, RuleSet
from .rules.conditions import (CONDITION_KINDS, ConditionKind, DangVienBiKyLuat, DangVienSuyThoai, KhongThamSo, TapTheCoKyLuat,
                               TheoKetQuaNhiemVu, TheoTyLeDangVien, TheoTyLeDonVi, TheoTyLeDonViPhuTrach, TheoTyLeHoanThanh,
                               YeuCauNhiemVu, fraction)
from .schema import Converter
from .vietnamese import format_decimal, loose_key

TOO_OLD_YEAR = 1900
ABSURD_COUNT = 10_000_000  # more than the whole Party: a typo
GROUP_NAMES = {
    "lanh_dao": "lãnh đạo, quản lý",
    "khong_chuc_vu": "không giữ chức vụ",
    "cong_chuc": "cán bộ, công chức, viên chức",
    "ngoai_he_thong": "không công tác trong hệ thống chính trị",
}
DISCIPLINE_NAMES = {"khien_trach": "khiển trách", "canh_cao": "cảnh cáo", "cach_chuc": "cách chức", "khai_tru": "khai trừ"}


# --- the condition catalogue ---------------------------------------------------------------------


def _worse_than_allowed(rule_set: RuleSet, subject: str, actual: str | None, ceiling: str) -> bool:
    """True when ``actual`` is better than ``ceiling`` (a rating a condition does not allow)."""
    if actual is None or rule_set.category(subject, actual) is None:
        return False
    return rule_set.rank(subject, actual) < rule_set.rank(subject, ceiling)


def _cap_when_share_exceeded(v: "Validation", condition: DieuKien, unit: Unit, counted: int, total: int,
                             share: str, ceiling: str, described: str) -> None:
    """Rated no higher than ``ceiling`` when more than ``share`` of ``total`` are ``counted``."""
    limit = fraction(share)
    if not total or limit is None or Fraction(counted, total) <= limit:
        return
    if _worse_than_allowed(v.rules, "to_chuc", unit.data.xep_loai, ceiling):
        v.condition_error(
            condition, unit.at, ("xep_loai",),
            f"{described.format(counted=counted, total=total)} (quá {share}) nên chỉ được xếp "
            f"{v.short('to_chuc', ceiling)}, không được xếp {v.short('to_chuc', unit.data.xep_loai)}",
        )


def _check_cell_by_member_share(v: "Validation", condition: DieuKien, p: TheoTyLeDangVien, cell: Unit) -> None:
    if not cell.holds_members:
        return
    classified = [m for m in cell.members if m.xep_loai and member_standing(m, v.round).kind == EVALUATED]
    counted = sum(m.xep_loai == p.xep_loai_dang_vien for m in classified)
    described = "chi bộ có {counted}/{total} đảng viên được xếp loại ở mức " + v.short("dang_vien", p.xep_loai_dang_vien)
    _cap_when_share_exceeded(v, condition, cell, counted, len(classified), p.vuot_qua, p.xep_loai_toi_da, described)


def _check_committee_by_unit_share(v: "Validation", condition: DieuKien, p: TheoTyLeDonVi, committee: Unit) -> None:
    if committee.position != "dang_bo_co_so":
        return
    counted = sum(bool(c.don_vi and c.don_vi.xep_loai == p.xep_loai_don_vi) for c in committee.children)
    described = "đảng bộ có {counted}/{total} tổ chức trực thuộc xếp loại " + v.short("to_chuc", p.xep_loai_don_vi)
    _cap_when_share_exceeded(v, condition, committee, counted, len(committee.children), p.vuot_qua, p.xep_loai_toi_da, described)


def _check_distinction_category(v: "Validation", condition: DieuKien, _: KhongThamSo, unit: Unit) -> None:
    distinction, don_vi = v.rules.data.tieu_bieu, unit.data
    if not don_vi.tieu_bieu or distinction is None or don_vi.xep_loai == distinction.xep_loai:
        return
    v.condition_error(
        condition, unit.at, ("tieu_bieu",),
        f"chỉ đơn vị xếp loại {v.short('to_chuc', distinction.xep_loai)} mới được công nhận "
        f"{distinction.ten_ngan}; đơn vị này xếp loại {v.short('to_chuc', don_vi.xep_loai) if don_vi.xep_loai else '(chưa có)'}",
    )


def _check_disciplined_members(v: "Validation", condition: DieuKien, p: DangVienBiKyLuat, cell: Unit) -> None:
    if not cell.holds_members:
        return
    for index, member in enumerate(cell.members):
        discipline = member.ky_luat
        if discipline is None or (p.nhom and member.nhom not in p.nhom):
            continue
        if p.hinh_thuc and discipline.hinh_thuc not in p.hinh_thuc:
            continue
        if p.chi_trong_cong_tac and not discipline.trong_cong_tac:
            continue
        if discipline.ngay and discipline.ngay.year != v.round.dot.nam:
            continue
        if _worse_than_allowed(v.rules, "dang_vien", member.xep_loai, p.xep_loai_toi_da):
            v.condition_error(
                condition, cell.at, ("dang_vien", index, "xep_loai"),
                f"đồng chí {member.ho_ten} bị kỷ luật ({DISCIPLINE_NAMES[discipline.hinh_thuc]}) trong năm nên "
                f"chỉ được xếp {v.short('dang_vien', p.xep_loai_toi_da)}, không được xếp {v.short('dang_vien', member.xep_loai)}",
                eased_by=member.xem_xet,
            )


def _in_year(discipline, year: int) -> bool:
    return discipline is not None and (discipline.ngay is None or discipline.ngay.year == year)


def _check_score_bands(v: "Validation", condition: DieuKien, _: KhongThamSo, unit: Unit) -> None:
    scale = v.rules.data.thang_diem
    if scale is None:
        return
    v.score_band(condition, unit.at, (), unit.don_vi, "to_chuc", scale, unit.data.ten)
    for index, member in enumerate(unit.members):
        v.score_band(condition, unit.at, ("dang_vien", index), member, "dang_vien", scale, f"đồng chí {member.ho_ten}")


def _leadership(unit: Unit) -> list[DangVien]:
    """The members of a unit's leadership collective: its chi ủy, or its đảng ủy's members."""
    if unit.holds_members:
        return [m for m in unit.members if m.chi_uy]
    return [m for c in unit.children for m in c.members if m.dang_uy]


def _check_disciplined_collective(v: "Validation", condition: DieuKien, p: TapTheCoKyLuat, unit: Unit) -> None:
    year = v.round.dot.nam
    reasons = []
    if not p.chi_thanh_vien and not p.suy_thoai:
        reasons += [f"{c.name} bị kỷ luật" for c in unit.children if c.don_vi and _in_year(c.don_vi.ky_luat, year)]
    for m in _leadership(unit):
        if p.suy_thoai:
            if m.suy_thoai:
                reasons.append(f"đồng chí {m.ho_ten} (cấp ủy viên) bị kết luận suy thoái")
        elif m.ky_luat is not None and _in_year(m.ky_luat, year) and (not p.chi_trong_cong_tac or m.ky_luat.trong_cong_tac):
            how = f" ({DISCIPLINE_NAMES[m.ky_luat.hinh_thuc]}{', trong thực hiện nhiệm vụ' if m.ky_luat.trong_cong_tac else ''})"
            reasons.append(f"đồng chí {m.ho_ten} (cấp ủy viên) bị kỷ luật{how}")
    if reasons and _worse_than_allowed(v.rules, "to_chuc", unit.data.xep_loai, p.xep_loai_toi_da):
        v.condition_error(
            condition, unit.at, ("xep_loai",),
            f"{'; '.join(reasons)} trong năm nên {unit.data.ten} chỉ được xếp tối đa "
            f"{v.short('to_chuc', p.xep_loai_toi_da)}, không được xếp {v.short('to_chuc', unit.data.xep_loai)}",
            eased_by=unit.data.xem_xet,
        )


def _check_degraded_members(v: "Validation", condition: DieuKien, p: DangVienSuyThoai, cell: Unit) -> None:
    for index, member in enumerate(cell.members):
        if member.suy_thoai and _worse_than_allowed(v.rules, "dang_vien", member.xep_loai, p.xep_loai_toi_da):
            v.condition_error(
                condition, cell.at, ("dang_vien", index, "xep_loai"),
                f"đồng chí {member.ho_ten} bị kết luận suy thoái nên chỉ được xếp {v.short('dang_vien', p.xep_loai_toi_da)}, "
                f"không được xếp {v.short('dang_vien', member.xep_loai)}",
                eased_by=member.xem_xet,
            )


def _check_share_of_tasks_done(v: "Validation", condition: DieuKien, p: TheoTyLeHoanThanh, unit: Unit) -> None:
    if p.doi_tuong == "to_chuc":
        items: list[tuple[tuple, DonVi | DangVien, str, XemXet | None]] = [((), unit.data, unit.data.ten, unit.data.xem_xet)]
    else:
        items = [(("dang_vien", i), m, f"đồng chí {m.ho_ten}", m.xem_xet)
                 for i, m in enumerate(unit.members) if not p.nhom or m.nhom in p.nhom]
    for path, item, who, eased_by in items:
        done = item.ty_le_hoan_thanh
        if done is None or done >= p.hoan_thanh_duoi or not _worse_than_allowed(v.rules, p.doi_tuong, item.xep_loai, p.xep_loai_toi_da):
            continue
        v.condition_error(
            condition, unit.at, path + ("xep_loai",),
            f"{who} hoàn thành {done:g}% nhiệm vụ (dưới {p.hoan_thanh_duoi:g}%) nên chỉ được xếp "
            f"{v.short(p.doi_tuong, p.xep_loai_toi_da)}, không được xếp {v.short(p.doi_tuong, item.xep_loai)}",
            eased_by=eased_by,
        )


def _check_leader_by_led_units(v: "Validation", condition: DieuKien, p: TheoTyLeDonViPhuTrach, cell: Unit) -> None:
    if not cell.holds_members:
        return
    limit = fraction(p.vuot_qua)
    units = v.units_by_path
    for index, member in enumerate(cell.members):
        led = [units[r.removesuffix(".yaml")] for r in member.phu_trach if r.removesuffix(".yaml") in units]
        led = [u for u in led if u.don_vi is not None]
        if not led:
            continue
        counted = sum(u.data.xep_loai == p.xep_loai_don_vi for u in led)
        short_of_tasks = [u.name for u in led if p.hoan_thanh_duoi is not None and u.data.ty_le_hoan_thanh is not None
                          and u.data.ty_le_hoan_thanh < p.hoan_thanh_duoi]
        over = limit is not None and Fraction(counted, len(led)) > limit
        if (over or short_of_tasks) and _worse_than_allowed(v.rules, "dang_vien", member.xep_loai, p.xep_loai_toi_da):
            why = (f"{counted}/{len(led)} đơn vị đồng chí phụ trách xếp loại {v.short('to_chuc', p.xep_loai_don_vi)} (quá {p.vuot_qua})"
                   if over else f"đơn vị đồng chí phụ trách hoàn thành dưới {p.hoan_thanh_duoi:g}% nhiệm vụ ({', '.join(short_of_tasks)})")
            v.condition_error(
                condition, cell.at, ("dang_vien", index, "xep_loai"),
                f"đồng chí {member.ho_ten}: {why} nên chỉ được xếp {v.short('dang_vien', p.xep_loai_toi_da)}, "
                f"không được xếp {v.short('dang_vien', member.xep_loai)}",
            )


def _task_shortfall(item, requirement: YeuCauNhiemVu) -> str | None:
    """Why the facts given do not meet a category's requirement; None when they do (or are not given)."""
    done, beyond, late = item.ty_le_hoan_thanh, item.ty_le_vuot, item.ty_le_cham
    if requirement.hoan_thanh_toi_thieu is not None and done is not None and done < requirement.hoan_thanh_toi_thieu:
        return f"hoàn thành {done:g}% nhiệm vụ (cần {requirement.hoan_thanh_toi_thieu:g}%)"
    if requirement.vuot_toi_thieu is not None and beyond is not None and beyond < requirement.vuot_toi_thieu:
        return f"vượt yêu cầu {beyond:g}% nhiệm vụ (cần từ {requirement.vuot_toi_thieu:g}%)"
    if requirement.cham_toi_da is not None and late is not None and late > requirement.cham_toi_da:
        return f"chậm {late:g}% nhiệm vụ (tối đa {requirement.cham_toi_da:g}%)"
    remedied = item.ty_le_khac_phuc
    if requirement.khac_phuc_toi_thieu is not None and remedied is not None and remedied < requirement.khac_phuc_toi_thieu:
        return f"mới khắc phục {remedied:g}% hạn chế, khuyết điểm kỳ trước (cần {requirement.khac_phuc_toi_thieu:g}%)"
    return None


def _check_task_results(v: "Validation", condition: DieuKien, p: TheoKetQuaNhiemVu, unit: Unit) -> None:
    requirement = p.tap_the.get(unit.data.xep_loai or "")
    why = _task_shortfall(unit.don_vi, requirement) if requirement else None
    if why:
        v.condition_error(condition, unit.at, ("xep_loai",), f"{unit.data.ten} {why} nên không đạt mức {v.short('to_chuc', unit.data.xep_loai)}")
    for index, member in enumerate(unit.members):
        requirement = p.ca_nhan.get(member.xep_loai or "")
        why = _task_shortfall(member, requirement) if requirement else None
        if why:
            v.condition_error(condition, unit.at, ("dang_vien", index, "xep_loai"),
                              f"đồng chí {member.ho_ten} {why} nên không đạt mức {v.short('dang_vien', member.xep_loai)}")


# What each kind of condition (rules/conditions.py) checks, under the same names.
CONDITION_CHECKS: dict[str, Callable[[Validation, DieuKien, Any, Unit], None]] = {
    "don_vi_theo_ty_le_dang_vien": _check_cell_by_member_share,
    "dang_bo_theo_ty_le_don_vi": _check_committee_by_unit_share,
    "tieu_bieu_dung_muc": _check_distinction_category,
    "dang_vien_bi_ky_luat": _check_disciplined_members,
    "xep_loai_theo_diem": _check_score_bands,
    "tap_the_co_ky_luat": _check_disciplined_collective,
    "lanh_dao_theo_don_vi_phu_trach": _check_leader_by_led_units,
    "xep_loai_theo_ket_qua_nhiem_vu": _check_task_results,
    "dang_vien_suy_thoai": _check_degraded_members,
    "theo_ty_le_hoan_thanh": _check_share_of_tasks_done,
}


# --- the validation run -------------------------------------------------------------------------

_UNIT_KIND_NAMES = {
    "dang_bo_co_so": "đảng bộ cơ sở (tệp dang-bo.yaml trong thư mục của đảng bộ)",
    "chi_bo_co_so": "chi bộ cơ sở (tệp ở thư mục đợt)",
    "chi_bo_truc_thuoc": "chi bộ trực thuộc (tệp trong thư mục của một đảng bộ)",
}


@dataclass
class Validation:
    round: Round
    report: Report
    draft: bool = False

    @property
    def rules(self) -> RuleSet:
        return self.round.rule_set

    @functools.cached_property
    def units_by_path(self) -> dict[str, Unit]:
        return {u.rel.as_posix(): u for u in self.round.all_units()}

    @functools.cached_property
    def expected_missing(self) -> set[str]:
        """Units the round file expects (don_vi_du_kien) that have not sent their file: 'chưa nộp', not a typo."""
        return {rel.removesuffix(".yaml").removesuffix("/dang-bo") for rel in self.round.dot.don_vi_du_kien} - set(self.units_by_path)

    @functools.cached_property
    def conditions(self) -> list[tuple[DieuKien, ConditionKind, object]]:
        """The rule set's conditions, each with its kind and its typed parameters."""
        typed = []
        for condition in self.rules.conditions():
            kind = CONDITION_KINDS[condition.kiem_tra]
            typed.append((condition, kind, Converter(Located("", {}, Report())).record(kind.params, condition.tham_so, ())))
        return typed

    def short(self, subject: str, code: str | None) -> str:
        return self.rules.short_name(subject, code) or str(code)

    def condition_error(self, condition: DieuKien, at: Located, path: tuple, message: str, eased_by: XemXet | None = None) -> None:
        """A broken condition is an error, unless the text lets the competent level ease it and
        the data records that it did, with its reason: then a warning naming the rule."""
        if condition.co_the_xem_xet and eased_by is not None:
            at.warning(condition.id, path, f"{message}; được xem xét: {eased_by.ly_do} (điều kiện '{condition.id}' được bỏ qua theo 'xem_xet')")
        else:
            at.error(condition.id, path, message)

    def score_band(self, condition: DieuKien, at: Located, path: tuple, item, subject: str, scale, who: str) -> None:
        """The decided category against the band of the decided score: above is an error, below a warning."""
        score = score_of(item)
        if score is None or not item.xep_loai or self.rules.category(subject, item.xep_loai) is None:
            return
        band = band_of(score, scale)
        if band is None or band == item.xep_loai:
            return
        given, due = self.rules.rank(subject, item.xep_loai), self.rules.rank(subject, band)
        text = f"{who} được {format_decimal(score, 2).rstrip('0').rstrip(',')} điểm, thuộc mức {self.short(subject, band)}"
        if given < due:
            at.error(condition.id, path + ("xep_loai",), f"{text}; không được xếp cao hơn ({self.short(subject, item.xep_loai)})")
        else:
            at.warning(condition.id, path + ("xep_loai",),
                       f"{text} nhưng được xếp {self.short(subject, item.xep_loai)}: chỉ đúng khi có điều kiện bắt buộc hạ mức")

    def check_scores(self, at: Located, item, path: tuple) -> None:
        scale = self.rules.data.thang_diem
        for total_key, split_key in (("tu_diem", "tu_diem_chi_tiet"), ("diem", "diem_chi_tiet")):
            total, split = getattr(item, total_key), getattr(item, split_key)
            if total is None and split is None:
                continue
            if scale is None:
                at.warning("khong-co-thang-diem", path + (total_key if total is not None else split_key,),
                           f"bộ quy tắc {self.rules.name} không có thang điểm; '{total_key}' không được kiểm tra")
                continue
            if total is not None and not 0 <= total <= scale.toi_da:
                at.error("diem", path + (total_key,), f"'{total_key}' phải từ 0 đến {scale.toi_da:g}, không phải {total:g}")
            if split is None:
                continue
            for part, maximum in (("tieu_chi_chung", scale.tieu_chi_chung), ("ket_qua_nhiem_vu", scale.ket_qua_nhiem_vu)):
                value = getattr(split, part)
                if value is not None and maximum is not None and not 0 <= value <= maximum:
                    at.error("diem", path + (split_key, part), f"'{split_key}.{part}' phải từ 0 đến {maximum:g}, không phải {value:g}")
            if total is not None and split.tieu_chi_chung is not None and split.ket_qua_nhiem_vu is not None:
                parts = Decimal(str(split.tieu_chi_chung)) + Decimal(str(split.ket_qua_nhiem_vu))
                if parts != Decimal(str(total)):
                    at.error("diem", path + (total_key,), f"'{total_key}' là {total:g} nhưng hai nhóm tiêu chí cộng lại {parts:f}")

    def decision_missing(self, at: Located, path: tuple, message: str) -> None:
        if self.draft:
            at.warning("thieu-xep-loai", path, message + " (bản dự thảo)")
        else:
            at.error("thieu-xep-loai", path, message)

    # -- the stages of a validation, in order --

    def run(self) -> None:
        self.check_round_file()
        self.check_same_units()
        units = [unit for unit in self.round.all_units() if unit.usable]
        for unit in units:
            self.check_unit_and_conditions(unit)
        self.check_quotas()
        self.check_copies(units)
        self.check_document_numbers(units)

    def check_document_numbers(self, units: list[Unit]) -> None:
        """Two documents of one committee never share a number (baocao never invents one: numbers
        come from the committee's register; a missing one is left blank to write by hand)."""
        given: dict[tuple[str, str], tuple[Located, tuple]] = {}

        def register(issuer: str, number, at: Located, path: tuple) -> None:
            if number is None or not str(number).strip():
                return
            key = (issuer.casefold(), str(number).strip().lstrip("0"))
            if key in given:
                first_at, first_path = given[key]
                file, line, _ = first_at.position(first_path)
                at.error("trung-so-van-ban", path, f"số {number} của {issuer} đã dùng cho văn bản khác ({file}:{line}); mỗi văn bản một số")
            else:
                given[key] = (at, path)

        dot = self.round.dot
        register(dot.cap_uy.ten, dot.bao_cao.so, self.round.round_file.at, ("bao_cao", "so"))
        for key in ("quyet_dinh", "to_trinh"):
            if getattr(dot, key) is not None:
                register(dot.cap_uy.ten, getattr(dot, key).so, self.round.round_file.at, (key, "so"))
        for unit in units:
            issuer = unit.name if unit.holds_members else re.sub(r"^Đảng bộ", "Đảng ủy", unit.name)
            if unit.data.van_ban:
                register(issuer, unit.data.van_ban.so, unit.at, ("van_ban", "so"))
            if unit.data.van_ban_tong_hop:
                register(issuer, unit.data.van_ban_tong_hop.so, unit.at, ("van_ban_tong_hop", "so"))

    def check_copies(self, units: list[Unit]) -> None:
        """A review paragraph that repeats another unit's or member's (or last year's): a warning at
        the later one, naming the earlier one's place."""
        earlier: list[Passage] = []
        if self.round.dot.cac_dot_truoc:
            history = load_history(self.round, self.report)
            for old in history.rounds:
                earlier += [replace(p, owner=f"{p.owner} năm {old.dot.nam}", current=False)
                            for p in review_passages([u for u in old.all_units() if u.don_vi is not None])]
        for copy in find_copies([*earlier, *review_passages(units)]):
            if not copy.later.current:
                continue
            later, source = copy.later, copy.earlier
            how = "trùng" if copy.share == 1 else f"giống {copy.share:.0%}".replace(".", ",")
            later.at.warning("van-ban-sao-chep", later.path,
                             f"đoạn kiểm điểm của {later.owner} {how} với đoạn của {source.owner} ({source.where}); "
                             "mỗi đơn vị, mỗi đảng viên cần tự viết nội dung của mình")

    def check_round_file(self) -> None:
        dot, at = self.round.dot, self.round.round_file.at
        if dot.nam and dot.ngay_danh_gia and not (dot.nam <= dot.ngay_danh_gia.year <= dot.nam + 1):
            at.warning("ngay-danh-gia", ("ngay_danh_gia",), f"ngày đánh giá {dot.ngay_danh_gia:%d/%m/%Y} không thuộc năm {dot.nam} hay đầu năm sau")
        self.check_last_year(at)
        self.check_quota_exception(at, dot.ngoai_le_han_muc, ("ngoai_le_han_muc",))
        if dot.danh_gia_chung is None:
            at.warning("thieu-danh-gia-chung", (), "chưa có 'danh_gia_chung' (ưu điểm, hạn chế, nguyên nhân, bài học, phương hướng, đề xuất): "
                       "báo cáo tổng hợp sẽ để dòng trống để viết tay")
        present = {u.rel.as_posix() for u in self.round.all_units()}
        for index, rel in enumerate(dot.don_vi_du_kien):
            if rel.removesuffix(".yaml").removesuffix("/dang-bo") not in present:
                at.warning("thieu-don-vi", ("don_vi_du_kien", index), f"đơn vị dự kiến '{rel}' chưa nộp tệp dữ liệu")

    def check_same_units(self) -> None:
        """Two files under the same parent that describe the same unit (a copy kept by mistake)."""
        seen: dict[tuple, Unit] = {}
        for unit in self.round.all_units():
            if unit.don_vi is None or not unit.don_vi.ten:
                continue
            key = (id(unit.parent), unit.don_vi.ten.casefold())
            if key in seen:
                unit.at.error(
                    "trung-don-vi", ("ten",),
                    f"'{unit.don_vi.ten}' đã có ở tệp {seen[key].source.display}: hai tệp cùng là một đơn vị; hãy giữ một tệp",
                )
            else:
                seen[key] = unit

    def check_last_year(self, at: Located) -> None:
        last = self.round.dot.nam_truoc or {}
        subjects = {"to_chuc_co_so": "to_chuc", "chi_bo_truc_thuoc": "to_chuc", "dang_vien": "dang_vien"}
        for key, figures in last.items():
            path = ("nam_truoc", key)
            if key not in subjects:
                at.error("nam-truoc", path, f"'nam_truoc' chỉ nhận: {', '.join(subjects)}; không nhận '{key}'")
                continue
            codes = set(self.rules.org_codes() if subjects[key] == "to_chuc" else self.rules.member_codes())
            allowed = {"tong_so", "duoc_danh_gia", "mien", "chua"} | codes | ({TIEU_BIEU} if subjects[key] == "to_chuc" else set())
            for name, value in figures.items():
                if name not in allowed:
                    close = difflib.get_close_matches(name, sorted(allowed), n=1)
                    hint = f"; có phải '{close[0]}'?" if close else f"; nhận: {', '.join(sorted(allowed))}"
                    at.error("nam-truoc", path + (name,), f"'nam_truoc.{key}' không có mục '{name}'{hint}")
                elif value is not None and value < 0:
                    at.error("nam-truoc", path + (name,), f"số liệu năm trước '{key}.{name}' không được âm ({value})")
                elif value is not None and value > ABSURD_COUNT:
                    at.error("nam-truoc", path + (name,), f"số liệu năm trước '{key}.{name}' = {value} không hợp lý (quá {ABSURD_COUNT:,})".replace(",", "."))
            if any(v is not None and not 0 <= v <= ABSURD_COUNT for v in figures.values()):
                continue  # the totals below would only repeat the bad figure
            total, evaluated = figures.get("tong_so"), figures.get("duoc_danh_gia")
            decided = sum(v for k, v in figures.items() if k in codes and v)
            if total is not None and evaluated is not None and evaluated > total:
                at.error("nam-truoc", path + ("duoc_danh_gia",), f"năm trước: số được đánh giá ({evaluated}) lớn hơn tổng số ({total})")
            if evaluated is not None and decided > evaluated:
                at.error("nam-truoc", path, f"năm trước: tổng các mức ({decided}) lớn hơn số được đánh giá ({evaluated})")

    def check_unit_and_conditions(self, unit: Unit) -> None:
        """A unit's own checks and the rule set's conditions on it (which may read its cells, the
        units its members lead, or its đảng bộ: every unit of the round is at hand)."""
        if not unit.usable:
            return
        self.check_unit(unit)
        for condition, _, params in self.conditions:
            CONDITION_CHECKS[condition.kiem_tra](self, condition, params, unit)

    def check_unit(self, unit: Unit) -> None:
        don_vi, at = unit.data, unit.at
        if don_vi.loai != unit.position:
            at.error(
                "sai-loai-don-vi", ("loai",),
                f"'loai: {don_vi.loai}' không khớp vị trí của tệp: ở đây là {_UNIT_KIND_NAMES[unit.position]}, cần 'loai: {unit.position}'",
            )
        if unit.is_grassroots:
            self.check_org_type(unit)
        self.check_unit_decision(unit)
        if don_vi.hoi_nghi:
            self.check_votes(at, unit, don_vi.hoi_nghi.bieu_quyet_chi_bo, "to_chuc", don_vi.tu_xep_loai, ("hoi_nghi", "bieu_quyet_chi_bo"), don_vi.ten)
        self.check_quota_exception(at, don_vi.ngoai_le_han_muc, ("ngoai_le_han_muc",))
        self.check_review_sections(at, don_vi.kiem_diem, "bao_cao_tap_the", None, ("kiem_diem",))
        self.check_scores(at, don_vi, ())
        self.check_sub_scores(at, don_vi, "to_chuc", ())
        if unit.holds_members:
            self.check_members(unit)
        elif unit.position == "dang_bo_co_so" and not unit.children:
            at.warning("dang-bo-khong-chi-bo", (), "đảng bộ chưa có tệp chi bộ trực thuộc nào trong thư mục")

    def check_quota_exception(self, at: Located, granted, path: tuple) -> None:
        """A higher quota share granted to an organisation: only where a quota allows one, never above its ceiling."""
        if granted is None:
            return
        open_to = [q for q in self.rules.quotas() if q.toi_da_ngoai_le is not None and (granted.han_muc in (None, q.id))]
        if granted.han_muc is not None and granted.han_muc not in {q.id for q in self.rules.quotas()}:
            ids = ", ".join(q.id for q in self.rules.quotas() if q.toi_da_ngoai_le is not None)
            at.error("ngoai-le-han-muc", path + ("han_muc",), f"không có hạn mức '{granted.han_muc}' trong bộ quy tắc {self.rules.name}; các hạn mức được nới: {ids or '(không có)'}")
        elif not open_to:
            at.error("ngoai-le-han-muc", path, f"bộ quy tắc {self.rules.name} không cho phép nới hạn mức nào ('toi_da_ngoai_le')")
        else:
            ceiling = min(q.toi_da_ngoai_le for q in open_to if q.toi_da_ngoai_le is not None)
            if granted.toi_da_phan_tram > ceiling:
                at.error("ngoai-le-han-muc", path + ("toi_da_phan_tram",),
                         f"tỷ lệ được cho phép {granted.toi_da_phan_tram}% vượt mức tối đa cấp có thẩm quyền được cho phép ({ceiling}%)")
        if not granted.quyet_dinh.strip():
            at.error("ngoai-le-han-muc", path + ("quyet_dinh",), "nới hạn mức cần ghi văn bản cho phép của cấp có thẩm quyền ('quyet_dinh')")

    def check_sub_scores(self, at: Located, item, subject: str, path: tuple) -> None:
        """Sub-criteria scores: each known and within its maximum; each group's sum equal to its score."""
        scale = self.rules.data.thang_diem
        for key, split_key in (("tu_diem_tieu_chi", "tu_diem_chi_tiet"), ("diem_tieu_chi", "diem_chi_tiet")):
            given = getattr(item, key)
            if not given:
                continue
            criteria = {c.ma: c for c in scale.criteria_for(subject)} if scale else {}
            if not criteria:
                at.error("tieu-chi", path + (key,), f"bộ quy tắc {self.rules.name} không có tiêu chí thành phần cho đối tượng này; hãy bỏ '{key}'")
                continue
            sums: dict[str, Decimal] = {}
            for code, value in given.items():
                criterion = criteria.get(code)
                if criterion is None:
                    close = difflib.get_close_matches(code, list(criteria), n=1)
                    hint = f"; có phải '{close[0]}'?" if close else f"; các tiêu chí: {', '.join(criteria)}"
                    at.error("tieu-chi", path + (key, code), f"tiêu chí '{code}' không có trong bộ quy tắc{hint}")
                    continue
                if value is None or not 0 <= value <= criterion.toi_da:
                    at.error("tieu-chi", path + (key, code), f"điểm tiêu chí '{criterion.ten}' phải từ 0 đến {criterion.toi_da:g}, không phải {value}")
                    continue
                sums[criterion.nhom] = sums.get(criterion.nhom, Decimal(0)) + Decimal(str(value))
            split = getattr(item, split_key)
            for group, total in sums.items():
                stated = getattr(split, group, None) if split is not None else None
                if stated is not None and Decimal(str(stated)) != total:
                    at.error("tieu-chi", path + (key,),
                             f"các tiêu chí nhóm '{group}' cộng lại {total:f} điểm, khác '{split_key}.{group}' ({stated:g})")

    def check_org_type(self, unit: Unit) -> None:
        codes = self.rules.org_type_codes()
        loai_hinh = unit.data.loai_hinh
        if loai_hinh is None:
            unit.at.error("thieu-khoa", (), f"tổ chức cơ sở đảng cần 'loai_hinh', một trong: {', '.join(codes)}")
        elif loai_hinh not in codes:
            close = difflib.get_close_matches(loai_hinh, codes, n=1)
            hint = f" (có phải '{close[0]}'?)" if close else ""
            unit.at.error("loai-hinh-khong-co", ("loai_hinh",), f"loại hình '{loai_hinh}' không có trong bộ quy tắc{hint}; nhận: {', '.join(codes)}")

    def check_unit_decision(self, unit: Unit) -> None:
        don_vi = unit.data
        standing = unit_standing(unit, self.round)
        if standing.kind != EVALUATED and don_vi.xep_loai:
            unit.at.error("xep-loai-khi-khong-danh-gia", ("xep_loai",), f"đơn vị {standing.reason} nên không xếp loại; hãy bỏ 'xep_loai'")
        elif standing.kind == EVALUATED and not don_vi.xep_loai:
            self.decision_missing(unit.at, (), f"{don_vi.ten} chưa có 'xep_loai' (mức xếp loại được quyết định)")
        if don_vi.tieu_bieu and self.rules.data.tieu_bieu is None:
            unit.at.error("tieu-bieu", ("tieu_bieu",), f"bộ quy tắc {self.rules.name} không có danh hiệu tiêu biểu; hãy bỏ 'tieu_bieu'")

    def check_review_sections(self, at: Located, sections: dict | None, form: str, group: str | None, path: tuple,
                              chosen: str | None = None) -> None:
        mau = self.rules.data.mau.get(form)
        if mau is None or sections is None:
            return
        if not sections and form == "bao_cao_tap_the":
            at.warning("thieu-kiem-diem", (), "chưa có nội dung kiểm điểm tập thể ('kiem_diem'): báo cáo sẽ để trống các mục")
            return
        applicable = mau.flat_sections(group, mau.variant_of(group, chosen))
        allowed = [m.ma for m in applicable]
        titles = {loose_key(m.tieu_de): m.ma for m in mau.flat_sections()}
        for key in sections:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1) or ([titles[loose_key(key)]] if loose_key(key) in titles else [])
                hint = f"; có phải '{close[0]}'?" if close else f"; các mục: {', '.join(allowed)}"
                at.warning("muc-la", path + (key,), f"mục '{key}' không có trong mẫu{hint}")
        for muc in applicable:
            if muc.bat_buoc and not sections.get(muc.ma):
                at.warning("thieu-muc", path, f"thiếu nội dung mục '{muc.ma}' ({muc.tieu_de})")

    def check_members(self, unit: Unit) -> None:
        members = unit.members
        if not members:
            unit.at.error("khong-co-dang-vien", (), f"{unit.data.ten} chưa có đảng viên nào ('dang_vien' trống)")
            return
        seen: dict[tuple, int] = {}
        for index, member in enumerate(members):
            path = ("dang_vien", index)
            identity = ("the", member.so_the) if member.so_the else ("ten", member.ho_ten.casefold() if member.ho_ten else "", member.nam_sinh)
            if identity in seen:
                unit.at.warning("dang-vien-trung", path, f"đồng chí {member.ho_ten} có hai lần trong chi bộ (lần trước ở mục {seen[identity] + 1})")
            seen.setdefault(identity, index)
            self.check_member(unit, member, path)

    def check_member(self, unit: Unit, member: DangVien, path: tuple) -> None:
        at, year = unit.at, self.round.dot.nam
        reference = self.round.dot.ngay_danh_gia
        if member.nam_sinh is not None and not (TOO_OLD_YEAR <= member.nam_sinh <= year):
            at.error("nam-sinh", path + ("nam_sinh",), f"năm sinh {member.nam_sinh} không hợp lý (năm đánh giá {year})")
        admitted = member.ngay_vao_dang
        if admitted and reference and admitted > reference:
            at.error("ngay-vao-dang", path + ("ngay_vao_dang",), f"ngày vào Đảng {admitted:%d/%m/%Y} sau ngày đánh giá {reference:%d/%m/%Y}")
        if admitted and member.nam_sinh and admitted.year < member.nam_sinh:
            at.error("ngay-vao-dang", path + ("ngay_vao_dang",), f"ngày vào Đảng {admitted:%d/%m/%Y} trước năm sinh {member.nam_sinh}")
        if member.ngay_sinh and member.nam_sinh and member.ngay_sinh.year != member.nam_sinh:
            at.error("ngay-sinh", path + ("ngay_sinh",), f"ngày sinh {member.ngay_sinh:%d/%m/%Y} không khớp năm sinh {member.nam_sinh}")
        standing = member_standing(member, self.round)
        if standing.kind != EVALUATED and member.xep_loai:
            at.error("xep-loai-khi-khong-danh-gia", path + ("xep_loai",), f"đồng chí {member.ho_ten} {standing.reason} nên không xếp loại; hãy bỏ 'xep_loai'")
        elif standing.kind == EVALUATED and not member.xep_loai:
            self.decision_missing(at, path, f"đồng chí {member.ho_ten} chưa có 'xep_loai'")
        self.check_review_sections(at, member.kiem_diem, "kiem_diem_ca_nhan", member.nhom, path + ("kiem_diem",), member.mau_kiem_diem)
        self.check_scores(at, member, path)
        self.check_sub_scores(at, member, member.nhom, path)
        self.check_member_form(at, member, standing, path)
        self.check_votes(at, unit, member.bieu_quyet, "dang_vien", member.xep_loai, path + ("bieu_quyet",), f"đồng chí {member.ho_ten}")
        for index, led in enumerate(member.phu_trach):
            known = self.units_by_path
            if led.removesuffix(".yaml") not in known and led.removesuffix(".yaml") in self.expected_missing:
                at.warning("phu-trach", path + ("phu_trach", index), f"đơn vị '{led}' chưa nộp tệp dữ liệu (có trong 'don_vi_du_kien')")
            elif led.removesuffix(".yaml") not in known:
                close = difflib.get_close_matches(led, sorted(known), n=1)
                hint = f" (có phải '{close[0]}'?)" if close else ""
                at.error("phu-trach", path + ("phu_trach", index), f"không có đơn vị '{led}' trong đợt đánh giá{hint}")

    def check_votes(self, at: Located, unit: Unit, votes: dict | None, subject: str, decided: str | None, path: tuple, who: str) -> None:
        """The ballots of a vote: known levels, no more than the members present, the level decided by more than half."""
        if not votes:
            return
        codes = set(self.rules.org_codes() if subject == "to_chuc" else self.rules.member_codes())
        for code, count in votes.items():
            if code not in codes:
                close = difflib.get_close_matches(code, sorted(codes), n=1)
                hint = f"; có phải '{close[0]}'?" if close else f"; các mức: {', '.join(sorted(codes))}"
                at.error("bieu-quyet", path + (code,), f"mức '{code}' không có{hint}")
            elif count is None or count < 0:
                at.error("bieu-quyet", path + (code,), f"số phiếu phải là số không âm, không phải {count}")
        cast = sum(c for c in votes.values() if isinstance(c, int) and c > 0)
        meeting = unit.data.hoi_nghi
        present = len(unit.members) - len(meeting.vang_mat) if meeting else len(unit.members)
        if cast > present:
            at.error("bieu-quyet", path, f"{who}: {cast} phiếu biểu quyết, nhiều hơn số đảng viên dự họp ({present})")
        elif decided and 2 * votes.get(decided, 0) <= cast:
            at.warning("bieu-quyet", path, f"{who} được xếp {self.short(subject, decided)} nhưng mức này chỉ có {votes.get(decided, 0)}/{cast} phiếu (chưa quá nửa)")

    def check_member_form(self, at: Located, member: DangVien, standing: Standing, path: tuple) -> None:
        """The individual form a member writes (2A, 2B, 2C), and that those not reviewed write none."""
        mau = self.rules.data.mau.get("kiem_diem_ca_nhan")
        if mau is None:
            return
        if member.mau_kiem_diem is not None and mau.variant(member.mau_kiem_diem) is None:
            codes = ", ".join(v.ma for v in mau.mau_theo_nhom) or "(bộ quy tắc không chia mẫu theo đối tượng)"
            at.error("mau-khong-co", path + ("mau_kiem_diem",), f"mẫu '{member.mau_kiem_diem}' không có; các mẫu: {codes}")
        if standing.kind != EVALUATED and member.kiem_diem and self.rules.data.khong_danh_gia.khong_kiem_diem:
            at.warning("khong-kiem-diem", path + ("kiem_diem",),
                       f"đồng chí {member.ho_ten} {standing.reason} nên không kiểm điểm (366-QĐ/TW điều 5): bản kiểm điểm không được in")

    def check_quotas(self) -> None:
        for result in quota_results(self.round):
            if result.holds:
                continue
            quota = result.quota
            members = quota.doi_tuong == "dang_vien"
            noun = "đồng chí" if members else "đơn vị"
            counted = subjects_in(result)
            names = ", ".join((s.ho_ten or "(chưa có tên)") if isinstance(s, DangVien) else s.name for s in counted)
            capped = self.short("dang_vien" if members else "to_chuc", quota.xep_loai)
            if quota.toi_da is not None:
                rule = f"tối đa {quota.toi_da} {noun}"
                if quota.khi_so_dang_vien_duoi:
                    rule += f" khi chi bộ có dưới {quota.khi_so_dang_vien_duoi} đảng viên ({result.scope.roll} đảng viên)"
            else:
                granted = f" (được cho phép theo {result.exception.quyet_dinh})" if result.exception else ""
                rule = (
                    f"tối đa {result.percent}%{granted} của {result.base} ({self.base_name(quota)}), "
                    f"tức {result.limit} {noun}"
                )
            if result.scope.group is not None:
                rule += f", tính riêng nhóm {GROUP_NAMES.get(result.scope.group, result.scope.group)}"
            message = f"có {result.count} {noun} {capped}, vượt hạn mức: {rule}; phải hạ {result.to_lower} {noun}: {names}"
            self.quota_location(result).error(quota.id, self.quota_path(result), message)

    def base_name(self, quota) -> str:
        if quota.co_so == "tat_ca":
            return "tổng số tổ chức cơ sở đảng" if quota.doi_tuong != "dang_vien" else "tổng số đảng viên"
        if quota.co_so == "duoc_danh_gia":
            return "số được đánh giá"
        return "số " + self.short("dang_vien" if quota.doi_tuong == "dang_vien" else "to_chuc", quota.co_so)

    def quota_location(self, result) -> Located:
        unit = result.scope.unit
        return unit.at if unit is not None else self.round.round_file.at

    def quota_path(self, result) -> tuple:
        if result.scope.unit is None:
            return ("quy_tac",)
        return ("dang_vien",) if result.quota.doi_tuong == "dang_vien" else ()


def review_passages(units: list[Unit]) -> Iterable[Passage]:
    """Every paragraph of the round's collective and individual reviews, unit by unit, with its place."""
    for unit in units:
        yield from _passages(unit.at, unit.data.kiem_diem, (), unit.name)
        for index, member in enumerate(unit.members):
            yield from _passages(unit.at, member.kiem_diem, ("dang_vien", index), f"đồng chí {member.ho_ten} ({unit.name})")


def _passages(at: Located, sections: dict | None, path: tuple, owner: str) -> Iterable[Passage]:
    for key, paragraphs in (sections or {}).items():
        for number, text in enumerate(paragraphs or []):
            place = path + ("kiem_diem", key, number)
            file, line, _ = at.position(place)
            yield Passage(at, place, owner, f"{file}:{line}", text)


def validate_round(round_: Round, report: Report, draft: bool = False) -> Report:
    """Every check of the round."""
    Validation(round_, report, draft).run()
    return report
