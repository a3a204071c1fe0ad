"""The apps depend on each other one way only, and say so at the top of each module.

Layers, bottom to top (README, "Architecture"):

    0  libraries and shared site code: textdiff/, kochbuch/ (pagecache, forms, notifications …)
    1  accounts, recipes
    2  comments, proposals
    3  editions, search, api
    4  the project: kochbuch.settings, kochbuch.urls, kochbuch.wsgi, kochbuch.asgi

A module may import its own package and anything in a lower layer, and, inside one layer, an app
lower in the list above (recipes may use accounts, proposals may use comments: a proposal is
made from a comment thread), never the reverse. When a write of a lower app must have effects
above it, the lower app announces the write (recipes/signals.py, comments/signals.py, the
registries in recipes/pages.py, comments/discussion.py and accounts/privacy.py) and the app
above subscribes in its AppConfig.ready().

Every import counts, also inside functions, and imports of the project's own packages belong at
the top of the module: an import tucked into a function only hides a cycle (Django's
``AppConfig.ready()`` is the one place where an import must wait for the app registry).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Bottom to top; inside a layer, the order of the names is the order of dependence too.
LAYERS = [
    ["textdiff", "kochbuch"],
    ["kommunen", "accounts", "recipes"],
    ["comments", "proposals", "authorship", "reviews", "practice"],
    ["editions", "search", "inbox", "api"],
    ["project"],
]
PROJECT_MODULES = {"kochbuch.settings", "kochbuch.urls", "kochbuch.wsgi", "kochbuch.asgi"}
RANK = {name: (layer, place) for layer, names in enumerate(LAYERS) for place, name in enumerate(names)}


def packages(root: Path) -> list[str]:
    """The project's own top-level packages: the Django apps, kochbuch/ and the libraries."""
    return sorted(path.parent.name for path in root.glob("*/__init__.py")
                  if path.parent.name not in {"tests", "bench", "docs", "fixtures"})


def component(module: str) -> str:
    """The layer name of a dotted module: its top-level package, or "project"."""
    return "project" if ".".join(module.split(".")[:2]) in PROJECT_MODULES else module.split(".")[0]


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(root: Path):
    """(module, imported module, line, at top level?) for every import of the project's packages."""
    own = set(packages(root))
    for package in own:
        for path in sorted((root / package).rglob("*.py")):
            module = module_name(root, path)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node, at_top in _walk(tree):
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    # "from kochbuch import urls" imports the module kochbuch.urls too
                    folder = root.joinpath(*node.module.split("."))
                    targets = [node.module] + [
                        f"{node.module}.{alias.name}" for alias in node.names
                        if (folder / f"{alias.name}.py").exists() or (folder / alias.name / "__init__.py").exists()]
                else:
                    continue
                for target in targets:
                    if target.split(".")[0] in own:
                        yield module, target, node.lineno, at_top


def _walk(tree):
    """Every node with whether it runs when the module is imported (not inside a function,
    except a Django app's ready())."""
    def visit(node, at_top):
        for child in ast.iter_child_nodes(node):
            inside = at_top
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                inside = getattr(child, "name", "") == "ready"
            yield child, inside
            yield from visit(child, inside)
    yield from visit(tree, True)


def upward_imports(root: Path) -> list[str]:
    found = []
    for module, target, line, _ in imports(root):
        source, imported = component(module), component(target)
        if source == imported:
            continue
        if source not in RANK or imported not in RANK:
            unknown = source if source not in RANK else imported
            found.append(f"{module}:{line} {target}: package {unknown!r} has no layer in tests/test_layers.py")
        elif RANK[imported] > RANK[source]:
            found.append(f"{module}:{line} imports {target} ({imported} is above {source})")
    return sorted(found)


def hidden_imports(root: Path) -> list[str]:
    return sorted(f"{module}:{line} imports {target} inside a function"
                  for module, target, line, at_top in imports(root) if not at_top)


def test_every_package_of_the_project_has_a_layer():
    assert [name for name in packages(ROOT) if name not in RANK] == []


def test_no_module_imports_a_layer_above_its_own():
    assert upward_imports(ROOT) == []


def test_the_projects_own_modules_are_imported_at_the_top_of_a_module():
    assert hidden_imports(ROOT) == []


def test_the_check_sees_an_upward_import_even_inside_a_function(tmp_path):
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "__init__.py").write_text("")
    (tmp_path / "recipes" / "services.py").write_text(
        "from recipes.models import Recipe\n\ndef save():\n    from search.indexing import index_recipe\n")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "__init__.py").write_text("")
    (tmp_path / "search" / "indexing.py").write_text("import recipes.models\n")
    (tmp_path / "kochbuch").mkdir()
    (tmp_path / "kochbuch" / "__init__.py").write_text("")
    (tmp_path / "kochbuch" / "pagecache.py").write_text("from kochbuch import urls\n")
    (tmp_path / "kochbuch" / "urls.py").write_text("import search.indexing\n")
    assert upward_imports(tmp_path) == [
        "kochbuch.pagecache:1 imports kochbuch.urls (project is above kochbuch)",
        "recipes.services:4 imports search.indexing (search is above recipes)",
    ]
    assert hidden_imports(tmp_path) == ["recipes.services:4 imports search.indexing inside a function"]
