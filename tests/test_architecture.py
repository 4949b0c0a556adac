"""The shape of the package (docs/architecture.md): floors, no cycles, local imports only for start-up.

The floors are declared once, as import-linter's layers contract in pyproject.toml; these tests run it on
the package as it is and on a copy with one import that goes up a floor, which it must refuse.
"""

from __future__ import annotations

import ast
import graphlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "smartcity_kg"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
START_UP = "# start-up:"


def lint_imports(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        cwd=src,
        timeout=120,
        check=False,
    )


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def own_imports(path: Path, name: str) -> list[tuple[ast.stmt, str, bool]]:
    """(statement, imported module, inside a function) for each import of our own code in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[ast.stmt, str, bool]] = []

    def visit(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = local or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                found.extend((child, alias.name, inside) for alias in child.names if alias.name.startswith("smartcity_kg"))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - child.level + 1] + ([base] if base else []))
                if base.startswith("smartcity_kg"):
                    for alias in child.names:
                        full = f"{base}.{alias.name}"
                        found.append((child, full if full in modules() else base, inside))
            elif not (isinstance(child, ast.If) and is_type_checking(child.test)):
                visit(child, inside)

    visit(tree, False)
    return found


def is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def test_every_sub_package_keeps_to_its_floor() -> None:
    result = lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "statement"),
    [
        ("pipeline/build.py", "from smartcity_kg.web import settings"),  # the pipeline reaching up to the server
        ("rdf/sparql.py", "from smartcity_kg.pipeline import built"),  # the RDF layer reaching up to the pipeline
        ("site/render.py", "from smartcity_kg.web import serve"),  # one top floor using another
    ],
)
def test_an_import_up_a_floor_is_refused(tmp_path: Path, module: str, statement: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "smartcity_kg", ignore=shutil.ignore_patterns("__pycache__", "templates", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = src / "smartcity_kg" / module
    target.write_text(f"{statement}  # noqa\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    result = lint_imports(src, tmp_path / "pyproject.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    importer = "smartcity_kg." + module.removesuffix(".py").replace("/", ".")
    assert "BROKEN" in result.stdout and importer in result.stdout, result.stdout


def test_no_module_imports_itself_round_a_cycle() -> None:
    """Local imports count too: a cycle hidden in a function is still a cycle."""
    graph = {name: {imported for _, imported, _ in own_imports(path, name)} - {name} for name, path in modules().items()}
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as cycle:
        pytest.fail(f"import cycle: {' -> '.join(cycle.args[1])}")


def test_local_imports_of_own_code_are_for_start_up_only_and_say_so() -> None:
    lines_of = {name: path.read_text(encoding="utf-8").splitlines() for name, path in modules().items()}
    unexplained, below_cli = [], []
    for name, path in modules().items():
        for statement, imported, local in own_imports(path, name):
            if not local:
                continue
            text = " ".join(lines_of[name][statement.lineno - 1 : (statement.end_lineno or statement.lineno)])
            where = f"{path.relative_to(ROOT)}:{statement.lineno} imports {imported}"
            if START_UP not in text:
                unexplained.append(where)
            if not name.startswith("smartcity_kg.cli."):
                below_cli.append(where)
    assert not unexplained, f"a function-local import needs a '{START_UP} why' comment: {unexplained}"
    # Only the commands keep libraries out of `--help`; below the roof an import inside a function hides a cycle.
    assert not below_cli, f"function-local imports below the CLI: {below_cli}"


def test_the_scan_sees_local_imports() -> None:
    """The two tests above are only as good as the scan: it must see the CLI's start-up imports."""
    name = "smartcity_kg.cli.serve"
    local = [imported for _, imported, inside in own_imports(modules()[name], name) if inside]
    assert "smartcity_kg.web.serve" in local
