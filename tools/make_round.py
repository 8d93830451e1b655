"""Generate an invented review round: the bundled sample, or a large one for benchmarks.

    python tools/make_round.py data/thuong-tin-2017            # the sample (about 1,000 members)
    python tools/make_round.py /tmp/lon --communes 60 --cells 10 --members 33   # ~600 cells, ~20,000
    python tools/make_round.py data/phuong-song-nhue-2025 --era 2025 --cells 12 --members 16 --seed 2025
    python tools/make_round.py data/phuong-song-nhue-2026 --era 2026 --cells 12 --members 16 --seed 2026

Every person is invented; commune names are real communes of Thường Tín. The output is
deterministic for a given seed, and every quota of the thuong-tin-2017 rule set holds.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

from texts import Texts

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Phùng"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Tiến", "Mạnh", "Công", "Đình", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim", "Thúy", "Hồng"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc",
              "Quân", "Sơn", "Thắng", "Tuấn", "Tùng", "Việt", "Hòa", "Lợi", "Toàn", "Chiến", "Thành", "Ánh"]
GIVEN_FEMALE = ["Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Thủy", "Trang", "Vân", "Yến",
                "Hằng", "Huệ", "Loan", "Ánh", "Oanh", "Dung", "Ngân", "Ly"]

COMMUNES = ["Văn Bình", "Nhị Khê", "Hà Hồi", "Tô Hiệu", "Thắng Lợi", "Vân Tảo", "Ninh Sở", "Khánh Hà",
            "Liên Phương", "Hiền Giang", "Duyên Thái", "Hồng Vân", "Chương Dương", "Nghiêm Xuyên", "Tự Nhiên"]
VILLAGES = ["Đông", "Đoài", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Cầu", "Chợ", "Văn Hội", "Phúc Lâm",
            "Đình", "Ngọc Động", "Tân Minh", "Lạc Thị", "Phú Mỹ", "Kim Lũ", "Bình Lăng"]
BASE_CELLS = [
    ("chi-bo-truong-thpt-thuong-tin", "Chi bộ Trường THPT Thường Tín", "su_nghiep", "Thường Tín"),
    ("chi-bo-chi-cuc-thue", "Chi bộ Chi cục Thuế huyện Thường Tín", "co_quan_hanh_chinh", "Thường Tín"),
    ("chi-bo-cong-ty-cp-may-thuong-tin", "Chi bộ Công ty cổ phần May Thường Tín", "dn_co_phan", "Thường Tín"),
    ("chi-bo-ban-chi-huy-quan-su", "Chi bộ Ban Chỉ huy Quân sự huyện", "quan_doi_cong_an", "Thường Tín"),
    ("chi-bo-hoi-chu-thap-do", "Chi bộ Hội Chữ thập đỏ huyện", "khac", "Thường Tín"),
]

UNIT_SECTIONS_2017 = [("lanh_dao_chi_dao", "lanh_dao"), ("lanh_dao_chi_dao", "lanh_dao"), ("chi_thi_05", "chuyen_de"),
                      ("nghi_quyet_tw4", "xay_dung"), ("trach_nhiem", "trach_nhiem"), ("uu_diem", "uu_diem"), ("han_che", "han_che"),
                      ("phuong_huong", "phuong_huong")]
"""The 2017 collective report's sections and the kind of paragraph each gets (tools/texts.py)."""
KIND_TEXTS = {"su_nghiep": "truong", "co_quan_hanh_chinh": "co_quan", "dn_co_phan": "doanh_nghiep", "quan_doi_cong_an": "quan_su",
              "khac": "hoi", None: "thon", "xa": "xa"}
MEMBER_TEXT_KINDS = {"tu_tuong_chinh_tri": "tu_tuong", "dao_duc_loi_song": "dao_duc", "chuc_trach_nhiem_vu": "nhiem_vu",
                     "to_chuc_ky_luat": "ky_luat", "ket_qua_nhiem_vu": "nhiem_vu", "phuc_vu_nhan_dan": "dao_duc",
                     "doan_ket_noi_bo": "ky_luat", "lanh_dao_quan_ly": "lanh_dao", "tham_gia_tap_the": "ky_luat",
                     "neu_guong": "dao_duc", "han_che": "han_che", "phuong_huong": "phuong_huong"}


def unit_review(texts: Texts, kind: str, name: str) -> dict:
    review: dict = {}
    for key, section in UNIT_SECTIONS_2017:
        review.setdefault(key, []).append(texts.unit(section, kind, name))
    return review


MEMBER_SECTIONS = {
    "khong_chuc_vu": ["tu_tuong_chinh_tri", "dao_duc_loi_song", "chuc_trach_nhiem_vu", "to_chuc_ky_luat", "han_che", "phuong_huong"],
    "cong_chuc": ["tu_tuong_chinh_tri", "dao_duc_loi_song", "chuc_trach_nhiem_vu", "to_chuc_ky_luat", "ket_qua_nhiem_vu",
                  "phuc_vu_nhan_dan", "doan_ket_noi_bo", "han_che", "phuong_huong"],
    "lanh_dao": list(MEMBER_TEXT_KINDS),
}


class Generator:
    def __init__(self, seed: int, year: int, review_day: date) -> None:
        self.rng = random.Random(seed)
        self.year = year
        self.review_day = review_day
        self.used_names: set[str] = set()
        self.texts = Texts(self.rng, year)

    def person(self) -> tuple[str, str]:
        for _ in range(50):
            female = self.rng.random() < 0.4
            family = self.rng.choice(FAMILY)
            middle = self.rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
            given = self.rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
            name = f"{family} {middle} {given}"
            if name not in self.used_names or _ == 49:
                self.used_names.add(name)
                return name, "nu" if female else "nam"
        raise AssertionError

    def member(self, index: int, leader: bool, village: str) -> dict:
        name, sex = self.person()
        born = self.rng.randint(1940, 1995) if not leader else self.rng.randint(1960, 1985)
        admitted = date(max(born + 19, 1965) + self.rng.randint(0, 12), self.rng.randint(1, 12), self.rng.randint(1, 28))
        if admitted > self.review_day - timedelta(days=200):
            admitted = self.review_day - timedelta(days=self.rng.randint(400, 3000))
        group = "lanh_dao" if leader else ("cong_chuc" if self.rng.random() < 0.15 else "khong_chuc_vu")
        entry: dict = {"ho_ten": name, "so_the": f"{self.rng.randint(10, 99)}.{self.rng.randint(100000, 999999)}",
                       "nam_sinh": born, "gioi_tinh": sex}
        entry["chuc_vu"] = "Bí thư chi bộ" if leader and index == 0 else ("Phó Bí thư chi bộ" if leader else
                                                                         ("Cán bộ, công chức" if group == "cong_chuc" else "Đảng viên"))
        entry["nhom"] = group
        entry["ngay_vao_dang"] = admitted
        return entry

    def classify_members(self, members: list[dict]) -> None:
        """Decide categories so that every quota of thuong-tin-2017 holds."""
        evaluated = []
        for m in members:
            if m.get("tinh_trang", "sinh_hoat") != "sinh_hoat" or m["ngay_vao_dang"] > self.review_day - timedelta(days=183):
                continue
            evaluated.append(m)
        for m in evaluated:
            roll = self.rng.random()
            m["xep_loai"] = "htnv" if roll < 0.12 else ("khtnv" if roll < 0.13 else "httnv")
        httnv = [m for m in evaluated if m["xep_loai"] == "httnv"]
        limit = 1 if len(members) < 7 else (15 * (len(httnv)) // 100)
        best = self.rng.sample(httnv, min(limit, len(httnv))) if httnv else []
        # Raising one out of HTTNV shrinks the base: keep 100 × best ≤ 15 × (HTTNV left).
        while best and len(members) >= 7 and 100 * len(best) > 15 * (len(httnv) - len(best)):
            best.pop()
        for m in best:
            m["xep_loai"] = "htxsnv"
        for m in evaluated:
            decided = m.pop("xep_loai")
            m["tu_xep_loai"] = decided if self.rng.random() < 0.8 else "httnv"
            m["xep_loai"] = decided

    def cell(self, name: str, kind: str, place: str, size: int, year_texts: dict, loai_hinh: str | None = None) -> dict:
        village = name.split()[-1]
        members = [self.member(i, i < 2, village) for i in range(size)]
        if size >= 10 and self.rng.random() < 0.5:
            members[-1]["tinh_trang"] = "mien"
            members[-1]["nam_sinh"] = self.rng.randint(1928, 1940)
            members[-1]["ngay_vao_dang"] = date(1960 + self.rng.randint(0, 10), 3, 15)
            members[-1]["ghi_chu"] = "Tuổi cao, được miễn công tác và sinh hoạt đảng"
        if size >= 8 and self.rng.random() < 0.4:
            newcomer = members[-2]
            newcomer["ngay_vao_dang"] = self.review_day - timedelta(days=self.rng.randint(30, 150))
            newcomer["nam_sinh"] = self.rng.randint(1990, 1996)
            newcomer["du_bi"] = True
            newcomer["ghi_chu"] = "Đảng viên dự bị, vào Đảng chưa đủ 6 tháng"
        self.classify_members(members)
        for m in members[:2]:
            m["ngay_sinh"] = date(m["nam_sinh"], self.rng.randint(1, 12), self.rng.randint(1, 28))
            m["chuc_vu_dang"] = m["chuc_vu"]
            m["don_vi_cong_tac"] = name
            m["kiem_diem"] = {key: self.texts.member(MEMBER_TEXT_KINDS[key], m["chuc_vu"], name) for key in MEMBER_SECTIONS[m["nhom"]]}
        secretary = members[0]["ho_ten"]
        unit: dict = {"ten": name, "loai": kind}
        if loai_hinh:
            unit["loai_hinh"] = loai_hinh
        unit.update({"bi_thu": secretary, "dia_danh": place})
        unit["kiem_diem"] = unit_review(self.texts, KIND_TEXTS.get(loai_hinh, "thon"), name)
        unit["tu_xep_loai"] = None
        unit["xep_loai"] = None
        unit["tieu_bieu"] = False
        unit["hoi_nghi"] = self.meeting(members, place)
        unit["dang_vien"] = members
        return unit

    def meeting(self, members: list[dict], place: str) -> dict:
        absent = [m for m in members if m.get("tinh_trang") == "mien"]
        return {
            "ngay": self.review_day - timedelta(days=self.rng.randint(2, 9)),
            "gio_bat_dau": "14 giờ 00",
            "gio_ket_thuc": "17 giờ 00",
            "dia_diem": f"Nhà văn hóa {place}" if not place.startswith("Thường") else "Hội trường cơ quan",
            "chu_tri": members[0]["ho_ten"],
            "thu_ky": members[1]["ho_ten"],
            "vang_mat": [{"ho_ten": m["ho_ten"], "ly_do": "Miễn sinh hoạt, tuổi cao"} for m in absent],
        }


def decide_units(rng: random.Random, units: list[dict], cap_percent: int, base: int) -> None:
    """TSVM for at most cap% of ``base``; a distinction for at most 20% of those."""
    order = list(range(len(units)))
    rng.shuffle(order)
    tsvm_count = cap_percent * base // 100
    for rank, index in enumerate(order):
        category = "tsvm" if rank < tsvm_count else ("httnv" if rank < len(units) - 1 else "htnv")
        units[index]["xep_loai"] = category
        units[index]["tu_xep_loai"] = "tsvm" if category != "htnv" else "httnv"
    tsvm = [u for u in units if u["xep_loai"] == "tsvm"]
    for u in rng.sample(tsvm, 20 * len(tsvm) // 100):
        u["tieu_bieu"] = True


COMMENTS = ["Đồng chí cần mạnh dạn hơn trong phát biểu xây dựng chi bộ", "Đề nghị đồng chí chú ý thời gian nộp báo cáo",
            "Hội nghị ghi nhận đồng chí tích cực trong công tác vận động quần chúng", "Đồng chí cần dành thêm thời gian nghiên cứu văn bản mới",
            "Hội nghị đánh giá cao tinh thần trách nhiệm của đồng chí", "Đề nghị đồng chí phát huy vai trò nêu gương ở khu dân cư"]


def add_votes(rng: random.Random, unit: dict, delegate: str | None = None) -> None:
    """What the minutes record: the delegate of the committee above, comments on some members, and
    the ballots on each member's level and on the cell's (most for the level decided)."""
    meeting = unit.get("hoi_nghi")
    if not meeting:
        return
    present = len(unit["dang_vien"]) - len(meeting.get("vang_mat", []))
    if delegate:
        meeting["dai_dien_cap_tren"] = delegate
    for member in unit["dang_vien"]:
        decided = member.get("xep_loai")
        if not decided:
            continue
        against = rng.choice([0, 0, 0, 1, 2]) if present > 4 else 0
        other = "httnv" if decided != "httnv" else rng.choice(["htxsnv", "htnv"])
        member["bieu_quyet"] = {decided: present - against, **({other: against} if against else {})}
        if rng.random() < 0.3:
            member["y_kien_hoi_nghi"] = rng.choice(COMMENTS) + "."
    if unit.get("tu_xep_loai"):
        meeting["bieu_quyet_chi_bo"] = {unit["tu_xep_loai"]: present}


def dump(path: Path, data: dict, comment: str | None = None) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    text = "\n".join(line for line in text.splitlines() if not line.endswith(": null")) + "\n"
    path.write_text((f"# {comment}\n" if comment else "") + text, encoding="utf-8")


def generate(target: Path, communes: int, cells: int, members: int, seed: int) -> None:
    year, review_day = 2017, date(2017, 11, 28)
    gen = Generator(seed, year, review_day)
    texts = {"nam": year, "nam_sau": year + 1, "phan_tram": 85}
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    grassroots: list[tuple[Path, dict, list[tuple[Path, dict]]]] = []
    for c in range(communes):
        commune = COMMUNES[c % len(COMMUNES)] + ("" if c < len(COMMUNES) else f" {c // len(COMMUNES) + 1}")
        slug = "dang-bo-xa-" + _slug(commune)
        folder = target / slug
        folder.mkdir()
        n_cells = max(4, cells + gen.rng.randint(-2, 3)) if cells >= 4 else cells
        children = []
        for k in range(n_cells):
            village = VILLAGES[k % len(VILLAGES)] + ("" if k < len(VILLAGES) else f" {k // len(VILLAGES) + 1}")
            size = max(5, members + gen.rng.randint(-members // 2, members // 2))
            if k == 0 and c % 3 == 0:
                size = 6  # a small cell: at most one HTXSNV
            cell = gen.cell(f"Chi bộ thôn {village}", "chi_bo_truc_thuoc", commune, size, texts)
            children.append((folder / f"chi-bo-thon-{_slug(village)}.yaml", cell))
        secretary, _ = gen.person()
        committee = {
            "ten": f"Đảng bộ xã {commune}", "loai": "dang_bo_co_so", "loai_hinh": "xa",
            "bi_thu": secretary, "dia_danh": commune,
            "van_ban": {"so": 30 + c, "ngay": review_day - timedelta(days=1),
                        "nguoi_ky": {"thay_mat": "T/M ĐẢNG ỦY", "chuc_vu": "BÍ THƯ", "ho_ten": secretary},
                        "noi_nhan": ["Ban Thường vụ Huyện ủy", "Ban Tổ chức Huyện ủy", "Lưu Văn phòng Đảng ủy"]},
            "van_ban_tong_hop": {"so": 31 + c, "ngay": review_day},
            "kiem_diem": unit_review(gen.texts, "xa", f"Đảng bộ xã {commune}"),
            "tu_xep_loai": None, "xep_loai": None, "tieu_bieu": False,
        }
        grassroots.append((folder / "dang-bo.yaml", committee, children))
    for slug, name, kind, place in BASE_CELLS[: max(1, min(len(BASE_CELLS), communes // 2 + 2))]:
        cell = gen.cell(name, "chi_bo_co_so", place, max(8, members - 5 + gen.rng.randint(-3, 3)), texts, kind)
        grassroots.append((target / f"{slug}.yaml", cell, []))
    decide_units(gen.rng, [g[1] for g in grassroots], 50, len(grassroots))
    for _, _, children in grassroots:
        decide_units(gen.rng, [c[1] for c in children], 60, len(children))
        for _, child in children:
            child["tieu_bieu"] = False
    for path, unit, children in grassroots:
        add_votes(gen.rng, unit, "đồng chí Nguyễn Văn Quang, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy")
        dump(path, unit)
        for child_path, child in children:
            add_votes(gen.rng, child, f"đồng chí {unit.get('bi_thu')}, Bí thư {unit['ten'].replace('Đảng bộ', 'Đảng ủy')}")
            dump(child_path, child)
    write_round_file(target, year, review_day, len(grassroots), sum(len(c) for _, _, c in grassroots),
                     sum(len(u["dang_vien"]) for _, u, ch in grassroots for u in [u] + [c for _, c in ch] if "dang_vien" in u))


def write_round_file(target: Path, year: int, review_day: date, n_orgs: int, n_cells: int, n_members: int) -> None:
    round_data = {
        "nam": year,
        "quy_tac": "thuong-tin-2017",
        "cap_uy": {"ten": "Huyện ủy Thường Tín", "dang_bo": "Đảng bộ huyện Thường Tín",
                   "cap_tren": "Đảng bộ thành phố Hà Nội", "dia_danh": "Thường Tín", "ky_hieu": "HU"},
        "ngay_bat_dau": date(2017, 11, 21),
        "han_hoan_thanh": date(2017, 11, 30),
        "ngay_danh_gia": review_day,
        "can_cu": [
            "Hướng dẫn số 27-HD/BTCTW ngày 25/9/2014 của Ban Tổ chức Trung ương về kiểm điểm tập thể, cá nhân "
            "và đánh giá, phân loại chất lượng tổ chức cơ sở đảng, đảng viên hằng năm",
            "Kế hoạch số 102-KH/HU ngày 20/11/2017 của Ban Thường vụ Huyện ủy về kiểm điểm tập thể, cá nhân "
            "và đánh giá, phân loại chất lượng tổ chức cơ sở đảng, đảng viên năm 2017",
        ],
        "bao_cao": {
            "so": 150, "ngay": date(2017, 12, 15),
            "nguoi_ky": {"thay_mat": "T/M BAN THƯỜNG VỤ", "chuc_vu": "PHÓ BÍ THƯ THƯỜNG TRỰC", "ho_ten": "Trần Văn Thịnh"},
            "noi_nhan": ["Ban Tổ chức Thành ủy", "Thường trực Huyện ủy", "Các đảng bộ, chi bộ trực thuộc",
                         "Lưu Văn phòng Huyện ủy"],
        },
        "danh_gia_chung": {
            "uu_diem": ["Các tổ chức cơ sở đảng tiến hành kiểm điểm nghiêm túc, đúng hướng dẫn 27-HD/BTCTW và kế hoạch 102-KH/HU; "
                        "tập thể, cá nhân đã nhìn thẳng vào hạn chế, khuyết điểm; việc phân loại bảo đảm thực chất, đúng tỷ lệ Ban Thường vụ Huyện ủy quy định."],
            "han_che": ["Một số chi bộ thôn chuẩn bị báo cáo kiểm điểm còn sơ sài, nội dung chung chung, chưa nêu rõ kết quả của từng việc; "
                        "việc tự phê bình và phê bình ở vài nơi chưa mạnh dạn."],
            "nguyen_nhan": ["Nguyên nhân chủ yếu là một số cấp ủy cơ sở chưa quan tâm đúng mức đến việc chuẩn bị, còn nể nang trong đánh giá."],
            "bai_hoc": ["Cấp ủy phải chuẩn bị kỹ báo cáo, gắn kiểm điểm với kết quả thực hiện nhiệm vụ cụ thể; người đứng đầu phải gương mẫu tự phê bình trước."],
            "phuong_huong": ["Năm 2018, các tổ chức đảng tập trung khắc phục hạn chế đã chỉ ra qua kiểm điểm; Ban Tổ chức Huyện ủy theo dõi, "
                             "đôn đốc việc khắc phục và báo cáo Ban Thường vụ trong quý I/2018."],
            "de_xuat": ["Đề nghị Thành ủy khen thưởng các tổ chức cơ sở đảng và đảng viên có thành tích tiêu biểu theo danh sách kèm theo."],
        },
        "nam_truoc": {
            "to_chuc_co_so": {"tong_so": n_orgs, "duoc_danh_gia": n_orgs, "tsvm": n_orgs * 45 // 100,
                              "tieu_bieu": max(1, n_orgs * 8 // 100), "httnv": n_orgs - n_orgs * 45 // 100 - 1, "htnv": 1, "yeu_kem": 0},
            "chi_bo_truc_thuoc": {"tong_so": n_cells, "duoc_danh_gia": n_cells, "tsvm": n_cells * 55 // 100,
                                  "httnv": n_cells - n_cells * 55 // 100 - 2, "htnv": 2, "yeu_kem": 0},
            "dang_vien": {"tong_so": n_members - 12, "duoc_danh_gia": n_members - 40, "htxsnv": (n_members - 40) * 11 // 100,
                          "httnv": (n_members - 40) * 78 // 100, "htnv": (n_members - 40) * 10 // 100, "khtnv": 3},
        },
    }
    last = round_data["nam_truoc"]["dang_vien"]
    last["htnv"] = last["duoc_danh_gia"] - last["htxsnv"] - last["httnv"] - last["khtnv"]
    dump(target / "dot-danh-gia.yaml", round_data,
         "Đợt kiểm điểm, đánh giá, phân loại năm 2017 của Huyện ủy Thường Tín (dữ liệu mẫu, mọi người đều là hư cấu)")


def _slug(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path)
    parser.add_argument("--era", choices=["2017", "2025", "2026"], default="2017", help="2025, 2026: a ward committee, 366-QĐ/TW")
    parser.add_argument("--communes", type=int, default=7, help="đảng bộ xã (thư mục)")
    parser.add_argument("--cells", type=int, default=7, help="chi bộ trực thuộc mỗi đảng bộ (trung bình); 2025: tổ dân phố")
    parser.add_argument("--members", type=int, default=19, help="đảng viên mỗi chi bộ (trung bình)")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    if args.era in ("2025", "2026"):
        from ward_round import generate_ward  # the 366-QĐ/TW ward rounds live in their own module

        generate_ward(args.target, int(args.era), args.cells, args.members, args.seed)
    else:
        generate(args.target, args.communes, args.cells, args.members, args.seed)


if __name__ == "__main__":
    main()
