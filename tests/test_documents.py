"""Documents a committee signs, read as a clerk of a Party office reads them: figures written as
reports write them, one number per document, the leadership collective, the committee's own
assessment, and the documents around the ratings (decision, notices, ballots, vote count, the
commendation proposal with 'n năm liền'). Expected figures are counted from the YAML here."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from docx import Document

from conftest import REPO, SAMPLE, RoundBuilder, cell_yaml, committee_yaml, lines_with, member_yaml, run_cli

WARD_2026 = REPO / "data" / "phuong-song-nhue-2026"


def body_paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def every_text(path: Path) -> str:
    document = Document(str(path))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("documents")
    folders = {}
    for source in (SAMPLE, WARD_2026):
        result = run_cli("render", str(source), "-o", str(out))
        assert result.exit_code == 0, result.output
        folders[source.name] = out / source.name
    return folders


def test_prose_figures_are_written_as_reports_write_them(rendered):
    for folder in rendered.values():
        for document in folder.rglob("*.docx"):
            for paragraph in body_paragraphs(document):
                assert ",00%" not in paragraph, (document, paragraph)
                assert not re.search(r"(?<![\d/])0\d/\d+(?![\d/])", paragraph), (document, paragraph)  # "06/12" (not a date) is a form's, not prose
                assert not re.search(r"(?<![\d,])0/\d", paragraph), (document, paragraph)  # a zero count is said in words


def test_no_two_documents_of_a_committee_share_a_number(rendered):
    for folder in rendered.values():
        seen: dict[tuple[str, str], Path] = {}
        for document in folder.rglob("*.docx"):
            doc = Document(str(document))
            if not doc.tables:
                continue
            header = doc.tables[0]
            issuer = " ".join(p.text for p in header.rows[0].cells[0].paragraphs if p.text != "*")
            number = header.rows[1].cells[0].text.strip() if len(header.rows) > 1 else ""
            found = re.match(r"Số (\d+)-", number)
            if not found:
                continue
            key = (issuer, found.group(1))
            assert key not in seen, (document, seen.get(key))
            seen[key] = document
        assert seen, "no numbered document"


def test_a_summary_and_its_committees_report_have_different_numbers(rendered):
    folder = rendered[SAMPLE.name] / "dang-bo-xa-van-binh"
    numbers = {Document(str(folder / name)).tables[0].rows[1].cells[0].text for name in ("bao-cao-kiem-diem-tap-the.docx", "bao-cao-tong-hop.docx")}
    data = yaml.safe_load((SAMPLE / "dang-bo-xa-van-binh" / "dang-bo.yaml").read_text(encoding="utf-8"))
    assert numbers == {f"Số {data['van_ban']['so']}-BC/ĐU", f"Số {data['van_ban_tong_hop']['so']}-BC/ĐU"}


def test_a_number_given_twice_by_one_committee_is_a_located_error(sample_copy):
    committee = sample_copy / "dang-bo-xa-van-binh" / "dang-bo.yaml"
    data = yaml.safe_load(committee.read_text(encoding="utf-8"))
    text = committee.read_text(encoding="utf-8").replace(f"so: {data['van_ban_tong_hop']['so']}", f"so: {data['van_ban']['so']}")
    committee.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(sample_copy))
    (line,) = lines_with(result.output, "trung-so-van-ban")
    assert result.exit_code == 1 and "dang-bo-xa-van-binh/dang-bo.yaml:" in line and f"số {data['van_ban']['so']}" in line


def test_a_cell_of_six_has_no_chi_uy_and_one_of_nine_full_members_has(tmp_path):
    builder = RoundBuilder(tmp_path / "dot")
    builder.write("xa/dang-bo.yaml", committee_yaml("Đảng bộ xã Thử"))
    texts = "kiem_diem: {tu_tuong_chinh_tri: Giữ vững lập trường chính trị trong mọi hoàn cảnh công tác và sinh hoạt ở thôn.}"
    small = cell_yaml("Chi bộ thôn Nhỏ", "chi_bo_truc_thuoc", ["httnv"] * 6)
    small = small.replace("  xep_loai: httnv", "  xep_loai: httnv\n  " + texts, 1)
    builder.write("xa/nho.yaml", small)
    builder.write("xa/lon.yaml", cell_yaml("Chi bộ thôn Lớn", "chi_bo_truc_thuoc", ["httnv"] * 9).replace("  xep_loai: httnv", "  xep_loai: httnv\n  " + texts, 1))
    out = tmp_path / "out"
    result = run_cli("render", str(builder.root), "-o", str(out))
    assert result.exit_code == 0, result.output
    for document in (out / "dot" / "xa" / "nho").rglob("*.docx"):
        assert "chi ủy" not in every_text(document).lower(), document
    review = next((out / "dot" / "xa" / "lon" / "ban-kiem-diem").glob("*.docx"))
    assert "T/M CHI ỦY" in every_text(review)


def test_the_summary_is_the_committees_assessment_and_names_its_units(rendered):
    summary = every_text(rendered[SAMPLE.name] / "bao-cao-tong-hop.docx")
    # quota results belong in validate and status, not in the committee's assessment
    assert "hạn mức" not in summary.lower() and "Tỷ lệ HTXSNV:" not in summary and "được kiểm tra ở" not in summary
    round_file = yaml.safe_load((SAMPLE / "dot-danh-gia.yaml").read_text(encoding="utf-8"))
    for key, paragraphs in round_file["danh_gia_chung"].items():
        for paragraph in paragraphs:
            assert paragraph in summary, key
    distinguished = [yaml.safe_load(p.read_text(encoding="utf-8"))["ten"] for p in SAMPLE.rglob("*.yaml")
                     if "\ntieu_bieu: true" in p.read_text(encoding="utf-8")]
    assert distinguished and all(name in summary for name in distinguished)
    assert "Các tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu: " in summary


def test_the_summary_names_each_cell_with_its_dang_bo(rendered):
    """Cells of several đảng bộ share names ("Chi bộ thôn Bắc" in five communes): the district's
    summary names each with its đảng bộ; a đảng bộ's own summary needs no such note."""
    summary = every_text(rendered[SAMPLE.name] / "bao-cao-tong-hop.docx")
    (line,) = [line for line in summary.splitlines() if line.startswith("Các chi bộ trong sạch, vững mạnh: ")]
    groups = line.removeprefix("Các chi bộ trong sạch, vững mạnh: ").rstrip(".").split("; ")
    by_committee = {group.rsplit(" (", 1)[1].rstrip(")"): group.rsplit(" (", 1)[0].split(", ") for group in groups}
    expected: dict[str, list[str]] = {}
    for committee_file in SAMPLE.glob("*/dang-bo.yaml"):
        committee = yaml.safe_load(committee_file.read_text(encoding="utf-8"))["ten"]
        for cell_file in committee_file.parent.glob("chi-bo-*.yaml"):
            cell = yaml.safe_load(cell_file.read_text(encoding="utf-8"))
            if cell.get("xep_loai") == "tsvm":
                expected.setdefault(committee, []).append(cell["ten"])
    assert len(expected) > 1
    assert {name: sorted(cells) for name, cells in by_committee.items()} == {name: sorted(cells) for name, cells in expected.items()}
    for other in (line for line in summary.splitlines() if line.startswith("Các chi bộ ")):
        assert all(group.endswith(")") and " (Đảng bộ " in group for group in other.rstrip(".").split(": ", 1)[1].split("; ")), other
    own = every_text(rendered[SAMPLE.name] / "dang-bo-xa-ha-hoi" / "bao-cao-tong-hop.docx")
    (own_line,) = [line for line in own.splitlines() if line.startswith("Các chi bộ trong sạch, vững mạnh: ")]
    assert "(Đảng bộ" not in own_line


def test_no_secretary_signs_the_chi_bos_comment_on_his_own_review(rendered):
    """The bí thư reviews himself like every member; the chi bộ's comment on his review is signed
    by the phó bí thư, never by himself."""
    checked = 0
    for cell_file in WARD_2026.rglob("chi-bo-*.yaml"):
        cell = yaml.safe_load(cell_file.read_text(encoding="utf-8"))
        index = next(i for i, m in enumerate(cell["dang_vien"], start=1) if m["ho_ten"] == cell["bi_thu"])
        folder = rendered[WARD_2026.name] / cell_file.relative_to(WARD_2026).with_suffix("") / "ban-kiem-diem"
        (review,) = folder.glob(f"{index:02d}-*.docx")
        signers = [[p.text for p in table.rows[0].cells[-1].paragraphs if p.text.strip()] for table in Document(str(review)).tables]
        on_behalf = [lines for lines in signers if any(line.startswith("T/M CHI") for line in lines)]  # after a date line
        assert on_behalf, review
        deputy = [m["ho_ten"] for m in cell["dang_vien"] if "phó bí thư" in str(m.get("chuc_vu", "")).casefold()]
        for lines in on_behalf:
            assert lines[-1] != cell["bi_thu"], (review, lines)
            if deputy:
                assert lines[-1] == deputy[0] and "PHÓ BÍ THƯ" in lines, (review, lines)
        checked += 1
    assert checked > 10


def test_the_proposal_is_addressed_to_the_standing_committee_above_by_its_name(rendered):
    text = every_text(rendered[WARD_2026.name] / "to-trinh-khen-thuong.docx")
    assert "kính đề nghị Ban Thường vụ Thành ủy Hà Nội xem xét" in text  # the ward's cap_tren: Đảng bộ thành phố Hà Nội
    assert "- Ban Thường vụ Thành ủy Hà Nội," in text
    assert "thành phố Hà Nội," not in text and "cấp trên" not in text and "năm nay" not in text


def _rated(unit: dict) -> list[dict]:
    return [m for m in unit["dang_vien"] if m.get("xep_loai")]


def test_the_decision_lists_every_organisation_with_its_level(rendered):
    text = every_text(rendered[SAMPLE.name] / "quyet-dinh-cong-nhan.docx")
    top = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("*/dang-bo.yaml")] + \
          [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("chi-bo-*.yaml")]
    levels = Counter(u["xep_loai"] for u in top)
    assert f"của {len(top)} tổ chức đảng" in text
    assert f"{levels['tsvm']} trong sạch, vững mạnh" in text
    for unit in top:
        assert unit["ten"] in text
    assert "BAN THƯỜNG VỤ HUYỆN ỦY THƯỜNG TÍN" in text and "Điều 1." in text and "Điều 3." in text


def test_each_cell_gets_a_notice_ballot_and_vote_count_from_its_data(rendered):
    cell = yaml.safe_load((SAMPLE / "dang-bo-xa-van-binh" / "chi-bo-thon-dong.yaml").read_text(encoding="utf-8"))
    folder = rendered[SAMPLE.name] / "dang-bo-xa-van-binh" / "chi-bo-thon-dong"
    rated = _rated(cell)
    notice = Document(str(folder / "thong-bao-ket-qua.docx"))
    rows = [[c.text for c in row.cells] for row in notice.tables[1].rows[1:]]
    assert [r[1] for r in rows] == [m["ho_ten"] for m in rated]
    names = {"htxsnv": "Hoàn thành xuất sắc nhiệm vụ", "httnv": "Hoàn thành tốt nhiệm vụ", "htnv": "Hoàn thành nhiệm vụ", "khtnv": "Không hoàn thành nhiệm vụ"}
    assert [r[3] for r in rows] == [names[m["xep_loai"]] for m in rated]
    assert "ĐẢNG ỦY XÃ VĂN BÌNH" in every_text(folder / "thong-bao-ket-qua.docx")
    ballot = Document(str(folder / "phieu-bieu-quyet.docx"))
    assert [row.cells[1].text for row in ballot.tables[1].rows[1:]] == [m["ho_ten"] for m in rated]
    count = Document(str(folder / "bien-ban-kiem-phieu.docx")).tables[1]
    for row, member in zip(count.rows[1:], rated, strict=True):
        votes = member["bieu_quyet"]
        assert [c.text for c in row.cells[2:6]] == [str(votes.get(code, 0)) for code in ("htxsnv", "httnv", "htnv", "khtnv")]
    minutes = every_text(folder / "bien-ban-hoi-nghi.docx")
    assert cell["hoi_nghi"]["dai_dien_cap_tren"] in minutes
    first = rated[0]
    decided = {"htxsnv": "HTXSNV", "httnv": "HTTNV", "htnv": "HTNV", "khtnv": "KHTNV"}[first["xep_loai"]]
    cast = sum(first["bieu_quyet"].values())
    assert f"Đồng chí {first['ho_ten']}" in minutes and f"{first['bieu_quyet'][first['xep_loai']]}/{cast} phiếu {decided}" in minutes


def test_votes_that_exceed_those_present_are_a_located_error(sample_copy):
    cell = sample_copy / "dang-bo-xa-van-binh" / "chi-bo-thon-dong.yaml"
    data = yaml.safe_load(cell.read_text(encoding="utf-8"))
    present = len(data["dang_vien"]) - len(data["hoi_nghi"].get("vang_mat", []))
    first = _rated(data)[0]
    text = cell.read_text(encoding="utf-8")
    old = f"bieu_quyet:\n    {first['xep_loai']}: {first['bieu_quyet'][first['xep_loai']]}"
    assert old in text
    cell.write_text(text.replace(old, f"bieu_quyet:\n    {first['xep_loai']}: {present + 5}", 1), encoding="utf-8")
    (line,) = [found for found in lines_with(run_cli("validate", str(sample_copy)).output, "bieu-quyet") if "lỗi" in found]
    assert "chi-bo-thon-dong.yaml:" in line and f"({present})" in line


ROUND = """\
nam: {year}
quy_tac: qd366-2025
cap_uy: {{ten: Đảng ủy phường Năm Liền, dang_bo: Đảng bộ phường Năm Liền, cap_tren: Đảng bộ thành phố Hà Nội, dia_danh: Năm Liền, ky_hieu: ĐU}}
ngay_danh_gia: {year}-12-08
bao_cao: {{so: 5, ngay: {year}-12-20}}
cac_dot_truoc: [{earlier}]
"""


def _year_round(root: Path, year: int, best: str, earlier: list[str], card: bool = True) -> None:
    root.mkdir(parents=True)
    (root / "dot-danh-gia.yaml").write_text(ROUND.format(year=year, earlier=", ".join(earlier)), encoding="utf-8")
    members = [member_yaml("Nguyễn Văn Xuất Sắc", best, 1970, "so_the: '01.234567'" if card else "")]
    members += [member_yaml(f"Đảng Viên {year} Số {i}", "httnv", 1980 + i) for i in range(8)]
    (root / "cb.yaml").write_text(
        "ten: Chi bộ Tổ dân phố Một\nloai: chi_bo_co_so\nloai_hinh: thon_to_dan_pho\nbi_thu: Nguyễn Văn Bí\nxep_loai: httnv\n"
        "dang_vien:\n" + "\n".join(members) + "\n", encoding="utf-8")


def test_a_member_htxsnv_five_years_running_is_proposed_for_commendation(tmp_path):
    years = [2022, 2023, 2024, 2025, 2026]
    for index, year in enumerate(years):
        _year_round(tmp_path / f"dot-{year}", year, "htxsnv", [f"../dot-{y}" for y in years[:index]])
    out = tmp_path / "out"
    result = run_cli("render", str(tmp_path / "dot-2026"), "-o", str(out))
    assert result.exit_code == 0, result.output
    proposal = every_text(out / "dot-2026" / "to-trinh-khen-thuong.docx")
    assert "1 đồng chí đạt 5 năm liền trở lên" in proposal
    assert "Nguyễn Văn Xuất Sắc" in proposal and "5 năm liền (2022–2026)" in proposal
    listing = every_text(out / "dot-2026" / "danh-sach-khen-thuong.docx")
    assert "5 năm liền (2022–2026)" in listing


def test_four_years_are_not_five_and_a_broken_year_starts_again(tmp_path):
    years = [2022, 2023, 2024, 2025, 2026]
    for index, year in enumerate(years):
        _year_round(tmp_path / f"dot-{year}", year, "httnv" if year == 2023 else "htxsnv", [f"../dot-{y}" for y in years[:index]])
    out = tmp_path / "out"
    assert run_cli("render", str(tmp_path / "dot-2026"), "-o", str(out)).exit_code == 0
    proposal = every_text(out / "dot-2026" / "to-trinh-khen-thuong.docx")
    assert "chưa có đồng chí nào đạt 5 năm liền" in proposal
    assert "3 năm liền (2024–2026)" in every_text(out / "dot-2026" / "danh-sach-khen-thuong.docx")


def test_a_match_by_name_alone_is_flagged_as_uncertain(tmp_path):
    years = [2025, 2026]
    for index, year in enumerate(years):
        _year_round(tmp_path / f"dot-{year}", year, "htxsnv", [f"../dot-{y}" for y in years[:index]], card=False)
    text = (tmp_path / "dot-2025" / "cb.yaml").read_text(encoding="utf-8").replace("  nam_sinh: 1970\n", "", 1)
    (tmp_path / "dot-2025" / "cb.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("render", str(tmp_path / "dot-2026"), "-o", str(out)).exit_code == 0
    assert "2 năm liền (2025–2026) (ghép theo họ tên, cần đối chiếu)" in every_text(out / "dot-2026" / "danh-sach-khen-thuong.docx")


COPIED = "Chi bộ duy trì sinh hoạt định kỳ vào ngày mùng năm hằng tháng, nội dung sinh hoạt có đổi mới, tỷ lệ đảng viên dự họp đạt trên chín mươi phần trăm."


def test_a_copied_paragraph_is_reported_with_both_places(round_builder):
    builder = round_builder()
    for name in ("cb-a", "cb-b"):
        path = builder.cell(f"{name}.yaml", ["httnv"] * 5)
        path.write_text(path.read_text(encoding="utf-8") + f"kiem_diem:\n  uu_diem:\n  - {COPIED}\n", encoding="utf-8")
    near = COPIED.replace("Chi bộ duy trì", "Chi ủy duy trì")  # one word changed: 26 of 30 shingles shared, above 0.8
    path = builder.cell("cb-c.yaml", ["httnv"] * 5)
    path.write_text(path.read_text(encoding="utf-8") + f"kiem_diem:\n  uu_diem:\n  - {near}\n", encoding="utf-8")
    result = run_cli("validate", str(builder.root))
    found = lines_with(result.output, "van-ban-sao-chep")
    assert len(found) == 2
    line_b = next(f for f in found if f.split(":")[0].endswith("cb-b.yaml"))
    assert "trùng với đoạn của Chi bộ cb-a" in line_b and re.search(r"cb-a\.yaml:\d+\)", line_b)
    line_c = next(f for f in found if f.split(":")[0].endswith("cb-c.yaml"))
    assert "giống" in line_c and "cb-a.yaml:" in line_c


def test_a_text_copied_from_last_years_round_is_reported(tmp_path):
    for year, earlier in ((2025, []), (2026, ["../dot-2025"])):
        _year_round(tmp_path / f"dot-{year}", year, "httnv", earlier)
        cell = tmp_path / f"dot-{year}" / "cb.yaml"
        cell.write_text(cell.read_text(encoding="utf-8").replace("xep_loai: httnv\ndang_vien:", f"xep_loai: httnv\nkiem_diem:\n  han_che:\n  - {COPIED}\ndang_vien:", 1),
                        encoding="utf-8")
    (line,) = lines_with(run_cli("validate", str(tmp_path / "dot-2026")).output, "van-ban-sao-chep")
    assert "dot-2026/cb.yaml:" in line and "năm 2025" in line and "dot-2025/cb.yaml:" in line


def test_the_samples_pass_their_own_copy_check():
    for source in (SAMPLE, WARD_2026):
        assert not lines_with(run_cli("validate", str(source)).output, "van-ban-sao-chep"), source
