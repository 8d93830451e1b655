"""The review data: a round, its units and members.

Field names are the YAML keys (Vietnamese without diacritics), so a key reads the same in a
data file, here, and in a template. The type hints are the schema: ``schema.py`` reads them to
check and convert the YAML and to write the JSON Schema, so a key is declared once, here.
``doc`` in a field's metadata is shown to users (JSON Schema descriptions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NewType

TextOrNumber = NewType("TextOrNumber", str)
"""Text that users often type as a number (a document or card number): both are accepted."""

Paragraphs = NewType("Paragraphs", list)
"""Text of one or more paragraphs: a string (paragraphs split on blank lines) or a list."""

UnitKind = Literal["dang_bo_co_so", "chi_bo_co_so", "chi_bo_truc_thuoc"]
MemberGroup = Literal["lanh_dao", "cong_chuc", "khong_chuc_vu", "ngoai_he_thong"]
MemberStatus = Literal["sinh_hoat", "mien", "dinh_chi"]
Discipline = Literal["khien_trach", "canh_cao", "cach_chuc", "khai_tru"]


def doc(text: str, **kwargs):  # noqa: ANN201 - a dataclasses.field with a description
    return field(metadata={"doc": text}, **kwargs)


@dataclass
class XemXet:
    """A hard condition eased by the competent level ("có thể được xem xét", 366-QĐ/TW art. 11)."""

    ly_do: str = doc("Lý do được xem xét: đã chủ động báo cáo, khắc phục hậu quả; nguyên nhân khách quan, bất khả kháng")
    can_cu: str | None = doc("Văn bản, kết luận của cấp có thẩm quyền (nếu có)", default=None)


@dataclass
class NgoaiLeHanMuc:
    """A higher quota granted to one organisation with outstanding results (366-QĐ/TW art. 11 §1.5)."""

    toi_da_phan_tram: int = doc("Tỷ lệ tối đa được cho phép (366-QĐ/TW: đến 25%)")
    quyet_dinh: str = doc("Văn bản của cấp có thẩm quyền cho phép: Quyết định số 25-QĐ/ĐU ngày 10/12/2026")
    han_muc: str | None = doc("Mã hạn mức được nới (bỏ trống: mọi hạn mức HTXSNV có 'toi_da_ngoai_le')", default=None)


@dataclass
class NguoiKy:
    thay_mat: str | None = doc("Dòng 'thay mặt': T/M BAN THƯỜNG VỤ, T/M ĐẢNG ỦY, T/M CHI BỘ", default=None)
    chuc_vu: str | None = doc("Chức vụ người ký: BÍ THƯ, PHÓ BÍ THƯ", default=None)
    ho_ten: str | None = doc("Họ và tên người ký", default=None)


@dataclass
class VanBan:
    so: TextOrNumber | None = doc("Số văn bản, không kèm ký hiệu: 150", default=None)
    ngay: date | None = doc("Ngày ký văn bản", default=None)
    nguoi_ky: NguoiKy | None = doc("Người ký", default=None)
    noi_nhan: list[str] = doc("Nơi nhận, mỗi dòng một nơi", default_factory=list)


@dataclass
class DiemChiTiet:
    """A score split as the 100-point scale splits it (366-QĐ/TW: 30 + 70)."""

    tieu_chi_chung: float = doc("Điểm nhóm tiêu chí chung (tối đa 30)")
    ket_qua_nhiem_vu: float = doc("Điểm kết quả thực hiện nhiệm vụ (tối đa 70)")


@dataclass
class CapUy:
    ten: str = doc("Tên cấp ủy chủ trì đợt đánh giá: Huyện ủy Thường Tín")
    dang_bo: str = doc("Tên đảng bộ: Đảng bộ huyện Thường Tín")
    cap_tren: str = doc("Đảng bộ cấp trên: Đảng bộ thành phố Hà Nội")
    dia_danh: str = doc("Địa danh ghi ở dòng ngày tháng: Thường Tín")
    ky_hieu: str = doc("Ký hiệu cấp ủy trong số văn bản: HU, ĐU")
    bi_thu: str | None = doc("Họ tên bí thư cấp ủy (ký phần xếp loại của bản kiểm điểm cá nhân)", default=None)


@dataclass
class DanhGiaChung:
    """The committee's own assessment of the round, for its summary report."""

    uu_diem: Paragraphs | None = doc("Ưu điểm", default=None)
    han_che: Paragraphs | None = doc("Hạn chế, khuyết điểm", default=None)
    nguyen_nhan: Paragraphs | None = doc("Nguyên nhân của hạn chế, khuyết điểm", default=None)
    bai_hoc: Paragraphs | None = doc("Bài học kinh nghiệm", default=None)
    phuong_huong: Paragraphs | None = doc("Phương hướng, nhiệm vụ thời gian tới", default=None)
    de_xuat: Paragraphs | None = doc("Đề xuất, kiến nghị với cấp trên", default=None)


@dataclass
class DotDanhGia:
    """The round file, dot-danh-gia.yaml."""

    nam: int = doc("Năm được đánh giá")
    quy_tac: str = doc("Bộ quy tắc: tên bộ có sẵn (thuong-tin-2017, hd27-2014, hd21-2019) hoặc đường dẫn tệp")
    cap_uy: CapUy = doc("Cấp ủy chủ trì đợt đánh giá")
    ngay_danh_gia: date = doc("Ngày mốc đánh giá (tính 6 tháng tuổi đảng, 6 tháng thành lập)")
    bao_cao: VanBan = doc("Số, ngày, người ký, nơi nhận của báo cáo tổng hợp")
    quyet_dinh: VanBan | None = doc("Số, ngày, người ký của quyết định công nhận kết quả xếp loại tổ chức đảng", default=None)
    to_trinh: VanBan | None = doc("Số, ngày, người ký, nơi nhận của tờ trình đề nghị khen thưởng", default=None)
    ten: str | None = doc("Tên đợt đánh giá, nếu muốn ghi khác tên mặc định", default=None)
    can_cu: list[str] = doc("Các văn bản làm căn cứ", default_factory=list)
    ngay_bat_dau: date | None = doc("Ngày triển khai đợt đánh giá", default=None)
    han_hoan_thanh: date | None = doc("Hạn hoàn thành", default=None)
    nam_truoc: dict[str, dict[str, int]] | None = doc(
        "Số liệu năm trước: to_chuc_co_so, chi_bo_truc_thuoc, dang_vien; mỗi mục có tong_so, "
        "duoc_danh_gia và số lượng từng mức xếp loại",
        default=None,
    )
    danh_gia_chung: DanhGiaChung | None = doc("Đánh giá chung của cấp ủy cho báo cáo tổng hợp", default=None)
    cac_dot_truoc: list[str] = doc(
        "Thư mục các đợt đánh giá những năm trước của cùng cấp ủy (tính từ thư mục đợt): để tính 'n năm liền' và tìm nội dung chép lại",
        default_factory=list,
    )
    don_vi_du_kien: list[str] = doc("Các tệp đơn vị dự kiến nộp (đường dẫn trong thư mục đợt)", default_factory=list)
    ngoai_le_han_muc: NgoaiLeHanMuc | None = doc(
        "Cấp trên cho phép cả đợt tỷ lệ HTXSNV cao hơn (hạn mức tính trong cả đợt), kèm văn bản cho phép", default=None,
    )
    dang_uy_co_so: bool = doc(
        "Cấp ủy chủ trì là đảng ủy cơ sở (xã, phường từ 1/7/2025): các tệp ở thư mục đợt là chi bộ trực thuộc",
        default=False,
    )


@dataclass
class KyLuat:
    hinh_thuc: Discipline = doc("Hình thức kỷ luật")
    ngay: date | None = doc("Ngày quyết định kỷ luật", default=None)
    trong_cong_tac: bool = doc("Vi phạm khi thực hiện chức trách, nhiệm vụ được giao", default=False)
    ly_do: str | None = doc("Lý do", default=None)


@dataclass
class DangVien:
    ho_ten: str = doc("Họ và tên")
    nam_sinh: int | None = doc("Năm sinh", default=None)
    so_the: TextOrNumber | None = doc("Số thẻ đảng viên", default=None)
    gioi_tinh: Literal["nam", "nu"] | None = doc("Giới tính", default=None)
    chuc_vu: str | None = doc("Chức vụ ghi trong danh sách", default=None)
    nhom: MemberGroup = doc("Nhóm kiểm điểm: lanh_dao, cong_chuc, khong_chuc_vu", default="khong_chuc_vu")
    ngay_vao_dang: date | None = doc("Ngày vào Đảng", default=None)
    du_bi: bool = doc("Đảng viên dự bị", default=False)
    tinh_trang: MemberStatus = doc("sinh_hoat; mien = miễn công tác và sinh hoạt; dinh_chi = đình chỉ sinh hoạt", default="sinh_hoat")
    ky_luat: KyLuat | None = doc("Kỷ luật trong năm", default=None)
    tu_xep_loai: str | None = doc("Mức tự xếp loại (mã hoặc tên đầy đủ)", default=None)
    xep_loai: str | None = doc("Mức xếp loại được quyết định", default=None)
    ghi_chu: str | None = doc("Ghi chú", default=None)
    kiem_diem: dict[str, Paragraphs] | None = doc("Bản kiểm điểm cá nhân: nội dung theo từng mục của mẫu", default=None)
    ngay_sinh: date | None = doc("Ngày sinh (bản kiểm điểm cá nhân)", default=None)
    chuc_vu_dang: str | None = doc("Chức vụ Đảng", default=None)
    chuc_vu_chinh_quyen: str | None = doc("Chức vụ chính quyền", default=None)
    chuc_vu_doan_the: str | None = doc("Chức vụ đoàn thể", default=None)
    don_vi_cong_tac: str | None = doc("Đơn vị công tác", default=None)
    tu_diem: float | None = doc("Điểm tự chấm (thang 100)", default=None)
    tu_diem_chi_tiet: DiemChiTiet | None = doc("Điểm tự chấm theo hai nhóm tiêu chí", default=None)
    diem: float | None = doc("Điểm được cấp có thẩm quyền chấm (thang 100)", default=None)
    diem_chi_tiet: DiemChiTiet | None = doc("Điểm được chấm theo hai nhóm tiêu chí", default=None)
    chi_uy: bool = doc("Là cấp ủy viên của chi bộ (thành viên tập thể lãnh đạo chi bộ)", default=False)
    dang_uy: bool = doc("Là đảng ủy viên của đảng bộ (thành viên tập thể lãnh đạo đảng bộ)", default=False)
    phu_trach: list[str] = doc("Các đơn vị đồng chí lãnh đạo, phụ trách (đường dẫn tệp trong thư mục đợt)", default_factory=list)
    ty_le_hoan_thanh: float | None = doc("Tỷ lệ nhiệm vụ hoàn thành (%)", default=None)
    ty_le_vuot: float | None = doc("Tỷ lệ nhiệm vụ vượt yêu cầu (%)", default=None)
    ty_le_cham: float | None = doc("Tỷ lệ nhiệm vụ chậm tiến độ (%)", default=None)
    ty_le_khac_phuc: float | None = doc("Tỷ lệ hạn chế, khuyết điểm kỳ trước đã khắc phục (%); bỏ trống nếu không có", default=None)
    suy_thoai: bool = doc("Bị cấp có thẩm quyền kết luận suy thoái tư tưởng chính trị, đạo đức, lối sống", default=False)
    xem_xet: XemXet | None = doc("Điều kiện hạ mức được cấp có thẩm quyền xem xét (kèm lý do)", default=None)
    mau_kiem_diem: str | None = doc("Mẫu bản kiểm điểm (2A, 2B, 2C) nếu khác mẫu theo nhóm", default=None)
    y_kien_hoi_nghi: Paragraphs | None = doc("Ý kiến góp ý của hội nghị đối với đồng chí", default=None)
    bieu_quyet: dict[str, int] | None = doc("Số phiếu biểu quyết mức xếp loại của đồng chí, theo từng mức: {httnv: 10, htnv: 1}", default=None)
    tu_diem_tieu_chi: dict[str, float] | None = doc("Điểm tự chấm theo tiêu chí thành phần của cấp ủy", default=None)
    diem_tieu_chi: dict[str, float] | None = doc("Điểm được chấm theo tiêu chí thành phần của cấp ủy", default=None)


@dataclass
class VangMat:
    ho_ten: str = doc("Họ và tên đảng viên vắng mặt")
    ly_do: str | None = doc("Lý do vắng mặt", default=None)


@dataclass
class HoiNghi:
    """The cell's review meeting, for the minutes (biên bản)."""

    ngay: date = doc("Ngày họp")
    dia_diem: str = doc("Địa điểm họp")
    chu_tri: str = doc("Người chủ trì")
    thu_ky: str = doc("Thư ký hội nghị")
    gio_bat_dau: str | None = doc("Giờ bắt đầu: 14 giờ 00", default=None)
    gio_ket_thuc: str | None = doc("Giờ kết thúc: 17 giờ 30", default=None)
    vang_mat: list[VangMat] = doc("Đảng viên vắng mặt, kèm lý do", default_factory=list)
    dai_dien_cap_tren: str | None = doc("Đại diện cấp ủy cấp trên dự và chỉ đạo: đồng chí …, chức vụ", default=None)
    bieu_quyet_chi_bo: dict[str, int] | None = doc("Số phiếu biểu quyết mức xếp loại của chi bộ, theo từng mức: {htxsnv: 3, httnv: 8}", default=None)
    khach_moi: list[str] = doc("Đại biểu dự", default_factory=list)
    y_kien: Paragraphs | None = doc("Ý kiến thảo luận chính", default=None)


@dataclass
class DonVi:
    """A unit file: a đảng bộ's dang-bo.yaml, or a chi bộ file with its members."""

    ten: str = doc("Tên đơn vị: Chi bộ thôn Đông, Đảng bộ xã Văn Bình")
    loai: UnitKind = doc("dang_bo_co_so, chi_bo_co_so hoặc chi_bo_truc_thuoc")
    loai_hinh: str | None = doc("Loại hình tổ chức cơ sở đảng (mã trong bộ quy tắc)", default=None)
    bi_thu: str | None = doc("Họ tên bí thư", default=None)
    dia_danh: str | None = doc("Địa danh ở dòng ngày tháng", default=None)
    ngay_thanh_lap: date | None = doc("Ngày thành lập (nếu mới thành lập)", default=None)
    van_ban: VanBan | None = doc("Số, ngày, người ký, nơi nhận của báo cáo kiểm điểm", default=None)
    kiem_diem: dict[str, Paragraphs] = doc("Nội dung kiểm điểm tập thể theo từng mục của mẫu", default_factory=dict)
    tu_xep_loai: str | None = doc("Mức tự xếp loại", default=None)
    xep_loai: str | None = doc("Mức xếp loại được quyết định", default=None)
    tieu_bieu: bool = doc("Được công nhận tiêu biểu", default=False)
    dang_vien: list[DangVien] = doc("Danh sách đảng viên", default_factory=list)
    hoi_nghi: HoiNghi | None = doc("Hội nghị kiểm điểm (để lập biên bản)", default=None)
    tu_diem: float | None = doc("Điểm tự chấm của tập thể (thang 100)", default=None)
    tu_diem_chi_tiet: DiemChiTiet | None = doc("Điểm tự chấm theo hai nhóm tiêu chí", default=None)
    diem: float | None = doc("Điểm được cấp trên chấm (thang 100)", default=None)
    diem_chi_tiet: DiemChiTiet | None = doc("Điểm được chấm theo hai nhóm tiêu chí", default=None)
    ky_luat: KyLuat | None = doc("Tập thể bị kỷ luật trong năm", default=None)
    ty_le_hoan_thanh: float | None = doc("Tỷ lệ nhiệm vụ hoàn thành (%)", default=None)
    ty_le_vuot: float | None = doc("Tỷ lệ nhiệm vụ vượt yêu cầu (%)", default=None)
    ty_le_cham: float | None = doc("Tỷ lệ nhiệm vụ chậm tiến độ (%)", default=None)
    ty_le_khac_phuc: float | None = doc("Tỷ lệ hạn chế, khuyết điểm kỳ trước đã khắc phục (%); bỏ trống nếu không có", default=None)
    xem_xet: XemXet | None = doc("Điều kiện hạ mức được cấp có thẩm quyền xem xét (kèm lý do)", default=None)
    ngoai_le_han_muc: NgoaiLeHanMuc | None = doc("Cấp có thẩm quyền cho phép tỷ lệ HTXSNV cao hơn (đến 25%)", default=None)
    danh_gia_chung: DanhGiaChung | None = doc("Đánh giá chung của đảng ủy cho báo cáo tổng hợp các chi bộ", default=None)
    van_ban_tong_hop: VanBan | None = doc("Số, ngày, người ký, nơi nhận của báo cáo tổng hợp các chi bộ (đảng bộ cơ sở)", default=None)
    co_chi_uy: bool | None = doc("Chi bộ có chi ủy (bỏ trống: có khi từ 9 đảng viên chính thức, Điều lệ Đảng điều 24)", default=None)
    tu_diem_tieu_chi: dict[str, float] | None = doc("Điểm tự chấm theo tiêu chí thành phần của cấp ủy", default=None)
    diem_tieu_chi: dict[str, float] | None = doc("Điểm được chấm theo tiêu chí thành phần của cấp ủy", default=None)
