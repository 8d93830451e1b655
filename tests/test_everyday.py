"""A ward office's everyday path: where output goes, Vietnamese everywhere, status and changes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from baocao import click_vi
from baocao.cli import main
from conftest import SAMPLE, lines_with, run_cli

CELL = "dang-bo-xa-van-binh/chi-bo-thon-dong"


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# --- never write into the round folder ------------------------------------------------------------------


def test_render_inside_the_round_writes_beside_it(sample_copy, monkeypatch):
    before = _tree(sample_copy)
    monkeypatch.chdir(sample_copy)
    result = run_cli("render")  # the round is the current folder: it holds dot-danh-gia.yaml
    assert result.exit_code == 0, result.output
    assert _tree(sample_copy) == before  # nothing written into the round
    beside = sample_copy.parent / "output" / sample_copy.name
    assert (beside / "bao-cao-tong-hop.docx").is_file()
    assert run_cli("render", ".").exit_code == 0 and _tree(sample_copy) == before
    assert run_cli("validate").exit_code == 0  # the round still validates: no folder "output" in it
    status = run_cli("status")
    assert status.exit_code == 0 and "mới nhất" in status.output  # status finds the documents beside the round


@pytest.mark.parametrize("output", ["out", ".", "..", "dang-bo-xa-van-binh"])
def test_an_output_folder_inside_the_round_is_refused(sample_copy, monkeypatch, output):
    before = _tree(sample_copy)
    monkeypatch.chdir(sample_copy)
    result = run_cli("render", ".", "-o", output)
    assert result.exit_code == 2
    assert "không ghi vào thư mục đợt" in result.output
    assert _tree(sample_copy) == before
    forms = run_cli("excel-form", ".", "-o", "bieu-mau")
    assert forms.exit_code == 2 and _tree(sample_copy) == before


# --- click's own words ---------------------------------------------------------------------------------------


def test_click_speaks_vietnamese():
    # The real command, in its own process: what a user's terminal shows.
    wrong = subprocess.run([sys.executable, "-m", "baocao", "renderr"], capture_output=True, text=True, encoding="utf-8")
    assert wrong.returncode == 2
    assert "Lỗi: Không có lệnh 'renderr'. Có phải 'render'?" in wrong.stderr and "Cách dùng:" in wrong.stderr
    assert "[TÙY CHỌN] LỆNH [THAM SỐ]..." in wrong.stderr
    assert "Usage" not in wrong.stderr and "Error" not in wrong.stderr
    missing = subprocess.run([sys.executable, "-m", "baocao", "import", str(SAMPLE / "dot-danh-gia.yaml")],
                             capture_output=True, text=True, encoding="utf-8")
    assert missing.returncode == 2 and "Lỗi: Thiếu tùy chọn '--round'." in missing.stderr
    helped = run_cli("render", "--help")
    assert "Tùy chọn:" in helped.output and "In hướng dẫn này rồi thoát." in helped.output and "Options" not in helped.output
    choice = run_cli("validate", "--format", "xml", str(SAMPLE))
    assert "không phải một trong" in choice.output


def test_aborted_is_said_in_vietnamese():
    @click.group(cls=click_vi.Group)
    def group() -> None:
        pass

    @group.command()
    def stop() -> None:
        raise click.Abort()

    result = CliRunner().invoke(group, ["stop"])
    assert result.exit_code == 1 and "Đã hủy!" in result.output


def test_every_option_and_command_has_a_vietnamese_help():
    for name, command in main.commands.items():
        assert command.help, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help and not param.help.isascii(), (name, param.name)


# --- status, changes, history, --unit ------------------------------------------------------------------------


@pytest.fixture
def rendered(sample_copy, tmp_path) -> tuple[Path, Path]:
    out = tmp_path / "out"
    assert run_cli("render", str(sample_copy), "-o", str(out)).exit_code == 0
    return sample_copy, out


def test_status_shows_names_and_documents_edited_by_hand(rendered):
    data, out = rendered
    report = out / data.name / CELL / "bao-cao-kiem-diem-tap-the.docx"
    document = Document(report)
    document.add_paragraph("Bí thư sửa tay một đoạn.")
    document.save(report)
    result = run_cli("status", str(data), "-o", str(out))
    line = next(line for line in result.output.splitlines() if CELL in line)
    assert line.startswith("Chi bộ thôn Đông") and "có 1 tệp sửa tay" in line
    rows = json.loads(run_cli("status", str(data), "-o", str(out), "--format", "json").output)["don_vi"]
    assert next(r for r in rows if r["don_vi"] == CELL)["ten"] == "Chi bộ thôn Đông"
    other = next(line for line in result.output.splitlines() if "dang-bo-xa-van-binh/chi-bo-thon-bac" in line)
    assert other.endswith("mới nhất")


def test_changes_reports_a_text_edit_and_a_reason_is_recorded(rendered):
    data, out = rendered
    unit = data / CELL
    path = unit.with_suffix(".yaml")
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(content["kiem_diem"]))
    texts = content["kiem_diem"][first]
    content["kiem_diem"][first] = (texts if isinstance(texts, list) else [texts]) + ["Một đoạn thêm sau hội nghị."]
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")  # categories as they were
    found = run_cli("changes", str(data), "-o", str(out))
    assert f"{CELL}: Chi bộ thôn Đông: sửa nội dung kiểm điểm tập thể" in found.output
    again = run_cli("render", str(data), "-o", str(out), "--reason", "sửa lỗi chính tả")
    assert again.exit_code == 0
    history = json.loads(run_cli("changes", str(data), "-o", str(out), "--history", "--format", "json").output)
    assert history[-1]["ly_do"] == "sửa lỗi chính tả"  # no category changed, the reason is kept all the same


def test_render_unit_counts_that_units_documents(rendered):
    data, out = rendered
    result = run_cli("render", str(data), "-o", str(out), "--unit", CELL)
    assert result.exit_code == 0
    mine = len(list((out / data.name / CELL).rglob("*.docx")))  # the cell's folder holds its documents only
    assert 3 <= mine < len(list((out / data.name).rglob("*.docx")))
    assert f"Đã ghi 0 văn bản, {mine} văn bản không đổi" in result.output


def test_an_expected_unit_not_sent_is_not_yet_submitted(round_builder):
    builder = round_builder()
    builder.cell("cb-a.yaml", ["httnv"] * 3)
    path = builder.cell("cb-b.yaml", ["httnv"] * 3)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "- ho_ten: Đảng Viên Số 001", "- ho_ten: Đảng Viên Số 001\n  nhom: lanh_dao\n  phu_trach: [cb-c]"), encoding="utf-8")
    round_file = builder.root / "dot-danh-gia.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8") + "don_vi_du_kien: [cb-a.yaml, cb-b.yaml, cb-c.yaml]\n", encoding="utf-8")
    result = run_cli("validate", str(builder.root))
    assert not [line for line in lines_with(result.output, "phu-trach") if "lỗi" in line]
    assert any("'cb-c' chưa nộp tệp dữ liệu" in line for line in lines_with(result.output, "phu-trach"))
    assert "có phải" not in result.output
    status = run_cli("status", str(builder.root), "-o", str(builder.root.parent / "out"))
    assert any("cb-c" in line and "chưa nộp" in line for line in status.output.splitlines())
    unit = run_cli("render", str(builder.root), "-o", str(builder.root.parent / "out"), "--unit", "cb-c")
    assert unit.exit_code == 1 and "đơn vị 'cb-c' chưa nộp tệp dữ liệu" in unit.output


# --- a new round, a unit alone ----------------------------------------------------------------------------


def test_a_draft_of_a_new_round_does_not_claim_anyone_assessed(tmp_path):
    new = tmp_path / "thuong-tin-2018"
    assert run_cli("init", str(new), "--from", str(SAMPLE)).exit_code == 0
    result = run_cli("render", str(new), "-o", str(tmp_path / "out"), "--draft")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(tmp_path / "out" / new.name / "bao-cao-tong-hop.docx").paragraphs)
    assert re.search(r"Tổng số tổ chức cơ sở đảng: (\d+); đã đánh giá 0/\1, chiếm 0[,0]*%; chưa xếp loại \1\.", text)
    # Members exempt last year stay exempt: those to be rated are the total less them, none rated yet.
    members = re.search(r"Tổng số đảng viên: (\d+); đã đánh giá 0/\1, chiếm 0[,0]*%; chưa xếp loại (\d+); không đánh giá (\d+)", text)
    assert members and int(members[2]) + int(members[3]) == int(members[1])
    assert not re.search(r"đã đánh giá [1-9]", text)


def test_validate_a_unit_file_inside_its_round(sample_copy):
    broken = sample_copy / "dang-bo-xa-van-binh" / "chi-bo-thon-bac.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("nam_sinh: 19", "nam_sinh: 18", 1), encoding="utf-8")
    whole = run_cli("validate", str(sample_copy))
    assert whole.exit_code == 1 and lines_with(whole.output, "nam-sinh")
    mine = run_cli("validate", str(sample_copy / f"{CELL}.yaml"))
    assert mine.exit_code == 0 and "Kiểm tra" in mine.output and not lines_with(mine.output, "nam-sinh")
    theirs = run_cli("validate", str(broken))
    assert theirs.exit_code == 1 and lines_with(theirs.output, "nam-sinh")
    alone = run_cli("validate", str(Path(__file__)))
    assert alone.exit_code == 2 and "không nằm trong thư mục đợt" in alone.output
