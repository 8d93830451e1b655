"""Validate stage: the rules of the round's rule set and the data's own consistency.

Every problem becomes a diagnostic at the file and line a user must change; nothing stops at the
first. Conditions are a fixed catalogue of checks (``CONDITION_CATALOGUE``) that rule sets switch
on and parameterise; quotas come from ``figures``, which does all the counting.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from .diagnostics import Located, Report
from .figures import EVALUATED, member_standing, quota_results, subjects_in, unit_standing
from .load import Round, Unit
from .model import DangVien, doc
from .rules import TIEU_BIEU, DieuKien, RuleSet
from .schema import Converter

TOO_OLD_YEAR = 1900


# --- the condition catalogue ---------------------------------------------------------------------


@dataclass
class TheoTyLeDangVien:
    xep_loai_dang_vien: str = doc("Mức của đảng viên được đếm: khtnv")
    vuot_qua: str = doc("Phân số: quá tỷ lệ này thì đơn vị bị giới hạn: 1/2")
    xep_loai_toi_da: str = doc("Mức cao nhất đơn vị được xếp khi đó: yeu_kem")


@dataclass
class TheoTyLeDonVi:
    xep_loai_don_vi: str = doc("Mức của tổ chức trực thuộc được đếm: yeu_kem")
    vuot_qua: str = doc("Phân số: quá tỷ lệ này thì đảng bộ bị giới hạn: 1/3")
    xep_loai_toi_da: str = doc("Mức cao nhất đảng bộ được xếp khi đó: yeu_kem")


@dataclass
class KhongThamSo:
    pass


@dataclass
class DangVienBiKyLuat:
    xep_loai_toi_da: str = doc("Mức cao nhất của đảng viên bị kỷ luật trong năm: khtnv")
    nhom: list[str] = doc("Chỉ áp dụng cho các nhóm này (bỏ trống: mọi đảng viên)", default_factory=list)
    hinh_thuc: list[str] = doc("Chỉ các hình thức kỷ luật này (bỏ trống: mọi hình thức)", default_factory=list)
    chi_trong_cong_tac: bool = doc("Chỉ khi vi phạm trong thực hiện chức trách, nhiệm vụ", default=False)


@dataclass
class Condition:
    params: type
    check: Callable[["Validation", DieuKien, object], None]
    category_fields: dict[str, str] = field(default_factory=dict)  # param → "dang_vien" | "to_chuc"


def _fraction(text: str) -> Fraction | None:
    try:
        return Fraction(str(text).replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        return None


def _worse_than_allowed(rule_set: RuleSet, subject: str, actual: str | None, ceiling: str) -> bool:
    """True when ``actual`` is better than ``ceiling`` (a rating a condition does not allow)."""
    if actual is None or rule_set.category(subject, actual) is None:
        return False
    return rule_set.rank(subject, actual) < rule_set.rank(subject, ceiling)


def _check_cell_by_member_share(v: "Validation", condition: DieuKien, p: TheoTyLeDangVien) -> None:
    limit = _fraction(p.vuot_qua)
    for cell in v.round.cells():
        if not cell.usable:
            continue
        classified = [m for m in cell.members if m.xep_loai and member_standing(m, v.round).kind == EVALUATED]
        counted = sum(m.xep_loai == p.xep_loai_dang_vien for m in classified)
        if classified and limit is not None and Fraction(counted, len(classified)) > limit:
            if _worse_than_allowed(v.rules, "to_chuc", cell.don_vi.xep_loai, p.xep_loai_toi_da):
                v.condition_error(
                    condition, cell.at, ("xep_loai",),
                    f"chi bộ có {counted}/{len(classified)} đảng viên được xếp loại ở mức "
                    f"{v.short('dang_vien', p.xep_loai_dang_vien)} (quá {p.vuot_qua}) nên chỉ được xếp "
                    f"{v.short('to_chuc', p.xep_loai_toi_da)}, không được xếp {v.short('to_chuc', cell.don_vi.xep_loai)}",
                )


def _check_committee_by_unit_share(v: "Validation", condition: DieuKien, p: TheoTyLeDonVi) -> None:
    limit = _fraction(p.vuot_qua)
    for committee in v.round.units:
        if committee.position != "dang_bo_co_so" or not committee.usable or not committee.children:
            continue
        counted = sum(bool(c.don_vi and c.don_vi.xep_loai == p.xep_loai_don_vi) for c in committee.children)
        if limit is not None and Fraction(counted, len(committee.children)) > limit:
            if _worse_than_allowed(v.rules, "to_chuc", committee.don_vi.xep_loai, p.xep_loai_toi_da):
                v.condition_error(
                    condition, committee.at, ("xep_loai",),
                    f"đảng bộ có {counted}/{len(committee.children)} tổ chức trực thuộc xếp loại "
                    f"{v.short('to_chuc', p.xep_loai_don_vi)} (quá {p.vuot_qua}) nên chỉ được xếp "
                    f"{v.short('to_chuc', p.xep_loai_toi_da)}, không được xếp {v.short('to_chuc', committee.don_vi.xep_loai)}",
                )


def _check_distinction_category(v: "Validation", condition: DieuKien, _: KhongThamSo) -> None:
    distinction = v.rules.data.tieu_bieu
    for unit in v.round.all_units():
        don_vi = unit.don_vi
        if not unit.usable or not don_vi.tieu_bieu or distinction is None:
            continue
        if don_vi.xep_loai != distinction.xep_loai:
            v.condition_error(
                condition, unit.at, ("tieu_bieu",),
                f"chỉ đơn vị xếp loại {v.short('to_chuc', distinction.xep_loai)} mới được công nhận "
                f"{distinction.ten_ngan}; đơn vị này xếp loại {v.short('to_chuc', don_vi.xep_loai) if don_vi.xep_loai else '(chưa có)'}",
            )


def _check_disciplined_members(v: "Validation", condition: DieuKien, p: DangVienBiKyLuat) -> None:
    for cell in v.round.cells():
        if not cell.usable:
            continue
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
                    f"đồng chí {member.ho_ten} bị kỷ luật ({discipline.hinh_thuc.replace('_', ' ')}) trong năm nên "
                    f"chỉ được xếp {v.short('dang_vien', p.xep_loai_toi_da)}, không được xếp {v.short('dang_vien', member.xep_loai)}",
                )


CONDITION_CATALOGUE: dict[str, Condition] = {
    "don_vi_theo_ty_le_dang_vien": Condition(
        TheoTyLeDangVien, _check_cell_by_member_share,
        {"xep_loai_dang_vien": "dang_vien", "xep_loai_toi_da": "to_chuc"},
    ),
    "dang_bo_theo_ty_le_don_vi": Condition(
        TheoTyLeDonVi, _check_committee_by_unit_share,
        {"xep_loai_don_vi": "to_chuc", "xep_loai_toi_da": "to_chuc"},
    ),
    "tieu_bieu_dung_muc": Condition(KhongThamSo, _check_distinction_category),
    "dang_vien_bi_ky_luat": Condition(DangVienBiKyLuat, _check_disciplined_members, {"xep_loai_toi_da": "dang_vien"}),
}


def check_condition_parameters(condition: DieuKien, org: set[str], member: set[str], at: Located, path: tuple) -> object:
    """Type a condition's parameters; report unknown categories and bad fractions in the rule file."""
    entry = CONDITION_CATALOGUE[condition.kiem_tra]
    params = Converter(at).record(entry.params, condition.tham_so, path + ("tham_so",))
    for name, subject in entry.category_fields.items():
        code = getattr(params, name, None)
        allowed = member if subject == "dang_vien" else org
        if code is not None and code not in allowed:
            at.error("quy-tac-sai", path + ("tham_so", name), f"điều kiện '{condition.id}': mức '{code}' không có; các mức: {', '.join(sorted(allowed))}")
    if hasattr(params, "vuot_qua") and params.vuot_qua is not None and _fraction(params.vuot_qua) is None:
        at.error("quy-tac-sai", path + ("tham_so", "vuot_qua"), f"điều kiện '{condition.id}': '{params.vuot_qua}' không phải phân số (viết 1/2)")
    return params


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

    def short(self, subject: str, code: str | None) -> str:
        if code == TIEU_BIEU and self.rules.data.tieu_bieu:
            return self.rules.data.tieu_bieu.ten_ngan
        category = self.rules.category(subject, code) if code else None
        return category.ten_ngan if category else str(code)

    def condition_error(self, condition: DieuKien, at: Located, path: tuple, message: str) -> None:
        at.error(condition.id, path, message)

    def decision_missing(self, at: Located, path: tuple, message: str) -> None:
        if self.draft:
            at.warning("thieu-xep-loai", path, message + " (bản dự thảo)")
        else:
            at.error("thieu-xep-loai", path, message)

    # -- the stages of a validation, in order --

    def run(self) -> None:
        self.check_round_file()
        for unit in self.round.all_units():
            if unit.usable:
                self.check_unit(unit)
        self.check_conditions()
        self.check_quotas()

    def check_round_file(self) -> None:
        dot, at = self.round.dot, self.round.round_file.at
        if dot.nam and dot.ngay_danh_gia and not (dot.nam <= dot.ngay_danh_gia.year <= dot.nam + 1):
            at.warning("ngay-danh-gia", ("ngay_danh_gia",), f"ngày đánh giá {dot.ngay_danh_gia:%d/%m/%Y} không thuộc năm {dot.nam} hay đầu năm sau")
        self.check_last_year(at)
        present = {u.rel.as_posix() for u in self.round.all_units()}
        for index, rel in enumerate(dot.don_vi_du_kien):
            if rel.removesuffix(".yaml") not in present:
                at.warning("thieu-don-vi", ("don_vi_du_kien", index), f"đơn vị dự kiến '{rel}' chưa nộp tệp dữ liệu")

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
            total, evaluated = figures.get("tong_so"), figures.get("duoc_danh_gia")
            decided = sum(v for k, v in figures.items() if k in codes and v)
            if total is not None and evaluated is not None and evaluated > total:
                at.error("nam-truoc", path + ("duoc_danh_gia",), f"năm trước: số được đánh giá ({evaluated}) lớn hơn tổng số ({total})")
            if evaluated is not None and decided > evaluated:
                at.error("nam-truoc", path, f"năm trước: tổng các mức ({decided}) lớn hơn số được đánh giá ({evaluated})")

    def check_unit(self, unit: Unit) -> None:
        don_vi, at = unit.don_vi, unit.at
        if don_vi.loai != unit.position:
            at.error(
                "sai-loai-don-vi", ("loai",),
                f"'loai: {don_vi.loai}' không khớp vị trí của tệp: ở đây là {_UNIT_KIND_NAMES[unit.position]}, cần 'loai: {unit.position}'",
            )
        if unit.is_grassroots:
            self.check_org_type(unit)
        self.check_unit_decision(unit)
        self.check_review_sections(at, don_vi.kiem_diem, "bao_cao_tap_the", None, ("kiem_diem",))
        if unit.holds_members:
            self.check_members(unit)
        elif unit.position == "dang_bo_co_so" and not unit.children:
            at.warning("dang-bo-khong-chi-bo", (), "đảng bộ chưa có tệp chi bộ trực thuộc nào trong thư mục")

    def check_org_type(self, unit: Unit) -> None:
        codes = self.rules.org_type_codes()
        loai_hinh = unit.don_vi.loai_hinh
        if loai_hinh is None:
            unit.at.error("thieu-khoa", (), f"tổ chức cơ sở đảng cần 'loai_hinh', một trong: {', '.join(codes)}")
        elif loai_hinh not in codes:
            close = difflib.get_close_matches(loai_hinh, codes, n=1)
            hint = f" (có phải '{close[0]}'?)" if close else ""
            unit.at.error("loai-hinh-khong-co", ("loai_hinh",), f"loại hình '{loai_hinh}' không có trong bộ quy tắc{hint}; nhận: {', '.join(codes)}")

    def check_unit_decision(self, unit: Unit) -> None:
        don_vi = unit.don_vi
        standing = unit_standing(unit, self.round)
        if standing.kind != EVALUATED and don_vi.xep_loai:
            unit.at.error("xep-loai-khi-khong-danh-gia", ("xep_loai",), f"đơn vị {standing.reason} nên không xếp loại; hãy bỏ 'xep_loai'")
        elif standing.kind == EVALUATED and not don_vi.xep_loai:
            self.decision_missing(unit.at, (), f"{don_vi.ten} chưa có 'xep_loai' (mức xếp loại được quyết định)")
        if don_vi.tieu_bieu and self.rules.data.tieu_bieu is None:
            unit.at.error("tieu-bieu", ("tieu_bieu",), f"bộ quy tắc {self.rules.name} không có danh hiệu tiêu biểu; hãy bỏ 'tieu_bieu'")

    def check_review_sections(self, at: Located, sections: dict | None, form: str, group: str | None, path: tuple) -> None:
        mau = self.rules.data.mau.get(form)
        if mau is None or sections is None:
            return
        if not sections and form == "bao_cao_tap_the":
            at.warning("thieu-kiem-diem", (), "chưa có nội dung kiểm điểm tập thể ('kiem_diem'): báo cáo sẽ để trống các mục")
            return
        allowed = [m.ma for m in mau.muc if group is None or not m.nhom or group in m.nhom]
        for key in sections:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; có phải '{close[0]}'?" if close else f"; các mục: {', '.join(allowed)}"
                at.warning("muc-la", path + (key,), f"mục '{key}' không có trong mẫu{hint}")
        for muc in mau.muc:
            if muc.bat_buoc and muc.ma in allowed and not sections.get(muc.ma):
                at.warning("thieu-muc", path, f"thiếu nội dung mục '{muc.ma}' ({muc.tieu_de})")

    def check_members(self, unit: Unit) -> None:
        members = unit.members
        if not members:
            unit.at.error("khong-co-dang-vien", (), f"{unit.don_vi.ten} chưa có đảng viên nào ('dang_vien' trống)")
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
        self.check_review_sections(at, member.kiem_diem, "kiem_diem_ca_nhan", member.nhom, path + ("kiem_diem",))

    def check_conditions(self) -> None:
        for condition in self.rules.conditions():
            entry = CONDITION_CATALOGUE[condition.kiem_tra]
            params = Converter(Located("", {}, Report())).record(entry.params, condition.tham_so, ())
            entry.check(self, condition, params)

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
                rule = (
                    f"tối đa {quota.toi_da_phan_tram}% của {result.base} ({self.base_name(quota)}), "
                    f"tức {result.limit} {noun}"
                )
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


def validate_round(round_: Round, report: Report, draft: bool = False) -> Report:
    Validation(round_, report, draft).run()
    return report

