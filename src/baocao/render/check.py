"""Check a template against what baocao provides, before anything is rendered.

The shape of the data is read from the contexts themselves (every key of every dict, the items
of every list), so the check knows exactly what a template will see. A typo such as
``don_vi.tne`` or an unknown variable is reported with the paragraph it is in; a name that only
a branch never taken would reach is caught too, which rendering alone would miss.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from jinja2 import Environment, nodes

from .docx import CompiledPart


class _Any:
    """A value whose shape is not known (a filter's result, a call's): anything goes."""

    def __reduce__(self) -> str:
        return "ANY"  # one of a kind, also when a shape comes back from a worker process


ANY = _Any()
SCALAR = "scalar"


@dataclass
class Obj:
    keys: dict = field(default_factory=dict)


@dataclass
class Seq:
    item: object = ANY


def shape_of(value: object) -> object:
    if isinstance(value, dict):
        return Obj({k: shape_of(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        item: object = None
        for element in value:
            item = merge(item, shape_of(element))
        return Seq(ANY if item is None else item)
    return SCALAR


def merge(a: object, b: object) -> object:
    if a is None:
        return b
    if isinstance(a, Obj) and isinstance(b, Obj):
        keys = dict(a.keys)
        for k, v in b.keys.items():
            keys[k] = merge(keys.get(k), v)
        return Obj(keys)
    if isinstance(a, Seq) and isinstance(b, Seq):
        if a.item is ANY:
            return b
        if b.item is ANY:
            return a
        return Seq(merge(a.item, b.item))
    if a == b:
        return a
    return ANY


LIST_PRESERVING = {"sort", "reverse", "list", "unique", "selectattr", "rejectattr", "batch", "slice"}


class ShapeChecker:
    def __init__(self, root: Obj, env: Environment) -> None:
        self.root = root
        self.allowed_globals = set(env.globals)
        self.problems: list[tuple[int, str]] = []

    def check(self, part: CompiledPart) -> list[tuple[int, str]]:
        self.problems = []
        self.statements(part.tree.body, dict(self.root.keys))
        return self.problems

    # -- statements --

    def statements(self, body: list, scope: dict) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: dict) -> None:
        if isinstance(node, nodes.For):
            iterated = self.expr(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, iterated.item if isinstance(iterated, Seq) else ANY, inner)
            inner["loop"] = ANY
            if node.test is not None:
                self.expr(node.test, inner)
            self.statements(node.body, inner)
            self.statements(node.else_, scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.statements(node.body, scope)
            for elif_ in node.elif_:
                self.statement(elif_, scope)
            self.statements(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.expr(value, scope), inner)
            self.statements(node.body, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                inner[arg.name] = ANY
            inner.update(caller=ANY, varargs=ANY, kwargs=ANY)
            self.statements(node.body, inner)
            if isinstance(node, nodes.Macro):
                scope[node.name] = ANY
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        else:
            for child_node in node.iter_child_nodes():
                if isinstance(child_node, nodes.Expr):
                    self.expr(child_node, scope)
                else:
                    self.statement(child_node, scope)

    def bind(self, target: nodes.Node, shape: object, scope: dict) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        else:
            for name in target.find_all(nodes.Name):
                scope[name.name] = ANY

    # -- expressions --

    def expr(self, node: nodes.Node, scope: dict) -> object:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name not in self.allowed_globals:
                self.unknown(node.lineno, node.name, list(scope), "biến")
            return ANY
        if isinstance(node, nodes.Getattr):
            return self.member(self.expr(node.node, scope), node.attr, node.lineno, node)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            self.expr(node.arg, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.member(base, node.arg.value, node.lineno, node)
            return base.item if isinstance(base, Seq) else ANY
        if isinstance(node, nodes.Filter):
            base = self.expr(node.node, scope) if node.node is not None else ANY
            for child in [*node.args, *[kw.value for kw in node.kwargs]]:
                self.expr(child, scope)
            return base if node.name in LIST_PRESERVING and isinstance(base, Seq) else ANY
        for inner in node.iter_child_nodes():
            if isinstance(inner, nodes.Keyword):
                self.expr(inner.value, scope)
            elif isinstance(inner, nodes.Expr):
                self.expr(inner, scope)
        return ANY

    def member(self, base: object, name: str, line: int, node: nodes.Node) -> object:
        if name.startswith("_"):
            self.problems.append((line, f"'{_dotted(node)}': mẫu không được dùng thuộc tính nội bộ của Python"))
            return ANY
        if isinstance(base, Obj):
            if name in base.keys:
                return base.keys[name]
            self.unknown(line, f"{_dotted(node)}", list(base.keys), "thuộc tính", name)
            return ANY
        return ANY

    def unknown(self, line: int, shown: str, known: list[str], what: str, name: str | None = None) -> None:
        message = f"{what} '{shown}' không có trong dữ liệu baocao cung cấp"
        close = difflib.get_close_matches(name or shown, known, n=1, cutoff=0.6)
        if close:
            message += f"; có phải '{close[0]}'?"
        self.problems.append((line, message))


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"
