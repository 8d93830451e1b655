"""Output folders, templates and runs that cannot be trusted: a planted cache, a broken template,
a killed render, links planted in the output folder, files held open by Word."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import shutil

from conftest import REQUIRE_TOOLS, run_cli, is_template_problem


def baocao(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """The real command, in its own process."""
    return subprocess.run([sys.executable, "-m", "baocao", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


class _WritesMarker:
    """Unpickling this runs code: it writes the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def test_a_planted_cache_entry_never_runs(sample_copy, tmp_path):
    out_root = tmp_path / "out"
    assert baocao("render", str(sample_copy), "-o", str(out_root)).returncode == 0
    state = out_root / sample_copy.name / ".baocao"
    planted = sorted(state.glob("don-vi/*.pickle")) + sorted(state.glob("mau/*.pickle"))
    assert len(planted) > 20  # every unit and every template has an entry
    marker = tmp_path / "ran-from-the-cache"
    hostile = pickle.dumps(_WritesMarker(marker))
    for path in planted:
        path.write_bytes(hostile)
    planted[0].write_bytes(bytes(32) + hostile)  # a seal of zeros, as if the key were empty
    for command in ("render", "status"):
        result = baocao(command, str(sample_copy), "-o", str(out_root))
        assert not marker.exists(), f"{command} ran code from the output folder"
        assert result.returncode == 0, result.stderr
    # The render rebuilt the units' entries (templates: once they are used), and the next run trusts them.
    again = baocao("render", "--force", str(sample_copy), "-o", str(out_root))
    assert "[bo-nho-dem]" not in again.stdout and not marker.exists()
    assert [path for path in planted if path.read_bytes() == hostile] == []


def test_the_render_says_the_cache_was_dropped(sample_copy, tmp_path):
    out_root = tmp_path / "out"
    run_cli("render", str(sample_copy), "-o", str(out_root))
    entries = sorted((out_root / sample_copy.name / ".baocao" / "don-vi").glob("*.pickle"))
    for path in entries[:3]:
        path.write_bytes(b"not a pickle at all")
    result = run_cli("render", str(sample_copy), "-o", str(out_root))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "[bo-nho-dem]" in line]
    assert len(warnings) == 1 and "3 mục" in warnings[0] and "cảnh báo" in warnings[0]


def test_a_cache_written_by_another_machine_is_rebuilt(sample_copy, tmp_path):
    out_root = tmp_path / "out"
    other = {"XDG_CACHE_HOME": str(tmp_path / "another-machine")}
    assert baocao("render", str(sample_copy), "-o", str(out_root), env=other).returncode == 0
    result = baocao("render", str(sample_copy), "-o", str(out_root))
    assert result.returncode == 0, result.stderr
    assert "[bo-nho-dem]" in result.stdout and "0 văn bản" not in result.stdout.split("Đã ghi")[0]


# --- templates that write broken XML ------------------------------------------------------------

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def own_template(round_dir: Path, name: str, *paragraphs: str) -> Path:
    """The bundled template ``name`` with paragraphs added, as the round's own (in _mau/)."""
    from docx import Document

    document = Document(str(TEMPLATES / name))
    for text in paragraphs:
        document.add_paragraph(text)
    target = round_dir / "_mau" / name
    target.parent.mkdir(exist_ok=True)
    document.save(str(target))
    return target


def _documents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.docx")} if folder.exists() else {}


def test_a_template_writing_raw_xml_is_a_located_error_and_nothing_is_written(sample_copy, tmp_path):
    own_template(sample_copy, "danh-sach-khen-thuong.docx", "Dòng {{ '<w:p>' | safe }} hỏng")
    result = baocao("render", str(sample_copy), "-o", str(tmp_path / "out"))
    assert result.returncode == 1, result.stdout + result.stderr
    (line,) = [line for line in result.stdout.splitlines() if is_template_problem(line)]
    assert "_mau/danh-sach-khen-thuong.docx" in line and "không phải XML hợp lệ" in line and "«Dòng  hỏng»" in line
    assert "Traceback" not in result.stderr
    assert _documents(tmp_path / "out") == {}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_data_marked_safe_in_a_template_replaces_nothing(round_builder, tmp_path, jobs):
    r = round_builder()
    for index in range(40):  # enough documents for the workers (--jobs 2)
        r.cell(f"cb{index:02d}.yaml", ["httnv"] * 3, name=f"Chi bộ Kho {index} & Cảng")
    out = tmp_path / "out"
    assert baocao("render", str(r.root), "-o", str(out)).returncode == 0
    before = _documents(out)
    own_template(r.root, "bao-cao-kiem-diem-tap-the.docx", "Đơn vị: {{ don_vi.ten | safe }}")
    result = baocao("render", str(r.root), "-o", str(out), "--jobs", jobs)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Lỗi nội bộ" not in result.stderr
    (line,) = [line for line in result.stdout.splitlines() if is_template_problem(line)]
    assert "_mau/bao-cao-kiem-diem-tap-the.docx" in line and "'safe'" in line and "Đơn vị: Chi bộ Kho" in line
    assert _documents(out) == before  # every document as it was
    assert not [p for p in out.rglob("*.tmp")]


# --- PDF: batches, only baocao's own documents ----------------------------------------------------

FAKE_SOFFICE = """#!{python}
# Like LibreOffice's batch mode with its limit: converts only the first {limit} files it is given.
import sys, pathlib
args = sys.argv[1:]
out = pathlib.Path(args[args.index("--outdir") + 1])
profile = [a for a in args if a.startswith("-env:UserInstallation=")][0]
assert profile.startswith("-env:UserInstallation=file:///"), profile
out.mkdir(parents=True, exist_ok=True)
inputs = [a for a in args if a.endswith(".docx")]
with open({log!r}, "a") as log:
    log.write(f"{{len(inputs)}} {{profile}}\\n")
for name in inputs[:{limit}]:
    (out / (pathlib.Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4 fake")
"""


def _fake_soffice(tmp_path: Path, limit: int) -> tuple[Path, Path]:
    script, log = tmp_path / "soffice", tmp_path / "soffice.log"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable, limit=limit, log=str(log)))
    script.chmod(0o755)
    return script, log


def test_pdf_batches_stay_under_the_converter_limit_and_every_document_is_checked(sample_copy, tmp_path, monkeypatch):
    from baocao import pdf

    script, log = _fake_soffice(tmp_path, limit=246)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    out_root = tmp_path / "out"
    # A person's own document, a copy kept aside, Word's lock file: not baocao's, never converted.
    strangers = [out_root / sample_copy.name / name for name in ("ghi-chu-cua-toi.docx", "~$o-cao-tong-hop.docx",
                                                                 "bao-cao-tong-hop.sua-tay-20171215-101010.docx")]
    strangers[0].parent.mkdir(parents=True)
    for stranger in strangers:
        shutil.copyfile(TEMPLATES / "bao-cao-tong-hop.docx", stranger)
    result = run_cli("render", str(sample_copy), "-o", str(out_root), "--pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not [s for s in strangers if s.with_suffix(".pdf").exists()]
    documents = sorted(d for d in (out_root / sample_copy.name).rglob("*.docx") if d not in strangers)
    count = len(documents)
    assert count > 246  # the sample round is larger than what one LibreOffice command converts
    assert all(d.with_suffix(".pdf").read_bytes() == b"%PDF-1.4 fake" for d in documents)
    sizes = [int(call.split()[0]) for call in log.read_text().splitlines()]
    assert sizes == [200] * (count // 200) + [count % 200] * (count % 200 > 0)  # none over 246, none missed
    # Two converters at once: each its own profile.
    log.unlink()
    converted = pdf.to_pdf(documents, workers=2)
    assert len(converted.written) == count and not converted.failed
    calls = [call.split() for call in log.read_text().splitlines()]
    assert sum(int(size) for size, _ in calls) == count and max(int(size) for size, _ in calls) <= 200
    assert len({profile for _, profile in calls}) == 2


def test_documents_a_converter_skipped_are_tried_again_then_named(round_builder, tmp_path, monkeypatch):
    from baocao import pdf

    script, log = _fake_soffice(tmp_path, limit=2)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    result = run_cli("render", str(r.root), "-o", str(tmp_path / "out"), "--pdf", "--jobs", "1")
    documents = sorted((tmp_path / "out" / "dot").rglob("*.docx"))
    converted = [d for d in documents if d.with_suffix(".pdf").exists()]
    assert len(documents) > 4 and len(converted) == 4  # 2 in the batch, 2 more on the second try
    assert result.exit_code == 1
    named = [line for line in result.output.splitlines() if "lỗi [pdf-khong-duoc] không chuyển được sang PDF" in line]
    assert len(named) == len(documents) - 4


def test_soffice_is_found_under_program_files_when_not_on_path(tmp_path, monkeypatch):
    from baocao import pdf

    installed = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf.sys, "platform", "win32")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    assert pdf.find_soffice() == str(installed)


def test_pdf_of_the_whole_sample_round(sample_copy, tmp_path):
    if shutil.which("soffice") is None:
        if REQUIRE_TOOLS:
            pytest.fail("soffice is required under BAOCAO_REQUIRE_TOOLS=1")
        pytest.skip("soffice is not installed")
    out_root = tmp_path / "out"
    result = baocao("render", str(sample_copy), "-o", str(out_root), "--pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    documents = list((out_root / sample_copy.name).rglob("*.docx"))
    count = len(documents)
    assert count > 246 and f"Đã chuyển {count} văn bản sang PDF." in result.stdout  # more than one LibreOffice command makes
    # Not a terminal: progress as plain lines on stderr, ending where the work ended.
    lines = [line for line in result.stderr.splitlines() if line.startswith("Đang chuyển sang PDF: ")]
    assert lines and lines[-1] == f"Đang chuyển sang PDF: {count}/{count} (100%)" and "\r" not in result.stderr
    assert all(d.with_suffix(".pdf").read_bytes().startswith(b"%PDF") for d in documents)


# --- a render killed from outside -----------------------------------------------------------------


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (Linux)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's reaper is missing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_render_leaves_no_worker_and_its_temporaries_are_named_then_cleaned(sample_copy, tmp_path):
    import signal
    import time

    out_root = tmp_path / "out"
    out = out_root / sample_copy.name
    process = subprocess.Popen([sys.executable, "-m", "baocao", "render", str(sample_copy), "-o", str(out_root), "--jobs", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, workers = time.monotonic() + 120, set()
    while time.monotonic() < deadline and process.poll() is None:
        workers |= _children(process.pid)
        if out.exists() and any(name.endswith(".tmp") and ".docx." in name for _, _, names in os.walk(out) for name in names):
            break
        time.sleep(0.002)
    workers |= _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert workers, "the render was killed before it started its workers"
    assert not (out / ".baocao" / "manifest.json").exists(), "the render finished before it was killed"
    left = [p for p in out.rglob("*.tmp")]
    assert left, "the render was killed before it wrote a temporary file"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the render"
    status = baocao("status", str(sample_copy), "-o", str(out_root))
    assert f"còn {len(left)} tệp tạm" in status.stdout and "bị dừng giữa chừng" in status.stdout
    result = baocao("render", str(sample_copy), "-o", str(out_root))
    assert result.returncode == 0, result.stderr
    assert not list(out.rglob("*.tmp"))
    assert "tệp tạm" not in baocao("status", str(sample_copy), "-o", str(out_root)).stdout


def test_the_pdf_work_folder_of_a_killed_run_is_removed_by_the_next(round_builder, tmp_path):
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    out = tmp_path / "out" / "dot"
    left = out / ".baocao" / "pdf-k1ll3d" / "lo-000" / "in"
    left.mkdir(parents=True)
    (left / "00000.docx").write_bytes(b"a converter's input")
    assert run_cli("render", str(r.root), "-o", str(tmp_path / "out")).exit_code == 0
    assert not (out / ".baocao" / "pdf-k1ll3d").exists()


# --- links planted where baocao keeps its own files; a manifest that cannot be trusted ------------

CELL = "dang-bo-xa-van-binh/chi-bo-thon-dong"


def _lower_a_member(round_dir: Path) -> None:
    """A decided category changes (so the render appends to the history)."""
    path = round_dir / f"{CELL}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  xep_loai: htxsnv\n" in text
    path.write_text(text.replace("  xep_loai: htxsnv\n", "  xep_loai: httnv\n", 1), encoding="utf-8")


def test_links_planted_for_the_state_folder_and_history_are_not_followed(sample_copy, tmp_path):
    out_root = tmp_path / "out"
    out = out_root / sample_copy.name
    assert baocao("render", str(sample_copy), "-o", str(out_root)).returncode == 0
    history = tmp_path / "someones-file.txt"
    history.write_text("someone's file\n")
    (out / "lich-su.jsonl").symlink_to(history)
    _lower_a_member(sample_copy)
    result = baocao("render", str(sample_copy), "-o", str(out_root), "--reason", "hạ theo hạn mức")
    assert result.returncode == 0, result.stderr
    assert history.read_text() == "someone's file\n"
    assert not (out / "lich-su.jsonl").is_symlink() and "hạ theo hạn mức" in (out / "lich-su.jsonl").read_text(encoding="utf-8")
    assert "[go-lien-ket] chỗ baocao giữ tệp của mình không được là liên kết" in result.stderr and "lich-su.jsonl" in result.stderr
    # The state folder itself a link to a folder outside (holding a copy of it, and a stranger's pickle).
    outside = tmp_path / "outside"
    shutil.copytree(out / ".baocao", outside)
    (outside / "don-vi" / "someone-elses.pickle").write_bytes(b"not baocao's")
    before = {p.relative_to(outside): p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    shutil.rmtree(out / ".baocao")
    (out / ".baocao").symlink_to(outside, target_is_directory=True)
    (sample_copy / f"{CELL}.yaml").write_text((sample_copy / f"{CELL}.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = baocao("render", str(sample_copy), "-o", str(out_root))
    assert result.returncode == 0, result.stderr
    assert {p.relative_to(outside): p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
    assert not (out / ".baocao").is_symlink() and (out / ".baocao" / "manifest.json").is_file()
    assert "[go-lien-ket] chỗ baocao giữ tệp của mình không được là liên kết" in result.stderr and ".baocao" in result.stderr


def test_links_planted_for_the_caches_and_the_spreadsheet(sample_copy, tmp_path):
    out_root = tmp_path / "out"
    out = out_root / sample_copy.name
    assert baocao("render", str(sample_copy), "-o", str(out_root), "--xlsx").returncode == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.pickle").write_bytes(b"x")
    (outside / "bang.xlsx").write_bytes(b"someone's workbook")
    for folder in ("mau", "don-vi"):
        shutil.rmtree(out / ".baocao" / folder)
        (out / ".baocao" / folder).symlink_to(outside, target_is_directory=True)
    (out / "bieu-tong-hop.xlsx").unlink()
    (out / "bieu-tong-hop.xlsx").symlink_to(outside / "bang.xlsx")
    for command in (["status"], ["changes"], ["render", "--force", "--xlsx"]):
        result = baocao(*command, str(sample_copy), "-o", str(out_root))
        assert "Lỗi nội bộ" not in result.stderr and "Traceback" not in result.stderr, (command, result.stderr)
    assert result.returncode == 1  # the spreadsheet is refused, named; the rest is written
    assert "bieu-tong-hop.xlsx" in result.stderr and "liên kết" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["bang.xlsx", "keep.pickle"]
    assert (outside / "bang.xlsx").read_bytes() == b"someone's workbook"
    assert (out / ".baocao" / "don-vi").is_dir() and not (out / ".baocao" / "don-vi").is_symlink()


@pytest.mark.parametrize("text", [
    "[]",
    '{"dinh_dang": 1, "van_ban": [1, 2]}',
    '{"dinh_dang": 1, "van_ban": {"a.docx": {"input": 1}}}',
    '{"dinh_dang": 1, "anh_chup": {"don_vi": {"x": 1}}, "lap_luc": "2017-12-01T10:00:00"}',
    '{"dinh_dang": 1, "khoa_don_vi": {"x": [1]}}',
    '{"dinh_dang": 1, "anh_chup": ' + "[" * 100_000 + "]" * 100_000 + "}",
], ids=["list", "documents-list", "entry-fields", "snapshot", "unit-keys", "deeply-nested"])
def test_a_manifest_of_the_wrong_shape_is_set_aside_and_rebuilt(sample_copy, tmp_path, text):
    out_root = tmp_path / "out"
    out = out_root / sample_copy.name
    assert run_cli("render", str(sample_copy), "-o", str(out_root)).exit_code == 0
    (out / ".baocao" / "manifest.json").write_text(text, encoding="utf-8")
    for command in ("status", "changes"):
        result = baocao(command, str(sample_copy), "-o", str(out_root))
        assert result.returncode in (0, 1) and "Lỗi nội bộ" not in result.stderr, (command, result.stderr)
        assert "manifest.json: bản kê không" in result.stdout + result.stderr
    result = baocao("render", str(sample_copy), "-o", str(out_root))
    assert result.returncode == 0, result.stderr
    assert "[ban-ke-hong]" in result.stderr and "manifest.json: cảnh báo [ban-ke-hong] bản kê không" in result.stderr and "[giu-ban-sua-tay]" not in result.stderr
    assert "manifest.json" not in baocao("render", str(sample_copy), "-o", str(out_root)).stderr  # rebuilt


def test_stale_documents_after_a_lost_manifest_are_replaced_and_hand_edits_kept(sample_copy, tmp_path):
    from docx import Document

    out_root = tmp_path / "out"
    out = out_root / sample_copy.name
    assert run_cli("render", str(sample_copy), "-o", str(out_root)).exit_code == 0
    edited = out / "chi-bo-truong-thpt-thuong-tin" / "bao-cao-kiem-diem-tap-the.docx"
    document = Document(str(edited))
    document.add_paragraph("Sửa tay")
    document.save(str(edited))
    edited_bytes = edited.read_bytes()
    _lower_a_member(sample_copy)
    (out / ".baocao" / "manifest.json").unlink()
    (sample_copy / "chi-bo-truong-thpt-thuong-tin.yaml").write_text(
        (sample_copy / "chi-bo-truong-thpt-thuong-tin.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    for _ in range(2):  # and the next render again: nothing is left behind as "edited" for ever
        result = run_cli("render", str(sample_copy), "-o", str(out_root))
        assert result.exit_code == 0, result.output
        kept = [line for line in result.output.splitlines() if "cảnh báo [giu-ban-sua-tay] tệp đã được sửa tay" in line]
        assert len(kept) == 1 and "chi-bo-truong-thpt-thuong-tin/bao-cao-kiem-diem-tap-the.docx" in kept[0], result.output
    assert edited.read_bytes() == edited_bytes
    fresh = tmp_path / "fresh"
    assert run_cli("render", str(sample_copy), "-o", str(fresh)).exit_code == 0
    expected = _documents(fresh / sample_copy.name)
    del expected["chi-bo-truong-thpt-thuong-tin/bao-cao-kiem-diem-tap-the.docx"]
    got = _documents(out)
    assert {rel: got[rel] for rel in expected} == expected


def test_two_units_writing_to_one_output_folder_are_a_validate_error(round_builder):
    import unicodedata

    r = round_builder()
    r.cell("dang-bo-a/chi-bo-1.yaml", ["httnv"] * 3)
    r.write("dang-bo-a/dang-bo.yaml", "ten: Đảng bộ A\nloai: dang_bo_co_so\nloai_hinh: xa\nbi_thu: Trần Văn Bí\ndia_danh: Thử Nghiệm\nxep_loai: httnv\n")
    r.cell("dang-bo-a.yaml", ["httnv"] * 3, name="Chi bộ A")  # beside the folder of the same name
    r.cell("chi-bo-b.yaml", ["httnv"] * 3, name="Chi bộ B")
    r.cell("Chi-Bo-B.yaml", ["httnv"] * 3, name="Chi bộ B hoa")  # one file on Windows
    composed = unicodedata.normalize("NFC", "chi-bộ-đông.yaml")
    r.cell(composed, ["httnv"] * 3, name="Chi bộ Đông")
    r.cell(unicodedata.normalize("NFD", composed), ["httnv"] * 3, name="Chi bộ Đông gõ dấu rời")
    result = baocao("validate", str(r.root))
    assert result.returncode == 1, result.stdout + result.stderr
    clashes = [line for line in result.stdout.splitlines() if "[trung-thu-muc-ket-qua]" in line]
    assert len(clashes) == 3, result.stdout
    assert any("dang-bo-a" in line and "cạnh thư mục" in line for line in clashes)


# --- templates that ask too much, template files that are not what they seem ----------------------

def _cell_round(round_builder) -> Path:
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    return r.root


def _template_error(round_dir: Path, out: Path) -> str:
    """The one template error of a render, which must write nothing."""
    result = run_cli("render", str(round_dir), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Lỗi nội bộ" not in result.output
    (line,) = [line for line in result.output.splitlines() if is_template_problem(line)]
    assert "_mau/bao-cao-kiem-diem-tap-the.docx" in line
    assert _documents(out) == {}
    return line


@pytest.mark.parametrize("expression, expected", [
    ("{{ 'a' * 10**10 }}", "quá giới hạn 10.000.000"),
    ("{{ ([1] * 10**8)|length }}", "quá giới hạn 10.000.000"),
    ("{{ '%*d' % (10**9, 1) }}", "độ rộng trong định dạng '%'"),
    ("{{ '{:>1000000000}'.format(1) }}", "độ rộng trong định dạng .format()"),
    ("{{ 'x'|center(10**9) }}", "độ rộng trong mẫu quá lớn"),
    ("{{ 7 ** 9000 }}", "quá nhiều chữ số"),
    ("{{ 10 ** (10 ** 7) }}", "số quá lớn"),
    ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "gọi lại chính nó"),
    ("{{ 1 / 0 }}", "chia cho 0"),
    ("{% for i in range(10**9) %}.{% endfor %}", "range() quá 100.000"),
    ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "ký tự cho một văn bản"),
], ids=["string-times", "list-times", "percent-width", "format-width", "filter-width", "huge-int-text", "huge-power",
        "recursion", "division-by-zero", "huge-range", "huge-output"])
def test_a_template_asking_too_much_is_a_located_error(round_builder, tmp_path, expression, expected):
    round_dir = _cell_round(round_builder)
    own_template(round_dir, "bao-cao-kiem-diem-tap-the.docx", f"Dòng thử {expression}")
    line = _template_error(round_dir, tmp_path / "out")
    assert expected in line and "ở đoạn «Dòng thử" in line, line


def test_nested_loops_stop_at_the_time_limit(round_builder, tmp_path, monkeypatch):
    from baocao.render import limits

    monkeypatch.setattr(limits, "SECONDS", 1.0)
    round_dir = _cell_round(round_builder)
    own_template(round_dir, "bao-cao-kiem-diem-tap-the.docx",
                 "Lặp {% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    line = _template_error(round_dir, tmp_path / "out")
    assert "chạy quá 1 giây" in line and "ở đoạn «Lặp" in line


def _template_entries() -> list[tuple[str, bytes]]:
    import zipfile

    with zipfile.ZipFile(TEMPLATES / "bao-cao-kiem-diem-tap-the.docx") as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


LAUGHS = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (level, b"".join(b"&lol%s;" % (b"" if level == 2 else str(level - 1).encode()) for _ in range(10)))
    for level in range(2, 10)) + b"]>"


def _bad_template(kind: str) -> bytes:
    entries = _template_entries()
    if kind == "not-a-zip":
        return b"PK\x03\x04 a Word document this is not"
    if kind == "zip-bomb":
        return _zip(entries + [("word/media/anh.bin", bytes(65 * 1024 * 1024))])
    if kind == "xlsx-renamed":
        return _zip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")])
    if kind == "no-document":
        return _zip([(n, d) for n, d in entries if n != "word/document.xml"])
    if kind == "utf-16":
        return _zip([(n, d.decode("utf-8").replace("UTF-8", "UTF-16").encode("utf-16") if n == "word/document.xml" else d)
                     for n, d in entries])
    if kind == "dotdot-name":
        return _zip([("../styles.xml" if n == "word/styles.xml" else n, d) for n, d in entries])
    if kind == "dotdot-target":
        return _zip([(n, d.replace(b'Target="styles.xml"', b'Target="../../../styles.xml"') if n.endswith(".rels") else d)
                     for n, d in entries])
    assert kind == "billion-laughs"
    out = []
    for name, data in entries:
        if name == "word/document.xml":
            start = data.index(b"?>") + 2
            data = data[:start] + LAUGHS + data[start:].replace(b"</w:body>", b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>")
        out.append((name, data))
    return _zip(out)


@pytest.mark.parametrize("kind, expected", [
    ("not-a-zip", "không phải tệp .docx"),
    ("zip-bomb", "quá giới hạn 64 MiB"),
    ("xlsx-renamed", "bảng tính Excel (.xlsx) đổi đuôi"),
    ("no-document", "không có phần word/document.xml"),
    ("utf-16", "không ở mã UTF-8"),
    ("dotdot-name", "'../styles.xml' trỏ ra ngoài gói"),
    ("dotdot-target", "'../../../styles.xml', ra ngoài gói"),
    ("billion-laughs", "khai báo DTD"),
])
def test_a_template_file_that_is_not_a_word_document_is_named(round_builder, tmp_path, kind, expected):
    round_dir = _cell_round(round_builder)
    (round_dir / "_mau").mkdir()
    (round_dir / "_mau" / "bao-cao-kiem-diem-tap-the.docx").write_bytes(_bad_template(kind))
    line = _template_error(round_dir, tmp_path / "out")
    assert expected in line, line


def test_rule_set_titles_reach_no_python_internals(round_builder):
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    r.write("_quy-tac.yaml", 'ten: rieng\nke_thua: thuong-tin-2017\nmau:\n  bao_cao_tap_the:\n    tep: bao-cao-kiem-diem-tap-the.docx\n'
                              '    tieu_de: "Kiểm điểm {ten.__class__.__mro__} năm {nam} {ten:>1000000000}"\n')
    (r.root / "dot-danh-gia.yaml").write_text((r.root / "dot-danh-gia.yaml").read_text(encoding="utf-8").replace(
        "quy_tac: thuong-tin-2017", "quy_tac: _quy-tac.yaml"), encoding="utf-8")
    result = run_cli("validate", str(r.root))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if "[quy-tac-sai]" in line]
    assert len(lines) == 2 and all(line.startswith(f"{r.root.name}/_quy-tac.yaml:6:") or "_quy-tac.yaml:6:" in line for line in lines)
    assert "{ten.__class__.__mro__}" in lines[0] and "{ten:>1000000000}" in lines[1]


def test_huge_numbers_and_far_dates_are_located_errors(round_builder):
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    text = (r.root / "cb.yaml").read_text(encoding="utf-8")
    text = text.replace("nam_sinh: 1960", "nam_sinh: 1" + "0" * 5000, 1).replace("ngay_vao_dang: 2000-05-19", "ngay_vao_dang: 9999-12-31", 1)
    (r.root / "cb.yaml").write_text(text, encoding="utf-8")
    result = baocao("validate", str(r.root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Lỗi nội bộ" not in result.stderr
    (digits,) = [line for line in result.stdout.splitlines() if "[so-qua-lon]" in line]
    (far,) = [line for line in result.stdout.splitlines() if "năm 9999" in line]
    assert "cb.yaml:" in digits and "5001 chữ số" in digits and "nam_sinh" in digits
    assert "cb.yaml:" in far and "ngay_vao_dang" in far


# --- files open in Word, Excel or a PDF reader -----------------------------------------------------


def test_files_open_in_other_programs_are_named_and_the_rest_written(sample_copy, tmp_path, monkeypatch):
    from docx import Document

    from baocao import pdf

    script, _ = _fake_soffice(tmp_path, limit=246)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    out_root = tmp_path / "out"
    out = out_root / sample_copy.name
    assert run_cli("render", str(sample_copy), "-o", str(out_root), "--xlsx", "--pdf").exit_code == 0
    edited = out / CELL / "danh-sach-xep-loai-dang-vien.docx"
    document = Document(str(edited))
    document.add_paragraph("Ghi chú viết tay")
    document.save(str(edited))
    spreadsheet, summary_pdf = out / "bieu-tong-hop.xlsx", out / "bao-cao-tong-hop.pdf"
    locked = {edited.resolve(), spreadsheet.resolve(), summary_pdf.resolve()}
    before = {path: path.read_bytes() for path in locked}
    real_replace = os.replace

    def replace(source, target):  # Windows refuses to move or replace a file another program holds open
        if Path(source).resolve() in locked or Path(target).resolve() in locked:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_replace(source, target)

    monkeypatch.setattr("baocao.files.os.replace", replace)
    _lower_a_member(sample_copy)  # the summary, its PDF and the spreadsheet change
    result = run_cli("render", "--force", "--xlsx", "--pdf", str(sample_copy), "-o", str(out_root))
    assert result.exit_code == 1, result.output
    assert "Lỗi nội bộ" not in result.output and "quyền thư mục" not in result.output
    busy = [line for line in result.output.splitlines() if "lỗi [tep-dang-mo]" in line]
    assert len(busy) == 3 and all("đang mở trong chương trình khác" in line for line in busy)
    for path in locked:
        assert any(path.name in line for line in busy), path.name
        assert path.read_bytes() == before[path]
    assert "Đã chuyển" in result.output  # the other PDFs were made
    assert (out / "bao-cao-tong-hop.docx").stat().st_mtime_ns > summary_pdf.stat().st_mtime_ns
    assert not [p for p in out.rglob("*.tmp")]


# --- progress --------------------------------------------------------------------------------------


def test_progress_without_a_terminal_is_a_few_plain_lines(monkeypatch):
    import io

    from baocao import progress as module

    clock = [0.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    stream = io.StringIO()
    progress = module.Progress(stream, terminal=False)
    progress("Ngắn", 0, 10)
    progress("Ngắn", 10, 10)  # over at once: nothing said
    for done in range(0, 101):
        clock[0] += 0.1  # 10 s in all, a line at most every LINE_AFTER seconds
        progress("Đang lập văn bản", done, 100)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("Đang lập văn bản: 2") and lines[-1] == "Đang lập văn bản: 100/100 (100%)"
    assert 3 <= len(lines) <= 10 // module.LINE_AFTER + 1
    assert not any(line.startswith("Ngắn") for line in lines)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal")
def test_progress_on_a_terminal_is_a_bar(sample_copy, tmp_path, monkeypatch):
    import fcntl
    import pty
    import struct
    import termios

    from baocao import build
    from baocao import progress as module

    monkeypatch.setattr(module, "BAR_DELAY", 0)  # the sample is made in well under the half second a bar waits
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal's size, as a window gives it
    terminal = os.fdopen(secondary, "w", encoding="utf-8")
    with module.Progress(terminal) as progress:
        assert progress.terminal  # found to be a terminal by itself
        result = build.render(sample_copy, tmp_path / "out", progress=progress, jobs_count=1)
    terminal.flush()
    os.set_blocking(main, False)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except (BlockingIOError, OSError):  # all read
            break
        if not chunk:
            break
        seen += chunk
    terminal.close()
    os.close(main)
    assert result.exit_code == 0
    text = seen.decode("utf-8", "replace")
    assert "Đang lập văn bản:" in text and f"/{len(result.written)} [" in text and "\r" in text and "%|" in text
