"""docs/architecture.md tells the truth: its layer diagram is the import contract's order,
every app is in its table, and each app's "may import" column names every app it imports."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENGINES = (
    "steadfast.assessments.scoring",
    "steadfast.insights.stats",
    "steadfast.insights.privacy",
)
LAYERS = next(
    c["layers"] for c in CONTRACTS["tool"]["importlinter"]["contracts"] if c["type"] == "layers"
)


def _diagram() -> list[list[str]]:
    block = DOC.split("```\n", 2)[1]
    rows = []
    for line in block.splitlines():
        if line.startswith("pure engines") or line.startswith("("):
            break
        rows.append(sorted(re.findall(r"[a-z]+", line.split("  ")[0])))
    return rows


def _table() -> dict[str, str]:
    rows = re.findall(r"^\| `(\w+)` \| .*\| (.*) \|$", DOC, re.MULTILINE)
    return dict(rows)


def test_the_diagram_is_the_contracts_order() -> None:
    contract = [sorted(part.strip().removeprefix("steadfast.") for part in layer.split("|"))
                for layer in LAYERS]  # fmt: skip
    assert _diagram() == contract


def test_every_app_is_described_and_names_what_it_imports() -> None:
    apps = sorted(p.name for p in (ROOT / "steadfast").iterdir() if (p / "apps.py").exists())
    table = _table()
    assert sorted(table) == apps
    graph = grimp.build_graph("steadfast", exclude_type_checking_imports=True, cache_dir=None)
    layer_of = {
        name.strip().removeprefix("steadfast."): index
        for index, layer in enumerate(LAYERS)
        for name in layer.split("|")
    }
    for app in apps:
        imported = set()
        for module in graph.find_descendants(f"steadfast.{app}") | {f"steadfast.{app}"}:
            if ".tests" in module:
                continue
            for target in graph.find_modules_directly_imported_by(module):
                if target.startswith(ENGINES):
                    continue  # the pure engines belong to no layer: anyone may use them
                other = target.split(".")[1] if target.startswith("steadfast.") else ""
                if other and other != app:
                    imported.add(other)
        column = table[app]
        named = set(re.findall(r"`(\w+)`", column))
        if column.startswith(("everything below it", "every app below it")):
            named |= {other for other in layer_of if layer_of[other] > layer_of[app]}
        assert imported <= named, (app, sorted(imported - named))


def _imports_inside_functions() -> list[tuple[str, int, str]]:
    """Imports of our own modules inside functions: (file, line, the line above it)."""
    found = []
    for path in sorted((ROOT / "steadfast").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                ours = (
                    isinstance(inner, ast.ImportFrom)
                    and (inner.level > 0 or (inner.module or "").startswith("steadfast"))
                ) or (
                    isinstance(inner, ast.Import)
                    and any(a.name.startswith("steadfast") for a in inner.names)
                )
                if ours:
                    name = str(path.relative_to(ROOT))
                    found.append((name, inner.lineno, lines[inner.lineno - 2].strip()))
    return sorted(set(found))


def test_few_imports_hide_inside_functions_and_each_says_why() -> None:
    """Imports sit at the top, where readers and tools see them; the few that cannot (a
    module that imports its caller, a heavy library loaded on demand) say why."""
    found = _imports_inside_functions()
    assert len(found) < 10, found
    for name, line, above in found:
        assert above.startswith("# Deferred:"), (name, line)


def test_views_hold_no_queries_or_writes() -> None:
    """Views are thin: they read through selectors and write through services. A query or a
    write in a view (a manager, get_object_or_404, save or update) fails here."""
    found = []
    pattern = re.compile(r"\.objects\.|get_object_or_404\(|\.save\(|\.update\(|\.delete\(")
    for path in sorted((ROOT / "steadfast").glob("*/views.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if pattern.search(code) and "initial.update(" not in code:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
