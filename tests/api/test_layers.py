"""The API is the top layer: it may read every app, and no app imports it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "recipes", "comments", "proposals", "editions", "search", "kochbuch"]


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_app_imports_the_api():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for app in APPS for path in (ROOT / app).rglob("*.py")
        for module in imported_modules(path) if module == "api" or module.startswith("api.")
    ]
    assert not offenders, offenders
