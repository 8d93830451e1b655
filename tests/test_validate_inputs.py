"""Bad inputs: each gets a Vietnamese message at the right file and line, and the right exit code."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SAMPLE, cell_yaml, committee_yaml, lines_with, run_cli

GOOD_MEMBERS = ["httnv"] * 4


def _only(output: str, code: str) -> str:
    found = lines_with(output, code)
    assert len(found) == 1, output
    return found[0]


def test_sample_round_validates_clean():
    result = run_cli("validate", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("Không có lỗi, không có cảnh báo.")


def test_tab_indentation_names_line_and_column(round_builder):
    r = round_builder()
    r.write("chi-bo-a.yaml", "ten: Chi bộ A\nloai: chi_bo_co_so\ndang_vien:\n\t- ho_ten: A\n")
    line = _only(run_cli("validate", str(r.root)).output, "yaml-cu-phap")
    assert "chi-bo-a.yaml:4:1:" in line and "Tab" in line


def test_unclosed_quote_points_at_the_opening_quote(round_builder):
    r = round_builder()
    r.write("chi-bo-a.yaml", 'ten: Chi bộ A\nloai: chi_bo_co_so\nbi_thu: "Nguyễn Văn A\ndia_danh: X\n')
    line = _only(run_cli("validate", str(r.root)).output, "yaml-cu-phap")
    assert "chi-bo-a.yaml:3:" in line and "nháy" in line


def test_duplicate_key_is_an_error_not_silently_the_last(round_builder):
    r = round_builder()
    text = cell_yaml("Chi bộ A", "chi_bo_co_so", GOOD_MEMBERS).replace("xep_loai: httnv\n", "xep_loai: httnv\nxep_loai: tsvm\n", 1)
    r.write("chi-bo-a.yaml", text)
    line = _only(run_cli("validate", str(r.root)).output, "khoa-trung")
    assert "chi-bo-a.yaml:7:1:" in line and "'xep_loai'" in line and "dòng 6" in line


def test_wrong_type_missing_key_unknown_key(round_builder):
    r = round_builder()
    text = cell_yaml("Chi bộ A", "chi_bo_co_so", GOOD_MEMBERS)
    text = text.replace("ten: Chi bộ A\n", "").replace("bi_thu:", "bi_thuu:")
    text = text.replace("nam_sinh: 1960", "nam_sinh: 0x7B5").replace("- ho_ten: Đảng Viên Số 002", "- ho_ten: 1975")
    r.write("chi-bo-a.yaml", text)
    out = run_cli("validate", str(r.root)).output
    assert "thiếu khóa bắt buộc 'ten'" in _only(out, "thieu-khoa")
    unknown = _only(out, "khoa-la")
    assert "chi-bo-a.yaml:3:1: cảnh báo" in unknown and "có phải 'bi_thu'?" in unknown
    wrong = lines_with(out, "sai-kieu")
    # A member's wrong value names the member, as a clerk knows him, beside the key (not a name that is itself wrong).
    assert any("đồng chí Đảng Viên Số 001: 'dang_vien[1].nam_sinh'" in w and "0x7B5" in w and "chi-bo-a.yaml:8:" in w for w in wrong), out
    assert any("] 'dang_vien[2].ho_ten'" in w and "số 1975" in w and "chi-bo-a.yaml:11:" in w for w in wrong), out


def test_yaml_11_booleans_are_not_guessed(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", GOOD_MEMBERS, unit_category="tsvm")
    path = r.root / "chi-bo-a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "tieu_bieu: yes\n", encoding="utf-8")
    line = _only(run_cli("validate", str(r.root)).output, "sai-kieu")
    assert "'tieu_bieu' cần true hoặc false" in line and "'yes'" in line


def test_unknown_category_lists_the_valid_ones(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", ["httnv", "xuat_sac"])
    line = _only(run_cli("validate", str(r.root)).output, "xep-loai-khong-co")
    assert "'xuat_sac'" in line and "htxsnv (Hoàn thành xuất sắc nhiệm vụ)" in line and "khtnv" in line


def test_full_category_names_are_accepted(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", ["Hoàn thành tốt nhiệm vụ", "HOÀN THÀNH TỐT NHIỆM VỤ", "httnv"], unit_category='"Trong sạch vững mạnh"')
    result = run_cli("validate", str(r.root))
    assert not lines_with(result.output, "xep-loai-khong-co"), result.output


def test_bad_dates(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", GOOD_MEMBERS)
    path = r.root / "chi-bo-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2000-05-19", "2017-13-45", 1), encoding="utf-8")
    line = _only(run_cli("validate", str(r.root)).output, "sai-ngay")
    assert "chi-bo-a.yaml:10:" in line and "'2017-13-45'" in line and "21/11/2017" in line


def test_slash_dates_are_read(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", GOOD_MEMBERS)
    path = r.root / "chi-bo-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2000-05-19", "19/05/2000"), encoding="utf-8")
    assert run_cli("validate", str(r.root)).exit_code == 0


def test_folder_without_committee_file(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", GOOD_MEMBERS)
    r.cell("dang-bo-x/chi-bo-b.yaml", GOOD_MEMBERS)
    line = _only(run_cli("validate", str(r.root)).output, "thieu-dang-bo")
    assert "dang-bo-x" in line and "dang-bo.yaml" in line


def test_unit_without_members(round_builder):
    r = round_builder()
    r.write("chi-bo-a.yaml", "ten: Chi bộ A\nloai: chi_bo_co_so\nloai_hinh: khac\nxep_loai: httnv\n")
    assert "Chi bộ A chưa có đảng viên" in _only(run_cli("validate", str(r.root)).output, "khong-co-dang-vien")


def test_same_member_twice_is_a_warning(round_builder):
    r = round_builder()
    r.cell(
        "chi-bo-a.yaml", GOOD_MEMBERS,
        extra_members="- ho_ten: Đảng Viên Số 001\n  nam_sinh: 1960\n  xep_loai: httnv\n",
    )
    result = run_cli("validate", str(r.root))
    line = _only(result.output, "dang-vien-trung")
    assert ": cảnh báo [" in line and "Đảng Viên Số 001" in line
    assert result.exit_code == 0


def test_unit_kind_must_match_its_place(round_builder):
    r = round_builder()
    r.write("db/dang-bo.yaml", committee_yaml("Đảng bộ X"))
    r.write("db/cb.yaml", cell_yaml("Chi bộ Y", "chi_bo_co_so", GOOD_MEMBERS))
    line = _only(run_cli("validate", str(r.root)).output, "sai-loai-don-vi")
    assert "db/cb.yaml:2:" in line and "chi_bo_truc_thuoc" in line


def test_control_and_invisible_characters_are_warned_and_cleaned(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", GOOD_MEMBERS, name='"Chi bộ\\u200b A\\u0007"')
    line = _only(run_cli("validate", str(r.root)).output, "ky-tu-la")
    assert "U+200B" in line and "U+0007" in line


def test_missing_round_folder_and_round_file_exit_2(tmp_path):
    missing = run_cli("validate", str(tmp_path / "khong-co"))
    assert missing.exit_code == 2 and "không tìm thấy thư mục" in missing.output
    (tmp_path / "rong").mkdir()
    empty = run_cli("validate", str(tmp_path / "rong"))
    assert empty.exit_code == 2 and "dot-danh-gia.yaml" in empty.output


def test_unusable_round_file_exit_2(round_builder):
    r = round_builder()
    r.write("dot-danh-gia.yaml", "nam: [2017\n")
    result = run_cli("validate", str(r.root))
    assert result.exit_code == 2 and "dot-danh-gia.yaml:" in result.output


def test_unknown_rule_set_exit_2(round_builder):
    r = round_builder(rules="thuong-tin-2071")
    r.cell("chi-bo-a.yaml", GOOD_MEMBERS)
    result = run_cli("validate", str(r.root))
    assert result.exit_code == 2
    assert "dot-danh-gia.yaml:2:" in result.output and "thuong-tin-2017" in result.output


def test_problems_sorted_by_file_and_line_then_counted(round_builder):
    r = round_builder()
    r.cell("chi-bo-b.yaml", ["htxsnv"] * 2 + ["httnv"] * 4)
    r.cell("chi-bo-a.yaml", ["httnv", "xx", None])
    lines = run_cli("validate", str(r.root)).output.strip().splitlines()
    problems = [line for line in lines if ": lỗi [" in line or ": cảnh báo [" in line]
    keys = [(p.split(":")[0], int(p.split(":")[1])) for p in problems]
    assert keys == sorted(keys)
    assert lines[-1] == f"{len([p for p in problems if ': lỗi [' in p])} lỗi, {len([p for p in problems if ': cảnh báo [' in p])} cảnh báo."


def test_json_output_has_the_same_problems(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", ["htxsnv"] * 2 + ["httnv"] * 4)
    result = run_cli("validate", "--format", "json", str(r.root))
    payload = json.loads(result.output)
    assert payload["so_loi"] == 1
    (problem,) = [p for p in payload["van_de"] if p["severity"] == "loi"]
    assert problem["code"] == "han-muc-htxsnv-chi-bo-nho" and problem["file"].endswith("chi-bo-a.yaml")


def test_last_year_figures_are_checked(round_builder):
    r = round_builder()
    r.cell("chi-bo-a.yaml", GOOD_MEMBERS)
    path = r.root / "dot-danh-gia.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "nam_truoc:\n  dang_vien: {tong_so: 10, duoc_danh_gia: 8, httnv: -1, htxnsv: 2}\n"
        + "  to_chuc_co_so: {tong_so: 10, duoc_danh_gia: 12}\n",
        encoding="utf-8",
    )
    out = run_cli("validate", str(r.root)).output
    found = lines_with(out, "nam-truoc")
    assert any("không được âm" in f for f in found)
    assert any("'htxnsv'" in f and "có phải 'htxsnv'" in f for f in found)
    assert any("lớn hơn tổng số" in f for f in found)


def test_console_script_runs_in_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "baocao", "validate", str(SAMPLE)],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    assert "Không có lỗi" in result.stdout


def test_an_output_folder_that_cannot_be_written_gets_a_message(tmp_path):
    blocked = tmp_path / "ra"
    blocked.write_text("a file where the output folder should be", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "baocao", "render", str(SAMPLE), "-o", str(blocked)],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Không đọc hoặc ghi được" in result.stderr
