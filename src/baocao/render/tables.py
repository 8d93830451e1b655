"""Can docxtpl's table fix change what a template renders? Decided once per template.

docxtpl runs ``fix_tables`` on every rendered body: it parses the whole body with lxml and, in
each table, adds grid columns when a row has more cells than the grid and removes them when no
row fills the grid. That parse is most of a render's cost, so the fast path runs the fix only
for templates where it can change something. It can only if

- Jinja can change how many cells a row has: a statement or comment between a row's cells (what
  ``{%tc for %}``, ``{% hm %}`` and ``{#tc … #}`` become once patched), a block that opens in one
  cell and closes in another, or an expression inside a tag of a table (``{% colspan %}`` becomes
  ``<w:gridSpan w:val="{{ … }}"/>``); or
- the template's own tables do not fit their grid (a row with more cells than grid columns, or
  no row, among those always rendered, that fills the grid) — docxtpl rewrites those too.

Otherwise every rendered row is a copy of one of the template's rows, with its cells, and the fix
leaves every table as it is. Everything here reads the Jinja source docxtpl's ``patch_xml`` made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TOKEN = re.compile(
    r"<(?P<close>/?)w:(?P<element>tbl|tr|tc)(?:\s[^>]*)?(?P<empty>/?)>"
    r"|(?P<statement>\{%.*?%\})|(?P<comment>\{#.*?#\})|(?P<expression>\{\{.*?\}\})",
    re.DOTALL,
)
_JINJA = re.compile(r"\{%.*?%\}|\{#.*?#\}|\{\{.*?\}\}", re.DOTALL)
_STRUCTURE = re.compile(r"</?w:(?:tbl|tr|tc)[\s/>]")
_OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape", "raw"}
_MIDDLE = {"else", "elif"}


class MissingGrid(Exception):
    """A table without ``w:tblGrid``: docxtpl's table fix fails on it (AttributeError)."""


@dataclass
class _Walk:
    """Where the walk through the source is: open table elements and open Jinja blocks."""

    elements: list[tuple[str, int, int]] = field(default_factory=list)  # (element, id, block depth when opened)
    blocks: list[tuple[str, int]] = field(default_factory=list)  # where each open block was opened
    rows_always_there: list[bool] = field(default_factory=list)  # per row, in document order
    counter: int = 0

    def location(self) -> tuple[str, int]:
        return (self.elements[-1][0], self.elements[-1][1]) if self.elements else ("", 0)

    def in_table(self) -> bool:
        return bool(self.elements)


def _statement_kind(statement: str) -> str:
    words = statement[2:-2].strip("-+ \t\r\n").split(None, 1)
    name = words[0] if words else ""
    if name.startswith("end"):
        return "close"
    if name in _MIDDLE:
        return "middle"
    if name in _OPENERS or (name == "set" and "=" not in statement):
        return "open"
    return "other"


def _element(walk: _Walk, match: re.Match[str]) -> None:
    name = match["element"]
    if match["empty"]:
        return
    if match["close"]:
        if walk.elements and walk.elements[-1][0] == name:
            walk.elements.pop()
        return
    if name == "tr":
        table_depth = next((depth for element, _, depth in reversed(walk.elements) if element == "tbl"), 0)
        walk.rows_always_there.append(len(walk.blocks) == table_depth)
    walk.counter += 1
    walk.elements.append((name, walk.counter, len(walk.blocks)))


def _statement_moves_cells(walk: _Walk, statement: str) -> bool:
    """Whether this statement can add or remove cells of a row (or the structure is too odd to tell)."""
    if _STRUCTURE.search(statement):
        return True
    kind, here = _statement_kind(statement), walk.location()
    between_cells = here[0] == "tr"
    if kind == "open":
        walk.blocks.append(here)
        return between_cells
    if kind == "close":
        opened = walk.blocks.pop() if walk.blocks else None
        return between_cells or opened != here
    if kind == "middle":
        return between_cells or (bool(walk.blocks) and walk.blocks[-1] != here)
    return False


def _inside_a_tag(source: str, position: int) -> bool:
    return source.rfind("<", 0, position) > source.rfind(">", 0, position)


def jinja_can_change_cells(source: str) -> tuple[bool, list[bool]]:
    """Whether Jinja in the body can change a row's cells; and, per row, whether it is always rendered."""
    walk = _Walk()
    changes = False
    for match in _TOKEN.finditer(source):
        if match["element"]:
            _element(walk, match)
        elif match["statement"]:
            changes |= _statement_moves_cells(walk, match["statement"])
        elif match["comment"]:
            changes |= walk.location()[0] == "tr" or bool(_STRUCTURE.search(match["comment"]))
        elif walk.in_table() and _inside_a_tag(source, match.start()):
            changes = True  # an expression in a cell's or row's properties: a span, a merge
    return changes, walk.rows_always_there


def _grid_fits(table: etree._Element, rows: list[etree._Element], always: dict[etree._Element, bool]) -> bool:
    grid = table.find(W + "tblGrid")
    if grid is None:
        raise MissingGrid
    columns = len(grid.findall(W + "gridCol"))
    filled = False
    for row in rows:  # docxtpl counts the rows of nested tables too
        cells = row.findall(W + "tc")
        if len(cells) > columns:
            return False
        span = 0
        for cell in cells:
            value = cell.find(f"{W}tcPr/{W}gridSpan")
            text = value.get(W + "val", "") if value is not None else "1"
            if not text.isdigit():
                return False  # a span Jinja writes
            span += int(text)
        filled |= span >= columns and row.getparent() is table and always.get(row, False)
    return filled


def table_fix_can_change(source: str) -> bool:
    """Whether docxtpl's ``fix_tables`` can change this patched body source once rendered."""
    if "<w:tbl" not in source:
        return False
    moves, rows_always_there = jinja_can_change_cells(source)
    plain = _JINJA.sub("", source)  # every branch, each once: the rows the output is made of
    tree = etree.fromstring(plain.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    rows = list(tree.iter(W + "tr"))
    always = dict(zip(rows, rows_always_there))
    fits = all(_grid_fits(table, list(table.iter(W + "tr")), always) for table in tree.iter(W + "tbl"))
    return moves or not fits
