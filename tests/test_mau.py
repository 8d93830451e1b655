"""`baocao mau`: the templates a round uses, and each template's variables with a description."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from baocao import build
from baocao.kinds import FORMS
from baocao.template_guide import descriptions, variables
from conftest import REPO, SAMPLE, run_cli

ROUNDS = [SAMPLE, REPO / "data" / "phuong-song-nhue-2025"]


@pytest.fixture(scope="module")
def variables_by_form() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for round_dir in ROUNDS:
        jobs = build.plan(build.validate(round_dir).round, draft=False)
        for form in FORMS:
            found.setdefault(form, set()).update(v.path for v in variables([job for job in jobs if job.form == form]))
    return found


def test_every_variable_of_every_built_in_form_is_described(variables_by_form):
    described = descriptions()
    for form, paths in variables_by_form.items():
        assert paths, form
        assert not sorted(paths - set(described)), form


def test_no_description_is_left_for_a_variable_no_context_has(variables_by_form):
    offered = set().union(*variables_by_form.values())
    assert not sorted(set(descriptions()) - offered)


def test_mau_lists_the_rounds_templates_built_in_or_its_own(tmp_path):
    round_dir = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, round_dir)
    result = run_cli("mau", str(round_dir))
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines() if line.startswith("  ")]
    assert {row[0] for row in rows} == set(FORMS)
    assert all(line.endswith("(có sẵn)") for line in result.output.splitlines() if line.startswith("  "))

    (round_dir / "_mau").mkdir()
    shutil.copy(REPO / "templates" / "bien-ban-hoi-nghi.docx", round_dir / "_mau")
    result = run_cli("mau", str(round_dir))
    (own,) = [line for line in result.output.splitlines() if "_mau/ của đợt" in line and line.startswith("  ")]
    meetings = sum("\nhoi_nghi:" in p.read_text(encoding="utf-8") for p in round_dir.rglob("chi-bo-*.yaml"))  # cells that met
    assert own.split()[0] == "bien_ban" and f"{meetings} văn bản" in own


def test_mau_form_lists_its_variables_with_descriptions_and_examples_from_the_data():
    result = run_cli("mau", str(SAMPLE), "danh_sach_xep_loai")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("  ")}
    # the sample round's dot-danh-gia.yaml says nam: 2017 and its committee is Huyện ủy Thường Tín
    assert "Năm đánh giá" in lines["dot.nam"] and lines["dot.nam"].endswith("ví dụ: 2017")
    assert lines["dot.cap_uy.ten"].endswith("ví dụ: Huyện ủy Thường Tín")
    assert "Họ và tên" in lines["danh_sach[].ho_ten"]
    assert "chưa có mô tả" not in result.output
    by_file = run_cli("mau", str(SAMPLE), "danh-sach-xep-loai-dang-vien.docx")
    assert by_file.output == result.output


def test_mau_with_an_unknown_form_names_the_forms():
    result = run_cli("mau", str(SAMPLE), "bao_cao_khong_co")
    assert result.exit_code == 2
    assert "bao_cao_khong_co" in result.output and "bao_cao_tap_the" in result.output


def test_the_descriptions_file_is_packaged_beside_the_code():
    assert (Path(build.__file__).parent / "render" / "bien.yaml").is_file()
