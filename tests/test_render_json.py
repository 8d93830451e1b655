"""`render --format json`: what a render came to, for another program (a committee's own script,
a scheduler), as `validate --format json` gives its problems."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from docx import Document

from conftest import REPO, SAMPLE, run_cli

TEMPLATES = REPO / "templates"


def _render_json(*args: str) -> tuple[int, dict]:
    result = run_cli("render", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_a_render_lists_what_it_wrote_and_what_it_left(tmp_path):
    out = tmp_path / "out"
    code, first = _render_json(str(SAMPLE), "-o", str(out))
    written = sorted(p for p in (out / SAMPLE.name).rglob("*.docx"))
    assert code == first["ma_thoat"] == 0
    assert len(first["da_ghi"]) == len(written) > 200 and first["khong_doi"] == 0
    assert first["so_loi"] == 0 and first["chua_lap"] is None
    assert [d for d in first["van_de"] if d["severity"] == "loi"] == []

    edited = out / SAMPLE.name / "bao-cao-tong-hop.docx"
    document = Document(str(edited))
    document.add_paragraph("Văn phòng sửa tay.")
    document.save(str(edited))
    (SAMPLE_COPY := tmp_path / SAMPLE.name).mkdir()
    shutil.copytree(SAMPLE, SAMPLE_COPY, dirs_exist_ok=True)
    summary_file = SAMPLE_COPY / "dot-danh-gia.yaml"
    summary_file.write_text(summary_file.read_text(encoding="utf-8").replace("so: 150", "so: 151", 1), encoding="utf-8")
    code, second = _render_json(str(SAMPLE_COPY), "-o", str(out))
    assert code == 0
    kept = [d for d in second["van_de"] if d["code"] == "giu-ban-sua-tay"]
    assert [Path(d["file"]).name for d in kept] == ["bao-cao-tong-hop.docx"] and kept[0]["severity"] == "canh_bao"
    # Only the summary shows the report's number: it is kept as edited, and nothing else changes.
    assert second["da_ghi"] == [] and second["khong_doi"] == len(written) - 1


def test_data_with_errors_stops_the_render_and_says_why(tmp_path):
    round_dir = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, round_dir)
    cell = round_dir / "dang-bo-xa-van-binh" / "chi-bo-thon-dong.yaml"
    cell.write_text(cell.read_text(encoding="utf-8").replace("nam_sinh: 19", "nam_sinh: abc19", 1), encoding="utf-8")
    code, payload = _render_json(str(round_dir), "-o", str(tmp_path / "out"))
    assert code == payload["ma_thoat"] == 1
    assert payload["chua_lap"] and payload["da_ghi"] == []
    errors = [d for d in payload["van_de"] if d["severity"] == "loi"]
    assert errors and errors[0]["file"].endswith("chi-bo-thon-dong.yaml") and errors[0]["line"] > 0


def test_a_template_problem_is_listed_and_nothing_is_written(tmp_path):
    round_dir = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, round_dir)
    (round_dir / "_mau").mkdir()
    template = Document(str(TEMPLATES / "bao-cao-kiem-diem-tap-the.docx"))
    template.add_paragraph("Đơn vị: {{ don_vi.tne }}")
    template.save(str(round_dir / "_mau" / "bao-cao-kiem-diem-tap-the.docx"))
    code, payload = _render_json(str(round_dir), "-o", str(tmp_path / "out"))
    assert code == payload["ma_thoat"] == 1
    (problem,) = [d for d in payload["van_de"] if d["code"] == "mau-khong-khop"]
    assert problem["file"].endswith("_mau/bao-cao-kiem-diem-tap-the.docx") and "tne" in problem["message"]
    assert problem["severity"] == "loi" and payload["so_loi"] == 1
    assert payload["da_ghi"] == []
