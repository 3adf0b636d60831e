"""Imports run one way: no cycle between backrehab's modules, and only the click layer imports the click layer.

The graph is read from the source with `ast`, so it holds every import, the ones inside functions
(kept there for start-up time) included: each is an arrow that runs as soon as the function does.
Left out: imports under `if TYPE_CHECKING:`, which never run, and the lazy commands' "module:name"
strings (`cli.app.LAZY_COMMANDS`), which stay inside `backrehab.cli` (a test checks). An import of `a.b.c` counts
as an arrow to `a.b.c` alone: the packages' `__init__.py` files hold only a docstring (a test below checks), so
running them can close no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Set
from pathlib import Path

import backrehab

PACKAGE = Path(backrehab.__file__).parent
#: The entry point of `python -m backrehab`: it has to import the command line.
ENTRY_POINTS = {"backrehab.__main__"}


def module_name(path: Path) -> str:
    """backrehab/cli/app.py → backrehab.cli.app; a package's __init__.py → the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement at any depth, except in the body of `if TYPE_CHECKING:`."""
    if isinstance(tree, ast.If) and is_type_checking(tree.test):
        for node in tree.orelse:
            yield from imports(node)
        return
    if isinstance(tree, (ast.Import, ast.ImportFrom)):
        yield tree
    for child in ast.iter_child_nodes(tree):
        yield from imports(child)


def targets(node: ast.Import | ast.ImportFrom, importer: str, is_package: bool, known: Set[str]) -> set[str]:
    """The backrehab modules an import statement runs, with relative imports resolved."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = importer.split(".") if is_package else importer.split(".")[:-1]
            anchor = package[: len(package) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        # `from pkg import name`: the module pkg.name if there is one, else pkg itself.
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    found: set[str] = set()
    for name in names:
        while name and name not in known:  # `import backrehab.x.attr` style: the longest known prefix
            name = name.rpartition(".")[0]
        if name:
            found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """For each backrehab module, the backrehab modules it imports (an import to itself left out)."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        arrows: set[str] = set()
        for node in imports(tree):
            arrows |= targets(node, name, path.name == "__init__.py", known.keys())
        graph[name] = arrows - {name}
    return graph


def find_cycle(graph: Mapping[str, Set[str]]) -> list[str] | None:
    """A cycle as the list of its modules, first repeated at the end; None when the graph has none."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for after in sorted(graph.get(node, ())):
            if after in on_path:
                return [*path[path.index(after) :], after]
            if after not in done:
                cycle = visit(after)
                if cycle:
                    return cycle
        path.pop()
        on_path.discard(node)
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle() -> None:
    """A three-module loop, even behind an acyclic part, is found and named in order; a diamond is no cycle."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"d"}, "d": {"b"}}) == ["b", "c", "d", "b"]
    assert find_cycle({"a": {"a"}}) == ["a", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}) is None


def test_the_graph_holds_function_level_and_relative_imports_but_not_type_checking_ones() -> None:
    """Arrows known to be in the code are found: function-level, relative from a subpackage, `from . import`."""
    graph = import_graph()
    assert "backrehab.history.store" in graph["backrehab.cli.context"]  # inside State.progress
    assert "backrehab.catalogue.model" in graph["backrehab.cli.params"]  # inside IdList.convert
    assert "backrehab.plan" in graph["backrehab.handout.sheet"]  # `from ..plan import …`
    assert "backrehab.cli.app" in graph["backrehab.__main__"]
    assert "backrehab.catalogue.model" not in graph["backrehab.wording"]  # imported there only under TYPE_CHECKING


def test_imports_are_resolved_as_python_would() -> None:
    """Relative levels, `from . import module`, dotted names and TYPE_CHECKING blocks, on a made-up module."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "import backrehab.history.store\n"
        "from . import store, nothing\n"
        "from ..plan import Plan\n"
        "if TYPE_CHECKING:\n    from ..catalogue.model import Catalogue\n"
        "else:\n    from ..screen.planview import plan_lines\n"
        "def later():\n    from ..remind.model import Reminder\n"
    )
    known = set(modules())
    found: set[str] = set()
    for node in imports(ast.parse(source)):
        found |= targets(node, "backrehab.history.made_up", False, known)
    assert found == {
        "backrehab.history.store",
        "backrehab.history",
        "backrehab.plan",
        "backrehab.screen.planview",
        "backrehab.remind.model",
    }


def test_there_is_no_import_cycle() -> None:
    """No chain of imports, function-level ones included, leads from a backrehab module back to itself."""
    assert find_cycle(import_graph()) is None


def test_only_the_click_layer_imports_the_click_layer() -> None:
    """The domain never imports `backrehab.cli`: the command line depends on the domain, not the reverse."""
    upward = sorted(
        f"{importer} → {target}"
        for importer, arrows in import_graph().items()
        for target in arrows
        if target.startswith("backrehab.cli")
        and not importer.startswith("backrehab.cli")
        and importer not in ENTRY_POINTS
    )
    assert upward == []


def test_the_lazy_commands_live_in_the_click_layer() -> None:
    """The commands imported by name when used (not seen by `ast`) are modules of `backrehab.cli.commands`."""
    from backrehab.cli.app import LAZY_COMMANDS

    known = modules()
    for lazy in LAZY_COMMANDS.values():
        module = lazy.target.partition(":")[0]
        assert module.startswith("backrehab.cli.commands."), lazy.target
        assert module in known, lazy.target


def test_the_packages_init_files_run_nothing() -> None:
    """Subpackages' `__init__.py` hold a docstring and nothing else: an import of a.b.c runs nothing of a.b."""
    for name, path in modules().items():
        if path.name == "__init__.py" and name != "backrehab":
            body = ast.parse(path.read_text(encoding="utf-8")).body
            assert len(body) == 1, name
            assert isinstance(body[0], ast.Expr), name
            assert isinstance(body[0].value, ast.Constant), name
            assert isinstance(body[0].value.value, str), name


def test_the_session_walker_and_its_events_know_nothing_of_audio() -> None:
    """The runner and the events it emits import nothing of `backrehab.audio`, not even for types: the voice
    follows the events, and the arrow runs from audio to the session, never back."""
    found = []
    for name in ("backrehab.session.runner", "backrehab.session.events"):
        tree = ast.parse(modules()[name].read_text(encoding="utf-8"))
        for node in ast.walk(tree):  # every import, those under `if TYPE_CHECKING:` included
            if isinstance(node, ast.Import):
                found += [f"{name} → {alias.name}" for alias in node.names if alias.name.startswith("backrehab.audio")]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("backrehab.audio"):
                found.append(f"{name} → {node.module}")
    assert found == []
