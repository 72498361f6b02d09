"""The architecture as rules a tool checks: no import cycles, documents/ without widgets, and every
import deferred into a function says why (the layer contracts run as `lint-imports`)."""

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[2] / "nsp_desktop"


def _cycles(graph: grimp.ImportGraph) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative enough here)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.find_modules_directly_imported_by(module):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(component)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("nsp_desktop", exclude_type_checking_imports=True)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "__init__.py").write_text("")
    (tmp_path / "loop" / "a.py").write_text("from loop import b\n")
    (tmp_path / "loop" / "b.py").write_text("def f():\n    from loop import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _cycles(grimp.build_graph("loop", cache_dir=None)) == [{"loop.a", "loop.b"}]


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, [a.name for a in node.names], getattr(node, "module", None) or ""


def test_documents_use_qtgui_without_widgets():
    for path in (PACKAGE / "documents").rglob("*.py"):
        for _node, names, module in _imports(path):
            assert "PySide6.QtWidgets" not in (module, *names), path


def _deferred_without_reason(path: Path) -> list[int]:
    """Lines of imports inside functions with no `deferred:` reason. A run of imports one after
    another shares the reason written on its lines or in the comment just above the first."""
    lines = path.read_text(encoding="utf-8").splitlines()
    bare = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for holder in ast.walk(node):
            for field in ("body", "orelse", "finalbody", "handlers"):
                statements = getattr(holder, field, [])
                if not isinstance(statements, list):  # a lambda's body is one expression
                    continue
                run: list[ast.stmt] = []
                for statement in [*statements, None]:
                    if isinstance(statement, ast.Import | ast.ImportFrom):
                        run.append(statement)
                        continue
                    if run:
                        first, last = run[0], run[-1]
                        top = first.lineno - 1  # the comment block just above counts too
                        while top > 0 and lines[top - 1].strip().startswith("#"):
                            top -= 1
                        said = lines[top : last.end_lineno]
                        if not any("deferred:" in line for line in said):
                            bare.extend(i.lineno for i in run)
                    run = []
    return sorted(set(bare))


def test_every_deferred_import_says_why():
    missing = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if lines := _deferred_without_reason(path):
            missing[path.relative_to(PACKAGE).as_posix()] = lines
    assert missing == {}


def test_the_reason_check_sees_a_bare_deferred_import(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text(
        "def f():\n    import json\n\n\ndef g():\n    import os  # deferred: why\n    import re\n"
        "    x = 1\n    import sys\n"
    )
    assert _deferred_without_reason(sample) == [2, 9]
