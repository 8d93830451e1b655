"""Every problem code the source emits is in the table of codes (baocao.codes), every code of the
table is emitted somewhere, and docs/codes.md lists exactly the table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from baocao.codes import CODES, STAGE_NAMES

SOURCE = Path(__file__).resolve().parents[1] / "src" / "baocao"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "codes.md"
CODE_SHAPE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Where the code stands among the positional arguments of each call that emits a diagnostic.
CODE_ARGUMENT = {"error": 0, "warning": 0, "_error": 0, "_warning": 0, "emit": 1, "add_from": 1, "Diagnostic": 4,
                 "_YamlRefusal": 2, "note": 0, "diagnostic": 0}
FORM_IMPORT_ERROR = 3  # form_import's error(sheet, row, header, code, message)


# Arguments that hand on a code decided elsewhere: a wrapper's parameter, a rule set's id, a
# refusal raised with its code (whose literal the scan finds where it is raised).
PASSED_ON = {"code", "condition.id", "quota.id", "refusal.code"}


def _code_argument(node: ast.Call, name: str) -> ast.expr | None:
    for keyword in node.keywords:
        if keyword.arg == "code":
            return keyword.value
    position = FORM_IMPORT_ERROR if name == "error" and len(node.args) >= 5 else CODE_ARGUMENT[name]
    if any(isinstance(argument, ast.Starred) for argument in node.args[:position]):
        position = len(node.args) - 2  # (…*position, code, message)
    return node.args[position] if len(node.args) > position else None


def _literals(argument: ast.expr) -> list[str] | None:
    """The codes an argument can be, when it is written out (None: it is computed)."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.IfExp):
        both = [_literals(argument.body), _literals(argument.orelse)]
        return None if None in both else [code for found in both for code in found or []]
    return None


def scan() -> tuple[dict[str, str], list[str]]:
    """Each code written where a diagnostic is emitted → one place it is; and the places where a
    code is computed rather than written, other than the known ways of handing one on."""
    found: dict[str, str] = {}
    computed: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name not in CODE_ARGUMENT or (argument := _code_argument(node, name)) is None:
                continue
            where = f"{path.relative_to(SOURCE)}:{node.lineno}"
            codes = _literals(argument)
            if codes is None:
                if ast.unparse(argument) not in PASSED_ON:
                    computed.append(f"{where}: {ast.unparse(argument)}")
                continue
            for code in codes:
                if CODE_SHAPE.fullmatch(code):  # not a log message (logger.warning shares the name)
                    found.setdefault(code, where)
    return found, computed


def emitted_codes() -> dict[str, str]:
    return scan()[0]


def test_no_code_is_computed_where_the_scan_cannot_read_it():
    assert scan()[1] == []


def test_every_code_emitted_is_in_the_table():
    unknown = {code: where for code, where in emitted_codes().items() if code not in CODES}
    assert not unknown, f"codes missing from baocao/codes.py: {unknown}"


def test_every_code_of_the_table_is_emitted():
    emitted = set(emitted_codes())
    assert emitted, "the scan found no code at all: it no longer reads the source"
    assert set(CODES) - emitted == set(), "codes in the table that nothing emits"


def test_the_docs_list_the_table():
    listed = dict(re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+?) \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    assert listed == {code: STAGE_NAMES[entry.stage] for code, entry in CODES.items()}
