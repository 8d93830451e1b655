"""The table of problem codes: every diagnostic baocao emits carries one of these, or the ``id`` of a
rule set's condition or quota (data, listed by the rule set itself).

One channel: data problems (load, validate), template problems and what writing the documents came
to (render) are all ``Diagnostic``s with a code from here. ``docs/codes.md`` lists this table, and
``tests/test_codes.py`` holds the code to it: a code the source emits must be here, and a code here
must be emitted somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .diagnostics import Severity

Stage = Literal["doc", "kiem-tra", "lap", "ghi"]
STAGE_NAMES: dict[str, str] = {
    "doc": "đọc tệp",
    "kiem-tra": "kiểm tra dữ liệu",
    "lap": "lập văn bản (mẫu)",
    "ghi": "ghi kết quả",
}


@dataclass(frozen=True)
class Code:
    stage: Stage
    meaning: str  # for the user, in Vietnamese: what the code says, whatever the message's details
    severity: Severity | None = None  # fixed for a render's own problems; a data problem's depends on the data


def severity_of(code: str) -> Severity:
    """The severity of a code whose severity is fixed (the template and output codes)."""
    severity = CODES[code].severity
    if severity is None:
        raise ValueError(f"code {code!r} takes its severity from where it is found")
    return severity


def _codes(stage: Stage, **meanings: str | tuple[Severity, str]) -> dict[str, Code]:
    """Codes of a stage: ``name="meaning"``, or ``name=(severity, "meaning")`` when the severity is fixed."""
    table = {}
    for name, given in meanings.items():
        severity, meaning = given if isinstance(given, tuple) else (None, given)
        table[name.replace("_", "-")] = Code(stage, meaning, severity)
    return table


CODES: dict[str, Code] = {
    **_codes(
        "doc",
        doc_tep="không đọc được tệp (quyền, ổ đĩa)",
        tep_rong="tệp rỗng",
        tep_qua_lon="tệp quá lớn để là tệp dữ liệu",
        ma_hoa="tệp không phải UTF-8 (thường là phông TCVN3/VNI cũ)",
        khong_phai_yaml="nội dung không phải dữ liệu YAML dạng bảng khóa",
        yaml_cu_phap="YAML sai cú pháp",
        yaml_alias="dùng bí danh YAML (& và *), baocao không nhận",
        khoa_trung="một khóa viết hai lần",
        lien_ket="liên kết (symlink) trong thư mục đợt",
        cay_qua_sau="thư mục lồng sâu hơn cấp của đợt",
        thieu_dang_bo="thư mục đảng bộ thiếu tệp dang-bo.yaml",
        trung_thu_muc_ket_qua="hai đơn vị sẽ ghi vào cùng một thư mục kết quả",
        trung_don_vi="hai tệp là cùng một đơn vị",
        bo_nho_dem="bộ nhớ đệm hỏng hoặc chép từ máy khác: đã bỏ qua",
        quy_tac_khong_co="không tìm thấy bộ quy tắc",
        quy_tac_sai="bộ quy tắc có lỗi",
        quy_tac_vong="bộ quy tắc kế thừa vòng quanh",
        sai_kieu="giá trị sai kiểu (số, chữ, danh sách…)",
        thieu_khoa="thiếu khóa bắt buộc",
        khoa_la="khóa không có trong mẫu dữ liệu (gõ nhầm?)",
        de_trong="khóa bắt buộc để trống",
        ky_tu_la="ký tự ẩn hoặc điều khiển đã được bỏ",
        bang_ma_cu="chữ gõ bằng bảng mã cũ (TCVN3, VNI) rồi dán vào",
        so_qua_lon="con số không hợp lý",
        sai_ngay="ngày không đúng dạng hoặc không có thật",
        gia_tri_khong_hop_le="giá trị không nằm trong các giá trị được nhận",
        gia_tri_khong_co="ô của biểu mẫu Excel ghi giá trị không có trong danh sách chọn",
        xep_loai_khong_co="mức xếp loại không có trong bộ quy tắc",
        dot_truoc="không đọc được đợt trước, hoặc đợt đó không phải năm trước",
        bieu_mau="biểu mẫu Excel bị sửa cấu trúc",
        xuong_dong="dấu xuống dòng trong ô chỉ viết một dòng",
        thieu_muc="dòng kiểm điểm chưa chọn mục",
        da_co_tep="đơn vị đã có tệp dữ liệu",
    ),
    **_codes(
        "kiem-tra",
        sai_loai_don_vi="loại đơn vị không khớp vị trí của tệp",
        loai_hinh_khong_co="loại hình tổ chức không có trong bộ quy tắc",
        thieu_xep_loai="chưa có mức xếp loại",
        xep_loai_khi_khong_danh_gia="có xếp loại dù không thuộc diện đánh giá",
        tieu_bieu="công nhận tiêu biểu không đúng",
        tieu_chi="tiêu chí, điểm thành phần sai",
        diem="điểm ngoài thang hoặc không khớp tổng",
        khong_co_thang_diem="cho điểm khi bộ quy tắc không có thang điểm",
        bieu_quyet="kết quả biểu quyết không khớp",
        ngoai_le_han_muc="ngoại lệ hạn mức thiếu căn cứ",
        nam_truoc="số liệu năm trước sai",
        ngay_danh_gia="ngày đánh giá không thuộc năm đánh giá",
        thieu_danh_gia_chung="chưa có phần đánh giá chung của báo cáo tổng hợp",
        thieu_don_vi="đơn vị dự kiến chưa nộp tệp dữ liệu",
        dang_bo_khong_chi_bo="đảng bộ chưa có chi bộ trực thuộc nào",
        khong_co_dang_vien="chi bộ không có đảng viên",
        dang_vien_trung="một đảng viên ghi hai lần",
        nam_sinh="năm sinh không hợp lý",
        ngay_sinh="ngày sinh không hợp lý",
        ngay_vao_dang="ngày vào Đảng không hợp lý",
        phu_trach="đơn vị phụ trách không có hoặc ghi sai",
        thieu_kiem_diem="thiếu nội dung kiểm điểm",
        kiem_diem_khong_ro_nguoi="nội dung kiểm điểm không rõ của ai",
        kiem_diem_sai_nguoi="nội dung kiểm điểm ghi cho người khác",
        muc_la="mục kiểm điểm không có trong mẫu",
        thieu_noi_dung="mục kiểm điểm bắt buộc còn trống",
        mau_khong_co="mẫu kiểm điểm cá nhân không có trong bộ quy tắc",
        khong_kiem_diem="đảng viên không thuộc diện kiểm điểm có bản kiểm điểm",
        trung_so_van_ban="hai văn bản của một cấp ủy cùng một số",
        van_ban_sao_chep="đoạn kiểm điểm trùng hoặc gần trùng đoạn của người, đơn vị khác",
    ),
    **_codes(
        "lap",
        khong_co_tep_mau=("loi", "không tìm thấy tệp mẫu của một loại văn bản"),
        loi_mau=("loi", "tệp mẫu không dùng được (cú pháp, bộ lọc không có, tệp hỏng)"),
        mau_khong_khop=("loi", "mẫu dùng tên không có trong dữ liệu của văn bản"),
        lap_khong_duoc=("loi", "một văn bản không lập được theo mẫu"),
    ),
    **_codes(
        "ghi",
        giu_ban_sua_tay=("canh_bao", "văn bản đã được sửa tay: giữ nguyên, không ghi đè"),
        cat_ban_sua_tay=("thong_bao", "bản sửa tay được cất sang tên khác (--force)"),
        tep_dang_mo=("loi", "văn bản đang mở trong chương trình khác: không thay được"),
        khong_ghi_qua_lien_ket=("loi", "không ghi qua liên kết hoặc ra ngoài thư mục kết quả"),
        go_lien_ket=("canh_bao", "đã gỡ liên kết đặt ở chỗ baocao giữ tệp của mình"),
        chuyen_da_xoa=("thong_bao", "đơn vị không còn trong dữ liệu: văn bản chuyển sang da-xoa/"),
        ban_ke_hong=("canh_bao", "bản kê các văn bản đã lập (manifest) hỏng hoặc bị sửa: bỏ qua và lập lại"),
        pdf_khong_duoc=("loi", "một văn bản không chuyển được sang PDF"),
        khong_tao_pdf=("loi", "không tạo được PDF (thiếu LibreOffice)"),
    ),
}
