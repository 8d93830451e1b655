"""`baocao mau`: what a user needs to edit a template without reading code — which templates a
round uses (built-in or its own `_mau/`), and the variables a template's context offers, each
with a one-line description (render/bien.yaml) and an example from the round's own data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .diagnostics import display_path
from .kinds import FORMS, label_of_form
from .load import Round
from .plan import ROUND_TEMPLATES, Job, template_path

SAMPLED = 64  # contexts read per form: enough to meet every key (lists empty in one are full in another)
EXAMPLE_WIDTH = 50


@dataclass(frozen=True)
class TemplateRow:
    form: str
    label: str
    path: Path
    own: bool  # from the round's _mau/
    documents: int


@dataclass(frozen=True)
class Variable:
    path: str  # dot.cap_uy.ten; danh_sach[].ho_ten
    description: str
    example: str


@lru_cache(maxsize=1)
def descriptions() -> dict[str, str]:
    text = (Path(__file__).parent / "render" / "bien.yaml").read_text(encoding="utf-8")
    return {str(key): str(value) for key, value in yaml.safe_load(text).items()}


def templates_of(round_: Round, jobs: list[Job]) -> list[TemplateRow]:
    """Every form of the round's rule set, in the order of the kinds of document, with its template file."""
    counts: dict[str, int] = {}
    for job in jobs:
        counts[job.form] = counts.get(job.form, 0) + 1
    order = list(FORMS)
    rows = []
    for form in sorted(round_.rule_set.data.mau, key=lambda f: (order.index(f) if f in order else len(order), f)):
        path = template_path(round_.folder, round_.rule_set, form)
        own = path.parent == round_.folder / ROUND_TEMPLATES
        rows.append(TemplateRow(form, label_of_form(form), path, own, counts.get(form, 0)))
    return rows


def find_form(rows: list[TemplateRow], name: str) -> TemplateRow | None:
    """A form by its key (bao_cao_tap_the) or its template's file name (bao-cao-kiem-diem-tap-the.docx)."""
    return next((row for row in rows if name in (row.form, row.path.name, row.path.stem)), None)


def _walk(value: object, path: str, found: dict[str, object]) -> None:
    if isinstance(value, dict):
        if path:
            found.setdefault(path, None)
        for key, item in value.items():
            _walk(item, f"{path}.{key}" if path else str(key), found)
    elif isinstance(value, list):
        found.setdefault(path + "[]", None)
        for item in value:
            _walk(item, path + "[]", found)
    elif found.get(path) in (None, ""):
        found[path] = value


def _example(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "đúng" if value else "sai"
    text = str(value).replace("\n", " ").replace("\u00a0", " ")
    return text if len(text) <= EXAMPLE_WIDTH else text[: EXAMPLE_WIDTH - 1] + "…"


def variables(jobs: list[Job]) -> list[Variable]:
    """The variables the contexts of these jobs (one form's) offer, in the order they come."""
    found: dict[str, object] = {}
    for job in jobs[:: max(1, len(jobs) // SAMPLED)]:
        _walk(job.context, "", found)
        job.forget_context()
    known = descriptions()
    return [Variable(path, known.get(path, "(chưa có mô tả)"), _example(value)) for path, value in found.items()]


def format_templates(rows: list[TemplateRow], round_: Round) -> str:
    lines = [f"Các mẫu văn bản của đợt {round_.folder.name} (bộ quy tắc {round_.rule_set.name}):"]
    width = max(len(row.form) for row in rows)
    for row in rows:
        where = "_mau/ của đợt" if row.own else "có sẵn"
        lines.append(f"  {row.form:<{width}}  {row.label:<30} {row.documents:>4} văn bản  {display_path(row.path)} ({where})")
    lines.append(f"Các biến của một mẫu: baocao mau {display_path(round_.folder)} TÊN_MẪU")
    lines.append(f"Muốn sửa mẫu có sẵn: chép tệp vào {display_path(round_.folder / ROUND_TEMPLATES)}/ (giữ tên tệp) "
                 "rồi sửa bằng Word; xem docs/van-ban.md.")
    return "\n".join(lines)


def format_variables(row: TemplateRow, found: list[Variable]) -> str:
    lines = [f"Mẫu {row.form} ({row.label}): {display_path(row.path)}",
             "Viết biến trong mẫu như {{ dot.nam }}. 'a[]' là một danh sách, dùng trong vòng lặp: "
             "{%tr for x in a %} … {{ x.b }} … {%tr endfor %} cho 'a[].b'.", ""]
    width = max(len(v.path) for v in found)
    for variable in found:
        example = f" — ví dụ: {variable.example}" if variable.example else ""
        lines.append(f"  {variable.path:<{width}}  {variable.description}{example}")
    return "\n".join(lines)
