"""The conditions a rule set may switch on (``dieu_kien``): the parameters each kind takes in the
rule file, and which of them name a category.

What each check does is in ``checks.CONDITION_CHECKS``, under the same names. A rule set is
checked against this module alone, so reading rules never needs the checks (nor they the rules'
loader).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from ..diagnostics import Located
from ..model import doc
from ..schema import Converter

if TYPE_CHECKING:
    from . import DieuKien


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
class TheoTyLeDonViPhuTrach:
    xep_loai_don_vi: str = doc("Mức của đơn vị được đếm: khtnv")
    vuot_qua: str = doc("Phân số: quá tỷ lệ này thì người lãnh đạo bị giới hạn: 1/2")
    xep_loai_toi_da: str = doc("Mức cao nhất của người lãnh đạo khi đó: khtnv")
    hoan_thanh_duoi: float | None = doc("Đơn vị hoàn thành dưới tỷ lệ nhiệm vụ này (%) cũng bị tính", default=None)


@dataclass
class TapTheCoKyLuat:
    xep_loai_toi_da: str = doc("Mức cao nhất của tập thể có đơn vị trực thuộc hoặc thành viên lãnh đạo bị kỷ luật")
    chi_thanh_vien: bool = doc("Chỉ tính thành viên tập thể lãnh đạo (không tính đơn vị trực thuộc)", default=False)
    chi_trong_cong_tac: bool = doc("Chỉ kỷ luật do vi phạm trong thực hiện chức trách, nhiệm vụ", default=False)
    suy_thoai: bool = doc("Tính thành viên bị kết luận suy thoái thay cho bị kỷ luật", default=False)


@dataclass
class DangVienSuyThoai:
    xep_loai_toi_da: str = doc("Mức cao nhất của đảng viên bị kết luận suy thoái: khtnv")


@dataclass
class TheoTyLeHoanThanh:
    doi_tuong: Literal["to_chuc", "dang_vien"] = doc("Áp dụng cho tập thể (to_chuc) hay đảng viên (dang_vien)")
    hoan_thanh_duoi: float = doc("Hoàn thành dưới tỷ lệ nhiệm vụ này (%) thì bị giới hạn")
    xep_loai_toi_da: str = doc("Mức cao nhất khi đó: khtnv")
    nhom: list[str] = doc("Chỉ các nhóm đảng viên này (bỏ trống: mọi nhóm)", default_factory=list)


@dataclass
class YeuCauNhiemVu:
    hoan_thanh_toi_thieu: float | None = doc("Tỷ lệ nhiệm vụ hoàn thành tối thiểu (%)", default=None)
    vuot_toi_thieu: float | None = doc("Tỷ lệ nhiệm vụ vượt yêu cầu tối thiểu (%)", default=None)
    cham_toi_da: float | None = doc("Tỷ lệ nhiệm vụ chậm tối đa (%)", default=None)
    khac_phuc_toi_thieu: float | None = doc("Tỷ lệ hạn chế, khuyết điểm kỳ trước đã khắc phục tối thiểu (%)", default=None)


@dataclass
class TheoKetQuaNhiemVu:
    tap_the: dict[str, YeuCauNhiemVu] = doc("Yêu cầu của từng mức đối với tập thể", default_factory=dict)
    ca_nhan: dict[str, YeuCauNhiemVu] = doc("Yêu cầu của từng mức đối với cá nhân", default_factory=dict)


@dataclass(frozen=True)
class ConditionKind:
    """A check a rule set may switch on, as the rule file sees it."""

    params: type
    category_fields: dict[str, str] = field(default_factory=dict)  # param → "dang_vien" | "to_chuc"


CONDITION_KINDS: dict[str, ConditionKind] = {
    "don_vi_theo_ty_le_dang_vien": ConditionKind(TheoTyLeDangVien, {"xep_loai_dang_vien": "dang_vien", "xep_loai_toi_da": "to_chuc"},),
    "dang_bo_theo_ty_le_don_vi": ConditionKind(TheoTyLeDonVi, {"xep_loai_don_vi": "to_chuc", "xep_loai_toi_da": "to_chuc"}),
    "tieu_bieu_dung_muc": ConditionKind(KhongThamSo),
    "dang_vien_bi_ky_luat": ConditionKind(DangVienBiKyLuat, {"xep_loai_toi_da": "dang_vien"}),
    "xep_loai_theo_diem": ConditionKind(KhongThamSo),
    "tap_the_co_ky_luat": ConditionKind(TapTheCoKyLuat, {"xep_loai_toi_da": "to_chuc"}),
    "lanh_dao_theo_don_vi_phu_trach": ConditionKind(TheoTyLeDonViPhuTrach, {"xep_loai_don_vi": "to_chuc", "xep_loai_toi_da": "dang_vien"}),
    "xep_loai_theo_ket_qua_nhiem_vu": ConditionKind(TheoKetQuaNhiemVu),
    "dang_vien_suy_thoai": ConditionKind(DangVienSuyThoai, {"xep_loai_toi_da": "dang_vien"}),
    "theo_ty_le_hoan_thanh": ConditionKind(TheoTyLeHoanThanh),
}


def fraction(text: str) -> Fraction | None:
    try:
        return Fraction(str(text).replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        return None


def check_condition_parameters(condition: DieuKien, org: set[str], member: set[str], at: Located, path: tuple) -> object:
    """Type a condition's parameters; report unknown categories and bad fractions in the rule file."""
    entry = CONDITION_KINDS[condition.kiem_tra]
    params = Converter(at).record(entry.params, condition.tham_so, path + ("tham_so",))
    for name, category_subject in entry.category_fields.items():
        code = getattr(params, name, None)
        allowed = member if category_subject == "dang_vien" else org
        if code is not None and code not in allowed:
            at.error("quy-tac-sai", path + ("tham_so", name), f"điều kiện '{condition.id}': mức '{code}' không có; các mức: {', '.join(sorted(allowed))}")
    subject = getattr(params, "doi_tuong", None)
    ceiling = getattr(params, "xep_loai_toi_da", None)
    if subject in ("to_chuc", "dang_vien") and ceiling is not None and ceiling not in (member if subject == "dang_vien" else org):
        at.error("quy-tac-sai", path + ("tham_so", "xep_loai_toi_da"), f"điều kiện '{condition.id}': mức '{ceiling}' không có")
    if hasattr(params, "vuot_qua") and params.vuot_qua is not None and fraction(params.vuot_qua) is None:
        at.error("quy-tac-sai", path + ("tham_so", "vuot_qua"), f"điều kiện '{condition.id}': '{params.vuot_qua}' không phải phân số (viết 1/2)")
    return params
