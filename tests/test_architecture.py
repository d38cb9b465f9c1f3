"""The package layout holds: no private name crosses a folder, no import cycle.

These read the source with :mod:`ast` (nothing is imported), so they check the code as written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lotdesign", "geo", "ui")
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _folder(module: str) -> str:
    """The package folder a module lives in (a package's ``__init__`` lives in its own)."""
    path = MODULES[module]
    return str(path.parent.relative_to(ROOT)).replace("/", ".")


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def _resolve(module: str, names: list[str]) -> list[str]:
    """Project modules an import statement loads (``from pkg import mod`` loads ``pkg.mod``)."""
    targets = [module] if module in MODULES else []
    targets += [f"{module}.{name}" for name in names if f"{module}.{name}" in MODULES]
    return targets


def test_every_package_is_seen():
    assert "lotdesign.core.scoring" in MODULES and "geo.units" in MODULES and "ui.main" in MODULES


def test_no_private_name_or_module_crosses_a_folder():
    offences = []
    for module, path in MODULES.items():
        for imported, names, line in _imports(path):
            if not imported.split(".")[0] in PACKAGES:
                continue
            top = imported.split(".")
            owner = imported if imported in MODULES else ".".join(top[:-1])
            owner_folder = _folder(owner) if owner in MODULES else imported
            private_module = any(part.startswith("_") and part != "__init__" for part in top)
            # Dunder names (``__version__``) are public by convention.
            private_names = [name for name in names if name.startswith("_") and not name.endswith("__")]
            if (private_module or private_names) and owner_folder != _folder(module):
                offences.append(f"{path.relative_to(ROOT)}:{line} imports {imported} {private_names}")
    assert offences == [], "private names used outside their folder:\n" + "\n".join(offences)


def _graph() -> dict[str, set[str]]:
    graph = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for imported, names, _ in _imports(path):
            for target in _resolve(imported, names):
                # A package and its own __init__ may import each other's parts.
                if target != module and not module.startswith(target + "."):
                    graph[module].add(target)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[str]:
    """Each import cycle found by a depth-first walk, as ``a -> b -> a``."""
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return cycles


def test_the_cycle_check_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a -> b -> c -> a"]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    cycles = find_cycles(_graph())
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_top_of_lotdesign_holds_only_a_handful_of_modules():
    top = sorted(p.name for p in (ROOT / "lotdesign").glob("*.py"))
    assert len(top) <= 4, top


@pytest.mark.parametrize("package", sorted(m for m, p in MODULES.items() if p.name == "__init__.py"))
def test_each_package_imports_first_in_a_fresh_interpreter(package):
    """Import order cannot hide a cycle: each package loads on its own, as a first import."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", f"import {package}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("package", [*PACKAGES, "scripts"])
def test_no_function_over_80_lines(package):
    long = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert long == [], f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)
