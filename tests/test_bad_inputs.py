"""The corpus of bad files (tests/corpus/expected.yaml, written by hand) and bad trees and outputs."""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from baocao import build
from baocao.source import MAX_FILE_BYTES, parse_yaml_text
from conftest import SAMPLE, cell_yaml, committee_yaml, lines_with, run_cli, is_template_problem

CORPUS = Path(__file__).parent / "corpus"
CASES = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def _round_with(tmp_path: Path, case: dict) -> tuple[Path, str]:
    root = tmp_path / "dot"
    root.mkdir()
    source = CORPUS / case["tep"]
    if case["vai_tro"] == "dot":
        shutil.copy(source, root / "dot-danh-gia.yaml")
        (root / "cb.yaml").write_text((CORPUS / "base.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        return root, "dot-danh-gia.yaml"
    shutil.copy(CORPUS / "round-base.yaml", root / "dot-danh-gia.yaml")
    shutil.copy(source, root / case["tep"])
    return root, case["tep"]


@pytest.mark.parametrize("case", CASES, ids=[c["tep"] for c in CASES])
def test_corpus_file_gets_its_message_at_its_line(tmp_path, case):
    root, name = _round_with(tmp_path, case)
    result = run_cli("validate", "--format", "json", str(root))
    assert "Traceback" not in result.output
    payload = json.loads(result.output)
    problems = [p for p in payload["van_de"] if p["file"].endswith(name)]
    if case["ma"] is None:
        assert not [p for p in problems if p["severity"] == "loi"], problems
        assert result.exit_code == 0
        return
    found = [
        p for p in problems
        if p["code"] == case["ma"] and case.get("gia_tri", "") in p["message"] and case.get("khoa", "") in p["message"]
    ]
    assert found, problems
    problem = found[0]
    assert problem["line"] == case["dong"], problem
    assert problem["severity"] == case.get("muc_do", "loi")
    if case.get("khoa"):
        assert case["khoa"] in problem["message"], problem
    if case.get("gia_tri"):
        assert case["gia_tri"] in problem["message"], problem
    assert result.exit_code == (0 if problem["severity"] == "canh_bao" else 1)


@pytest.mark.parametrize("case", [c for c in CASES if c.get("so_do")], ids=[c["tep"] for c in CASES if c.get("so_do")])
def test_the_json_schema_rejects_what_it_can_express(case):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run_cli("schema", "don-vi").output)
    data, _ = parse_yaml_text((CORPUS / case["tep"]).read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    good, _ = parse_yaml_text((CORPUS / "base.yaml").read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(good))


def test_decomposed_vietnamese_is_read_as_composed(tmp_path):
    root, _ = _round_with(tmp_path, {"tep": "nfd.yaml", "vai_tro": "don_vi"})
    validated = build.validate(root)
    names = [m.ho_ten for m in validated.round.units[0].members]
    assert "Lê Thị Bình" in names and all(n == unicodedata.normalize("NFC", n) for n in names)


def test_a_file_too_large_to_be_a_unit(tmp_path):
    root, _ = _round_with(tmp_path, {"tep": "base.yaml", "vai_tro": "don_vi"})
    big = root / "to.yaml"
    big.write_text((CORPUS / "base.yaml").read_text(encoding="utf-8") + "# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    (line,) = lines_with(run_cli("validate", str(root)).output, "tep-qua-lon")
    assert "to.yaml:1:1" in line and "giới hạn 2048 kB" in line


# --- the tree -----------------------------------------------------------------------------------------


@pytest.fixture
def tree(round_builder):
    r = round_builder()
    r.write("db/dang-bo.yaml", committee_yaml("Đảng bộ X"))
    r.cell("db/cb-a.yaml", ["httnv"] * 3)
    return r


def test_a_symlink_loop_is_refused(tree):
    os.symlink(tree.root, tree.root / "db" / "vong")
    os.symlink(tree.root, tree.root / "vong-ngoai")
    result = run_cli("validate", str(tree.root))
    found = lines_with(result.output, "lien-ket")
    assert len(found) == 2 and all("liên kết tới thư mục" in f for f in found)
    assert result.exit_code == 1


def test_a_link_to_a_unit_file_outside_the_round(tree, tmp_path):
    outside = tmp_path / "ngoai.yaml"
    outside.write_text(cell_yaml("Chi bộ Ngoài", "chi_bo_co_so", ["httnv"]), encoding="utf-8")
    os.symlink(outside, tree.root / "cb-ngoai.yaml")
    (line,) = lines_with(run_cli("validate", str(tree.root)).output, "lien-ket")
    assert "cb-ngoai.yaml" in line and "ngoài thư mục đợt" in line


def test_two_files_that_are_the_same_unit(tree):
    shutil.copy(tree.root / "db" / "cb-a.yaml", tree.root / "db" / "cb-a (1).yaml")  # a copy kept by mistake
    os.symlink(tree.root / "db" / "cb-a.yaml", tree.root / "db" / "cb-lien-ket.yaml")  # the same file twice
    out = run_cli("validate", str(tree.root)).output
    found = lines_with(out, "trung-don-vi")
    assert len(found) == 2
    assert any("cb-a (1).yaml" in f and "cb-a.yaml" in f and "hai tệp cùng là một đơn vị" in f for f in found)
    assert any("cb-lien-ket.yaml" in f and "chỉ tính một lần" in f for f in found)
    validated = build.validate(tree.root)
    assert len(validated.round.units[0].children) == 2  # the link is not counted


def test_a_folder_nested_deeper_than_the_tree_allows(tree):
    tree.cell("db/sau/cb-b.yaml", ["httnv"] * 3)
    (line,) = lines_with(run_cli("validate", str(tree.root)).output, "cay-qua-sau")
    assert "db/sau" in line


# --- outputs that would leave the output folder ----------------------------------------------------


def test_a_symlink_planted_in_the_output_folder_is_not_followed(sample_copy, tmp_path):
    out = tmp_path / "out"
    victim = tmp_path / "ngoai"
    victim.mkdir()
    (out / sample_copy.name).mkdir(parents=True)
    os.symlink(victim, out / sample_copy.name / "chi-bo-hoi-chu-thap-do")
    os.symlink(victim / "ghi-de.docx", out / sample_copy.name / "bieu-tong-hop.docx")
    result = run_cli("render", str(sample_copy), "-o", str(out))
    assert result.exit_code == 1
    assert "liên kết (symlink)" in result.output
    assert not list(victim.iterdir())  # nothing written through either link
    assert (out / sample_copy.name / "bao-cao-tong-hop.docx").is_file()  # the rest was written


def test_names_in_the_data_cannot_make_paths(round_builder, tmp_path):
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    path = r.root / "cb.yaml"
    text = path.read_text(encoding="utf-8").replace("Đảng Viên Số 001", "'../../../etc/x'")
    path.write_text(text.replace("  xep_loai: httnv\n", "  xep_loai: httnv\n  kiem_diem: {tu_tuong_chinh_tri: Tốt}\n", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("render", str(r.root), "-o", str(out)).exit_code == 0
    written = [p.relative_to(out).as_posix() for p in out.rglob("*.docx")]
    assert "dot/cb/ban-kiem-diem/01-etc-x.docx" in written
    assert all(p.startswith("dot/") for p in written)


def test_the_sample_is_unchanged_by_these_tests():
    assert (SAMPLE / "dot-danh-gia.yaml").is_file()


# --- templates you did not write ----------------------------------------------------------------------


def _template_with(r, build_paragraphs) -> None:
    from docx import Document

    doc = Document(str(Path(__file__).resolve().parents[1] / "templates" / "bao-cao-kiem-diem-tap-the.docx"))
    build_paragraphs(doc)
    (r.root / "_mau").mkdir(exist_ok=True)
    doc.save(str(r.root / "_mau" / "bao-cao-kiem-diem-tap-the.docx"))


def test_a_tag_split_across_word_runs_still_renders(round_builder, tmp_path):
    from docx import Document

    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)

    def split_runs(doc):
        paragraph = doc.add_paragraph("Đơn vị: ")
        paragraph.add_run("{{ don_").bold = True
        paragraph.add_run("vi.ten }}").italic = True

    _template_with(r, split_runs)
    result = run_cli("render", str(r.root), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = [p.text for p in Document(str(tmp_path / "out" / "dot" / "cb" / "bao-cao-kiem-diem-tap-the.docx")).paragraphs]
    assert "Đơn vị: Chi bộ cb" in text


def test_a_draft_renders_the_cells_of_a_dang_bo_whose_own_file_is_unreadable(tmp_path):
    round_dir = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, round_dir)
    (round_dir / "dang-bo-xa-ha-hoi" / "dang-bo.yaml").write_text("ten: [unclosed\n", encoding="utf-8")
    result = run_cli("render", str(round_dir), "-o", str(tmp_path / "out"), "--draft")
    assert result.exit_code in (0, 1), result.output
    assert "Lỗi nội bộ" not in result.output and "dang-bo-xa-ha-hoi/dang-bo.yaml" in result.output
    assert list((tmp_path / "out" / SAMPLE.name / "dang-bo-xa-ha-hoi").rglob("bao-cao-kiem-diem-tap-the.docx"))


def test_an_unknown_filter_or_test_is_named_in_vietnamese_with_a_suggestion(round_builder, tmp_path):
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    for written, expected in (("{{ don_vi.ten | hooa }}", "bộ lọc 'hooa' không có (có phải 'hoa'?)"),
                              ("{% if don_vi.ten is numbr %}x{% endif %}", "phép thử 'numbr' không có (có phải 'number'?)")):
        _template_with(r, lambda doc, text=written: doc.add_paragraph(text))
        result = run_cli("render", str(r.root), "-o", str(tmp_path / "out"))
        assert result.exit_code == 1
        (line,) = [found for found in result.output.splitlines() if is_template_problem(found)]
        assert expected in line and "No filter" not in line and "No test" not in line, line


def test_a_broken_tag_split_across_runs_names_template_and_paragraph(round_builder, tmp_path):
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)

    def broken_split(doc):
        paragraph = doc.add_paragraph("Đơn vị: ")
        paragraph.add_run("{{ don_vi").bold = True
        paragraph.add_run(".ten }").italic = True  # one closing brace lost while editing
        doc.add_paragraph("Hết.")

    _template_with(r, broken_split)
    result = run_cli("render", str(r.root), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    (line,) = [found for found in result.output.splitlines() if is_template_problem(found)]
    assert "_mau/bao-cao-kiem-diem-tap-the.docx" in line and "sai cú pháp mẫu" in line and "Đơn vị: {{ don_vi.ten }" in line
    assert "Traceback" not in result.output
