"""The house rules, checked: the core stays pure, the shell never leans on the fake
Telegram, and no two modules import each other round in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bot"

# What the pure core may never import: Telegram, the database, the event loop, other I/O
# libraries, and the layers above it.
CORE_FORBIDDEN = (
    "telegram",
    "aiosqlite",
    "sqlite3",
    "asyncio",
    "httpx",
    "tornado",
    "bot.shell",
    "bot.fake_telegram",
    "bot.cli",
)
SHELL_FORBIDDEN = ("bot.fake_telegram", "bot.cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """Every module `path` imports, at any depth, except under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            for alias in node.names:  # `from bot.core import content` imports a module
                if f"{node.module}.{alias.name}" in MODULES:
                    found.add(f"{node.module}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_the_layout_is_the_architecture():
    folders = {name.split(".")[1] for name in MODULES if name.count(".") >= 1}
    assert {"core", "shell", "fake_telegram", "cli"} <= folders
    loose = [n for n in MODULES if n.count(".") == 1 and n not in ("bot.__main__",)]
    assert sorted(loose) == ["bot.cli", "bot.core", "bot.fake_telegram", "bot.shell"]
    for package in ("bot.core", "bot.shell", "bot.fake_telegram", "bot.cli"):
        assert ast.get_docstring(ast.parse(MODULES[package].read_text())), package


@pytest.mark.parametrize("name", sorted(n for n in MODULES if under(n, "bot.core")))
def test_the_core_imports_no_io_no_telegram_and_nothing_above_it(name: str):
    bad = sorted(i for i in GRAPH[name] for f in CORE_FORBIDDEN if under(i, f))
    assert not bad, f"{name} imports {bad}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if under(n, "bot.shell")))
def test_the_shell_never_imports_the_fake_telegram(name: str):
    bad = sorted(i for i in GRAPH[name] for f in SHELL_FORBIDDEN if under(i, f))
    assert not bad, f"{name} imports {bad}"


def test_no_import_cycles():
    edges = {
        name: {i for i in targets if i in MODULES and i != name} for name, targets in GRAPH.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    trail: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        trail.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            walk(node)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_checker_would_see_a_forbidden_import(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import asyncio\nfrom telegram import Update\n"
        "def f():\n    from bot.shell import store\n"
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import aiosqlite\n"
    )
    assert {"asyncio", "telegram", "bot.shell", "bot.shell.store"} <= imports(sample)
    assert "aiosqlite" not in imports(sample)
