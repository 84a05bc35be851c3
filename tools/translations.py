"""Chapbook's message catalogs: extract the words from the code, update the .po files, compile.

    python tools/translations.py update    # new words into every .po (untranslated)
    python tools/translations.py compile   # each .po -> its .mo, committed beside it
    python tools/translations.py check     # exit 1 if a word is untranslated or a .mo stale

A word is whatever the code passes to ``_``, ``N_`` or ``ngettext`` (the
``chapbook.locale`` functions), found with Babel's Python extractor, so a
test can ask the same question (``tests/site/test_languages.py``).  The .mo
files are written with fixed headers and sorted messages: compiling the same
.po twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "_ext" / "chapbook"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "chapbook"
#: ``_("...")``, ``N_("...")`` and ``ngettext("one", "many", n)``.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
#: The command-line tool talks to the writer in English; only what readers see is translated.
NOT_READ = ("cli/",)


def extracted() -> Catalog:
    """Every word of the code, with where it is used."""
    catalog = Catalog(project="Chapbook", domain=DOMAIN, fuzzy=False)
    method_map = [("**.py", "python")]
    for path, line, message, comments, _context in extract_from_dir(
        PACKAGE, method_map, keywords=KEYWORDS
    ):
        if not path.startswith(NOT_READ):
            catalog.add(message, None, [(f"_ext/chapbook/{path}", line)], auto_comments=comments)
    return catalog


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, domain=DOMAIN)


def compiled(path: Path) -> bytes:
    """The .mo of a .po, the same bytes every time."""
    buffer = io.BytesIO()
    write_mo(buffer, read(path), use_fuzzy=False)
    return buffer.getvalue()


def missing(path: Path) -> list[str]:
    """Words of the code that ``path`` lacks, leaves untranslated or marks fuzzy."""
    catalog = read(path)
    problems = []
    for message in extracted():
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None else None
        texts = strings if isinstance(strings, tuple | list) else (strings,)
        if found is None or found.fuzzy or not all(texts):
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    return problems


def update() -> None:
    template = extracted()
    for path in po_files():
        catalog = read(path)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as file:
            write_po(file, catalog, width=100, sort_output=True, ignore_obsolete=True)
        print(f"updated {path.relative_to(ROOT)}")


def compile_all() -> None:
    for path in po_files():
        path.with_suffix(".mo").write_bytes(compiled(path))
        print(f"compiled {path.with_suffix('.mo').relative_to(ROOT)}")


def check() -> int:
    status = 0
    for path in po_files():
        for word in missing(path):
            print(f"{path.relative_to(ROOT)}: not translated: {word!r}")
            status = 1
        mo = path.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != compiled(path):
            print(f"{mo.relative_to(ROOT)}: stale; run python tools/translations.py compile")
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "compile", "check"])
    command = parser.parse_args(argv).command
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    return check() if command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
