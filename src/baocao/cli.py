"""The command line: parses options and calls the library; nothing else."""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click

from . import build
from .changes import format_changes
from .diagnostics import Report, display_path
from .parallel import available_cores

DEFAULT_ROUND = Path("data/thuong-tin-2017")


def _utf8_console() -> None:
    # Windows consoles default to a legacy code page; Vietnamese must print as typed.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baocao")
def main() -> None:
    """baocao: kiểm điểm, đánh giá, phân loại chất lượng tổ chức đảng và đảng viên."""
    _utf8_console()


jobs_option = click.option(
    "--jobs", "-j", "jobs_count", type=click.IntRange(min=1), default=available_cores(),
    show_default="số nhân của máy", help="Số tiến trình làm song song (đọc tệp, lập văn bản).",
)


def _print_report(report: Report, output_format: str) -> None:
    if output_format == "json":
        click.echo(report.format_json())
    else:
        click.echo(report.format_text())


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=DEFAULT_ROUND)
@click.option("--draft", is_flag=True, help="Bản dự thảo: thiếu 'xep_loai' chỉ là cảnh báo.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Dạng kết quả.")
@click.option("--quy-tac", "rule_set", default=None, help="Dùng bộ quy tắc này thay cho bộ ghi trong dot-danh-gia.yaml.")
@jobs_option
def validate(round_dir: Path, draft: bool, output_format: str, rule_set: str | None, jobs_count: int) -> None:
    """Kiểm tra dữ liệu và hạn mức của một đợt đánh giá (thư mục ROUND_DIR)."""
    result = build.validate(round_dir, draft=draft, rule_set=rule_set, workers=jobs_count)
    if result.fatal:
        if output_format == "json":
            payload = json.loads(result.report.format_json())
            payload["khong_dung_duoc"] = result.fatal
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            if result.report.diagnostics:
                click.echo(result.report.format_text())
            click.echo(f"Không kiểm tra được: {result.fatal}", err=True)
        sys.exit(result.exit_code)
    _print_report(result.report, output_format)
    sys.exit(result.exit_code)


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=DEFAULT_ROUND)
@click.option("-o", "--output", "output_root", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Thư mục kết quả; văn bản ghi vào OUTPUT/<tên đợt>/.")
@click.option("--draft", is_flag=True, help="Bản dự thảo: in dù còn lỗi quy tắc; mọi văn bản ghi DỰ THẢO.")
@click.option("--unit", "only_unit", default=None, help="Chỉ in văn bản của đơn vị này (đường dẫn trong thư mục đợt).")
@click.option("--quy-tac", "rule_set", default=None, help="Dùng bộ quy tắc này thay cho bộ ghi trong dot-danh-gia.yaml.")
@click.option("--force", is_flag=True, help="Ghi lại mọi văn bản; văn bản đã sửa tay được cất sang tên khác trước.")
@click.option("--reason", "--ly-do", "reason", default=None, help="Lý do sửa kết quả, ghi vào lịch sử.")
@click.option("--xlsx", is_flag=True, help="Ghi thêm biểu tổng hợp dạng Excel (bieu-tong-hop.xlsx).")
@click.option("--pdf", is_flag=True, help="Chuyển các văn bản sang PDF bằng LibreOffice.")
@jobs_option
def render(round_dir: Path, output_root: Path, draft: bool, only_unit: str | None, rule_set: str | None,
           force: bool, reason: str | None, xlsx: bool, pdf: bool, jobs_count: int) -> None:
    """Kiểm tra rồi in mọi văn bản .docx của đợt đánh giá ROUND_DIR (chỉ ghi lại văn bản có thay đổi)."""
    with click.progressbar(length=1, label="Đang lập văn bản", file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        result = build.render(round_dir, output_root, draft=draft, only_unit=only_unit, rule_set=rule_set,
                              progress=progress, force=force, reason=reason, xlsx=xlsx, pdf=pdf, jobs_count=jobs_count)
    report = result.validated.report
    if result.validated.fatal:
        if report.diagnostics:
            click.echo(report.format_text())
        click.echo(f"Không lập được văn bản: {result.validated.fatal}", err=True)
        sys.exit(result.exit_code)
    if report.diagnostics:
        click.echo(report.format_text())
    if result.stopped:
        click.echo(f"Chưa lập văn bản nào: {result.stopped}.", err=True)
        sys.exit(result.exit_code)
    if result.template_problems:
        click.echo("\n".join(result.template_problems))
        click.echo("Chưa lập văn bản nào: mẫu văn bản có lỗi (xem ở trên).", err=True)
        sys.exit(result.exit_code)
    _print_written(result)
    sys.exit(result.exit_code)


def _print_written(result: "build.Rendered") -> None:
    names = {
        "bao-cao-kiem-diem-tap-the.docx": "báo cáo kiểm điểm tập thể",
        "danh-sach-xep-loai-dang-vien.docx": "danh sách xếp loại đảng viên",
        "bien-ban-hoi-nghi.docx": "biên bản hội nghị",
        "phieu-bieu-quyet.docx": "phiếu biểu quyết",
        "bien-ban-kiem-phieu.docx": "biên bản kiểm phiếu",
        "ban-kiem-diem": "bản kiểm điểm cá nhân",
        "bao-cao-tong-hop.docx": "báo cáo tổng hợp",
        "bieu-tong-hop.docx": "biểu tổng hợp",
        "danh-sach-khen-thuong.docx": "danh sách đề nghị khen thưởng",
        "thong-bao-ket-qua.docx": "thông báo kết quả cho chi bộ",
        "quyet-dinh-cong-nhan.docx": "quyết định công nhận",
        "to-trinh-khen-thuong.docx": "tờ trình khen thưởng",
    }
    click.echo(
        f"Đã ghi {len(result.written)} văn bản, {result.up_to_date} văn bản không đổi, "
        f"vào {display_path(result.output)}/ trong {result.seconds:.1f} giây."
    )
    for key, count in sorted(result.counts().items(), key=lambda item: list(names).index(item[0]) if item[0] in names else 99):
        click.echo(f"  {count:>5}  {names.get(key, key)}")
    for path in result.kept_edited:
        click.echo(f"Giữ nguyên {display_path(path)}: tệp đã được sửa tay sau lần lập trước nên không ghi đè "
                   "(chạy với --force để cất bản sửa tay sang tên khác rồi lập lại).", err=True)
    for path in result.moved_aside:
        click.echo(f"Bản sửa tay được cất thành {display_path(path)}.", err=True)
    for path in result.busy:
        click.echo(f"Không thay được {display_path(path)}: tệp đang mở trong chương trình khác (Word?). "
                   "Hãy đóng tệp rồi chạy lại; các văn bản khác đã được ghi.", err=True)
    for refusal in result.unsafe:
        click.echo(f"Không ghi: {refusal}.", err=True)
    for path in result.removed:
        click.echo(f"Đơn vị không còn trong dữ liệu: văn bản được chuyển sang {display_path(path)}.")
    if (result.output / build.PROBLEMS_FILE).exists():
        click.echo(f"Các vấn đề của dữ liệu: {display_path(result.output / build.PROBLEMS_FILE)}")
    if result.since is not None:
        click.echo(format_changes(result.changes, result.since))
    if result.spreadsheet is not None:
        click.echo(f"Biểu tổng hợp dạng Excel: {display_path(result.spreadsheet)}")
    if result.pdfs:
        click.echo(f"Đã chuyển {len(result.pdfs)} văn bản sang PDF.")
    for document in result.pdf_failed:
        click.echo(f"Không chuyển được sang PDF: {display_path(document)}", err=True)
    if result.pdf_problem:
        click.echo(f"Không tạo PDF: {result.pdf_problem}.", err=True)


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=DEFAULT_ROUND)
@click.option("-o", "--output", "output_root", type=click.Path(path_type=Path), default=Path("output"), show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def status(round_dir: Path, output_root: Path, output_format: str) -> None:
    """Tình hình đợt đánh giá: từng đơn vị đã nộp, hợp lệ, xếp loại đủ, hạn mức, văn bản."""
    from .status import format_status, round_status, status_json

    validated, rows, whole = round_status(round_dir, output_root)
    if validated.fatal:
        click.echo(f"Không đọc được đợt đánh giá: {validated.fatal}", err=True)
        sys.exit(validated.exit_code)
    if output_format == "json":
        click.echo(status_json(rows, whole))
    else:
        click.echo(format_status(rows, whole, output_root / validated.round.name))


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=DEFAULT_ROUND)
@click.option("-o", "--output", "output_root", type=click.Path(path_type=Path), default=Path("output"), show_default=True)
@click.option("--history", "--lich-su", "history", is_flag=True, help="In lịch sử các lần sửa kết quả xếp loại.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def changes(round_dir: Path, output_root: Path, history: bool, output_format: str) -> None:
    """Những gì đã thay đổi trong dữ liệu kể từ lần lập văn bản trước."""
    from .changes import Differ, changes_json, format_history, read_history
    from .manifest import Manifest, snapshot

    validated = build.validate(round_dir, draft=True)
    if validated.fatal:
        click.echo(f"Không đọc được đợt đánh giá: {validated.fatal}", err=True)
        sys.exit(validated.exit_code)
    out = output_root / validated.round.name
    if history:
        entries = read_history(out)
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2) if output_format == "json" else format_history(entries))
        return
    manifest = Manifest.load(out)
    if manifest.rendered_at is None:
        click.echo(f"Chưa lập văn bản nào vào {display_path(out)}/: chưa có gì để so sánh.", err=True)
        sys.exit(1)
    found = Differ(validated.round.rule_set).diff(manifest.snapshot, snapshot(validated.round))
    click.echo(changes_json(found, manifest.rendered_at) if output_format == "json" else format_changes(found, manifest.rendered_at))


@main.command()
@click.argument("new_round", type=click.Path(path_type=Path))
@click.option("--from", "old_round", type=click.Path(path_type=Path), required=True, help="Thư mục đợt năm trước.")
def init(new_round: Path, old_round: Path) -> None:
    """Lập thư mục đợt đánh giá mới NEW_ROUND từ đợt năm trước."""
    from .next_round import InitRefused, start_round

    try:
        started = start_round(new_round, old_round)
    except InitRefused as refusal:
        click.echo(f"Không lập được đợt mới: {refusal}", err=True)
        sys.exit(build.EXIT_UNUSABLE)
    click.echo(f"Đã lập {display_path(started.folder)}/ với {started.units} đơn vị và {started.members} đảng viên; "
               "kết quả năm trước được ghi vào 'nam_truoc'. Hãy cập nhật 'can_cu', ngày và danh sách đảng viên.")


@main.command("excel-form")
@click.argument("source", type=click.Path(path_type=Path), default=DEFAULT_ROUND)
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True, help="Thư mục ghi biểu mẫu .xlsx.")
@click.option("--overwrite", is_flag=True, help="Thay biểu mẫu đã có trong thư mục (bản cũ giữ thành .bak).")
def excel_form(source: Path, out: Path, overwrite: bool) -> None:
    """Lập biểu mẫu Excel cho một tệp đơn vị, hoặc cho mọi đơn vị của một đợt (SOURCE)."""
    from .excel import write_forms

    folder, only = (source.parent, source) if source.is_file() else (source, None)
    while only is not None and not (folder / "dot-danh-gia.yaml").is_file() and folder != folder.parent:
        folder = folder.parent
    result = build.validate(folder, draft=True)
    if result.fatal:
        click.echo(f"Không đọc được đợt đánh giá: {result.fatal}", err=True)
        sys.exit(result.exit_code)
    forms = write_forms(result.round, out, only, overwrite)
    for kept in forms.kept:
        click.echo(f"Giữ nguyên {display_path(kept)}: biểu mẫu đã có (có thể đang được điền); "
                   "dùng --overwrite để lập lại, bản cũ giữ thành .bak.", err=True)
    if not forms.written and not forms.kept:
        click.echo("Không lập được biểu mẫu nào (đơn vị không có hoặc dữ liệu còn lỗi: chạy baocao validate).", err=True)
        sys.exit(1)
    click.echo(f"Đã lập {len(forms.written)} biểu mẫu trong {display_path(out)}/.")
    sys.exit(build.EXIT_PROBLEMS if forms.kept else build.EXIT_OK)


@main.command("import")
@click.argument("forms", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--round", "round_dir", type=click.Path(path_type=Path), required=True, help="Thư mục đợt đánh giá.")
@click.option("--overwrite", is_flag=True, help="Thay tệp YAML đã có (bản cũ giữ thành .bak).")
def import_(forms: tuple[Path, ...], round_dir: Path, overwrite: bool) -> None:
    """Nhập các biểu mẫu Excel đã điền (FORMS) vào các tệp YAML của đợt."""
    from .excel import import_forms

    result = build.validate(round_dir, draft=True)
    if result.fatal:
        click.echo(f"Không đọc được đợt đánh giá: {result.fatal}", err=True)
        sys.exit(result.exit_code)
    report = Report()
    imported = import_forms(list(forms), result.round, report, overwrite)
    if report.diagnostics:
        click.echo(report.format_text())
    for item in imported:
        if item.target is not None:
            kept = f" (bản cũ: {display_path(item.backup)})" if item.backup else ""
            click.echo(f"Đã nhập {display_path(item.form)} → {display_path(item.target)}{kept}")
    sys.exit(build.EXIT_PROBLEMS if report.has_errors else build.EXIT_OK)


@main.command()
@click.argument("form")
@click.argument("round_dir", type=click.Path(path_type=Path), default=DEFAULT_ROUND)
def context(form: str, round_dir: Path) -> None:
    """In dữ liệu mẫu văn bản FORM nhìn thấy (JSON), để người sửa mẫu biết tên các biến."""
    result = build.validate(round_dir, draft=True)
    if result.fatal:
        click.echo(f"Không đọc được đợt đánh giá: {result.fatal}", err=True)
        sys.exit(result.exit_code)
    jobs = [job for job in build.plan(result.round, draft=False) if job.form == form]
    if not jobs:
        forms = ", ".join(sorted(result.round.rule_set.data.mau))
        click.echo(f"Không có văn bản nào theo mẫu '{form}'; các mẫu: {forms}", err=True)
        sys.exit(1)
    click.echo(json.dumps(jobs[0].context, ensure_ascii=False, indent=2))


@main.command()
@click.argument("kind", type=click.Choice(["dot", "don-vi"]), default="don-vi")
def schema(kind: str) -> None:
    """In JSON Schema của tệp đơn vị (don-vi) hoặc tệp đợt đánh giá (dot)."""
    from .model import DonVi, DotDanhGia
    from .schema import document_schema

    cls, title = (DotDanhGia, "dot-danh-gia.yaml") if kind == "dot" else (DonVi, "Tệp đơn vị (đảng bộ, chi bộ)")
    click.echo(json.dumps(document_schema(cls, title), ensure_ascii=False, indent=2))


def run() -> None:
    """Entry point: no traceback reaches a user, whatever happens inside."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("Đã dừng theo yêu cầu.", err=True)
        sys.exit(130)
    except BrokenProcessPool:  # a worker killed from outside, most often for want of memory
        click.echo("Một tiến trình làm song song bị dừng đột ngột (thường do máy hết bộ nhớ). "
                   "Không văn bản nào bị thay; hãy chạy lại, hoặc chạy với --jobs 1.", err=True)
        sys.exit(1)
    except OSError as exc:  # a folder that cannot be written, a disk that is full
        where = f" {exc.filename}" if exc.filename else ""
        click.echo(f"Không đọc hoặc ghi được{where}: {exc.strerror or exc}. "
                   "Các văn bản đã ghi xong vẫn nguyên vẹn; hãy sửa quyền thư mục hoặc dung lượng đĩa rồi chạy lại.", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last guard before the user's terminal
        if os.environ.get("BAOCAO_DEBUG"):
            raise
        click.echo(
            f"Lỗi nội bộ của baocao ({type(exc).__name__}: {exc}). Không có tệp nào bị ghi dở. "
            "Hãy báo lỗi kèm thư mục dữ liệu; đặt BAOCAO_DEBUG=1 để xem chi tiết.",
            err=True,
        )
        sys.exit(3)


if __name__ == "__main__":  # pragma: no cover
    run()
