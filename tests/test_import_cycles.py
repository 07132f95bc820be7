"""No two modules of the blog import each other, directly or round a longer loop.

Every ``import`` counts, those inside functions too: a function-level import that closes a loop
only hides the cycle until someone moves it to the top of the file.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "blog"


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``module`` imports anywhere in its text."""
    is_package = path.name == "__init__.py"
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")[: None if is_package else -1]
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    found = set()
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        # A package's parents are imported before it anyway: that edge is no loop of ours.
        if name and name != module and not module.startswith(name + "."):
            found.add(name)
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_the_blog_has_no_import_cycle():
    known = module_names()
    graph = {module: imported(module, path, known) for module, path in known.items()}
    assert import_cycles(graph) == []


def test_no_two_packages_of_the_blog_import_each_other():
    """Nor do ``blog.reading`` and ``blog.comments`` (say) depend on each other through two
    different modules: a package's modules count as one."""
    known = module_names()
    packages: dict[str, set[str]] = {}
    for module, path in known.items():
        package = ".".join(module.split(".")[:2])
        packages.setdefault(package, set()).update(
            ".".join(name.split(".")[:2]) for name in imported(module, path, known))
    graph = {package: used - {package, "blog"} for package, used in packages.items()
             if package != "blog"}
    graph = {package: used & set(graph) for package, used in graph.items()}
    assert import_cycles(graph) == []


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_cycle_finder_finds_loops(graph, expected):
    assert import_cycles(graph) == expected
