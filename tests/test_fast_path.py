"""The fast path renders what docxtpl renders: every XML part of the sample, both ways."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from baocao import build, making
from baocao.plan import template_path
from baocao.render.docx import PreparedTemplate, render_with_docxtpl
from baocao.render.environment import make_environment
from conftest import SAMPLE
from docx_parts import assert_same_document


def test_prepared_templates_render_the_xml_docxtpl_renders():
    validated = build.validate(SAMPLE)
    jobs = build.plan(validated.round, draft=False)
    by_form: dict[str, list] = {}
    for job in jobs:
        by_form.setdefault(job.form, []).append(job)
    compared = 0
    for form, group in by_form.items():
        path = template_path(validated.round.folder, validated.round.rule_set, form)
        prepared = PreparedTemplate(path, make_environment())
        for job in group[:6]:
            # every part, up to serialisation only (see docx_parts.py)
            assert_same_document(prepared.render(job.context), render_with_docxtpl(path, job.context, make_environment()))
            compared += 1
    assert compared >= len(by_form) and set(by_form) == set(validated.round.rule_set.data.mau)  # every form of the rule set compared


def _rendered_with_one_and_two_jobs(tmp_path: Path, round_dir: Path = SAMPLE, *options: str) -> list[dict[str, bytes]]:
    """Every file `render --jobs 1` and `--jobs 2` write (but the state folder), by path."""
    from conftest import run_cli

    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        result = run_cli("render", str(round_dir), "-o", str(out), "--jobs", jobs, *options)
        assert result.exit_code == 0, result.output
        folder = out / round_dir.name
        outputs.append({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                        if p.is_file() and ".baocao" not in p.parts})
    return outputs


def expected_documents(round_dir: Path) -> int:
    """The documents the sample gets, counted from its YAML: per cell its report, list, notice, and with a
    meeting its minutes, ballot and vote count, and a review for each member who wrote one; per đảng bộ its
    report and its summary; the round's summary, tables, commendation list, decision and proposal."""
    count = 5
    for path in round_dir.rglob("*.yaml"):
        if path.name == "dot-danh-gia.yaml" or path.name.startswith("_"):
            continue
        unit = yaml.safe_load(path.read_text(encoding="utf-8"))
        if unit["loai"] == "dang_bo_co_so":
            count += 2
            continue
        count += 3 + (3 if unit.get("hoi_nghi") else 0) + sum(1 for m in unit["dang_vien"] if m.get("kiem_diem"))
    return count


def test_one_and_two_workers_write_byte_identical_folders(tmp_path):
    outputs = _rendered_with_one_and_two_jobs(tmp_path)
    assert sum(name.endswith(".docx") for name in outputs[0]) == expected_documents(SAMPLE)
    assert outputs[0] == outputs[1]


def _broken_copy(tmp_path: Path) -> Path:
    """The sample round with problems spread over many files: typed in workers, they must be
    reported exactly as when one process types them."""
    round_dir = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, round_dir)
    cells = sorted(p for p in round_dir.rglob("*.yaml") if p.name not in ("dot-danh-gia.yaml", "dang-bo.yaml"))
    for index, cell in enumerate(cells[::3]):
        text = cell.read_text(encoding="utf-8")
        if index % 4 == 0:
            text = text.replace("xep_loai: tsvm", "xep_loai: rat-tot", 1)
        elif index % 4 == 1:
            text = text.replace("  ngay: 2017-11-26", "  ngay: 2017-13-40", 1)
        elif index % 4 == 2:
            text += "ten: lặp lại khóa\n"
        else:  # typed fine, but a unit check (run in the worker that typed it) finds it wrong
            text = text.replace("  nam_sinh: 19", "  nam_sinh: 18", 1)
        cell.write_text(text, encoding="utf-8")
    return round_dir


def test_one_and_two_workers_report_broken_data_alike(tmp_path):
    from conftest import run_cli

    round_dir = _broken_copy(tmp_path)
    reports = [run_cli("validate", str(round_dir), "--format", "json", "--jobs", jobs) for jobs in ("1", "2")]
    assert reports[0].exit_code == reports[1].exit_code != 0
    assert reports[0].output == reports[1].output
    problems = json.loads(reports[0].output)["van_de"]
    assert {p["code"] for p in problems} >= {"xep-loai-khong-co", "khoa-trung", "nam-sinh"}, problems
    assert len({p["file"] for p in problems}) >= 5

    folders = _rendered_with_one_and_two_jobs(tmp_path, round_dir, "--draft")
    assert "van-de.txt" in folders[0] and any(name.endswith(".docx") for name in folders[0])
    assert folders[0] == folders[1]


def test_units_typed_in_workers_give_the_same_findings(tmp_path):
    round_dir = _broken_copy(tmp_path)
    reports = {}
    for workers in (1, 2):
        validated = build.validate(round_dir, workers=workers)
        usable = [unit for unit in validated.round.all_units() if unit.usable]
        assert len(usable) < len(validated.round.all_units())
        reports[workers] = validated.report.sorted()
    assert reports[1] == reports[2]
    assert any(d.code == "nam-sinh" for d in reports[2])


def test_conditions_on_units_typed_in_workers_give_the_same_findings(tmp_path):
    """366-QĐ/TW's score bands, on units typed in this process or in workers."""
    round_dir = tmp_path / "phuong"
    subprocess.run([sys.executable, str(SAMPLE.parents[1] / "tools" / "make_round.py"), str(round_dir), "--era", "2025",
                    "--cells", "40", "--members", "12", "--seed", "7"], check=True)
    for index, cell in enumerate(sorted(round_dir.glob("chi-bo-*.yaml"))[::3]):
        text = cell.read_text(encoding="utf-8")
        if index % 2:  # the cell's own score, far below its category
            text = re.sub(r"^diem: .*$", "diem: 40.0", text, count=1, flags=re.MULTILINE)
        else:  # a member's score, above the category given
            text = re.sub(r"^  diem: .*$", "  diem: 95.0", text, count=1, flags=re.MULTILINE)
        cell.write_text(text, encoding="utf-8")
    reports = {}
    for workers in (1, 2):
        validated = build.validate(round_dir, workers=workers)
        reports[workers] = validated.report.sorted()
    assert reports[1] == reports[2]
    assert sum(d.code == "xep-loai-theo-diem" for d in reports[2]) >= 12, reports[2]


def test_units_from_the_cache_are_checked_again_when_the_round_file_changes(tmp_path, monkeypatch):
    from baocao import checks
    from conftest import run_cli

    round_dir = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, round_dir)
    cell = round_dir / "chi-bo-chi-cuc-thue.yaml"  # a member admitted a month before the review: not yet classified
    cell.write_text(re.sub(r"ngay_vao_dang: \d{4}-\d\d-\d\d", "ngay_vao_dang: 2017-10-20", cell.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    out = tmp_path / "ra"
    assert run_cli("render", str(round_dir), "-o", str(out), "--draft", "--jobs", "1").exit_code == 0
    cache = out / SAMPLE.name / ".baocao"

    checked: list[str] = []
    real_check = checks.Validation.check_unit
    monkeypatch.setattr(checks.Validation, "check_unit", lambda self, unit: (checked.append(unit.rel.as_posix()), real_check(self, unit)))

    def findings(cache_folder: Path | None = cache) -> list[str]:
        validated = build.validate(round_dir, draft=True, cache_folder=cache_folder)
        return [d.code for d in validated.report.sorted() if d.file.endswith("chi-bo-chi-cuc-thue.yaml")]

    units = len(list(round_dir.rglob("*.yaml"))) - 1  # every file but the round file is a unit
    assert findings() == ["xep-loai-khi-khong-danh-gia"] and len(checked) == units  # typed units from the cache, checked here
    checked.clear()
    round_file = round_dir / "dot-danh-gia.yaml"  # a review date a year on: the member's six months are past
    round_file.write_text(round_file.read_text(encoding="utf-8").replace("ngay_danh_gia: 2017-11-28", "ngay_danh_gia: 2018-11-28"), encoding="utf-8")
    again = findings()
    assert "xep-loai-khi-khong-danh-gia" not in again and len(checked) == units  # every unit checked anew
    assert again == findings(cache_folder=None)  # as a run without any cache finds


def test_a_worker_that_cannot_write_stops_the_render_with_nothing_replaced(tmp_path):
    """A file where a unit's folder should be: the worker making that unit's documents fails.
    The user gets a message, no document is put in place and no temporary file stays behind."""
    out = tmp_path / "ra"
    blocked = out / SAMPLE.name / "dang-bo-xa-van-binh"
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "baocao", "render", str(SAMPLE), "-o", str(out), "--jobs", "2"],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Không đọc hoặc ghi được" in result.stderr
    assert "dang-bo-xa-van-binh" in result.stderr
    left = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and ".baocao" not in p.parts]
    assert left == [f"{SAMPLE.name}/dang-bo-xa-van-binh"]


def test_without_fork_two_jobs_run_in_one_process_and_write_the_same(tmp_path, monkeypatch):
    """Where the system cannot fork (Windows), --jobs 2 must still work, in this process."""
    from baocao import parallel

    started = []
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", lambda *a, **k: started.append(1))
    outputs = _rendered_with_one_and_two_jobs(tmp_path)
    assert not started
    assert outputs[0] and outputs[0] == outputs[1]


def test_a_worker_killed_from_outside_gets_a_message_and_replaces_nothing(tmp_path, monkeypatch, capsys):
    """The kernel may kill a worker for want of memory: the user is told, nothing is replaced."""
    import os

    out = tmp_path / "ra"
    first = run_cli_quietly(["render", str(SAMPLE), "-o", str(out), "--jobs", "2"], monkeypatch)
    assert first == 0
    before = {p: p.read_bytes() for p in out.rglob("*.docx")}
    made = making.DocumentMaker.make

    def dies_on_the_minutes(self, job):
        if job.form == "bien_ban":
            os._exit(9)  # as a worker killed from outside dies: no exception, no goodbye
        return made(self, job)

    monkeypatch.setattr(making.DocumentMaker, "make", dies_on_the_minutes)
    code = run_cli_quietly(["render", str(SAMPLE), "-o", str(out), "--jobs", "2", "--force"], monkeypatch)
    assert code == 1
    error = capsys.readouterr().err
    assert "bị dừng đột ngột" in error and "Traceback" not in error
    assert {p: p.read_bytes() for p in out.rglob("*.docx")} == before
    assert not list(out.rglob("*.tmp"))


def run_cli_quietly(arguments: list[str], monkeypatch) -> int:
    """The console entry point itself (its last guards included), as a user runs it."""
    from baocao import cli

    monkeypatch.setattr(sys, "argv", ["baocao", *arguments])
    try:
        cli.run()
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0
