"""The modules import each other without a cycle (also through imports inside functions), and the
condition catalogue's two halves — what a rule file may say, what the checks do — name the same
conditions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from baocao.checks import CONDITION_CHECKS
from baocao.rules.conditions import CONDITION_KINDS

SOURCE = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SOURCE / "baocao"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _only_for_type_checkers(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:  # an ``else:`` runs: its imports count
                skipped.update(id(inner) for inner in ast.walk(statement))
    return skipped


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports, wherever in the module the import stands."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _only_for_type_checkers(tree)
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {target for target in found if target in modules and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that reach one another (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    assert "baocao.making" in graph["baocao.build"]  # imported only inside render()
    assert "baocao.rules" in graph["baocao.load"]


def test_no_module_imports_itself_through_others():
    assert cycles(import_graph()) == []


def test_a_cycle_is_found_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_reading_a_rule_set_does_not_load_the_checks():
    code = ("import sys; from baocao.rules import BUILTIN_DIR, load_rule_set, builtin_names; from baocao.diagnostics import Report; "
            "[load_rule_set(BUILTIN_DIR / f'{name}.yaml', Report()) for name in builtin_names()]; print('baocao.checks' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_every_kind_of_condition_has_its_check_and_every_check_its_kind():
    assert set(CONDITION_KINDS) == set(CONDITION_CHECKS)
