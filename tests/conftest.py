"""Shared helpers: rounds are written as real YAML files in a temporary folder."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from baocao.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "thuong-tin-2017"
REQUIRE_TOOLS = os.environ.get("BAOCAO_REQUIRE_TOOLS") == "1"

ROUND_FILE = """\
nam: 2017
quy_tac: {rules}
cap_uy:
  ten: Huyện ủy Thử Nghiệm
  dang_bo: Đảng bộ huyện Thử Nghiệm
  cap_tren: Đảng bộ thành phố Hà Nội
  dia_danh: Thử Nghiệm
  ky_hieu: HU
ngay_danh_gia: 2017-11-28
bao_cao:
  so: 150
  ngay: 2017-12-15
  nguoi_ky: {{thay_mat: T/M BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: Nguyễn Văn Ký}}
  noi_nhan: [Ban Tổ chức Thành ủy, Lưu Văn phòng Huyện ủy]
"""


def member_yaml(name: str, category: str | None, born: int = 1970, extra: str = "") -> str:
    lines = [f"- ho_ten: {name}", f"  nam_sinh: {born}", "  ngay_vao_dang: 2000-05-19"]
    if category:
        lines.append(f"  xep_loai: {category}")
    if extra:
        lines.extend("  " + line for line in textwrap.dedent(extra).strip().splitlines())
    return "\n".join(lines)


def cell_yaml(
    name: str,
    kind: str,
    categories: list[str | None],
    unit_category: str | None = "httnv",
    loai_hinh: str | None = "khac",
    tieu_bieu: bool = False,
    extra_members: str = "",
) -> str:
    head = [f"ten: {name}", f"loai: {kind}"]
    if kind == "chi_bo_co_so" and loai_hinh:
        head.append(f"loai_hinh: {loai_hinh}")
    head += ["bi_thu: Nguyễn Văn Bí", "dia_danh: Thử Nghiệm"]
    if unit_category:
        head.append(f"xep_loai: {unit_category}")
    if tieu_bieu:
        head.append("tieu_bieu: true")
    members = [member_yaml(f"Đảng Viên Số {i + 1:03d}", c, 1960 + i % 30) for i, c in enumerate(categories)]
    body = "\n".join(head) + "\ndang_vien:\n" + "\n".join(members) + "\n"
    if extra_members:
        body += textwrap.dedent(extra_members).strip() + "\n"
    return body


def committee_yaml(name: str, category: str | None = "httnv", loai_hinh: str = "xa", tieu_bieu: bool = False) -> str:
    text = f"ten: {name}\nloai: dang_bo_co_so\nloai_hinh: {loai_hinh}\nbi_thu: Trần Văn Bí\ndia_danh: Thử Nghiệm\n"
    if category:
        text += f"xep_loai: {category}\n"
    if tieu_bieu:
        text += "tieu_bieu: true\n"
    return text


class RoundBuilder:
    """A round folder in tmp_path, written file by file."""

    def __init__(self, root: Path, rules: str = "thuong-tin-2017") -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.write("dot-danh-gia.yaml", ROUND_FILE.format(rules=rules))

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def cell(self, rel: str, categories: list[str | None], **kwargs) -> Path:
        kind = "chi_bo_truc_thuoc" if "/" in rel else "chi_bo_co_so"
        name = kwargs.pop("name", "Chi bộ " + Path(rel).stem)
        return self.write(rel, cell_yaml(name, kind, categories, **kwargs))


@pytest.fixture
def round_builder(tmp_path: Path):
    def make(rules: str = "thuong-tin-2017") -> RoundBuilder:
        return RoundBuilder(tmp_path / "dot", rules)

    return make


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "thuong-tin-2017"
    shutil.copytree(SAMPLE, target)
    return target


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lines_with(output: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if f"[{code}]" in line]


from baocao.outcome import TEMPLATE_CODES  # noqa: E402 - beside its one use


def is_template_problem(line: str) -> bool:
    """A line of output that reports a template's problem (an error with one of the template codes)."""
    return any(f": lỗi [{code}] " in line for code in TEMPLATE_CODES)
