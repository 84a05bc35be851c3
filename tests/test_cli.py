"""The ``chapbook`` command: ``new`` writes a ready blog, ``post`` starts a post, and the
commands that need an extra name the extra to install.

Building the blog ``chapbook new`` writes, from the installed wheel, is
``tests/test_packaging.py``'s acceptance test.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import json
import runpy
from typing import TYPE_CHECKING

import jsonschema
import pytest
import yaml

from chapbook import cli
from chapbook.book import extra
from chapbook.cli import new, serve
from chapbook.config import OPTIONS
from chapbook.model import frontmatter
from tests.helpers import TESTS

if TYPE_CHECKING:
    from pathlib import Path

DAY = dt.date(2026, 2, 10)
STARTER = {
    ".gitignore",
    ".readthedocs.yaml",
    "Makefile",
    "README.md",
    "conf.py",
    "requirements.txt",
    "docs/about.md",
    "docs/hello-world/index.md",
}


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def conf_values(folder: Path) -> dict[str, object]:
    """The names conf.py sets, as Sphinx reads it (the starter's own code, run)."""
    values = runpy.run_path(str(folder / "conf.py"))
    return {name: value for name, value in values.items() if not name.startswith("__")}


def test_new_writes_a_whole_blog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blog = tmp_path / "blog"
    argv = ["new", str(blog), "--title", "Field notes", "--author", "A. Writer"]
    assert cli.main([*argv, "--url", "https://notes.example.org"]) == 0
    assert files(blog) == STARTER
    values = conf_values(blog)
    assert values["project"] == "Field notes"
    assert values["author"] == "A. Writer"
    assert values["html_baseurl"] == "https://notes.example.org/"
    assert values["extensions"] == ["chapbook"]
    # The masthead's words are the default's, read in the blog's language when it changes.
    assert "chapbook_masthead_links" not in values
    first = frontmatter.read((blog / "docs/hello-world/index.md").read_text(encoding="utf-8"))
    assert (first.title, first.order, first.tags, first.problems) == (
        "Hello, world",
        1,
        ("welcome",),
        [],
    )
    assert f"created a blog in {blog}" in capsys.readouterr().out


def test_the_starter_follows_read_the_docs_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new.create(tmp_path / "blog", "Blog", "A", "https://example.org/", DAY)
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://blog.readthedocs.io/en/latest/")
    assert conf_values(tmp_path / "blog")["html_baseurl"] == (
        "https://blog.readthedocs.io/en/latest/"
    )


def test_conf_lists_every_option_with_its_default(tmp_path: Path) -> None:
    new.create(tmp_path / "blog", "Blog", "A", "https://example.org/", DAY)
    text = (tmp_path / "blog" / "conf.py").read_text(encoding="utf-8")
    listed = {}
    for line in text.splitlines():
        if line.startswith("# chapbook_"):
            name, _, value = line[2:].partition(" = ")
            listed[name] = ast.literal_eval(value)
    expected = {o.name: o.default for o in OPTIONS if o.name not in new.SET_IN_CONF}
    assert listed == expected


def test_values_typed_by_the_user_stay_text(tmp_path: Path) -> None:
    title = 'Notes """ \\ <script>alert(1)</script> $(touch x) {{x}} @TITLE@'
    author = "O'Neil\n<b>bold</b>"
    new.create(tmp_path / "blog", title, author, "https://example.org/", DAY)
    values = conf_values(tmp_path / "blog")
    assert values["project"] == title
    assert values["author"] == "O'Neil <b>bold</b>"  # one line
    about = (tmp_path / "blog" / "docs" / "about.md").read_text(encoding="utf-8")
    assert "<script>" not in about and "<b>" not in about
    assert "\\<script\\>" in about


def test_new_refuses_a_folder_that_holds_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["new", str(blog)]) == 1
    assert capsys.readouterr().err == (
        f"chapbook new: {blog} is not an empty folder; choose a new one\n"
    )
    assert files(blog) == {"notes.txt"}


@pytest.mark.parametrize("url", ["example.org", "ftp://example.org/", "https://", "javascript:x"])
def test_new_refuses_an_address_that_is_not_one(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["new", str(tmp_path / "blog"), "--url", url]) == 1
    assert "is not a web address such as https://me.org/" in capsys.readouterr().err
    assert not (tmp_path / "blog").exists()


def test_new_takes_the_title_from_the_folder(tmp_path: Path) -> None:
    new.create(tmp_path / "field-notes", None, "A", "https://example.org/", DAY)
    assert conf_values(tmp_path / "field-notes")["project"] == "Field Notes"


def test_post_takes_its_title_as_an_argument(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    assert cli.main(["post", "A post: typed", "--tags", "a, b", "--docs", str(docs)]) == 0
    made = frontmatter.read((docs / "a-post-typed" / "index.md").read_text(encoding="utf-8"))
    assert (made.title, made.tags) == ("A post: typed", ("a", "b"))


def test_serve_without_its_extra_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "sphinx_autobuild" else real(name, *a),
    )
    assert cli.main(["serve"]) == 1
    assert capsys.readouterr().err == (
        "chapbook serve needs sphinx-autobuild, from the serve extra: "
        'pip install "chapbook[serve]"\n'
    )


def test_serve_runs_autobuild_as_make_html_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    args = cli.parser().parse_args(["serve", "--port", "8123"])
    line = serve.command(args)
    assert line[1:3] == ["-m", "sphinx_autobuild"]
    assert line[3:] == [
        *("--host", "127.0.0.1", "--port", "8123", "-b", "dirhtml"),
        *("-d", "_build/doctrees", "-c", ".", "docs", "_build/html"),
    ]


def test_a_pdf_without_the_book_extra_names_the_extra(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = extra.importlib.import_module

    def without_cairo(name: str, *args: object) -> object:
        if name == "cairosvg":
            raise OSError("no library called 'cairo-2' was found")
        return real(name, *args)

    monkeypatch.setattr(extra.importlib, "import_module", without_cairo)
    (tmp_path / "conf.py").write_text('extensions = ["chapbook"]\n', encoding="utf-8")
    with pytest.raises(extra.BookExtraMissingError) as error:
        make_app("latex", srcdir=tmp_path)
    assert str(error.value) == (
        'the PDF book needs cairosvg (SVG images): pip install "chapbook[book]"'
    )


def test_a_site_needs_no_book_extra(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extra, "missing", lambda: ["cairosvg", "fontTools.ttLib"])
    (tmp_path / "conf.py").write_text('extensions = ["chapbook"]\n', encoding="utf-8")
    app = make_app("dirhtml", srcdir=tmp_path)
    assert app.builder.name == "dirhtml"


def test_the_starter_read_the_docs_config_is_valid(tmp_path: Path) -> None:
    new.create(tmp_path / "blog", "Blog", "A", "https://example.org/", DAY)
    config = yaml.safe_load((tmp_path / "blog" / ".readthedocs.yaml").read_text(encoding="utf-8"))
    schema = json.loads((TESTS / "readthedocs-v2.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(config, schema)
    assert config["python"]["install"] == [{"requirements": "requirements.txt"}]
    requirements = (tmp_path / "blog" / "requirements.txt").read_text(encoding="utf-8")
    assert "chapbook[book,serve]" in requirements


def test_check_links_is_a_chapbook_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "html"
    (site / "kept").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "kept" / "index.html").write_text("<p>kept</p>", encoding="utf-8")
    listing = tmp_path / "old-urls.txt"
    listing.write_text("/kept/\n/lost/\n", encoding="utf-8")
    assert cli.main(["check-links", str(site), str(listing)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("/lost/: ")
    assert out.endswith("1 of 2 old addresses answer; 1 does not\n")


# What the collector holds when Python starts shutting down, printed by an exit handler.
EXIT_PROBE = """
import atexit, gc
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0, flush=True))
"""


def test_the_command_exits_with_what_it_built_frozen(tmp_path: Path) -> None:
    """Python's shutdown walks every object a build left alive unless they are frozen;
    ``python -m chapbook.cli`` (and the script, ``console``) freeze them as the process ends."""
    import subprocess
    import sys

    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "sitecustomize.py").write_text(EXIT_PROBE)
    env = {"PYTHONPATH": f"{probe}:{TESTS.parent / '_ext'}", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "chapbook.cli", "new", str(tmp_path / "blog")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "frozen at exit: True"


def test_main_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    """A test runner or a server calling ``main`` keeps every object collectable."""
    import gc

    before = gc.get_freeze_count()
    assert cli.main(["new", str(tmp_path / "blog")]) == 0
    assert gc.get_freeze_count() == before


def test_the_script_is_the_console_entry() -> None:
    import tomllib

    project = tomllib.loads((TESTS.parent / "pyproject.toml").read_text())["project"]
    assert project["scripts"] == {"chapbook": "chapbook.cli:console"}
