"""Review texts for the invented sample rounds: each paragraph composed from an opening, the unit's
or member's own facts and a closing, so that no two units or members hand in the same text (the
rounds must pass baocao's own check for copied paragraphs) and a school does not report village
military work. Everything here is invented wording, written for the samples.
"""

from __future__ import annotations

import random

# What each kind of unit does: the facts its report cites.
WORK = {
    "thon": ["làm mới {n1} m đường bê tông liên xóm", "vận động {n2} hộ hiến đất mở rộng ngõ", "thu quỹ khuyến học đạt {n3} triệu đồng",
             "xây dựng {n2} mô hình vườn mẫu", "hoàn thành giao quân {n4} thanh niên", "giữ vững danh hiệu làng văn hóa",
             "nạo vét {n1} m kênh mương nội đồng", "tổ chức {n4} buổi đối thoại với nhân dân"],
    "xa": ["tổng giá trị sản xuất tăng {n5}%", "hoàn thành {n4}/{n6} chỉ tiêu nghị quyết", "{n2} hộ thoát nghèo trong năm",
           "thu ngân sách đạt {n7}% dự toán", "đưa {n4} thôn đạt chuẩn nông thôn mới", "giải quyết {n2} đơn thư đúng hạn"],
    "truong": ["{n8}% học sinh lên lớp", "{n4} học sinh giỏi cấp thành phố", "{n2} sáng kiến kinh nghiệm được công nhận",
               "duy trì chuẩn quốc gia", "{n4} giáo viên dạy giỏi cấp huyện", "đổi mới phương pháp dạy học theo chương trình mới"],
    "co_quan": ["giải quyết {n9} hồ sơ đúng hạn", "thu đạt {n7}% dự toán", "rút ngắn thời gian xử lý hồ sơ còn {n4} ngày",
                "{n8}% hồ sơ nộp trực tuyến", "không để xảy ra khiếu nại vượt cấp", "kiểm tra {n2} đơn vị trên địa bàn"],
    "doanh_nghiep": ["doanh thu đạt {n10} tỷ đồng", "ổn định việc làm cho {n9} lao động", "thu nhập bình quân tăng {n5}%",
                     "không để xảy ra tai nạn lao động", "ký mới {n4} hợp đồng xuất khẩu", "nộp ngân sách đầy đủ, đúng hạn"],
    "quan_su": ["hoàn thành {n8}% chỉ tiêu huấn luyện", "giao quân {n4} thanh niên đạt chỉ tiêu", "diễn tập khu vực phòng thủ an toàn",
                "duy trì nghiêm chế độ trực sẵn sàng chiến đấu", "quản lý chặt chẽ {n9} quân nhân dự bị"],
    "hoi": ["vận động {n3} triệu đồng ủng hộ người nghèo", "hiến máu tình nguyện {n2} đơn vị", "trao {n9} suất quà cho hộ khó khăn",
            "phát triển {n4} hội viên mới", "tổ chức {n4} đợt sơ cứu ban đầu cho nhân dân"],
    "cong_an": ["kéo giảm {n5}% tội phạm về trật tự xã hội", "làm rõ {n8}% vụ án", "cấp {n9} căn cước cho công dân",
                "duy trì {n4} mô hình camera an ninh", "xử lý {n2} trường hợp vi phạm giao thông"],
}
WORK["khu_dan_cu"] = WORK["thon"]
WORK["truong_hoc"] = WORK["truong"]

UNIT_OPENINGS = {
    "lanh_dao": ["Năm {nam}, {ten} lãnh đạo triển khai nghiêm túc nghị quyết của cấp ủy cấp trên",
                 "Bám sát chương trình công tác năm {nam}, {ten} cụ thể hóa nghị quyết thành kế hoạch sát thực tế",
                 "Trong năm {nam}, {ten} tập trung lãnh đạo các nhiệm vụ trọng tâm",
                 "{ten} đề ra {n4} nhiệm vụ trọng tâm của năm {nam} và phân công cấp ủy viên phụ trách từng việc"],
    "chuyen_de": ["{ten} tổ chức học tập chuyên đề năm {nam} về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                  "Việc học tập và làm theo gương Bác được {ten} gắn với nhiệm vụ chính trị",
                  "{n8}% đảng viên của {ten} đăng ký việc làm theo gương Bác"],
    "xay_dung": ["{ten} tổ chức cho đảng viên tự soi, tự sửa theo các biểu hiện suy thoái",
                 "Công tác xây dựng, chỉnh đốn Đảng ở {ten} được chú trọng",
                 "{ten} kiểm tra {n2} đảng viên về chấp hành Điều lệ Đảng"],
    "trach_nhiem": ["Cấp ủy và đồng chí bí thư {ten} giữ vững nguyên tắc tập trung dân chủ",
                    "Tập thể lãnh đạo {ten} đoàn kết, phân công rõ người, rõ việc",
                    "Người đứng đầu {ten} gương mẫu, chịu trách nhiệm chính về kết quả của năm"],
    "uu_diem": ["{ten} duy trì sinh hoạt định kỳ vào ngày {n4} hằng tháng",
                "Nội dung sinh hoạt của {ten} có đổi mới, có {n4} buổi chuyên đề",
                "Tỷ lệ đảng viên dự sinh hoạt ở {ten} đạt {n8}%"],
    "han_che": ["Một số buổi sinh hoạt của {ten} còn nặng thông báo",
                "Việc nắm bắt tư tưởng đảng viên ở {ten} có lúc chưa kịp thời",
                "Công tác kiểm tra, giám sát của {ten} chưa thường xuyên",
                "{ten} còn chậm trong việc cập nhật hồ sơ đảng viên"],
    "nguyen_nhan": ["nguyên nhân chủ yếu là cấp ủy chưa chuẩn bị kỹ nội dung", "nguyên nhân là một số đảng viên tuổi cao, ít tham gia",
                    "nguyên nhân do khối lượng công việc chuyên môn lớn", "nguyên nhân một phần do địa bàn rộng, dân cư phân tán"],
    "phuong_huong": ["Năm {nam_sau}, {ten} tập trung nâng cao chất lượng sinh hoạt",
                     "Năm {nam_sau}, {ten} phấn đấu hoàn thành {n6} chỉ tiêu chủ yếu",
                     "Thời gian tới, {ten} tăng cường kiểm tra, giám sát"],
}
CLOSINGS = ["được cấp ủy cấp trên ghi nhận", "tạo chuyển biến rõ so với năm trước", "bảo đảm đúng tiến độ đề ra",
            "được nhân dân đồng tình ủng hộ", "góp phần hoàn thành nhiệm vụ chung", "có sản phẩm cụ thể, đo đếm được"]

MEMBER_OPENINGS = {
    "tu_tuong": ["Luôn kiên định mục tiêu, lý tưởng của Đảng", "Chấp hành nghiêm chủ trương của Đảng, pháp luật của Nhà nước",
                 "Giữ vững lập trường tư tưởng chính trị", "Có bản lĩnh chính trị vững vàng, không dao động trước khó khăn"],
    "dao_duc": ["Có lối sống giản dị, trung thực, gần gũi quần chúng", "Giữ gìn phẩm chất đạo đức, không có biểu hiện suy thoái",
                "Sống mẫu mực, được đồng chí, đồng nghiệp tín nhiệm", "Gia đình chấp hành tốt quy định nơi cư trú"],
    "nhiem_vu": ["Hoàn thành các nhiệm vụ chi bộ phân công", "Thực hiện tốt nhiệm vụ được giao trong năm",
                 "Hoàn thành công việc chuyên môn đúng tiến độ", "Tích cực tham gia công việc chung của chi bộ"],
    "ky_luat": ["Chấp hành nghiêm nguyên tắc tập trung dân chủ", "Tham gia đầy đủ sinh hoạt chi bộ, đóng đảng phí đúng hạn",
                "Thực hiện tốt tự phê bình và phê bình", "Giữ gìn đoàn kết trong chi bộ và nơi công tác"],
    "lanh_dao": ["Cùng tập thể lãnh đạo hoàn thành các chỉ tiêu năm", "Điều hành công việc công tâm, khách quan",
                 "Trực tiếp chỉ đạo các việc khó, việc mới", "Phân công công việc rõ ràng, kiểm tra thường xuyên"],
    "cam_ket": ["Thực hiện đầy đủ nội dung cam kết tu dưỡng, rèn luyện đầu năm", "Hoàn thành cam kết rèn luyện năm",
                "Thực hiện nghiêm bản cam kết tu dưỡng đã đăng ký"],
    "han_che": ["Có lúc chưa chủ động nghiên cứu văn bản mới", "Việc phát biểu xây dựng chi bộ còn ít",
                "Kỹ năng ứng dụng công nghệ thông tin còn hạn chế", "Có việc hoàn thành còn sát hạn", "Việc tự học nâng cao trình độ chưa thường xuyên"],
    "khac_phuc": ["Đã khắc phục hạn chế năm trước về thời gian tham gia sinh hoạt", "Đã khắc phục việc nộp báo cáo chậm được chỉ ra năm trước",
                  "Đã khắc phục việc tự học chưa thường xuyên được chỉ ra năm trước"],
    "phuong_huong": ["Khắc phục hạn chế đã nêu, phấn đấu hoàn thành tốt nhiệm vụ", "Tiếp tục học tập, rèn luyện, nâng cao trình độ",
                     "Chủ động hơn trong công việc được giao", "Tăng cường tham gia ý kiến xây dựng chi bộ"],
}
MEMBER_TASKS = ["vận động quỹ khuyến học", "theo dõi vệ sinh môi trường xóm", "tuyên truyền phòng chống ma túy", "tham gia tổ hòa giải",
                "chăm lo gia đình chính sách", "hướng dẫn người dân làm thủ tục trực tuyến", "phụ trách {n4} hộ gia đình",
                "tham gia đội xung kích phòng cháy", "kèm cặp {n4} quần chúng ưu tú", "phụ trách công tác thi đua", "theo dõi hồ sơ đảng viên",
                "tham gia ban công tác mặt trận", "chăm sóc người cao tuổi neo đơn"]
MEMBER_CLOSINGS = ["được chi bộ ghi nhận", "trong năm {nam}", "đúng như bản đăng ký đầu năm", "không để chi bộ phải nhắc nhở",
                   "có kết quả cụ thể", "được quần chúng tín nhiệm", "cần tiếp tục phát huy"]


class Texts:
    """Composes paragraphs from one random stream: the same seed gives the same texts."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.year = year
        self.used: set[tuple] = set()  # the choices made for each place: drawn again rather than repeated

    def numbers(self) -> dict:
        r = self.rng
        return {"n1": r.randint(150, 2400), "n2": r.randint(3, 40), "n3": r.randint(12, 180), "n4": r.randint(2, 12),
                "n5": r.randint(3, 15), "n6": r.randint(8, 14), "n7": r.randint(101, 128), "n8": r.randint(86, 99),
                "n9": r.randint(120, 3500), "n10": r.randint(20, 400), "nam": self.year, "nam_sau": self.year + 1}

    def unit(self, section: str, kind: str, name: str) -> str:
        facts = {**self.numbers(), "ten": name}
        opening = self.rng.choice(UNIT_OPENINGS[section]).format(**facts)
        works = self.rng.sample(WORK[kind], 2)
        middle = ", ".join(w.format(**facts) for w in works)
        if section == "han_che":
            return f"{opening}; {self.rng.choice(UNIT_OPENINGS['nguyen_nhan'])}, trong khi còn phải {works[0].format(**facts)}."
        return f"{opening}: {middle}, {self.rng.choice(CLOSINGS)}."

    def member(self, section: str, post: str, place: str) -> str:
        facts = self.numbers()
        for _ in range(20):
            opening = self.rng.choice(MEMBER_OPENINGS[section])
            chosen = self.rng.sample(MEMBER_TASKS, 2)
            key = (section, opening, frozenset(chosen))
            if key not in self.used:
                break
        self.used.add(key)
        task, other = (t.format(**facts) for t in chosen)
        closing = self.rng.choice(MEMBER_CLOSINGS).format(**facts)
        attended = self.rng.randint(9, 12)
        return f"{opening}; là {post.lower()} ở {place}, đã {task} và {other}, dự {attended}/12 buổi sinh hoạt, {closing}."
