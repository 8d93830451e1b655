"""The command line: parses options and calls the library; nothing else."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import build
from .diagnostics import Report, display_path

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
def validate(round_dir: Path, draft: bool, output_format: str, rule_set: str | None) -> None:
    """Kiểm tra dữ liệu và hạn mức của một đợt đánh giá (thư mục ROUND_DIR)."""
    result = build.validate(round_dir, draft=draft, rule_set=rule_set)
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
def render(round_dir: Path, output_root: Path, draft: bool, only_unit: str | None, rule_set: str | None) -> None:
    """Kiểm tra rồi in mọi văn bản .docx của đợt đánh giá ROUND_DIR."""
    with click.progressbar(length=1, label="Đang lập văn bản", file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        result = build.render(round_dir, output_root, draft=draft, only_unit=only_unit, rule_set=rule_set, progress=progress)
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


def _print_written(result: "build.Rendered") -> None:
    names = {
        "bao-cao-kiem-diem-tap-the.docx": "báo cáo kiểm điểm tập thể",
        "danh-sach-xep-loai-dang-vien.docx": "danh sách xếp loại đảng viên",
        "bien-ban-hoi-nghi.docx": "biên bản hội nghị",
        "ban-kiem-diem": "bản kiểm điểm cá nhân",
        "bao-cao-tong-hop.docx": "báo cáo tổng hợp",
        "bieu-tong-hop.docx": "biểu tổng hợp",
        "danh-sach-khen-thuong.docx": "danh sách đề nghị khen thưởng",
    }
    click.echo(f"Đã ghi {len(result.written)} văn bản vào {display_path(result.output)}/ trong {result.seconds:.1f} giây:")
    for key, count in sorted(result.counts().items(), key=lambda item: list(names).index(item[0]) if item[0] in names else 99):
        click.echo(f"  {count:>5}  {names.get(key, key)}")
    if result.validated.report.diagnostics and any(d for d in result.validated.report.diagnostics):
        click.echo(f"Các vấn đề của dữ liệu: {display_path(result.output / build.PROBLEMS_FILE)}" if (result.output / build.PROBLEMS_FILE).exists() else "")


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
