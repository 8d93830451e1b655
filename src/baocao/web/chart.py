"""The round's figures as a table and as plain SVG charts (no chart library: a few rectangles).

The counts come from the library (``manifest.snapshot``'s summary, ``figures``); this module only
lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from ..figures import last_year_share, member_breakdown, percent, share_base
from ..load import Round
from ..rules import TIEU_BIEU
from ..vietnamese import format_percent

SUBJECTS = {"to_chuc_co_so": "Tổ chức cơ sở đảng", "chi_bo_truc_thuoc": "Chi bộ trực thuộc", "dang_vien": "Đảng viên"}
# One colour per level, best first (colour-blind safe: Okabe–Ito), the last for "not decided".
COLOURS = ["#0072B2", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#56B4E9"]
UNDECIDED = "#BBBBBB"


@dataclass
class Cell:
    label: str
    count: int
    share: str  # "62,62%"
    last_year: str  # "" when nam_truoc does not say


@dataclass
class FigureRow:
    subject: str
    evaluated: int
    total: int
    cells: list[Cell] = field(default_factory=list)


def _levels(round_: Round, subject: str) -> list[tuple[str, str]]:
    kind = "dang_vien" if subject == "dang_vien" else "to_chuc"
    levels = [(c.ma, c.ten_ngan) for c in round_.rule_set.categories(kind)]
    if kind == "to_chuc" and round_.rule_set.data.tieu_bieu:
        levels.append((TIEU_BIEU, round_.rule_set.data.tieu_bieu.ten_ngan))
    return levels


def _share(value: Decimal | None) -> str:
    return format_percent(value) if value is not None else ""


def figure_rows(round_: Round, summary: dict) -> list[FigureRow]:
    rows = []
    for subject, label in SUBJECTS.items():
        figures = summary.get(subject)
        if not figures:
            continue
        row = FigureRow(label, figures["danh_gia"], figures["tong_so"])
        for code, name in _levels(round_, subject):
            count = figures["so"].get(code, 0)
            base = share_base(round_.rule_set, code, figures["so"], figures["danh_gia"])
            row.cells.append(Cell(name, count, _share(percent(count, base)), _share(last_year_share(round_, subject, code))))
        rows.append(row)
    return rows


def figures_and_charts(round_: Round, current: dict) -> tuple[list[FigureRow], list[str]]:
    summary = current["tong_hop"].get("", {})
    charts = [units_chart(round_)]
    comparison = last_year_chart(round_, summary)
    if comparison:
        charts.append(comparison)
    return figure_rows(round_, summary), charts


def _legend(levels: list[tuple[str, str]], x: int, y: int, extra: Sequence[tuple[str, str]] = ()) -> list[str]:
    parts = []
    left = x
    for colour, name in [(COLOURS[i % len(COLOURS)], n) for i, (_, n) in enumerate(levels)] + list(extra):
        parts.append(f'<rect x="{left}" y="{y}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{left + 16}" y="{y + 11}">{escape(name)}</text>')
        left += 30 + 7 * len(name)  # about the width of the name at 12 px
    return parts


def units_chart(round_: Round) -> str:
    """Members' levels in each grassroots organisation, as stacked horizontal bars (share of its
    members rated), the count written at the end."""
    levels = _levels(round_, "dang_vien")
    units = [u for u in round_.units if u.don_vi is not None]
    label_width, bar_width, row = 290, 520, 22
    height = 40 + row * len(units) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bieu-do" role="img" width="{label_width + bar_width + 70}" '
             f'height="{height}" font-family="sans-serif" font-size="12">',
             '<title>Xếp loại đảng viên theo đơn vị</title>']
    parts += _legend(levels, label_width, 8, [(UNDECIDED, "Chưa xếp loại")])
    for index, unit in enumerate(units):
        y = 34 + index * row
        tally = member_breakdown([unit], round_).total
        parts.append(f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end">{escape(unit.name[:44])}</text>')
        x = float(label_width)
        segments = [(COLOURS[i % len(COLOURS)], name, tally.count(code)) for i, (code, name) in enumerate(levels)]
        segments.append((UNDECIDED, "Chưa xếp loại", tally.undecided))
        for colour, name, count in segments:
            if not count or not tally.evaluated:
                continue
            width = bar_width * count / tally.evaluated
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="16" fill="{colour}">'
                         f'<title>{escape(unit.name)}: {escape(name)} {count}</title></rect>')
            x += width
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 13}">{tally.evaluated}</text>')
    parts.append("</svg>")
    return "".join(parts)


def last_year_chart(round_: Round, summary: dict) -> str | None:
    """This year's share of each level against last year's (from nam_truoc), side by side."""
    groups = []
    for subject, label in SUBJECTS.items():
        figures = summary.get(subject)
        if not figures:
            continue
        bars = []
        for code, name in _levels(round_, subject):
            base = share_base(round_.rule_set, code, figures["so"], figures["danh_gia"])
            this_year, last_year = percent(figures["so"].get(code, 0), base), last_year_share(round_, subject, code)
            if last_year is not None:
                bars.append((name, float(this_year or 0), float(last_year)))
        if bars:
            groups.append((label, bars))
    if not groups:
        return None
    bar, gap, plot_height = 16, 28, 160
    width = 60 + sum(len(bars) * (2 * bar + gap) + 40 for _, bars in groups)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bieu-do" role="img" width="{width}" height="{plot_height + 90}" '
             f'font-family="sans-serif" font-size="12"><title>Tỷ lệ từng mức so với năm trước</title>']
    parts += _legend([], 40, 8, [("#999999", "Năm trước"), ("#0072B2", "Năm nay")])
    base_y = 40 + plot_height
    parts.append(f'<line x1="30" y1="{base_y}" x2="{width - 10}" y2="{base_y}" stroke="#333"/>')
    x = 40
    for label, bars in groups:
        start = x
        for name, now, before in bars:
            for offset, share, colour, when in ((0, before, "#999999", "năm trước"), (bar, now, "#0072B2", "năm nay")):
                h = plot_height * share / 100
                parts.append(f'<rect x="{x + offset}" y="{base_y - h:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}">'
                             f'<title>{escape(label)}, {escape(name)}, {when}: {share:.2f}%</title></rect>')
            parts.append(f'<text x="{x + bar}" y="{base_y - plot_height * max(now, before) / 100 - 4:.1f}" '
                         f'text-anchor="middle" font-size="10">{now:.0f}%</text>')
            parts.append(f'<text x="{x + bar}" y="{base_y + 14}" text-anchor="middle" font-size="10">{escape(name)}</text>')
            x += 2 * bar + gap
        parts.append(f'<text x="{(start + x - gap) / 2}" y="{base_y + 32}" text-anchor="middle" font-weight="bold">{escape(label)}</text>')
        x += 40
    parts.append("</svg>")
    return "".join(parts)
