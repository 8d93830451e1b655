"""The command line: parses options and calls the library; nothing else."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import build
from .diagnostics import Report

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
