"""Chapbook's module structure: each stage imports only earlier ones, and no import cycles.

The package is read with ``ast``, never imported. Every import counts, wherever it is written:
at the top, inside a function, under ``if TYPE_CHECKING:``, in a ``try``. An import names the
most specific chapbook module it reaches (``from chapbook import model`` is the package
``chapbook.model``; ``from chapbook.model import frontmatter`` is that submodule); the parent
packages Python also runs on the way are not counted.

The stages, in order; a module may import its own stage or an earlier one:

0. leaves: ``config``, ``warnings_``, ``urls``, ``nodes``, ``builders``, ``deploycheck``,
   ``sitenames`` (one file each), ``locale`` (one ``__init__.py`` beside its message catalogs),
   ``trust/`` (the trust policy: a package of plain data and pure functions, no Sphinx),
   ``speedups/`` (shortcuts through other projects' internals, each guarded by the
   versions it was verified against)
1. ``model/`` (no Sphinx here: docutils and yaml only)
2. ``reading/``
3. ``collecting/``
4. ``site/`` and ``book/``, siblings that do not import each other

``chapbook/__init__.py`` registers everything and may import anything; nothing imports it.
``cli/``, the ``chapbook`` command (``chapbook new``, ``chapbook post``, ...), imports leaves,
the model and itself only, and only ``chapbook/__init__.py`` may import it. Any other module is unplaced: a new module
goes into a stage deliberately (or into ``LEAVES`` here). An import of a chapbook module
that does not exist is reported too, rather than guessed at.

Other projects' internals live in ``speedups/`` alone: a module elsewhere that reads a
private attribute (``._name``, or ``getattr(x, "_name")``) of an object of Sphinx,
docutils or a theme (an application, environment, builder, config, ... or a name imported
from those packages) is reported, unless ``PRIVATE_ALLOWED`` gives the reason.  No
module anywhere writes to ``sys.modules`` (a stand-in module changes every later import).
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

PACKAGE_DIR = ROOT / "_ext" / "chapbook"
LEAVES = frozenset(
    {"config", "warnings_", "urls", "nodes", "builders", "deploycheck", "locale", "sitenames"}
)
STAGES = {"model": 1, "reading": 2, "collecting": 3, "site": 4, "book": 4}
TOOL = "cli"
TOOL_MAY_IMPORT = frozenset({"leaves", "model", "command-line tool"})
#: Leaves that are packages of several modules.
LEAF_PACKAGES = frozenset({"trust", "speedups"})
#: Leaf packages that do not depend on Sphinx either.
NO_SPHINX_LEAVES = frozenset({"trust"})
NO_SPHINX = "model"
#: The one package that may read other projects' private attributes.
LAYER = "speedups"
#: Packages whose private attributes only the layer reads.
FOREIGN = frozenset(
    {"sphinx", "docutils", "pydata_sphinx_theme", "sphinx_book_theme", "sphinxcontrib"}
    | {"myst_parser", "sphinx_tags", "notfound", "sphinx_copybutton"}
)
#: Names Chapbook gives those packages' objects (``app``, ``self.env``, ``app.builder``, ...).
FOREIGN_OBJECTS = frozenset(
    {"app", "env", "builder", "config", "events", "registry", "project", "indexer"}
    | {"templates", "theme", "document", "settings", "reporter", "translator", "domain"}
    | {"parser", "inliner", "state_machine", "writer", "visitor", "docutils", "sphinx"}
)
#: Private attributes read outside the layer on purpose: (module, attribute) -> why.
PRIVATE_ALLOWED: dict[tuple[str, str], str] = {}
#: What changes ``sys.modules`` when called on it.
MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__"})


@dataclass(frozen=True)
class Place:
    """Where a module sits: its stage's name and rank."""

    name: str
    rank: int


LEAF = Place("leaves", 0)
# Ranked above every stage, so that no stage may import them; their own imports are special.
PACKAGE_ROOT = Place("package root", 99)
CLI_TOOL = Place("command-line tool", 98)


@dataclass(frozen=True)
class Import:
    """On ``line``, ``source`` imports ``module`` (absolute), or ``names`` from it."""

    source: str
    module: str
    names: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Edge:
    """``source`` imports ``target``, both modules of the package, on ``line``."""

    source: str
    target: str
    line: int


@dataclass(frozen=True)
class Tree:
    """A package's modules (dotted name -> file) and every import written in them."""

    top: str
    base: Path  # the folder holding the package
    modules: dict[str, Path]
    imports: tuple[Import, ...]

    def where(self, module: str, line: int | None = None) -> str:
        rel = self.modules[module].relative_to(self.base).as_posix()
        return f"{rel}:{line}" if line else rel

    def is_internal(self, imp: Import) -> bool:
        return imp.module.split(".")[0] == self.top

    def targets(self, imp: Import) -> list[str | None]:
        """The modules an internal import reaches; None for a name that is no module here.

        ``from a import b`` reaches the module ``a.b`` if there is one, else ``a`` itself.
        """
        if not imp.names:
            return [imp.module if imp.module in self.modules else None]
        known = imp.module in self.modules
        return [
            f"{imp.module}.{name}"
            if f"{imp.module}.{name}" in self.modules
            else (imp.module if known else None)
            for name in imp.names
        ]

    def edges(self) -> list[Edge]:
        """Imports between two modules of this package (a module importing itself left out)."""
        found = {
            Edge(imp.source, target, imp.line)
            for imp in self.imports
            if self.is_internal(imp)
            for target in self.targets(imp)
            if target is not None and target != imp.source
        }
        return sorted(found, key=lambda e: (e.source, e.line, e.target))

    def graph(self) -> dict[str, set[str]]:
        graph: dict[str, set[str]] = {name: set() for name in self.modules}
        for edge in self.edges():
            graph[edge.source].add(edge.target)
        return graph


# -- reading the package ---------------------------------------------------------------


def module_name(package_dir: Path, path: Path) -> str:
    parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def base_of(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` reads from."""
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    if node.level > len(package):
        raise ValueError(f"{module}: relative import beyond the top package")
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_in(module: str, is_package: bool, syntax: ast.AST) -> Iterator[Import]:
    """Every import statement, at any depth: in functions, under ``if``, in ``try``."""
    for node in ast.walk(syntax):
        if isinstance(node, ast.Import):
            yield from (Import(module, alias.name, (), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            names = tuple(alias.name for alias in node.names if alias.name != "*")
            yield Import(module, base_of(module, is_package, node), names, node.lineno)


def scan(package_dir: Path) -> Tree:
    modules = {module_name(package_dir, p): p for p in sorted(package_dir.rglob("*.py"))}
    imports: list[Import] = []
    for name, path in modules.items():
        syntax = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imports += imports_in(name, path.name == "__init__.py", syntax)
    return Tree(package_dir.name, package_dir.parent, modules, tuple(imports))


# -- the rules ---------------------------------------------------------------------------


def place_of(module: str) -> Place | None:
    parts = module.split(".")[1:]
    if not parts:
        return PACKAGE_ROOT
    if parts[0] == TOOL:
        return CLI_TOOL
    if (len(parts) == 1 and parts[0] in LEAVES) or parts[0] in LEAF_PACKAGES:
        return LEAF
    if parts[0] in STAGES:
        return Place(parts[0], STAGES[parts[0]])
    return None


def allowed(source: Place, target: Place) -> bool:
    if source == PACKAGE_ROOT:
        return True
    if source == CLI_TOOL:
        return target.name in TOOL_MAY_IMPORT
    if target.rank == source.rank:
        return target.name == source.name  # site and book are siblings
    return target.rank < source.rank


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the graph's strongly connected components."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def shortest_cycle(graph: dict[str, set[str]], start: str) -> list[str]:
    """The shortest path from ``start`` back to itself (``start`` lies on a cycle)."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for succ in sorted(graph[node]):
            if succ == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if succ not in came_from:
                came_from[succ] = node
                queue.append(succ)
    raise AssertionError(f"{start} is on no cycle")


def cycles(tree: Tree) -> list[str]:
    graph = tree.graph()
    lines: dict[tuple[str, str], int] = {}
    for edge in tree.edges():
        lines.setdefault((edge.source, edge.target), edge.line)
    problems = []
    for component in (c for c in strongly_connected(graph) if len(c) > 1):
        path = shortest_cycle(graph, component[0])
        steps = [tree.where(a, lines[a, b]) for a, b in pairwise(path)]
        problems.append(
            f"import cycle: {' -> '.join(path)} (at {', '.join(steps)}; "
            f"{len(component)} modules import one another in a circle: {', '.join(component)})"
        )
    return problems


def upward_imports(tree: Tree) -> list[str]:
    problems = []
    for edge in tree.edges():
        source, target = place_of(edge.source), place_of(edge.target)
        if source is None or target is None or allowed(source, target):
            continue
        problems.append(
            f"{tree.where(edge.source, edge.line)}: {edge.source} ({source.name}) imports "
            f"{edge.target} ({target.name}); {source.name} may not import {target.name}"
        )
    return problems


def sphinx_in_model(tree: Tree) -> list[str]:
    def reason(module: str) -> str:
        owner = "the trust policy does" if _in_leaf_package(module) else "the model does"
        return f"{owner} not depend on Sphinx (docutils and yaml only)"

    return [
        f"{tree.where(imp.source, imp.line)}: {imp.source} imports {imp.module}; "
        f"{reason(imp.source)}"
        for imp in tree.imports
        if (place := place_of(imp.source)) is not None
        and (place.name == NO_SPHINX or _in_leaf_package(imp.source))
        and imp.module.split(".")[0] == "sphinx"
    ]


def _in_leaf_package(module: str) -> bool:
    parts = module.split(".")
    return len(parts) > 1 and parts[1] in NO_SPHINX_LEAVES


def unplaced(tree: Tree) -> list[str]:
    return [
        f"{tree.where(name)}: {name} belongs to no stage; move it into one of "
        f"{', '.join(f'{tree.top}/{stage}/' for stage in STAGES)}, "
        f"or make it a leaf in tests/test_architecture.py"
        for name in tree.modules
        if place_of(name) is None
    ]


def missing_modules(tree: Tree) -> list[str]:
    return [
        f"{tree.where(imp.source, imp.line)}: {imp.source} imports {imp.module}"
        f"{' (' + ', '.join(imp.names) + ')' if imp.names else ''}, which is no module of "
        f"{tree.top}"
        for imp in tree.imports
        if tree.is_internal(imp) and None in tree.targets(imp)
    ]


def _private(name: object) -> bool:
    return isinstance(name, str) and name.startswith("_") and not name.endswith("__")


def _holder(node: ast.expr) -> str | None:
    """The name an object goes by: ``app`` for ``app``, ``builder`` for ``self.app.builder``."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def foreign_names(syntax: ast.AST) -> set[str]:
    """Names a module binds to Sphinx's, docutils' or a theme's modules and objects."""
    names = set(FOREIGN_OBJECTS)
    for node in ast.walk(syntax):
        if isinstance(node, ast.Import):
            names |= {
                alias.asname or alias.name.split(".")[0]
                for alias in node.names
                if alias.name.split(".")[0] in FOREIGN
            }
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FOREIGN:
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def private_reads(syntax: ast.AST) -> Iterator[tuple[int, str, str]]:
    """``(line, what is written, attribute)`` for each private attribute of a foreign object."""
    foreign = foreign_names(syntax)
    for node in ast.walk(syntax):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            if _holder(node.value) in foreign:
                yield node.lineno, ast.unparse(node), node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "hasattr", "delattr"}
            and len(node.args) >= 2  # the object and the name
            and isinstance(node.args[1], ast.Constant)
            and _private(node.args[1].value)
            and _holder(node.args[0]) not in {"self", "cls"}
        ):
            yield node.lineno, ast.unparse(node), str(node.args[1].value)


def _is_sys_modules(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "modules"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
    )


def sys_modules_writes(syntax: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(syntax):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, (ast.Store, ast.Del))
            and _is_sys_modules(node.value)
        ) or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
            and _is_sys_modules(node.func.value)
        ):
            yield node.lineno, ast.unparse(node)


def _syntax(tree: Tree) -> Iterator[tuple[str, ast.AST]]:
    for name, path in tree.modules.items():
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def internals_outside_layer(tree: Tree) -> list[str]:
    return [
        f"{tree.where(name, line)}: {name} reads {text}, a private attribute of Sphinx, "
        f"docutils or a theme; read it through {tree.top}/{LAYER}/ (sphinxcompat), "
        f"or allow it in tests/test_architecture.py with the reason"
        for name, syntax in _syntax(tree)
        if name.split(".")[1:2] != [LAYER]
        for line, text, attribute in private_reads(syntax)
        if (name, attribute) not in PRIVATE_ALLOWED
    ]


def modules_faked(tree: Tree) -> list[str]:
    return [
        f"{tree.where(name, line)}: {name} changes sys.modules ({text}); a stand-in module "
        f"changes every later import of it, in every program that loads Chapbook"
        for name, syntax in _syntax(tree)
        for line, text in sys_modules_writes(syntax)
    ]


#: The one module that steps into Sphinx's read loop for documents it did not read.
READ_LOOP = "reading.readloop"
#: Sphinx's read-loop steps: preparing, registering, pickling and forgetting a document.
READ_LOOP_CALLS = frozenset({"prepare_settings", "write_doctree", "clear_doc"})
READ_LOOP_EVENTS = frozenset({"doctree-read", "env-purge-doc"})


def read_loop_steps(syntax: ast.AST) -> Iterator[tuple[int, str]]:
    """Calls of Sphinx's read-loop steps: ``env.clear_doc(...)``, ``emit("doctree-read", ...)``,
    and changes to the project's documents (``project.docnames.add``)."""
    for node in ast.walk(syntax):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        attribute, holder = node.func.attr, node.func.value
        emitted = (
            attribute == "emit"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in READ_LOOP_EVENTS
        )
        docnames = (
            isinstance(holder, ast.Attribute)
            and holder.attr == "docnames"
            and isinstance(holder.value, ast.Attribute)
            and holder.value.attr == "project"
        )
        changes_project = docnames and attribute in {"add", "discard", "remove", "update"}
        if attribute in READ_LOOP_CALLS or emitted or changes_project:
            yield node.lineno, ast.unparse(node.func)


def read_loop_outside_adapter(tree: Tree) -> list[str]:
    return [
        f"{tree.where(name, line)}: {name} calls {text}, a step of Sphinx's read loop; "
        f"step into it through {tree.top}/{READ_LOOP.replace('.', '/')}.py"
        for name, syntax in _syntax(tree)
        if name.split(".", 1)[1:] != [READ_LOOP]
        for line, text in read_loop_steps(syntax)
    ]


RULES: dict[str, Callable[[Tree], list[str]]] = {
    "no import cycles": cycles,
    "stages import only earlier stages": upward_imports,
    "no sphinx in the model": sphinx_in_model,
    "every module has a stage": unplaced,
    "every import of chapbook names a module": missing_modules,
    "other projects' internals only in the speed-up layer": internals_outside_layer,
    "nothing writes to sys.modules": modules_faked,
    "Sphinx's read loop only through one adapter": read_loop_outside_adapter,
}


def problems(package_dir: Path) -> list[str]:
    tree = scan(package_dir)
    return [problem for rule in RULES.values() for problem in rule(tree)]


# -- chapbook itself ----------------------------------------------------------------------


@pytest.mark.parametrize("rule", list(RULES), ids=list(RULES))
def test_chapbook_follows_its_architecture(rule: str) -> None:
    found = RULES[rule](scan(PACKAGE_DIR))
    assert not found, f"chapbook breaks '{rule}':\n  " + "\n  ".join(found)


# -- the checker, on small trees ----------------------------------------------------------

LAYOUT = {
    "__init__.py": "from chapbook.book import epub\nfrom . import cli, site\n",
    "config.py": "import logging\n",
    "warnings_.py": "from sphinx.util import logging\n",
    "urls.py": "from chapbook import config\n",
    "nodes.py": "from docutils import nodes\nfrom . import warnings_\n",
    "builders.py": "import chapbook.nodes\nfrom sphinx.builders.html import Builder\n",
    "model/__init__.py": "",
    "model/frontmatter.py": "import yaml\nfrom docutils import nodes\nfrom ..urls import join\n",
    "model/outline.py": "from . import frontmatter\nfrom chapbook.nodes import Part\n",
    "reading/__init__.py": "",
    "reading/parser.py": (
        "from typing import TYPE_CHECKING\n"
        "from chapbook.model import frontmatter\n"
        "if TYPE_CHECKING:\n"
        "    from sphinx.application import Sphinx\n"
    ),
    "collecting/__init__.py": "from .tags import setup\n",
    "collecting/tags.py": (
        "import chapbook.reading.parser\n\n\ndef later():\n    from ..model.outline import parse\n"
    ),
    "site/__init__.py": "from .feeds import setup\n",
    "site/feeds.py": "from chapbook.collecting import tags\nfrom chapbook import builders\n",
    "book/__init__.py": "",
    "book/epub.py": "from chapbook import collecting, model\nfrom ..collecting.tags import slug\n",
    "cli.py": "from chapbook.model import frontmatter\nfrom chapbook import urls\n",
}


def package(tmp_path: Path, changes: dict[str, str] | None = None) -> Path:
    """The layout above written under ``tmp_path/chapbook``, with files changed or added."""
    for name, text in (LAYOUT | (changes or {})).items():
        path = tmp_path / "chapbook" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "chapbook"


def check(tmp_path: Path, rule: Callable[[Tree], list[str]], changes: dict[str, str]) -> str:
    """What ``rule`` finds in the layout with ``changes``, one problem a line."""
    return "\n".join(rule(scan(package(tmp_path, changes))))


def test_a_tree_that_follows_the_layout_passes(tmp_path: Path) -> None:
    assert problems(package(tmp_path)) == []


def test_every_form_of_import_is_read(tmp_path: Path) -> None:
    graph = scan(package(tmp_path)).graph()
    assert graph["chapbook"] == {"chapbook.book.epub", "chapbook.cli", "chapbook.site"}
    assert graph["chapbook.urls"] == {"chapbook.config"}  # a submodule, not the package
    assert graph["chapbook.reading.parser"] == {"chapbook.model.frontmatter"}
    assert graph["chapbook.collecting.tags"] == {
        "chapbook.reading.parser",
        "chapbook.model.outline",  # inside a function
    }
    assert graph["chapbook.book.epub"] == {
        "chapbook.collecting",  # a package
        "chapbook.model",
        "chapbook.collecting.tags",  # relative
    }


# -- 1. cycles


def test_a_cycle_is_reported_with_its_path(tmp_path: Path) -> None:
    changes = {"model/frontmatter.py": "import yaml\n\nfrom chapbook.model import outline\n"}
    assert check(tmp_path, cycles, changes) == (
        "import cycle: chapbook.model.frontmatter -> chapbook.model.outline -> "
        "chapbook.model.frontmatter (at chapbook/model/frontmatter.py:3, "
        "chapbook/model/outline.py:1; 2 modules import one another in a circle: "
        "chapbook.model.frontmatter, chapbook.model.outline)"
    )


def test_a_cycle_among_leaves_is_reported(tmp_path: Path) -> None:
    changes = {"config.py": "from chapbook import nodes\n", "nodes.py": "from . import urls\n"}
    found = check(tmp_path, cycles, changes)
    assert "chapbook.config -> chapbook.nodes -> chapbook.urls -> chapbook.config" in found
    assert check(tmp_path, upward_imports, changes) == ""  # leaves may import leaves


def test_a_cycle_through_a_package_init_is_reported(tmp_path: Path) -> None:
    changes = {
        "model/__init__.py": "from .outline import parse\n",
        "model/frontmatter.py": "from chapbook.model import parse\n",
    }
    assert check(tmp_path, cycles, changes).startswith(
        "import cycle: chapbook.model -> chapbook.model.outline -> "
        "chapbook.model.frontmatter -> chapbook.model ("
    )


def test_an_import_under_type_checking_can_make_a_cycle(tmp_path: Path) -> None:
    changes = {"model/frontmatter.py": "if TYPE_CHECKING:\n    from .outline import Outline\n"}
    assert "chapbook.model.frontmatter -> chapbook.model.outline" in check(
        tmp_path, cycles, changes
    )


# -- 2. stages


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("import chapbook.site.feeds\n", "chapbook.site.feeds"),
        ("import chapbook.site.feeds as feeds\n", "chapbook.site.feeds"),
        ("from chapbook.site import feeds\n", "chapbook.site.feeds"),
        ("from chapbook.site.feeds import setup\n", "chapbook.site.feeds"),
        ("from chapbook import site\n", "chapbook.site"),
        ("from chapbook.site import setup\n", "chapbook.site"),
        ("from ..site import feeds\n", "chapbook.site.feeds"),
        ("from .. import site\n", "chapbook.site"),
        ("from ..site.feeds import *\n", "chapbook.site.feeds"),
        ("def f():\n    from chapbook.site import feeds\n", "chapbook.site.feeds"),
        ("if TYPE_CHECKING:\n    import chapbook.site.feeds\n", "chapbook.site.feeds"),
        (
            "try:\n    import chapbook.site.feeds\nexcept ImportError:\n    pass\n",
            "chapbook.site.feeds",
        ),
    ],
)
def test_an_upward_import_is_reported_in_any_form(tmp_path: Path, text: str, target: str) -> None:
    changes = {"model/outline.py": "from . import frontmatter\n" + text}
    found = check(tmp_path, upward_imports, changes)
    assert found.startswith("chapbook/model/outline.py:")  # and the import's line
    assert found.endswith(
        f" chapbook.model.outline (model) imports {target} (site); model may not import site"
    )
    assert len(found.splitlines()) == 1, found


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "urls.py",
            "from chapbook.model import outline\n",
            "urls (leaves) imports chapbook.model.outline (model)",
        ),
        (
            "model/outline.py",
            "from chapbook.reading import parser\n",
            "(model) imports chapbook.reading.parser (reading)",
        ),
        (
            "reading/parser.py",
            "import chapbook.collecting.tags\n",
            "(reading) imports chapbook.collecting.tags (collecting)",
        ),
        (
            "collecting/tags.py",
            "from chapbook.book import epub\n",
            "(collecting) imports chapbook.book.epub (book)",
        ),
        (
            "site/feeds.py",
            "from chapbook.book import epub\n",
            "(site) imports chapbook.book.epub (book)",
        ),
        (
            "book/epub.py",
            "from ..site.feeds import setup\n",
            "(book) imports chapbook.site.feeds (site)",
        ),
        (
            "cli.py",
            "from chapbook.reading import parser\n",
            "(command-line tool) imports chapbook.reading.parser (reading)",
        ),
        (
            "cli.py",
            "from chapbook import builders, site\n",
            "(command-line tool) imports chapbook.site (site)",
        ),
        (
            "site/feeds.py",
            "from chapbook import cli\n",
            "(site) imports chapbook.cli (command-line tool)",
        ),
        (
            "model/outline.py",
            "from chapbook import setup\n",
            "(model) imports chapbook (package root)",
        ),
    ],
)
def test_every_import_against_the_stages_is_reported(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    found = check(tmp_path, upward_imports, {name: LAYOUT[name] + text})
    assert expected in found
    assert len(found.splitlines()) == 1, found


# -- 3. sphinx in the model


@pytest.mark.parametrize(
    "text",
    [
        "import sphinx\n",
        "from sphinx.util import logging\n",
        "import sphinx.addnodes as addnodes\n",
        "def f():\n    from sphinx import addnodes\n",
        "if TYPE_CHECKING:\n    from sphinx.application import Sphinx\n",
    ],
)
def test_sphinx_in_the_model_is_reported(tmp_path: Path, text: str) -> None:
    found = check(tmp_path, sphinx_in_model, {"model/__init__.py": text})
    assert found.startswith("chapbook/model/__init__.py:")
    assert " chapbook.model imports sphinx" in found
    assert found.endswith("the model does not depend on Sphinx (docutils and yaml only)")


def test_look_alikes_of_sphinx_are_fine_in_the_model(tmp_path: Path) -> None:
    changes = {"model/outline.py": "import sphinx_lookalike\nfrom .sphinx import x\n"}
    assert check(tmp_path, sphinx_in_model, changes) == ""


# -- 4. unplaced modules


def test_a_module_outside_every_stage_is_reported(tmp_path: Path) -> None:
    changes = {"images.py": "", "misc/__init__.py": "", "misc/util.py": ""}
    found = check(tmp_path, unplaced, changes).splitlines()
    assert [line.split(" belongs")[0] for line in found] == [
        "chapbook/images.py: chapbook.images",
        "chapbook/misc/__init__.py: chapbook.misc",
        "chapbook/misc/util.py: chapbook.misc.util",
    ]
    assert found[0].endswith(
        "move it into one of chapbook/model/, chapbook/reading/, chapbook/collecting/, "
        "chapbook/site/, chapbook/book/, or make it a leaf in tests/test_architecture.py"
    )


def test_problems_gathers_every_rule(tmp_path: Path) -> None:
    changes = {
        "images.py": "",
        "urls.py": "from chapbook.model import outline\n",  # model.frontmatter imports urls
        "model/frontmatter.py": LAYOUT["model/frontmatter.py"] + "import sphinx\n",
    }
    found = problems(package(tmp_path, changes))
    assert [line.split(":")[0] for line in found] == [
        "import cycle",
        "chapbook/urls.py",
        "chapbook/model/frontmatter.py",
        "chapbook/images.py",
    ]


# -- 5. other projects' internals, and sys.modules


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("def f(app):\n    return app._warncount\n", "app._warncount"),
        ("def f(app):\n    return app.builder._get_translations_js()\n", "app.builder._get"),
        ("def f(self):\n    return self.env._search_index_mapping\n", "self.env._search"),
        ("def f(config):\n    return getattr(config, '_raw_config', {})\n", "getattr(config"),
        (
            "def f(x):\n    return getattr(x.indexer, '_mapping')\n",
            "getattr(x.indexer, '_mapping')",
        ),
        (
            "from sphinx.search import IndexBuilder\nIndexBuilder._mapping = {}\n",
            "IndexBuilder._mapping",
        ),
        ("import pydata_sphinx_theme as pst\npst._get_theme_options\n", "pst._get_theme"),
        ("from docutils import nodes\nnodes._add_node_class_names\n", "nodes._add_node"),
    ],
)
def test_a_private_attribute_of_sphinx_outside_the_layer_is_reported(
    tmp_path: Path, text: str, read: str
) -> None:
    found = check(tmp_path, internals_outside_layer, {"site/feeds.py": text})
    assert found.startswith("chapbook/site/feeds.py:")
    assert f"chapbook.site.feeds reads {read}" in found
    assert found.endswith(
        "a private attribute of Sphinx, docutils or a theme; read it through "
        "chapbook/speedups/ (sphinxcompat), or allow it in tests/test_architecture.py "
        "with the reason"
    )


@pytest.mark.parametrize(
    "text",
    [
        "def f(self):\n    return self._cache\n",  # an object's own
        "def f(converter):\n    converter._close_implicit()\n",  # Chapbook's own class
        "from lxml import etree\n\n\ndef f(e: etree._Element):\n    pass\n",  # not Sphinx's
        "def f(app):\n    return app.__class__, getattr(app, '__version__', '')\n",  # dunder
        "def f(app):\n    return app.builder.name, getattr(app, 'env')\n",  # public
    ],
)
def test_private_names_of_other_objects_are_fine(tmp_path: Path, text: str) -> None:
    assert check(tmp_path, internals_outside_layer, {"site/feeds.py": text}) == ""


def test_the_layer_may_read_private_attributes(tmp_path: Path) -> None:
    changes = {
        "speedups/__init__.py": "",
        "speedups/sphinxcompat.py": "def f(app):\n    return app._warncount\n",
    }
    assert check(tmp_path, internals_outside_layer, changes) == ""
    assert check(tmp_path, unplaced, changes) == ""
    assert check(tmp_path, sphinx_in_model, {**changes, "speedups/x.py": "import sphinx\n"}) == ""


@pytest.mark.parametrize(
    "text",
    [
        "import sys\nsys.modules['soupsieve'] = object()\n",
        "import sys\ndel sys.modules['soupsieve']\n",
        "import sys\nsys.modules.setdefault('soupsieve', object())\n",
        "import sys\nsys.modules.update(soupsieve=object())\n",
    ],
)
def test_a_write_to_sys_modules_is_reported_anywhere(tmp_path: Path, text: str) -> None:
    changes = {"speedups/__init__.py": "", "speedups/lazy.py": text}
    found = check(tmp_path, modules_faked, changes)
    assert found.startswith(
        "chapbook/speedups/lazy.py:2: chapbook.speedups.lazy changes sys.modules"
    )
    assert (
        check(
            tmp_path / "read",
            modules_faked,
            {"site/feeds.py": "import sys\nsys.modules.get('x')\n"},
        )
        == ""
    )


# -- 6. Sphinx's read loop


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("def f(app, d):\n    app.env.clear_doc(d)\n", "app.env.clear_doc"),
        ("def f(env, d):\n    env.prepare_settings(d)\n", "env.prepare_settings"),
        ("def f(app, t):\n    app.builder.write_doctree('x', t)\n", "app.builder.write_doctree"),
        ("def f(app, t):\n    app.events.emit('doctree-read', t)\n", "app.events.emit"),
        ("def f(app, d):\n    app.emit('env-purge-doc', app.env, d)\n", "app.emit"),
        ("def f(env, d):\n    env.project.docnames.add(d)\n", "env.project.docnames.add"),
    ],
)
def test_a_read_loop_step_outside_the_adapter_is_reported(
    tmp_path: Path, text: str, call: str
) -> None:
    found = check(tmp_path, read_loop_outside_adapter, {"collecting/documents.py": text})
    assert found == (
        f"chapbook/collecting/documents.py:2: chapbook.collecting.documents calls {call}, "
        "a step of Sphinx's read loop; step into it through chapbook/reading/readloop.py"
    )


def test_the_adapter_and_look_alikes_are_fine(tmp_path: Path) -> None:
    changes = {
        "reading/readloop.py": "def f(env, d):\n    env.clear_doc(d)\n",
        "site/feeds.py": "def f(app, found, d):\n    app.emit('html-page-context')\n"
        "    found.docnames.add(d)\n",
    }
    assert check(tmp_path, read_loop_outside_adapter, changes) == ""
