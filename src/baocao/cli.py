"""The command line: parses options and calls the library; nothing else."""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click

from . import build, click_vi  # click_vi first: click's words are looked up as commands are declared
from .changes import format_changes
from .diagnostics import Report, display_path
from .parallel import available_cores
from .guide import fresh_report, is_fresh, next_steps
from .load import Round
from .outcome import TEMPLATE_CODES
from .kinds import label_of_output, output_order
from .places import InsideRound, default_round, forms_folder, output_root as place_output, round_of

ROUND_HELP = "thư mục hiện tại nếu có dot-danh-gia.yaml, nếu không: data/thuong-tin-2017"
OUTPUT_HELP = "output/ ở thư mục hiện tại; chạy trong thư mục đợt thì output/ bên cạnh thư mục đợt"


def _utf8_console() -> None:
    # Windows consoles default to a legacy code page; Vietnamese must print as typed.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


@click.group(cls=click_vi.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baocao")
def main() -> None:
    """baocao: kiểm điểm, đánh giá, phân loại chất lượng tổ chức đảng và đảng viên."""
    _utf8_console()


jobs_option = click.option(
    "--jobs", "-j", "jobs_count", type=click.IntRange(min=1), default=available_cores(),
    show_default="số nhân của máy", metavar="N", help="Số tiến trình làm song song (đọc tệp, lập văn bản).",
)


def _outside_round(place, round_dir: Path, given: Path | None) -> Path:
    """The output folder (see places.py); a folder inside the round is refused (exit 2)."""
    try:
        return place(round_dir, given)
    except InsideRound as refusal:
        click.echo(f"Không ghi: {refusal}.", err=True)
        sys.exit(build.EXIT_UNUSABLE)


def _print_report(report: Report, output_format: str) -> None:
    if output_format == "json":
        click.echo(report.format_json())
    else:
        click.echo(report.format_text())


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=default_round, metavar="[THƯ_MỤC_ĐỢT]")
@click.option("--draft", is_flag=True, help="Bản dự thảo: thiếu 'xep_loai' chỉ là cảnh báo.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Dạng kết quả.")
@click.option("--quy-tac", "rule_set", default=None, metavar="BỘ_QUY_TẮC", help="Dùng bộ quy tắc này thay cho bộ ghi trong dot-danh-gia.yaml.")
@jobs_option
def validate(round_dir: Path, draft: bool, output_format: str, rule_set: str | None, jobs_count: int) -> None:
    """Kiểm tra dữ liệu và hạn mức của một đợt đánh giá (thư mục THƯ_MỤC_ĐỢT), hoặc của một tệp đơn vị
    trong đợt của nó (baocao validate chi-bo-thon-dong.yaml)."""
    round_dir, only = round_of(round_dir)
    if round_dir.is_file():
        click.echo(f"Không kiểm tra được: '{display_path(round_dir)}' không nằm trong thư mục đợt đánh giá nào "
                   "(không thấy dot-danh-gia.yaml ở thư mục của tệp hay các thư mục trên nó).", err=True)
        sys.exit(build.EXIT_UNUSABLE)
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
    report = result.report
    if only is not None:  # the unit's own problems, found with the whole round around it
        mine = display_path(only)
        report = Report([d for d in report.diagnostics if d.file == mine])
        if output_format == "text":
            click.echo(f"Kiểm tra {mine} trong đợt {display_path(round_dir)}:")
    elif output_format == "text" and is_fresh(result.loaded_round):
        report, summary = fresh_report(report, result.loaded_round)
        click.echo("\n".join([summary, "Việc tiếp theo:", *("  " + step for step in next_steps(round_dir, result.loaded_round))]))
        if report.diagnostics:
            _print_report(report, output_format)
        sys.exit(result.exit_code)  # not done yet: a round without results does not pass
    _print_report(report, output_format)
    sys.exit(build.EXIT_PROBLEMS if result.report.has_errors and (only is None or report.has_errors) else build.EXIT_OK)


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=default_round, metavar="[THƯ_MỤC_ĐỢT]")
@click.option("-o", "--output", "output_root", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC", show_default=OUTPUT_HELP,
              help="Thư mục kết quả; văn bản ghi vào OUTPUT/<tên đợt>/ (không bao giờ trong thư mục đợt).")
@click.option("--draft", is_flag=True, help="Bản dự thảo: in dù còn lỗi quy tắc; mọi văn bản ghi DỰ THẢO.")
@click.option("--unit", "only_unit", default=None, metavar="TỆP_ĐƠN_VỊ", help="Chỉ in văn bản của đơn vị này (đường dẫn trong thư mục đợt).")
@click.option("--quy-tac", "rule_set", default=None, metavar="BỘ_QUY_TẮC", help="Dùng bộ quy tắc này thay cho bộ ghi trong dot-danh-gia.yaml.")
@click.option("--force", is_flag=True, help="Ghi lại mọi văn bản; văn bản đã sửa tay được cất sang tên khác trước.")
@click.option("--reason", "--ly-do", "reason", default=None, metavar="LÝ_DO", help="Lý do sửa kết quả, ghi vào lịch sử.")
@click.option("--xlsx", is_flag=True, help="Ghi thêm biểu tổng hợp dạng Excel (bieu-tong-hop.xlsx).")
@click.option("--pdf", is_flag=True, help="Chuyển các văn bản sang PDF bằng LibreOffice.")
@click.option("-v", "--verbose", is_flag=True, help="Nói thêm: mẫu nào phải lập bằng docxtpl (chậm hơn) và vì sao.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="Dạng kết quả: json cho chương trình khác đọc (mọi vấn đề, văn bản đã ghi, giữ nguyên, đang mở…).")
@jobs_option
def render(round_dir: Path, output_root: Path, draft: bool, only_unit: str | None, rule_set: str | None,
           force: bool, reason: str | None, xlsx: bool, pdf: bool, jobs_count: int, verbose: bool = False,
           output_format: str = "text") -> None:
    """Kiểm tra rồi in mọi văn bản .docx của đợt đánh giá THƯ_MỤC_ĐỢT (chỉ ghi lại văn bản có thay đổi)."""
    from .progress import Progress

    output_root = _outside_round(place_output, round_dir, output_root)

    with Progress() as progress:
        result = build.render(round_dir, output_root, draft=draft, only_unit=only_unit, rule_set=rule_set,
                              progress=progress, force=force, reason=reason, xlsx=xlsx, pdf=pdf, jobs_count=jobs_count)
    if output_format == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        sys.exit(result.exit_code)
    report = result.validated.report
    if result.validated.fatal:
        if report.diagnostics:
            click.echo(report.format_text())
        click.echo(f"Không lập được văn bản: {result.validated.fatal}", err=True)
        sys.exit(result.exit_code)
    if report.diagnostics:
        click.echo(report.format_text())
    if verbose:
        for note in result.template_notes:
            click.echo(note, err=True)
    _print_render_problems(result)
    if result.stopped:
        click.echo(f"Chưa lập văn bản nào: {result.stopped}.", err=True)
        sys.exit(result.exit_code)
    if result.template_problems:
        click.echo("Chưa lập văn bản nào: mẫu văn bản có lỗi (xem ở trên).", err=True)
        sys.exit(result.exit_code)
    assert result.output is not None  # set once the render got past its checks
    _print_written(result, result.output)
    sys.exit(result.exit_code)


def _loaded(validated: build.Validated) -> tuple[build.Validated, Round]:
    """The round of a validation; a round that cannot be read at all ends the command, said once here."""
    if validated.round is None:
        click.echo(f"Không đọc được đợt đánh giá: {validated.fatal}", err=True)
        sys.exit(validated.exit_code)
    return validated, validated.round


def _print_render_problems(result: build.Rendered) -> None:
    """The render's own diagnostics, in the order it met them: a template's problems beside the
    data's (standard output), what writing met on standard error (what it did, on standard output)."""
    for diagnostic in result.report.diagnostics:
        click.echo(diagnostic.format(), err=diagnostic.severity != "thong_bao" and diagnostic.code not in TEMPLATE_CODES)


def _print_written(result: build.Rendered, out: Path) -> None:
    click.echo(
        f"Đã ghi {len(result.written)} văn bản, {result.up_to_date} văn bản không đổi, "
        f"vào {display_path(out)}/ trong {result.seconds:.1f} giây."
    )
    for key, count in sorted(result.counts().items(), key=lambda item: output_order(item[0])):
        click.echo(f"  {count:>5}  {label_of_output(key)}")
    if (out / build.PROBLEMS_FILE).exists():
        click.echo(f"Các vấn đề của dữ liệu: {display_path(out / build.PROBLEMS_FILE)}")
    if result.since is not None:
        click.echo(format_changes(result.changes, result.since))
    if result.spreadsheet is not None:
        click.echo(f"Biểu tổng hợp dạng Excel: {display_path(result.spreadsheet)}")
    if result.pdfs:
        click.echo(f"Đã chuyển {len(result.pdfs)} văn bản sang PDF.")


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=default_round, metavar="[THƯ_MỤC_ĐỢT]")
@click.option("-o", "--output", "output_root", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC", show_default=OUTPUT_HELP,
              help="Thư mục kết quả đã lập (như của lệnh render).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Dạng kết quả.")
def status(round_dir: Path, output_root: Path, output_format: str) -> None:
    """Tình hình đợt đánh giá: từng đơn vị đã nộp, hợp lệ, xếp loại đủ, hạn mức, văn bản."""
    from .status import format_status, output_notes, round_status, status_json

    output_root = _outside_round(place_output, round_dir, output_root)

    validated, rows, whole = round_status(round_dir, output_root)
    _, round_ = _loaded(validated)
    out = output_root / round_.name
    notes = output_notes(validated, out)
    if output_format == "json":
        click.echo(status_json(rows, whole, notes))
    else:
        click.echo(format_status(rows, whole, out, notes))


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=default_round, metavar="[THƯ_MỤC_ĐỢT]")
@click.option("-o", "--output", "output_root", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC", show_default=OUTPUT_HELP,
              help="Thư mục kết quả đã lập (như của lệnh render).")
@click.option("--history", "--lich-su", "history", is_flag=True, help="In lịch sử các lần sửa kết quả xếp loại.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Dạng kết quả.")
def changes(round_dir: Path, output_root: Path, history: bool, output_format: str) -> None:
    """Những gì đã thay đổi trong dữ liệu kể từ lần lập văn bản trước."""
    from .changes import Differ, changes_json, format_history, read_history
    from .manifest import MANIFEST_FILE, STATE_FOLDER, Manifest, snapshot

    output_root = _outside_round(place_output, round_dir, output_root)

    validated, round_ = _loaded(build.validate(round_dir, draft=True))
    out = output_root / round_.name
    if history:
        entries = read_history(out)
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2) if output_format == "json" else format_history(entries))
        return
    manifest = Manifest.load(out)
    if manifest.problem:
        click.echo(f"{display_path(out / STATE_FOLDER / MANIFEST_FILE)}: {manifest.problem}.", err=True)
    if manifest.rendered_at is None:
        click.echo(f"Chưa lập văn bản nào vào {display_path(out)}/: chưa có gì để so sánh.", err=True)
        sys.exit(1)
    found = Differ(round_.rule_set).diff(manifest.snapshot, snapshot(round_))
    click.echo(changes_json(found, manifest.rendered_at) if output_format == "json" else format_changes(found, manifest.rendered_at))


@main.command()
@click.argument("new_round", type=click.Path(path_type=Path), metavar="THƯ_MỤC_MỚI")
@click.option("--from", "old_round", type=click.Path(path_type=Path), required=True, metavar="THƯ_MỤC_CŨ", help="Thư mục đợt năm trước.")
def init(new_round: Path, old_round: Path) -> None:
    """Lập thư mục đợt đánh giá mới THƯ_MỤC_MỚI từ đợt năm trước."""
    from .next_round import InitRefused, start_round

    try:
        started = start_round(new_round, old_round)
    except InitRefused as refusal:
        click.echo(f"Không lập được đợt mới: {refusal}", err=True)
        sys.exit(build.EXIT_UNUSABLE)
    click.echo(f"Đã lập {display_path(started.folder)}/ với {started.units} đơn vị và {started.members} đảng viên; "
               "kết quả năm trước được ghi vào 'nam_truoc'. Việc tiếp theo:")
    validated = build.validate(started.folder, draft=True)
    if validated.round is not None:
        click.echo("\n".join("  " + step for step in next_steps(started.folder, validated.round)))


@main.command("excel-form")
@click.argument("source", type=click.Path(path_type=Path), default=default_round, metavar="[ĐỢT_HOẶC_TỆP_ĐƠN_VỊ]")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True, metavar="THƯ_MỤC", help="Thư mục ghi biểu mẫu .xlsx.")
@click.option("--overwrite", is_flag=True, help="Thay biểu mẫu đã có trong thư mục (bản cũ được giữ lại với tên có ngày giờ).")
def excel_form(source: Path, out: Path, overwrite: bool) -> None:
    """Lập biểu mẫu Excel cho một tệp đơn vị, hoặc cho mọi đơn vị của một đợt (ĐỢT_HOẶC_TỆP_ĐƠN_VỊ)."""
    from .excel import write_forms

    folder, only = round_of(source)
    out = _outside_round(forms_folder, folder, out)
    result, round_ = _loaded(build.validate(folder, draft=True))
    from .progress import Progress

    with Progress() as progress:
        forms = write_forms(round_, out, only, overwrite, progress)
    for kept in forms.kept:
        click.echo(f"Giữ nguyên {display_path(kept)}: biểu mẫu đã có (có thể đang được điền); "
                   "dùng --overwrite để lập lại (bản cũ được giữ lại với tên có ngày giờ).", err=True)
    if not forms.written and not forms.kept:
        click.echo("Không lập được biểu mẫu nào (đơn vị không có hoặc dữ liệu còn lỗi: chạy baocao validate).", err=True)
        sys.exit(1)
    click.echo(f"Đã lập {len(forms.written)} biểu mẫu trong {display_path(out)}/.")
    sys.exit(build.EXIT_PROBLEMS if forms.kept else build.EXIT_OK)


@main.command("import")
@click.argument("forms", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BIỂU_MẪU.xlsx...")
@click.option("--round", "round_dir", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC_ĐỢT",
              help="Thư mục đợt đánh giá (bỏ trống: thư mục hiện tại, nếu có dot-danh-gia.yaml).")
@click.option("--overwrite", is_flag=True, help="Thay tệp YAML đã có (bản cũ được giữ lại với tên có ngày giờ).")
@click.option("--cho-phep-khac-dot", "other_round", is_flag=True,
              help="Nhập cả biểu mẫu lập cho đợt, năm hoặc cấp ủy khác (mặc định: không nhập).")
def import_(forms: tuple[Path, ...], round_dir: Path, overwrite: bool, other_round: bool) -> None:
    """Nhập các biểu mẫu Excel đã điền (BIỂU_MẪU.xlsx) vào các tệp YAML của đợt."""
    from .form_import import form_report_text, import_forms

    if round_dir is None:  # never the bundled sample: the current folder only when it is a round
        if default_round() != Path("."):
            raise click.MissingParameter(param_hint="'--round'", param_type="option")
        round_dir = Path(".")
    result, round_ = _loaded(build.validate(round_dir, draft=True))
    report = Report()
    imported = import_forms(list(forms), round_, report, overwrite, other_round)
    if report.diagnostics:
        click.echo(form_report_text(report))
    for item in imported:
        if item.target is not None:
            kept = f" (bản cũ: {display_path(item.backup)})" if item.backup else ""
            click.echo(f"Đã nhập {display_path(item.form)} → {display_path(item.target)}{kept}")
    sys.exit(build.EXIT_PROBLEMS if report.has_errors else build.EXIT_OK)


@main.command()
@click.argument("form", metavar="MẪU")
@click.argument("round_dir", type=click.Path(path_type=Path), default=default_round, metavar="[THƯ_MỤC_ĐỢT]")
def context(form: str, round_dir: Path) -> None:
    """In dữ liệu mẫu văn bản MẪU nhìn thấy (JSON), để người sửa mẫu biết tên các biến."""
    result, round_ = _loaded(build.validate(round_dir, draft=True))
    jobs = [job for job in build.plan(round_, draft=False) if job.form == form]
    if not jobs:
        forms = ", ".join(sorted(round_.rule_set.data.mau))
        click.echo(f"Không có văn bản nào theo mẫu '{form}'; các mẫu: {forms}", err=True)
        sys.exit(1)
    click.echo(json.dumps(jobs[0].context, ensure_ascii=False, indent=2))


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=default_round, metavar="[THƯ_MỤC_ĐỢT]")
@click.argument("form", required=False, metavar="[MẪU]")
def mau(round_dir: Path, form: str | None) -> None:
    """Liệt kê các mẫu văn bản đợt ROUND_DIR dùng (có sẵn hay trong _mau/); với FORM: các biến mẫu đó dùng được, mỗi biến một dòng mô tả."""
    from .template_guide import find_form, format_templates, format_variables, templates_of, variables

    result, round_ = _loaded(build.validate(round_dir, draft=True))
    jobs = build.plan(round_, draft=False)
    rows = templates_of(round_, jobs)
    if form is None:
        click.echo(format_templates(rows, round_))
        return
    row = find_form(rows, form)
    if row is None:
        click.echo(f"Không có mẫu '{form}'; các mẫu: {', '.join(r.form for r in rows)}", err=True)
        sys.exit(build.EXIT_UNUSABLE)
    chosen = [job for job in jobs if job.form == row.form]
    if not chosen:
        click.echo(f"Đợt này không có văn bản nào theo mẫu '{row.form}' nên không có dữ liệu để liệt kê biến.", err=True)
        sys.exit(build.EXIT_PROBLEMS)
    click.echo(format_variables(row, variables(chosen)))


@main.command()
@click.argument("kind", type=click.Choice(["dot", "don-vi"]), default="don-vi", metavar="[don-vi|dot]")
def schema(kind: str) -> None:
    """In JSON Schema của tệp đơn vị (don-vi) hoặc tệp đợt đánh giá (dot)."""
    from .model import DonVi, DotDanhGia
    from .schema import document_schema

    cls, title = (DotDanhGia, "dot-danh-gia.yaml") if kind == "dot" else (DonVi, "Tệp đơn vị (đảng bộ, chi bộ)")
    click.echo(json.dumps(document_schema(cls, title), ensure_ascii=False, indent=2))


@main.command()
@click.argument("round_dir", type=click.Path(path_type=Path), default=default_round, metavar="[THƯ_MỤC_ĐỢT]")
@click.option("-o", "--output", "output_root", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              show_default=OUTPUT_HELP, help="Thư mục kết quả; văn bản ghi vào THƯ_MỤC/<tên đợt>/.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ĐỊA_CHỈ",
              help="Địa chỉ mở máy chủ; chỉ máy này vào được trừ khi ghi địa chỉ khác.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, metavar="CỔNG",
              help="Cổng (0: cổng trống bất kỳ).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
def serve(round_dir: Path, output_root: Path | None, host: str, port: int, no_browser: bool) -> None:
    """Mở trang làm việc của đợt đánh giá THƯ_MỤC_ĐỢT trong trình duyệt (máy chủ chạy trên máy này)."""
    from .web.server import serve as run_server

    output_root = _outside_round(place_output, round_dir, output_root)

    sys.exit(run_server(round_dir, output_root, host, port, not no_browser))


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
    except PermissionError as exc:  # a file held open elsewhere, a folder that cannot be written
        where = f" {exc.filename}" if exc.filename else ""
        click.echo(f"Không ghi được{where}: tệp đang mở trong chương trình khác (Word, Excel?) hoặc thư mục không cho ghi. "
                   "Các văn bản đã ghi xong vẫn nguyên vẹn; hãy đóng tệp (hoặc sửa quyền thư mục) rồi chạy lại.", err=True)
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
