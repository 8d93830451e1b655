"""An invented ward's round under 366-QĐ/TW and 43-HD/BTCTW (2025 on), for make_round.py.

Since 1/7/2025 a ward committee (Đảng ủy phường) is the directly superior level of the
organisations under it: here its chi bộ cơ sở (residential groups, the ward's agency, a school,
the police, the military command, a private firm) and one đảng bộ cơ sở (a firm with three
cells). Everything is invented. The round keeps the national quota (HTXSNV at most 20 % of HTTNV,
in each grassroots organisation for members, across the ward for organisations), one cell holds
the 25 % exception with its decision, and the texts differ by kind of unit and by unit.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from make_round import Generator, add_votes, dump

WARD = "Sông Nhuệ"
SECRETARY = "Nguyễn Thị Minh Hằng"
BANDS = {"htxsnv": (90, 97), "httnv": (71, 89), "htnv": (52, 68), "khtnv": (35, 48)}
CHI_UY_FROM = 9  # full members from which a chi bộ elects a chi ủy (Điều lệ Đảng, art. 24)

# --- what each kind of unit writes ---------------------------------------------------------------
# Each section has several wordings; a unit picks by its own seed and fills in its own facts, so
# that no two units (and no unit and last year's) hand in the same paragraph.

KINDS = {
    "khu_dan_cu": {
        "nguyen_tac": [
            "Chi bộ duy trì sinh hoạt thường kỳ vào ngày {ngay_sh} hằng tháng, {so_cd} buổi sinh hoạt chuyên đề trong năm; các quyết định về {viec} đều được bàn bạc dân chủ và biểu quyết theo đa số.",
            "Nguyên tắc tập trung dân chủ được giữ vững; chi bộ ban hành quy chế làm việc sau khi kiện toàn tổ dân phố, phân công {so_dv_pt} đảng viên phụ trách các cụm dân cư.",
            "Chi bộ thực hiện nghiêm quy chế làm việc, chế độ sinh hoạt định kỳ; {ty_le_sh}% đảng viên dự sinh hoạt bình quân, nội dung sinh hoạt tập trung vào {viec}.",
        ],
        "muc_tieu_nhiem_vu": [
            "Lãnh đạo tổ dân phố hoàn thành {so_ct}/{so_ct_tong} chỉ tiêu năm {nam}; thu quỹ vì người nghèo đạt {tien} triệu đồng; {ty_le_hgd}% hộ đạt danh hiệu gia đình văn hóa.",
            "Vận động nhân dân hiến {dien_tich} m² đất mở rộng ngõ {ngo}; hoàn thành chỉ tiêu nghĩa vụ quân sự; không có đơn thư vượt cấp trên địa bàn.",
            "Phối hợp với Công an phường giữ vững an ninh trật tự; mô hình \"{mo_hinh}\" duy trì hiệu quả; tỷ lệ thu gom rác thải đúng giờ đạt {ty_le_rac}%.",
        ],
        "xay_dung_dang": [
            "Kết nạp {ket_nap} đảng viên mới; giới thiệu {quan_chung} quần chúng ưu tú học lớp cảm tình Đảng; hoàn thành chuyển sinh hoạt đảng cho đảng viên sau sắp xếp tổ dân phố.",
            "Chi bộ thực hiện kiểm tra {so_kt} đảng viên về chấp hành Điều lệ Đảng; không có đảng viên vi phạm phải xử lý.",
        ],
        "trach_nhiem_lanh_dao": [
            "Đồng chí bí thư chi bộ trực tiếp chỉ đạo {viec}; cấp ủy viên được phân công theo dõi từng cụm dân cư, nắm chắc tình hình nhân dân.",
        ],
        "han_che": [
            "Việc nắm tâm tư của đảng viên cao tuổi sau khi sáp nhập tổ dân phố còn chậm; {han_che_rieng}.",
            "Nội dung một số buổi sinh hoạt còn nặng thông báo; {han_che_rieng}. Nguyên nhân: cấp ủy chưa chuẩn bị kỹ nội dung, một số đảng viên tuổi cao ít tham gia.",
        ],
        "han_che_rieng": ["công tác vệ sinh môi trường ở ngõ {ngo} chưa dứt điểm", "việc thu hồi nợ quỹ khuyến học còn chậm",
                          "phong trào văn nghệ quần chúng duy trì chưa đều", "tình trạng lấn chiếm vỉa hè ở mặt phố còn tái diễn"],
        "phuong_huong": [
            "Năm {nam_sau}, chi bộ tập trung {viec_sau}; phân công cụ thể đảng viên theo dõi từng cụm dân cư.",
            "Năm {nam_sau}, nâng cao chất lượng sinh hoạt chi bộ, giải quyết dứt điểm {viec_sau}.",
        ],
        "viec": ["chỉnh trang ngõ xóm", "xây dựng tổ dân phố văn minh", "giải quyết ý kiến cử tri", "phòng chống cháy nổ trong khu dân cư"],
        "viec_sau": ["việc chỉnh trang hè phố", "việc thu gom rác thải đúng giờ", "việc hỗ trợ người cao tuổi làm thủ tục trực tuyến"],
        "mo_hinh": ["Camera an ninh", "Tổ dân phố không ma túy", "Ngõ phố văn minh", "Tổ tự quản phòng cháy"],
    },
    "co_quan": {
        "nguyen_tac": [
            "Chi bộ lãnh đạo cơ quan thực hiện quy chế làm việc mới sau sắp xếp bộ máy; {so_cd} buổi sinh hoạt chuyên đề về cải cách hành chính và chuyển đổi số.",
        ],
        "muc_tieu_nhiem_vu": [
            "Cơ quan tiếp nhận và giải quyết {ho_so} hồ sơ hành chính, {ty_le_dung_han}% đúng hạn; {ty_le_truc_tuyen}% hồ sơ nộp trực tuyến; hoàn thành {so_ct}/{so_ct_tong} chỉ tiêu kinh tế – xã hội giao năm {nam}.",
        ],
        "xay_dung_dang": [
            "Hoàn thành rà soát vị trí việc làm; bố trí lại {so_cb} công chức theo đề án; không có cán bộ, đảng viên vi phạm kỷ luật.",
        ],
        "trach_nhiem_lanh_dao": [
            "Tập thể chi ủy và người đứng đầu cơ quan chịu trách nhiệm về tiến độ giải quyết thủ tục hành chính; tiếp công dân định kỳ đúng quy định.",
        ],
        "han_che": ["Một số hồ sơ đất đai còn quá hạn ({qua_han} hồ sơ); việc số hóa kết quả giải quyết thủ tục chưa đạt yêu cầu."],
        "phuong_huong": ["Năm {nam_sau}, rút ngắn thời gian giải quyết hồ sơ đất đai, hoàn thành số hóa kết quả thủ tục hành chính."],
    },
    "truong_hoc": {
        "nguyen_tac": ["Chi bộ lãnh đạo nhà trường thực hiện quy chế dân chủ trong trường học; {so_cd} buổi sinh hoạt chuyên đề về đổi mới phương pháp dạy học."],
        "muc_tieu_nhiem_vu": [
            "Năm học {nam_hoc}, {ty_le_len_lop}% học sinh hoàn thành chương trình lớp học; {hsg} học sinh đạt giải cấp thành phố; trường giữ vững chuẩn quốc gia mức độ 2.",
        ],
        "xay_dung_dang": ["Kết nạp {ket_nap} đảng viên là giáo viên trẻ; 100% đảng viên đăng ký làm theo gương Bác gắn với nhiệm vụ dạy học."],
        "trach_nhiem_lanh_dao": ["Bí thư chi bộ kiêm hiệu trưởng chịu trách nhiệm chính về chất lượng giáo dục toàn diện của nhà trường."],
        "han_che": ["Cơ sở vật chất phòng học bộ môn còn thiếu; việc bồi dưỡng học sinh năng khiếu chưa đồng đều giữa các khối lớp."],
        "phuong_huong": ["Năm học tới, tham mưu đầu tư {phong} phòng học bộ môn; nâng tỷ lệ giáo viên đạt chuẩn trình độ đào tạo."],
    },
    "cong_an": {
        "nguyen_tac": ["Chi bộ duy trì nghiêm chế độ sinh hoạt, kết hợp chặt chẽ giữa sinh hoạt đảng và điều lệnh Công an nhân dân."],
        "muc_tieu_nhiem_vu": [
            "Kéo giảm {giam_toi_pham}% tội phạm về trật tự xã hội so với năm trước; điều tra làm rõ {ty_le_pha_an}% vụ án; cấp {cccd} căn cước cho công dân.",
        ],
        "xay_dung_dang": ["Thực hiện tốt công tác bảo vệ chính trị nội bộ; không có đảng viên vi phạm điều lệnh."],
        "trach_nhiem_lanh_dao": ["Trưởng Công an phường chịu trách nhiệm chính về bảo đảm an ninh trật tự trên địa bàn."],
        "han_che": ["Tình trạng vi phạm trật tự an toàn giao thông ở các tuyến phố chính còn phức tạp; lực lượng mỏng so với địa bàn sau sáp nhập."],
        "phuong_huong": ["Năm {nam_sau}, tập trung kéo giảm tai nạn giao thông, nhân rộng mô hình camera an ninh."],
    },
    "quan_su": {
        "nguyen_tac": ["Chi bộ giữ vững nguyên tắc lãnh đạo tuyệt đối, trực tiếp về mọi mặt đối với lực lượng vũ trang phường."],
        "muc_tieu_nhiem_vu": [
            "Hoàn thành 100% chỉ tiêu giao quân năm {nam} ({giao_quan} thanh niên); huấn luyện dân quân đạt loại khá; tổ chức diễn tập khu vực phòng thủ phường an toàn.",
        ],
        "xay_dung_dang": ["Phát triển {ket_nap} đảng viên trong lực lượng dân quân; duy trì nghiêm chế độ trực sẵn sàng chiến đấu."],
        "trach_nhiem_lanh_dao": ["Chỉ huy trưởng Ban Chỉ huy Quân sự phường chịu trách nhiệm về công tác quốc phòng địa phương."],
        "han_che": ["Việc đăng ký, quản lý quân nhân dự bị sau sáp nhập còn chậm cập nhật."],
        "phuong_huong": ["Năm {nam_sau}, hoàn thành chỉ tiêu giao quân, nâng chất lượng huấn luyện dân quân."],
    },
    "doanh_nghiep": {
        "nguyen_tac": ["Chi bộ phối hợp với Ban Giám đốc, thực hiện quy chế phối hợp giữa chi bộ với người sử dụng lao động; {so_cd} buổi sinh hoạt chuyên đề về an toàn lao động."],
        "muc_tieu_nhiem_vu": [
            "Doanh thu năm {nam} đạt {doanh_thu} tỷ đồng, tăng {tang}% so với năm trước; bảo đảm việc làm cho {lao_dong} lao động; nộp ngân sách đầy đủ.",
        ],
        "xay_dung_dang": ["Kết nạp {ket_nap} đảng viên là công nhân trực tiếp sản xuất; xây dựng tổ chức Công đoàn, Đoàn Thanh niên vững mạnh."],
        "trach_nhiem_lanh_dao": ["Bí thư chi bộ phối hợp với Giám đốc giải quyết kịp thời kiến nghị của người lao động, không để xảy ra ngừng việc tập thể."],
        "han_che": ["Đơn hàng xuất khẩu quý II giảm, thu nhập bình quân của người lao động chưa đạt kế hoạch."],
        "phuong_huong": ["Năm {nam_sau}, mở rộng thị trường, ổn định việc làm, nâng thu nhập của người lao động."],
    },
}
WORK_KIND = {"khu_dan_cu": "thon", "co_quan": "co_quan", "truong_hoc": "truong", "cong_an": "cong_an", "quan_su": "quan_su",
             "doanh_nghiep": "doanh_nghiep"}
KHAC_PHUC = [
    "Các hạn chế được chỉ ra năm {nam_truoc} đã được khắc phục: {khac_phuc_rieng}; {so_kt} việc tồn đọng được giải quyết dứt điểm trước ngày {ngay_sh}/10/{nam}.",
    "Chi bộ đã khắc phục xong các hạn chế nêu tại kỳ kiểm điểm năm {nam_truoc}, trong đó {khac_phuc_rieng}; {so_dv_pt} đảng viên được phân công theo dõi việc khắc phục.",
]
KHAC_PHUC_RIENG = ["nội dung sinh hoạt đã có chuyên đề", "hồ sơ đảng viên được cập nhật đầy đủ",
                   "việc thu nộp đảng phí đúng hạn", "chế độ báo cáo được thực hiện đúng thời gian"]
TRACH_NHIEM = [
    "{Tap_the} chịu trách nhiệm chung; đồng chí bí thư chịu trách nhiệm chính về những hạn chế nêu trên, nhất là {viec_sau} còn chậm trong {so_cd} tháng cuối năm.",
    "Trách nhiệm chính thuộc về {tap_the}; đồng chí phụ trách từng lĩnh vực chịu trách nhiệm về phần việc được giao, trước hết là {viec_sau}, với {so_dv_pt} đảng viên cùng theo dõi.",
]

MEMBER_TEXTS = {
    "tu_tuong_dao_duc": [
        "Kiên định mục tiêu, lý tưởng của Đảng; có lối sống giản dị, trung thực; giữ gìn đoàn kết trong {noi}; không có biểu hiện suy thoái.",
        "Chấp hành nghiêm chủ trương của Đảng, pháp luật của Nhà nước; tác phong gần gũi, lắng nghe ý kiến của {doi_tuong_nghe}; gương mẫu trong sinh hoạt chi bộ.",
        "Giữ vững phẩm chất chính trị; sống mẫu mực, được {doi_tuong_nghe} tín nhiệm; thực hiện tốt quy định về những điều đảng viên không được làm.",
    ],
    "chuc_trach_nhiem_vu": {
        "lanh_dao": ["Với cương vị {chuc_vu}, đã chỉ đạo hoàn thành {so_ct} chỉ tiêu được giao; trực tiếp giải quyết {viec_ld}.",
                     "Là {chuc_vu}, đồng chí lãnh đạo {noi} hoàn thành kế hoạch năm {nam}, trong đó {viec_ld} vượt yêu cầu."],
        "khong_chuc_vu": ["Hoàn thành {so_viec} nhiệm vụ chi bộ phân công: {viec_dv}; đóng đảng phí đầy đủ, đúng hạn.",
                          "Thực hiện tốt nhiệm vụ {viec_dv}; tham gia đầy đủ các buổi sinh hoạt chi bộ."],
        "ngoai_he_thong": ["Thực hiện đầy đủ nghĩa vụ đảng viên nơi cư trú; được chi bộ phân công {viec_dv} và hoàn thành tốt.",
                           "Tuy đã nghỉ hưu, đồng chí tích cực tham gia {viec_dv}, vận động gia đình chấp hành tốt quy định của tổ dân phố."],
    },
    "cam_ket": ["Thực hiện đầy đủ các nội dung đã cam kết tu dưỡng, rèn luyện đầu năm {nam}.",
                "Đã thực hiện cam kết rèn luyện năm {nam}, hoàn thành {hoc_tap}."],
    "han_che": ["{han_che_dv}.", "Còn hạn chế: {han_che_dv}; nguyên nhân chủ yếu do chủ quan."],
    "khac_phuc": ["Đã khắc phục hạn chế được chỉ ra năm {nam_truoc} về {khac_phuc_dv}."],
    "phuong_huong": ["Năm {nam_sau}, khắc phục hạn chế về {han_che_ngan}; phấn đấu hoàn thành tốt nhiệm vụ.",
                     "Tiếp tục học tập, rèn luyện; năm {nam_sau} tập trung {viec_sau_dv}."],
}
FILL = {
    "viec_ld": ["kiến nghị về hạ tầng khu dân cư", "hồ sơ tồn đọng về đất đai", "việc sắp xếp trụ sở sau sáp nhập", "đơn thư của công dân đúng hạn"],
    "viec_dv": ["tuyên truyền phòng chống ma túy ở cụm dân cư", "vận động quỹ khuyến học", "theo dõi vệ sinh môi trường ngõ phố",
                "hướng dẫn người dân dùng dịch vụ công trực tuyến", "tham gia tổ hòa giải", "chăm lo gia đình chính sách"],
    "han_che_dv": ["Có lúc chưa chủ động nghiên cứu văn bản mới", "Việc phát biểu xây dựng chi bộ còn ít",
                   "Kỹ năng ứng dụng công nghệ thông tin còn hạn chế", "Có việc hoàn thành còn sát hạn"],
    "han_che_ngan": ["nghiên cứu văn bản", "ứng dụng công nghệ thông tin", "đóng góp ý kiến trong sinh hoạt"],
    "khac_phuc_dv": ["thời gian tham gia sinh hoạt", "việc nộp báo cáo đúng hạn", "việc tự học nâng cao trình độ"],
    "viec_sau_dv": ["vận động gia đình phân loại rác tại nguồn", "tham gia hướng dẫn thủ tục trực tuyến", "học tập nghị quyết mới"],
    "hoc_tap": ["lớp bồi dưỡng lý luận chính trị", "chương trình học tập nghị quyết", "khóa bồi dưỡng kỹ năng số"],
    "doi_tuong_nghe": ["nhân dân", "đồng nghiệp", "đảng viên trong chi bộ"],
}


MEMBER_COMMON = {"chinh_tri_tu_tuong": 10, "dao_duc_loi_song": 10, "to_chuc_ky_luat": 5, "tac_phong": 5}
MEMBER_TASKS = {"nhiem_vu_duoc_giao": 50, "nhiem_vu_chi_bo": 20}


def split(total: float, maxima: dict[str, float]) -> dict[str, float]:
    """Share ``total`` among sub-criteria in proportion to their maxima, in half points, adding up exactly."""
    ceiling = sum(maxima.values())
    parts = {key: min(top, round(total * top / ceiling * 2) / 2) for key, top in maxima.items()}
    gap = total - sum(parts.values())
    for key, top in maxima.items():
        step = max(-parts[key], min(top - parts[key], gap))
        parts[key] += step
        gap -= step
    return parts


class Ward:
    """One ward round: its units, members and texts, drawn from one seed."""

    def __init__(self, year: int, seed: int) -> None:
        self.year = year
        self.review_day = date(year, 12, 8)
        self.gen = Generator(seed, year, self.review_day)
        self.rng = self.gen.rng
        self.texts = self.gen.texts

    # -- texts --

    def pick(self, options: list[str]) -> str:
        return self.rng.choice(options)

    def facts(self) -> dict:
        r = self.rng
        year = self.year
        return {
            "nam": year, "nam_sau": year + 1, "nam_truoc": year - 1, "nam_hoc": f"{year - 1}–{year}",
            "ngay_sh": r.choice([3, 5, 10, 15]), "so_cd": r.randint(2, 4), "so_dv_pt": r.randint(3, 8), "ty_le_sh": r.randint(88, 97),
            "so_ct": r.randint(9, 12), "so_ct_tong": 12, "tien": r.randint(12, 60), "ty_le_hgd": r.randint(88, 96),
            "dien_tich": r.randint(20, 160), "ngo": r.randint(2, 80), "ty_le_rac": r.randint(85, 99),
            "ket_nap": r.randint(1, 3), "quan_chung": r.randint(1, 4), "so_kt": r.randint(2, 5),
            "ho_so": r.randint(1800, 5200), "ty_le_dung_han": r.randint(96, 99), "ty_le_truc_tuyen": r.randint(70, 92),
            "so_cb": r.randint(3, 9), "qua_han": r.randint(2, 9), "ty_le_len_lop": r.randint(97, 99), "hsg": r.randint(4, 21),
            "phong": r.randint(2, 4), "giam_toi_pham": r.randint(5, 15), "ty_le_pha_an": r.randint(82, 95), "cccd": r.randint(900, 2500),
            "giao_quan": r.randint(12, 30), "doanh_thu": r.randint(40, 300), "tang": r.randint(3, 14), "lao_dong": r.randint(150, 900),
            "khac_phuc_rieng": r.choice(KHAC_PHUC_RIENG),
        }

    def unit_texts(self, kind: str, facts: dict, collective: str, name: str) -> dict:
        """Each section: a sentence of the kind's own wording, then one of the unit's own facts."""
        pools = KINDS[kind]
        extra = {key: self.pick(pools[key]).format(**facts) if "{" in pools[key][0] else self.pick(pools[key])
                 for key in ("viec", "viec_sau", "mo_hinh", "han_che_rieng") if key in pools}
        values = {"viec_sau": "việc thực hiện các nhiệm vụ trọng tâm", **facts, **extra}
        work = WORK_KIND[kind]
        texts = {}
        for key, composed in (("nguyen_tac", "uu_diem"), ("muc_tieu_nhiem_vu", "lanh_dao"), ("xay_dung_dang", "xay_dung"),
                              ("trach_nhiem_lanh_dao", "trach_nhiem"), ("han_che", "han_che"), ("phuong_huong", "phuong_huong")):
            texts[key] = [self.pick(pools[key]).format(**values) + " " + self.texts.unit(composed, work, name)]
        texts["khac_phuc"] = [self.pick(KHAC_PHUC).format(**values) + " " + self.texts.unit("uu_diem", work, name)]
        texts["trach_nhiem"] = [self.pick(TRACH_NHIEM).format(**values, tap_the=collective, Tap_the=collective[:1].upper() + collective[1:])
                                + " " + self.texts.unit("trach_nhiem", work, name)]
        return texts

    def member_texts(self, member: dict, unit_name: str, form: str) -> dict:
        post = member["chuc_vu"]
        write = lambda section: self.texts.member(section, post, unit_name)  # noqa: E731
        texts = {
            "tu_tuong_dao_duc": write("tu_tuong"),
            "chuc_trach_nhiem_vu": write("lanh_dao" if form == "2A" else "nhiem_vu"),
            "cam_ket": write("cam_ket"),
            "han_che": write("han_che"),
            "phuong_huong": write("phuong_huong"),
        }
        if self.rng.random() < 0.6:
            texts["khac_phuc"] = write("khac_phuc")
        if form == "2A":
            texts["trach_nhiem_tap_the"] = (f"Là {post.lower()}, đồng chí chịu trách nhiệm cùng tập thể về hạn chế "
                                            f"{self.pick(FILL['han_che_ngan'])} của {unit_name} năm {self.year}. " + write("ky_luat"))
        return texts

    # -- members and decisions --

    def score(self, category: str) -> float:
        low, high = BANDS[category]
        return self.rng.randint(low * 2, high * 2) / 2  # half points happen: 85.5

    def members(self, unit_name: str, size: int, kind: str) -> list[dict]:
        members = [self.gen.member(i, i < 2, unit_name) for i in range(size)]
        for m in members:
            m.pop("xep_loai", None)
        for i, m in enumerate(members):
            if kind == "khu_dan_cu" and i >= 2 and self.rng.random() < 0.55:
                m["nhom"], m["chuc_vu"] = "ngoai_he_thong", "Đảng viên (hưu trí)"
            if kind == "doanh_nghiep" and i >= 2:
                m["nhom"], m["chuc_vu"] = "ngoai_he_thong", self.pick(["Công nhân", "Kỹ thuật viên", "Tổ trưởng sản xuất"])
        full = sum(not m.get("du_bi") for m in members)
        for i, m in enumerate(members):
            m["chi_uy"] = i < 2 or (i == 2 and full >= CHI_UY_FROM)
        if size >= 12:
            old = members[-1]
            old.update({"tinh_trang": "mien", "nam_sinh": self.rng.randint(1932, 1942), "ngay_vao_dang": date(1963, 5, 19),
                        "ghi_chu": "Tuổi cao, được miễn công tác và sinh hoạt đảng", "nhom": "ngoai_he_thong", "chuc_vu": "Đảng viên (hưu trí)"})
        if size >= 10 and self.rng.random() < 0.35:
            new = members[-2]
            new.update({"ngay_vao_dang": self.review_day - timedelta(days=self.rng.randint(40, 150)),
                        "nam_sinh": self.rng.randint(1996, 2003), "du_bi": True, "ghi_chu": "Đảng viên dự bị, vào Đảng chưa đủ 6 tháng"})
        return members

    def reviewed(self, members: list[dict]) -> list[dict]:
        cutoff = self.review_day - timedelta(days=184)
        return [m for m in members if m.get("tinh_trang", "sinh_hoat") == "sinh_hoat" and m["ngay_vao_dang"] <= cutoff]

    def decide_members(self, members: list[dict], percent: int) -> None:
        """HTXSNV for at most ``percent`` % of HTTNV in the organisation, the rest mostly HTTNV."""
        reviewed = self.reviewed(members)
        for m in reviewed:
            m["xep_loai"] = "htnv" if self.rng.random() < 0.08 else "httnv"
        httnv = [m for m in reviewed if m["xep_loai"] == "httnv"]
        self.rng.shuffle(httnv)
        best = []
        for m in httnv:
            if 100 * (len(best) + 1) <= percent * (len(httnv) - len(best) - 1) and self.rng.random() < 0.55:
                best.append(m)
        for m in best:
            m["xep_loai"] = "htxsnv"
            m.update({"ty_le_hoan_thanh": 100, "ty_le_vuot": self.rng.randint(30, 45), "ty_le_cham": 0})
        for m in reviewed:
            self.score_member(m)

    def score_member(self, m: dict) -> None:
        decided = m.pop("xep_loai")
        own = min(100.0, self.score(decided) + self.rng.choice([0, 0.5, 1, 2]))
        m["tu_diem"] = own
        m["tu_xep_loai"] = next(c for c, (low, _) in BANDS.items() if own >= low)
        m["diem"] = self.score(decided)
        common = min(30.0, round(m["diem"] * 0.3 * 2) / 2)
        m["diem_chi_tiet"] = {"tieu_chi_chung": common, "ket_qua_nhiem_vu": m["diem"] - common}
        own_common = min(30.0, round(own * 0.3 * 2) / 2)
        m["tu_diem_chi_tiet"] = {"tieu_chi_chung": own_common, "ket_qua_nhiem_vu": own - own_common}
        if self.rng.random() < 0.4:
            m["tu_diem_tieu_chi"] = {**split(own_common, MEMBER_COMMON), **split(own - own_common, MEMBER_TASKS)}
        m["xep_loai"] = decided

    def write_reviews(self, members: list[dict], unit_name: str) -> None:
        """Most members hand in their text; a few write by hand on the printed form."""
        for m in self.reviewed(members):
            form = "2A" if m["nhom"] == "lanh_dao" else "2C" if m["nhom"] == "ngoai_he_thong" else "2B"
            m["ngay_sinh"] = date(m["nam_sinh"], self.rng.randint(1, 12), self.rng.randint(1, 28))
            m["don_vi_cong_tac"] = unit_name if m["nhom"] != "ngoai_he_thong" else ""
            if m["chuc_vu"].startswith(("Bí thư", "Phó Bí thư")):
                m["chuc_vu_dang"] = m["chuc_vu"]
            if not m["don_vi_cong_tac"]:
                m.pop("don_vi_cong_tac")
            if self.rng.random() < 0.75 or m["nhom"] == "lanh_dao":
                m["kiem_diem"] = self.member_texts(m, unit_name, form)

    def unit(self, name: str, kind: str, loai: str, loai_hinh: str, size: int, category: str, percent: int = 20) -> dict:
        members = self.members(name, size, kind)
        self.decide_members(members, percent)
        self.write_reviews(members, name)
        full = sum(not m.get("du_bi") for m in members)
        collective = "tập thể chi ủy" if full >= CHI_UY_FROM else "bí thư, phó bí thư chi bộ"
        facts = self.facts()
        unit = {
            "ten": name, "loai": loai, "loai_hinh": loai_hinh, "bi_thu": members[0]["ho_ten"], "dia_danh": WARD,
            "kiem_diem": self.unit_texts(kind, facts, collective, name),
        }
        unit.update(self.unit_scores(category))
        unit["hoi_nghi"] = self.gen.meeting(members, WARD)
        unit["hoi_nghi"]["dia_diem"] = (f"Nhà văn hóa {name.replace('Chi bộ ', '')}" if kind == "khu_dan_cu" else f"Hội trường {name.replace('Chi bộ ', '')}")
        unit["dang_vien"] = members
        return unit

    def unit_scores(self, category: str) -> dict:
        scores = {"tu_diem": min(100.0, self.score(category) + 1), "tu_xep_loai": category, "diem": self.score(category), "xep_loai": category,
                  "ty_le_hoan_thanh": 100, "ty_le_cham": 0}
        scores["ty_le_vuot"] = self.rng.randint(30, 40) if category == "htxsnv" else self.rng.randint(5, 25)
        if category == "htxsnv":
            scores["ty_le_khac_phuc"] = 100
        return scores


def generate_ward(target: Path, year: int, cells: int, members: int, seed: int) -> None:
    ward = Ward(year, seed)
    rng = ward.rng
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    plan = [(f"chi-bo-to-dan-pho-so-{k + 1}", f"Chi bộ Tổ dân phố số {k + 1}", "khu_dan_cu", "thon_to_dan_pho") for k in range(cells)]
    plan += [
        ("chi-bo-co-quan-dang-uy-hdnd-ubnd", f"Chi bộ Cơ quan Đảng ủy – HĐND – UBND phường {WARD}", "co_quan", "co_quan_nha_nuoc"),
        ("chi-bo-truong-tieu-hoc", f"Chi bộ Trường Tiểu học {WARD}", "truong_hoc", "don_vi_su_nghiep"),
        ("chi-bo-truong-thcs", f"Chi bộ Trường THCS {WARD}", "truong_hoc", "don_vi_su_nghiep"),
        ("chi-bo-cong-an-phuong", f"Chi bộ Công an phường {WARD}", "cong_an", "cong_an"),
        ("chi-bo-quan-su-phuong", f"Chi bộ Ban Chỉ huy Quân sự phường {WARD}", "quan_su", "quan_doi"),
        ("chi-bo-cong-ty-tnhh-det-may", f"Chi bộ Công ty TNHH Dệt may {WARD}", "doanh_nghiep", "doanh_nghiep_hop_tac_xa"),
    ]
    # Grassroots organisations HTXSNV: at most 20 % of those HTTNV across the ward.
    n_orgs = len(plan) + 1
    top = 20 * (n_orgs - 1) // 120  # the largest k with 100 k ≤ 20 (n − 1 − k), one org HTNV
    order = list(range(len(plan)))
    rng.shuffle(order)
    categories = {}
    for rank, index in enumerate(order):
        categories[plan[index][0]] = "htxsnv" if rank < top else ("htnv" if rank == len(plan) - 1 else "httnv")
    written = {}
    exception_cell = plan[0][0]
    distinguished = next(slug for slug, *_ in plan if categories[slug] == "htxsnv")
    for slug, name, kind, loai_hinh in plan:
        size = max(7, members + rng.randint(-members // 3, members // 3))
        percent = 25 if slug == exception_cell else 20
        if slug == exception_cell:
            size = max(size, 23)
        written[slug] = ward.unit(name, kind, "chi_bo_co_so", loai_hinh, size, categories[slug], percent)
    # The cell of Tổ dân phố số 1 was allowed 25 %: its outstanding results, the ward's decision.
    written[exception_cell]["ngoai_le_han_muc"] = {
        "toi_da_phan_tram": 25,
        "quyet_dinh": f"Quyết định số {40 + year - 2025}-QĐ/ĐU ngày 01/12/{year} của Ban Thường vụ Đảng ủy phường {WARD}",
    }
    _use_the_exception(ward, written[exception_cell])
    written[distinguished]["tieu_bieu"] = True  # recognised HTXSNV tiêu biểu by the ward (06-HD/TW)
    # A firm's đảng bộ cơ sở with three cells of its own.
    firm = _firm(ward, year)
    # The ward's leaders sit in the agency's cell and answer for groups of residential cells.
    agency = written["chi-bo-co-quan-dang-uy-hdnd-ubnd"]["dang_vien"]
    residential = [slug for slug, _, kind, _ in plan if kind == "khu_dan_cu"]
    for leader, led in zip(agency[:2], (residential[: len(residential) // 2], residential[len(residential) // 2:])):
        leader.update({"nhom": "lanh_dao", "phu_trach": led})
    # Two members disciplined this year for a violation in their duties: one rated KHTNV; the other,
    # who reported it himself and repaired the harm, rated HTNV after the ward considered it.
    last_cell = written[residential[-1]]["dang_vien"]
    culprit = next(m for m in last_cell[3:] if m.get("xep_loai") == "httnv")
    culprit.update({"xep_loai": "khtnv", "tu_xep_loai": "htnv", "diem": 48.0, "tu_diem": 55.0,
                    "diem_chi_tiet": {"tieu_chi_chung": 18.0, "ket_qua_nhiem_vu": 30.0},
                    "tu_diem_chi_tiet": {"tieu_chi_chung": 20.0, "ket_qua_nhiem_vu": 35.0},
                    "ky_luat": {"hinh_thuc": "khien_trach", "ngay": date(year, 6, 12), "trong_cong_tac": True,
                                "ly_do": "Xác nhận sai hồ sơ hộ tịch khi làm tổ trưởng tổ dân phố"}})
    eased_cell = written[residential[-2]]["dang_vien"]
    eased = next(m for m in eased_cell[3:] if m.get("xep_loai") == "httnv")
    eased.update({"xep_loai": "htnv", "tu_xep_loai": "htnv", "diem": 60.0, "tu_diem": 62.0,
                  "diem_chi_tiet": {"tieu_chi_chung": 21.0, "ket_qua_nhiem_vu": 39.0},
                  "tu_diem_chi_tiet": {"tieu_chi_chung": 21.0, "ket_qua_nhiem_vu": 41.0},
                  "ky_luat": {"hinh_thuc": "khien_trach", "ngay": date(year, 4, 2), "trong_cong_tac": True,
                              "ly_do": "Chậm bàn giao sổ sách quỹ khuyến học"},
                  "xem_xet": {"ly_do": "Đã chủ động báo cáo, tự nguyện khắc phục toàn bộ hậu quả trước khi bị phát hiện",
                              "can_cu": f"Kết luận của Ban Thường vụ Đảng ủy phường ngày 28/11/{year}"}})
    for member in (culprit, eased):
        member.pop("tu_diem_tieu_chi", None)
    for cell in (written[residential[-1]], written[residential[-2]]):
        _keep_quota(ward, cell["dang_vien"], 20)
    for slug, unit in written.items():
        add_votes(rng, unit, "đồng chí Lê Quang Trung, Ủy viên Ban Thường vụ, Trưởng Ban Xây dựng Đảng Đảng ủy phường")
        dump(target / f"{slug}.yaml", unit)
    firm_folder = target / "dang-bo-cong-ty-cp-co-khi"
    firm_folder.mkdir()
    for slug, unit in firm.items():
        add_votes(rng, unit, "đồng chí Phạm Đức Long, Bí thư Đảng ủy Công ty")
        dump(firm_folder / f"{slug}.yaml", unit)
    everyone = [m for u in [*written.values(), *firm.values()] for m in u.get("dang_vien", [])]
    _round_file(target, year, ward, plan, len(everyone))
    (target / "_quy-tac.yaml").write_text(WARD_RULES.format(nam=year), encoding="utf-8")


def _keep_quota(ward: Ward, members: list[dict], percent: int) -> None:
    """Lower HTXSNV members to HTTNV until at most ``percent`` % of those HTTNV remain above them."""
    reviewed = ward.reviewed(members)
    while 100 * sum(m["xep_loai"] == "htxsnv" for m in reviewed) > percent * sum(m["xep_loai"] == "httnv" for m in reviewed):
        m = next(m for m in reviewed if m["xep_loai"] == "htxsnv")
        m.update({"xep_loai": "httnv", "tu_xep_loai": "httnv", "diem": 86.0, "diem_chi_tiet": {"tieu_chi_chung": 26.0, "ket_qua_nhiem_vu": 60.0}})


def _use_the_exception(ward: Ward, cell: dict) -> None:
    """Rate HTXSNV up to 25 % of HTTNV in the cell granted the exception (more than 20 % would allow)."""
    reviewed = ward.reviewed(cell["dang_vien"])
    for m in reviewed:
        if m["xep_loai"] != "httnv" or "kiem_diem" not in m:
            continue
        best = sum(x["xep_loai"] == "htxsnv" for x in reviewed)
        rest = sum(x["xep_loai"] == "httnv" for x in reviewed) - 1
        if 100 * (best + 1) > 25 * rest:
            break
        m.update({"xep_loai": "htxsnv", "tu_xep_loai": "htxsnv", "diem": 91.5, "tu_diem": 93.0,
                  "diem_chi_tiet": {"tieu_chi_chung": 28.0, "ket_qua_nhiem_vu": 63.5},
                  "tu_diem_chi_tiet": {"tieu_chi_chung": 28.5, "ket_qua_nhiem_vu": 64.5},
                  "ty_le_hoan_thanh": 100, "ty_le_vuot": 32, "ty_le_cham": 0})


def _firm(ward: Ward, year: int) -> dict:
    name = f"Đảng bộ Công ty cổ phần Cơ khí {WARD}"
    facts = ward.facts()
    committee = {
        "ten": name, "loai": "dang_bo_co_so", "loai_hinh": "doanh_nghiep_hop_tac_xa", "bi_thu": "Phạm Đức Long", "dia_danh": WARD,
        "van_ban": {"so": 18, "ngay": date(year, 12, 5)}, "van_ban_tong_hop": {"so": 19, "ngay": date(year, 12, 6)},
        "kiem_diem": ward.unit_texts("doanh_nghiep", facts, "Ban Chấp hành Đảng bộ", name),
    }
    committee.update(ward.unit_scores("httnv"))
    cells = {"dang-bo": committee}
    for slug, label in (("chi-bo-phan-xuong-ren-dap", "Phân xưởng Rèn dập"), ("chi-bo-phan-xuong-lap-rap", "Phân xưởng Lắp ráp"),
                        ("chi-bo-khoi-van-phong", "Khối Văn phòng")):
        cell = ward.unit(f"Chi bộ {label}", "doanh_nghiep", "chi_bo_truc_thuoc", "doanh_nghiep_hop_tac_xa", ward.rng.randint(9, 14), "httnv")
        cell.pop("loai_hinh")
        cells[slug] = cell
    # The members quota counts the whole đảng bộ: keep its HTXSNV within 20 % of its HTTNV.
    _keep_quota(ward, [m for slug, c in cells.items() if slug != "dang-bo" for m in c["dang_vien"]], 20)
    secretary = cells["chi-bo-khoi-van-phong"]["dang_vien"][0]
    secretary.update({"ho_ten": "Phạm Đức Long", "dang_uy": True, "nhom": "lanh_dao", "chuc_vu": "Bí thư Đảng ủy, Giám đốc công ty"})
    cells["chi-bo-khoi-van-phong"]["bi_thu"] = "Phạm Đức Long"
    return cells


def _round_file(target: Path, year: int, ward: Ward, plan: list, n_members: int) -> None:
    last_orgs = len(plan) + 1
    evaluated = n_members - 8
    best = evaluated * 14 // 100
    data = {
        "nam": year,
        "quy_tac": "_quy-tac.yaml",
        "cap_uy": {"ten": f"Đảng ủy phường {WARD}", "dang_bo": f"Đảng bộ phường {WARD}", "cap_tren": "Đảng bộ thành phố Hà Nội",
                   "dia_danh": WARD, "ky_hieu": "ĐU", "bi_thu": SECRETARY},
        "ngay_bat_dau": date(year, 11, 18), "han_hoan_thanh": date(year, 12, 20), "ngay_danh_gia": ward.review_day,
        "can_cu": [
            "Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị về kiểm điểm và đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị",
            "Hướng dẫn số 43-HD/BTCTW ngày 31/10/2025 của Ban Tổ chức Trung ương",
            f"Kế hoạch số {12 + (year - 2025) * 17}-KH/ĐU ngày 12/11/{year} của Ban Thường vụ Đảng ủy phường {WARD}",
        ],
        "bao_cao": {"so": 35 + (year - 2025) * 6, "ngay": date(year, 12, 22),
                    "nguoi_ky": {"thay_mat": "T/M BAN THƯỜNG VỤ", "chuc_vu": "BÍ THƯ", "ho_ten": SECRETARY},
                    "noi_nhan": ["Ban Tổ chức Thành ủy", "Thường trực Đảng ủy phường", "Các chi bộ, đảng bộ trực thuộc", "Lưu Văn phòng Đảng ủy"]},
        "don_vi_du_kien": [slug for slug, *_ in plan] + ["dang-bo-cong-ty-cp-co-khi"],
        "danh_gia_chung": {
            "uu_diem": [f"Đây là năm thứ {year - 2024} Đảng bộ phường thực hiện kiểm điểm, đánh giá, xếp loại theo Quy định 366-QĐ/TW; các chi bộ, "
                        "đảng bộ chấm điểm theo thang 100 điểm và tiêu chí của Ban Thường vụ, gắn đánh giá với sản phẩm công việc cụ thể."],
            "han_che": ["Một số chi bộ tổ dân phố còn chấm điểm theo cảm tính, chưa có minh chứng cho từng tiêu chí; bản kiểm điểm của một số "
                        "đảng viên cao tuổi còn ngắn, phải viết tay trên mẫu in sẵn."],
            "nguyen_nhan": ["Nguyên nhân là việc hướng dẫn chấm điểm theo tiêu chí mới triển khai; một số bí thư chi bộ kiêm nhiệm nhiều việc."],
            "bai_hoc": ["Đánh giá phải căn cứ sản phẩm, kết quả cụ thể; tiêu chí chấm điểm phải được phổ biến đến từng đảng viên từ đầu năm."],
            "phuong_huong": [f"Năm {year + 1}, Ban Xây dựng Đảng tham mưu hoàn thiện bộ tiêu chí chấm điểm, tập huấn cho bí thư chi bộ trong quý I "
                             "và theo dõi việc khắc phục hạn chế của từng chi bộ."],
            "de_xuat": ["Đề nghị Ban Tổ chức Thành ủy hướng dẫn thống nhất biểu tổng hợp kết quả đánh giá, xếp loại áp dụng cho đảng ủy phường, xã."],
        },
        "nam_truoc": {
            "to_chuc_co_so": {"tong_so": last_orgs, "duoc_danh_gia": last_orgs, "htxsnv": 3, "httnv": last_orgs - 4, "htnv": 1, "khtnv": 0},
            "dang_vien": {"tong_so": n_members - 3, "duoc_danh_gia": evaluated, "htxsnv": best, "httnv": evaluated - best - 15,
                          "htnv": 14, "khtnv": 1},
        },
    }
    dump(target / "dot-danh-gia.yaml", data,
         f"Đợt kiểm điểm, đánh giá, xếp loại năm {year} của Đảng ủy phường {WARD} (phường và mọi người đều là hư cấu)")


WARD_RULES = """\
# Bộ quy tắc của Đảng ủy phường Sông Nhuệ (hư cấu) năm {nam}: 366-QĐ/TW, 43-HD/BTCTW, với tiêu chí thành
# phần của thang điểm theo kế hoạch của phường (43-HD/BTCTW mục 7.12 giao cấp ủy quy định).
ten: phuong-song-nhue-{nam}
ke_thua: qd366-2025
mo_ta: Đảng ủy phường Sông Nhuệ {nam} — qd366-2025 với tiêu chí chấm điểm của kế hoạch phường
nguon:
  - Kế hoạch kiểm điểm, đánh giá, xếp loại năm {nam} của Ban Thường vụ Đảng ủy phường (hư cấu)
thang_diem:
  toi_da: 100
  tieu_chi_chung: 30
  ket_qua_nhiem_vu: 70
  muc:
    - {{xep_loai: htxsnv, tu: 90}}
    - {{xep_loai: httnv, tu: 70}}
    - {{xep_loai: htnv, tu: 50}}
    - {{xep_loai: khtnv, tu: 0}}
  tieu_chi:
    - {{ma: chinh_tri_tu_tuong, nhom: tieu_chi_chung, toi_da: 10, ten: "Chính trị tư tưởng"}}
    - {{ma: dao_duc_loi_song, nhom: tieu_chi_chung, toi_da: 10, ten: "Đạo đức, lối sống"}}
    - {{ma: to_chuc_ky_luat, nhom: tieu_chi_chung, toi_da: 5, ten: "Ý thức tổ chức kỷ luật, trách nhiệm nêu gương"}}
    - {{ma: tac_phong, nhom: tieu_chi_chung, toi_da: 5, ten: "Tác phong, lề lối làm việc"}}
    - {{ma: nhiem_vu_duoc_giao, nhom: ket_qua_nhiem_vu, toi_da: 50, ten: "Kết quả thực hiện chỉ tiêu, nhiệm vụ được giao", doi_tuong: [lanh_dao, cong_chuc, khong_chuc_vu, ngoai_he_thong]}}
    - {{ma: nhiem_vu_chi_bo, nhom: ket_qua_nhiem_vu, toi_da: 20, ten: "Thực hiện nhiệm vụ chi bộ phân công, nơi cư trú", doi_tuong: [lanh_dao, cong_chuc, khong_chuc_vu, ngoai_he_thong]}}
    - {{ma: chi_tieu_nghi_quyet, nhom: ket_qua_nhiem_vu, toi_da: 45, ten: "Kết quả thực hiện mục tiêu, chỉ tiêu nghị quyết", doi_tuong: [to_chuc]}}
    - {{ma: xay_dung_dang, nhom: ket_qua_nhiem_vu, toi_da: 25, ten: "Công tác xây dựng Đảng", doi_tuong: [to_chuc]}}
"""
