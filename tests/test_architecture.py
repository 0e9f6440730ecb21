"""The layout's rules, read from the source: no import cycles, data flowing one way, no module
using another's private names, and every package naming what it offers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage", "nlp")
# What each top-level package may import: storage and nlp know nothing of the bot or Telegram,
# and only the runtime (the composition root) reaches into the handlers.
MAY_IMPORT = {
    "nlp": {"nlp"},
    "storage": {"storage", "nlp"},
    "handlers": {"handlers", "bot", "storage", "nlp"},
    "bot": {"bot", "storage", "nlp"},
}
COMPOSITION_ROOTS = ("bot.runtime",)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    result = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            result.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            result.append((module, [alias.name for alias in node.names], node.lineno))
    return result


def _project_module(imported: str, names: list[str]) -> list[str]:
    """The project modules an import statement loads (a package's submodules named in it too)."""
    if imported.split(".")[0] not in PACKAGES:
        return []
    loaded = [imported] if imported in MODULES else []
    loaded += [f"{imported}.{n}" for n in names if f"{imported}.{n}" in MODULES]
    return loaded


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for imported, names, _ in _imports(name, path):
            for target in _project_module(imported, names):
                # importing a.b.c runs a/__init__ and a/b/__init__ first, unless they are the
                # importer's own packages (being imported already: how re-exports work)
                parts = target.split(".")
                for i in range(1, len(parts) + 1):
                    step = ".".join(parts[:i])
                    if step in MODULES and step != name and not name.startswith(step + "."):
                        graph[name].add(step)
    return graph


def test_no_import_cycles():
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_follow_the_layers(name):
    top = name.split(".")[0]
    allowed = MAY_IMPORT[top] | ({"handlers"} if name.startswith(COMPOSITION_ROOTS) else set())
    wrong = [
        (imported, line)
        for imported, names, line in _imports(name, MODULES[name])
        if imported.split(".")[0] in PACKAGES and imported.split(".")[0] not in allowed
    ]
    assert wrong == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_names_of_other_modules(name):
    taken = [
        (imported, n, line)
        for imported, names, line in _imports(name, MODULES[name])
        if imported.split(".")[0] in PACKAGES and imported != name
        for n in names
        if n.startswith("_")
    ]
    assert taken == []


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py"))
def test_each_package_names_what_it_offers(name):
    """Every package with re-exports lists them in __all__, and each listed name exists."""
    module = __import__(name, fromlist=["__all__"])
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    reexports = any(isinstance(node, ast.ImportFrom) for node in tree.body)
    if not reexports:
        return
    assert hasattr(module, "__all__"), name
    assert [n for n in module.__all__ if not hasattr(module, n)] == []


def test_no_function_imports_to_dodge_a_cycle():
    """Imports stand at the top of a module (the evaluator's optional packages aside)."""
    late = []
    for name, path in MODULES.items():
        if name.startswith("bot.evaluation"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                late += [
                    (name, inner.lineno) for inner in ast.walk(node) if isinstance(inner, ast.Import | ast.ImportFrom)
                ]
    assert late == []


def test_the_bots_process_does_not_load_stanza_or_torch():
    """Only the analysis worker runs models: the bot's own process (handlers, services, ingestion,
    storage, the command line) imports nlp's clean-up and data classes, not Stanza, and so keeps
    torch's few hundred megabytes out of its memory."""
    import subprocess
    import sys

    code = (
        "import sys, bot.runtime.app, bot.cli, bot.ingest, bot.services, handlers, storage, nlp;"
        "nlp.clean_text('Teks.'); nlp.detect_language('Presiden berkata hari ini.');"
        "print(sorted(m for m in ('torch', 'stanza') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_nlps_functions_stay_functions_when_their_modules_are_imported():
    """nlp.analyze and nlp.extract name functions, also after something imported the modules of
    the same names (which binds a package's attribute to the submodule)."""
    import subprocess
    import sys

    code = (
        "import nlp; from nlp.analyze import analyze_many; import nlp.extract, nlp.pipeline;"
        "print(all(callable(f) for f in (nlp.analyze, nlp.extract, nlp.get_pipeline, nlp.parse_many)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "True"
