"""The guide's reference pages, written from the code: ``make reference``.

    python tools/reference.py           # writes docs/settings.md and docs/warnings.md
    python tools/reference.py --check   # exit 1 if either differs from the code

Every setting is declared once (``chapbook.config.OPTIONS``: name, default, what
it does) and every warning kind once (``chapbook.warnings_.Warn``, each with its
docstring); these pages are made from them, so the guide cannot drift from the
code (``tests/test_reference.py`` runs ``--check``).
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from chapbook.config import OPTIONS, Option  # noqa: E402

WARNINGS_SOURCE = ROOT / "_ext" / "chapbook" / "warnings_.py"
PAGES = {"settings": ROOT / "docs" / "settings.md", "warnings": ROOT / "docs" / "warnings.md"}
GENERATED = (
    "<!-- Written by tools/reference.py from the code: edit the code, then `make reference`. -->"
)

SETTINGS_HEAD = """---
title: Every setting
description: Each of Chapbook's settings in conf.py, its default and what it does.
---

{generated}

Chapbook's settings go in `conf.py`, beside Sphinx's own (`project`,
`author`, `copyright`, `html_baseurl`, `language`). Each is checked when the
configuration is read: a value that cannot be used (a wrong type, an unknown
time zone, a title template without its `{{year}}`) is a `chapbook.config`
warning naming it, and the default is used; a `chapbook_` name that is no
setting is a warning naming the closest one. Words in a default are read in
the site's `language`.

| setting | default | what it does |
| --- | --- | --- |
"""

WARNINGS_HEAD = """---
title: Every warning
description: Each kind of problem Chapbook reports, to fail a build on or to silence.
---

{generated}

Every problem Chapbook finds is a Sphinx warning with the file and line,
typed `chapbook.<kind>`: `chapbook build -W` (or `sphinx-build -W`) fails on
any of them, and `suppress_warnings = ["chapbook.image"]` in `conf.py` silences
one kind.

A build after an edit reads only the posts that changed. It prints their
warnings and those of every page it writes again, which includes each page
that warned when it was last written (a link to no page, say). The warnings a
post gave when it was last read are counted in the summary line, and
`chapbook build -W` fails on them too; `chapbook build --fresh` prints them.

| warning | what it reports |
| --- | --- |
"""


def cell(text: str) -> str:
    """Text in a Markdown table cell: one line, no column break, Markdown's code marks
    (docstrings write reStructuredText's double ones)."""
    return " ".join(text.split()).replace("``", "`").replace("|", "\\|")


def shown_default(option: Option) -> str:
    value = option.default
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        return cell(", ".join(title for title, _ in value))  # (title, path) pairs: the titles
    if isinstance(value, dict) and len(repr(value)) > 40:
        return cell(", ".join(f"`{key}`" for key in value))
    return f"`{cell(repr(value))}`"


def settings_page() -> str:
    rows = [f"| `{o.name}` | {shown_default(o)} | {cell(o.help)} |" for o in OPTIONS]
    return SETTINGS_HEAD.format(generated=GENERATED) + "\n".join(rows) + "\n"


def warning_kinds() -> list[tuple[str, str]]:
    """(value, docstring) of each member of ``Warn``, read from its source."""
    tree = ast.parse(WARNINGS_SOURCE.read_text(encoding="utf-8"))
    (enum,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Warn"]
    kinds = []
    for statement, after in zip(enum.body, [*enum.body[1:], None], strict=True):
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
            doc = after.value.value if isinstance(after, ast.Expr) else ""
            kinds.append((statement.value.value, str(doc)))
    return kinds


def warnings_page() -> str:
    rows = [f"| `chapbook.{value}` | {cell(doc)} |" for value, doc in warning_kinds()]
    return WARNINGS_HEAD.format(generated=GENERATED) + "\n".join(rows) + "\n"


def pages() -> dict[Path, str]:
    return {PAGES["settings"]: settings_page(), PAGES["warnings"]: warnings_page()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args()
    stale = []
    for path, text in pages().items():
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old != text:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'wrote'}: {path}")
    sys.exit(1 if args.check and stale else 0)


if __name__ == "__main__":
    main()
