"""The suite tests Chapbook, not the checkout it runs in.

* A user replaces docs/ (the user guide) with their own posts: ``make test``
  stays green.  Only one test reads docs/, and of it asserts only that it
  builds without a warning and passes ``check_site``; the tests of the whole
  site build the fixture blog (``tests/roots/blog``) instead.
* A subprocess that imports ``chapbook`` imports the checkout's code, not an
  installed copy (``checkout_env``).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

from tests.helpers import ROOT, TESTS, checkout_env

if TYPE_CHECKING:
    from pathlib import Path

#: The one test allowed to read docs/ (module, function).
GENERIC = ("site/test_site.py", "test_docs_whatever_they_hold_build_cleanly_and_are_a_correct_site")


def is_docs(node: ast.AST) -> bool:
    """``ROOT / "docs"`` (or ``ROOT / "docs/..."``)."""
    return (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Div)
        and isinstance(node.left, ast.Name)
        and node.left.id == "ROOT"
        and isinstance(node.right, ast.Constant)
        and str(node.right.value).split("/")[0] == "docs"
    )


def reads_of_docs(tree: ast.AST, where: str = "<module>") -> list[tuple[int, str]]:
    """(line, innermost enclosing function) of each ``ROOT / "docs"`` in ``tree``."""
    found = []
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            found += reads_of_docs(child, child.name)
            continue
        if is_docs(child):
            found.append((child.lineno, where))
        found += reads_of_docs(child, where)
    return found


def test_only_the_generic_test_reads_docs() -> None:
    readers = set()
    for path in sorted(TESTS.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        module = path.relative_to(TESTS).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        readers |= {(module, function) for _, function in reads_of_docs(tree)}
    assert readers == {GENERIC}


def test_reads_of_docs_are_found() -> None:
    """The scan above can fail: it finds a read however deep, and names its function."""
    source = 'X = ROOT / "docs"\ndef test_x():\n    for p in (ROOT / "docs").rglob("*"):\n        f(ROOT / "docs/a.md")\n'
    assert reads_of_docs(ast.parse(source)) == [(1, "<module>"), (3, "test_x"), (4, "test_x")]


TINY_BLOG = {
    "index.md": "# My own blog\n\n```{postlist}\n```\n",
    "hello.md": "---\ntitle: Hello, world\ndate: 2023-07-01\ntags: [greetings]\n---\n\n"
    "A first post. See [the second](/second).\n",
    "second.md": "---\ntitle: The second post\ndate: 2023-08-01\n"
    'tags: [greetings, "two words"]\n---\n\nBack to [the first](/hello).\n',
    "drafts/later.md": "---\ntitle: Later\ndate: 2023-09-01\n---\n\nNot yet.\n",
}


def working_tree() -> list[str]:
    """The checkout's files as they are now: tracked and new, not ignored ones."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted({name for name in listed.split("\0") if name})


def test_the_site_tests_pass_with_someone_elses_docs(tmp_path: Path) -> None:
    """A checkout whose docs/ is a user's own two-post blog: the site tests still pass."""
    checkout = tmp_path / "checkout"
    for name in working_tree():
        source = ROOT / name
        if name.startswith("docs/") or not source.is_file():
            continue
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, checkout / name)
    for name, text in TINY_BLOG.items():
        (checkout / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (checkout / "docs" / name).write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["--basetemp", str(tmp_path / "pt"), "tests/site/test_site.py"]
    result = subprocess.run(command, cwd=checkout, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.match(r"\d+ passed in ", result.stdout.splitlines()[-1]), result.stdout[-500:]


def test_a_subprocess_imports_the_checkouts_chapbook() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import chapbook; print(chapbook.__file__)"],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
        env=checkout_env(),
    )
    assert result.stdout.strip() == str(ROOT / "_ext" / "chapbook" / "__init__.py")
