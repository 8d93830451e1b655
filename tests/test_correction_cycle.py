"""The correction cycle: incremental re-render, what changed, history, nothing lost, status, init."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from filelock import FileLock

from baocao import build
from conftest import SAMPLE, lines_with, run_cli

CELL = "dang-bo-xa-van-binh/chi-bo-thon-dong"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*.docx")}


def _lower_first_best(path: Path) -> str:
    """Lower the first HTXSNV member of a cell file to HTTNV; return the member's name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    member = next(m for m in data["dang_vien"] if m.get("xep_loai") == "htxsnv")
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line == f"- ho_ten: {member['ho_ten']}")
    offset = next(i for i in range(start + 1, len(lines)) if lines[i] == "  xep_loai: htxsnv")
    lines[offset] = "  xep_loai: httnv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return member["ho_ten"]


@pytest.fixture
def rendered_copy(sample_copy, tmp_path):
    out_root = tmp_path / "out"
    result = run_cli("render", str(sample_copy), "-o", str(out_root))
    assert result.exit_code == 0, result.output
    return sample_copy, out_root / sample_copy.name


def test_one_correction_rewrites_that_cell_and_the_summaries_only(rendered_copy):
    data, out = rendered_copy
    before = _snapshot(out)
    time.sleep(0.01)
    name = _lower_first_best(data / f"{CELL}.yaml")
    result = run_cli("render", str(data), "-o", str(out.parent), "--reason", "Ban Thường vụ hạ theo hạn mức")
    assert result.exit_code == 0, result.output
    after = _snapshot(out)
    changed = {rel for rel in before if before[rel] != after[rel]}
    expected_cell = {rel for rel in changed if rel.startswith(CELL + "/")}
    summaries = {"bao-cao-tong-hop.docx", "bieu-tong-hop.docx", "danh-sach-khen-thuong.docx", "to-trinh-khen-thuong.docx",
                 "dang-bo-xa-van-binh/bao-cao-tong-hop.docx"}
    assert changed - expected_cell == summaries
    assert f"{CELL}/danh-sach-xep-loai-dang-vien.docx" in expected_cell
    for rel in set(before) - changed:
        assert before[rel] == after[rel]  # same bytes, same mtime: untouched
    assert f"Đã ghi {len(changed)} văn bản, {len(before) - len(changed)} văn bản không đổi" in result.output
    assert f"đồng chí {name}: HTXSNV → HTTNV" in result.output

    changes = run_cli("changes", str(data), "-o", str(out.parent))
    assert "Không có thay đổi" in changes.output  # the render took them in
    history = run_cli("changes", "--history", str(data), "-o", str(out.parent))
    assert "lý do: Ban Thường vụ hạ theo hạn mức" in history.output and f"đồng chí {name}: HTXSNV → HTTNV" in history.output


def test_changes_reports_categories_and_figures_before_and_after(rendered_copy):
    data, out = rendered_copy
    name = _lower_first_best(data / f"{CELL}.yaml")
    result = run_cli("changes", str(data), "-o", str(out.parent), "--format", "json")
    payload = json.loads(result.output)
    texts = [c["text"] for c in payload["thay_doi"]]
    assert f"{CELL}: đồng chí {name}: HTXSNV → HTTNV" in texts
    # the round's figures, recomputed here from the YAML: one fewer HTXSNV, one more HTTNV
    figures = [t for t in texts if t.startswith("Báo cáo tổng hợp, đảng viên:")]
    assert len(figures) == 1 and "HTXSNV" in figures[0] and "→" in figures[0]
    best = sum(
        m.get("xep_loai") == "htxsnv"
        for p in data.rglob("*.yaml") if p.name != "dot-danh-gia.yaml"
        for m in (yaml.safe_load(p.read_text(encoding="utf-8")).get("dang_vien") or [])
    )
    assert f"HTXSNV {best + 1} → {best}" in figures[0]


def test_quota_broken_then_holding_is_reported(round_builder, tmp_path):
    r = round_builder()
    r.cell("cb.yaml", ["htxsnv"] * 2 + ["httnv"] * 4)
    out = tmp_path / "out"
    assert run_cli("render", "--draft", str(r.root), "-o", str(out)).exit_code == 0
    r.cell("cb.yaml", ["htxsnv"] + ["httnv"] * 5)
    result = run_cli("render", str(r.root), "-o", str(out))
    assert "Hạn mức han-muc-htxsnv-chi-bo-nho (cb): vượt → bảo đảm" in result.output


def test_hand_edited_document_survives_and_force_keeps_it_aside(rendered_copy):
    data, out = rendered_copy
    target = out / CELL / "danh-sach-xep-loai-dang-vien.docx"
    doc = Document(str(target))
    doc.add_paragraph("Ghi chú viết tay của văn phòng")
    doc.save(str(target))
    edited = target.read_bytes()
    _lower_first_best(data / f"{CELL}.yaml")
    result = run_cli("render", str(data), "-o", str(out.parent))
    assert result.exit_code == 0
    assert target.read_bytes() == edited
    assert "[giu-ban-sua-tay]" in result.output and "danh-sach-xep-loai-dang-vien.docx" in result.output
    forced = run_cli("render", "--force", str(data), "-o", str(out.parent))
    assert forced.exit_code == 0
    aside = list(target.parent.glob("danh-sach-xep-loai-dang-vien.sua-tay-*.docx"))
    assert len(aside) == 1 and aside[0].read_bytes() == edited
    assert target.read_bytes() != edited and "Ghi chú viết tay" not in "\n".join(p.text for p in Document(str(target)).paragraphs)


def test_removed_unit_documents_move_to_da_xoa(rendered_copy):
    data, out = rendered_copy
    # A unit rated TSVM goes: the 50 % quota still holds without it (a unit below TSVM might break it).
    removed = next(p.stem for p in sorted(data.glob("chi-bo-*.yaml")) if "\nxep_loai: tsvm\n" in p.read_text(encoding="utf-8"))
    (data / f"{removed}.yaml").unlink()
    result = run_cli("render", str(data), "-o", str(out.parent))
    assert result.exit_code == 0, result.output
    assert not (out / removed).exists()
    moved = out / "da-xoa" / removed / "bao-cao-kiem-diem-tap-the.docx"
    assert moved.is_file() and zipfile.is_zipfile(moved)
    assert "thêm đơn vị" not in result.output and f"{removed}: bỏ đơn vị" in result.output


def test_a_document_open_in_word_is_named_and_the_rest_written(rendered_copy, monkeypatch):
    data, out = rendered_copy
    _lower_first_best(data / f"{CELL}.yaml")
    locked = (out / CELL / "danh-sach-xep-loai-dang-vien.docx").resolve()
    real_replace = os.replace

    def replace(source, target):  # Windows refuses to replace a file Word holds open
        if Path(target).resolve() == locked:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_replace(source, target)

    monkeypatch.setattr("baocao.files.os.replace", replace)
    before = locked.read_bytes()
    result = run_cli("render", str(data), "-o", str(out.parent))
    assert result.exit_code == 1
    assert "đang mở trong chương trình khác" in result.output and "danh-sach-xep-loai-dang-vien.docx" in result.output
    assert locked.read_bytes() == before
    assert not list(locked.parent.glob(".*.tmp"))
    monkeypatch.setattr("baocao.files.os.replace", real_replace)
    again = run_cli("render", str(data), "-o", str(out.parent))
    assert again.exit_code == 0 and "Đã ghi 1 văn bản" in again.output  # only the one left behind


def test_concurrent_render_is_refused_and_a_dead_lock_does_not_block(rendered_copy, tmp_path):
    data, out = rendered_copy
    with FileLock(str(out / ".baocao" / "lock"), timeout=0):
        result = run_cli("render", str(data), "-o", str(out.parent))
    assert result.exit_code == 1 and "một lần lập văn bản khác đang ghi" in result.output
    holder = subprocess.Popen([
        sys.executable, "-c",
        "import sys, time; from filelock import FileLock; l = FileLock(sys.argv[1]); l.acquire(); print('ok', flush=True); time.sleep(60)",
        str(out / ".baocao" / "lock"),
    ], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ok"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert run_cli("render", str(data), "-o", str(out.parent)).exit_code == 0


def test_killed_render_leaves_valid_documents_and_the_next_completes(sample_copy, tmp_path):
    out_root = tmp_path / "out"
    out = out_root / sample_copy.name
    process = subprocess.Popen(
        [sys.executable, "-m", "baocao", "render", str(sample_copy), "-o", str(out_root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and any(out.rglob("*.docx"))):
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = list(out.rglob("*.docx"))
    assert written, "the render was killed before it wrote anything"
    assert not (out / ".baocao" / "manifest.json").exists(), "the render finished before it was killed"
    for path in written:
        Document(str(path))  # every document there opens
    result = run_cli("render", str(sample_copy), "-o", str(out_root))
    assert result.exit_code == 0, result.output
    assert not list(out.rglob("*.tmp"))
    fresh = tmp_path / "fresh"
    run_cli("render", str(sample_copy), "-o", str(fresh))
    assert _contents(out) == _contents(fresh / sample_copy.name)


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.docx")}


def test_status_shows_missing_units_and_quota_headroom(round_builder, tmp_path):
    r = round_builder()
    r.cell("cb-a.yaml", ["httnv"] * 20)  # 15 %: 1 more gives 1 vs 19, 2 more 2 vs 18 (200 ≤ 270), 3 more 3 vs 17 (300 > 255)
    r.cell("cb-b.yaml", ["htxsnv"] * 2 + ["httnv"] * 4)
    path = r.root / "dot-danh-gia.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "don_vi_du_kien: [cb-a, cb-b, cb-c]\n", encoding="utf-8")
    result = run_cli("status", str(r.root), "-o", str(tmp_path / "out"), "--format", "json")
    rows = {row["don_vi"]: row for row in json.loads(result.output)["don_vi"]}
    assert rows["cb-c"]["da_nop"] is False
    assert rows["cb-a"]["han_muc"] == "còn được 2 HTXSNV" and rows["cb-a"]["van_ban"] == "chưa lập"
    assert rows["cb-b"]["han_muc"] == "phải hạ 1 HTXSNV" and rows["cb-b"]["hop_le"] is False
    text = run_cli("status", str(r.root), "-o", str(tmp_path / "out")).output
    assert "cb-c" in text and "1 chưa nộp" in text


def test_status_says_documents_are_current_after_a_render(rendered_copy):
    data, out = rendered_copy
    rows = json.loads(run_cli("status", str(data), "-o", str(out.parent), "--format", "json").output)["don_vi"]
    assert {row["van_ban"] for row in rows} == {"mới nhất"}
    _lower_first_best(data / f"{CELL}.yaml")
    rows = {r["don_vi"]: r for r in json.loads(run_cli("status", str(data), "-o", str(out.parent), "--format", "json").output)["don_vi"]}
    assert rows[CELL]["van_ban"].startswith("cần lập lại")
    assert rows["chi-bo-hoi-chu-thap-do"]["van_ban"] == "mới nhất"


def test_init_from_last_year_carries_members_and_figures(tmp_path):
    new = tmp_path / "thuong-tin-2018"
    result = run_cli("init", str(new), "--from", str(SAMPLE))
    assert result.exit_code == 0, result.output
    round_file = yaml.safe_load((new / "dot-danh-gia.yaml").read_text(encoding="utf-8"))
    assert round_file["nam"] == 2018
    last = round_file["nam_truoc"]
    orgs = [p for p in SAMPLE.rglob("*.yaml") if p.name == "dang-bo.yaml" or (p.parent == SAMPLE and p.name != "dot-danh-gia.yaml")]
    org_data = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in orgs]
    assert last["to_chuc_co_so"]["tong_so"] == len(orgs)
    assert last["to_chuc_co_so"]["tsvm"] == sum(d["xep_loai"] == "tsvm" for d in org_data)
    old_members = [m for p in SAMPLE.rglob("chi-bo-*.yaml") for m in yaml.safe_load(p.read_text(encoding="utf-8"))["dang_vien"]]
    assert last["dang_vien"]["tong_so"] == len(old_members)
    assert last["dang_vien"]["htxsnv"] == sum(m.get("xep_loai") == "htxsnv" for m in old_members)
    new_cell = yaml.safe_load((new / f"{CELL}.yaml").read_text(encoding="utf-8"))
    old_cell = yaml.safe_load((SAMPLE / f"{CELL}.yaml").read_text(encoding="utf-8"))
    assert [m["ho_ten"] for m in new_cell["dang_vien"]] == [m["ho_ten"] for m in old_cell["dang_vien"]]
    assert not any("xep_loai" in m or "kiem_diem" in m for m in new_cell["dang_vien"])
    assert "xep_loai" not in new_cell and "kiem_diem" not in new_cell
    draft = run_cli("validate", "--draft", str(new))
    assert draft.exit_code == 0, draft.output
    # A round without results: what to do next, not a line for each of the 967 members not yet rated.
    assert "chưa có kết quả" in draft.output and "Việc tiếp theo" in draft.output and "baocao excel-form" in draft.output
    assert not lines_with(draft.output, "thieu-xep-loai")
    assert "baocao excel-form" in result.output  # init says it too
    again = run_cli("init", str(new), "--from", str(SAMPLE))
    assert again.exit_code == 2 and "không ghi đè" in again.output


def test_library_render_reports_counts(sample_copy, tmp_path):
    first = build.render(sample_copy, tmp_path / "o")
    second = build.render(sample_copy, tmp_path / "o")
    assert first.exit_code == 0 and len(first.written) > 0 and first.up_to_date == 0
    assert second.written == [] and second.up_to_date == len(first.written)


def test_incremental_output_equals_a_fresh_render_after_corrections(rendered_copy, tmp_path):
    data, out = rendered_copy
    _lower_first_best(data / f"{CELL}.yaml")
    committee = data / "dang-bo-xa-van-binh" / "dang-bo.yaml"
    committee.write_text(committee.read_text(encoding="utf-8").replace("ten: Đảng bộ xã Văn Bình", "ten: Đảng bộ xã Văn Bình Mới"), encoding="utf-8")
    result = run_cli("render", str(data), "-o", str(out.parent))
    assert result.exit_code == 0, result.output
    # the renamed đảng bộ reaches the headers of every one of its cells
    for cell in (out / "dang-bo-xa-van-binh").glob("chi-bo-*/bao-cao-kiem-diem-tap-the.docx"):
        assert "ĐẢNG ỦY XÃ VĂN BÌNH MỚI" in [p.text for p in Document(str(cell)).tables[0].rows[0].cells[0].paragraphs]
    fresh = tmp_path / "fresh"
    assert run_cli("render", str(data), "-o", str(fresh)).exit_code == 0
    assert _contents(out) == _contents(fresh / data.name)
