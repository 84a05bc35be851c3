"""``chapbook build``, ``serve``, ``check-links`` and ``--version``: the whole job, one command.

First, fast tests of the arguments and of finding the blog (no Sphinx run but the
quiet-log ones, which build a new blog in this process). Then a new user's path
as a pipx install gives it: the wheel in a fresh virtual environment, installed
with its dependencies by pip, and on ``PATH`` only a folder holding that
environment's ``chapbook`` (as pipx links it) and the TeX tools, so ``make`` and
``sphinx-build`` cannot be reached: ``new``, ``post``, ``build html|pdf|epub``,
``serve --future`` (the scheduled post answers), ``check-links``, ``--version``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from chapbook import cli, deploycheck, warnings_
from chapbook.cli import blog as blogs
from chapbook.cli import build, links, serve
from tests.helpers import MAKE, ROOT, checkout_env, require
from tests.site.test_serve import answers, free_port

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

CHAPBOOK_CONF = 'extensions = ["chapbook"]\n'


def starter_blog(tmp_path: Path) -> Path:
    folder = tmp_path / "my-blog"
    assert cli.main(["new", str(folder), "--title", "Notes", "--url", "https://n.example/"]) == 0
    return folder


# -- finding the blog --------------------------------------------------------------------


def test_the_blog_is_found_from_a_folder_inside_it(tmp_path: Path) -> None:
    folder = starter_blog(tmp_path)
    found = blogs.find(folder / "docs" / "hello-world")
    assert found == blogs.Blog(folder.resolve(), (folder / "docs").resolve(),
                               (folder / "_build").resolve())  # fmt: skip


def test_a_conf_py_inside_the_posts_folder_is_sphinx_s_own_layout(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text(CHAPBOOK_CONF, encoding="utf-8")
    found = blogs.find(tmp_path / "docs")
    assert (found.confdir, found.source) == ((tmp_path / "docs").resolve(),) * 2
    assert found.build == (tmp_path / "docs" / "_build").resolve()


def test_a_conf_py_among_the_posts_neither_moves_the_blog_nor_is_run(tmp_path: Path) -> None:
    """A pull request adds ``docs/conf.py``: from the blog or from inside ``docs/``, the
    blog is still the one beside ``docs/``, its posts still ``docs/``."""
    folder = starter_blog(tmp_path)
    (folder / "docs" / "conf.py").write_text(
        'open("ran", "w")  # extensions = ["chapbook"]\n', encoding="utf-8"
    )
    (folder / "docs" / "deeper").mkdir()
    (folder / "docs" / "deeper" / "conf.py").write_text(CHAPBOOK_CONF, encoding="utf-8")
    blog = blogs.Blog(folder.resolve(), (folder / "docs").resolve(), (folder / "_build").resolve())
    for start in (folder, folder / "docs", folder / "docs" / "deeper"):
        assert blogs.find(start) == blog, start
    args = cli.parser().parse_args(["serve", "--docs", "docs"])
    assert serve.settings(args, folder).confdir == folder.resolve()
    assert "-c" in serve.command(args, folder)


def test_a_conf_py_without_chapbook_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(CHAPBOOK_CONF, encoding="utf-8")
    inner = tmp_path / "sub"
    inner.mkdir()
    (inner / "conf.py").write_text('extensions = ["myst_parser"]\nchapbook_x = 1\n', "utf-8")
    assert blogs.find(inner).confdir == tmp_path.resolve()


@pytest.mark.parametrize("command", [["build"], ["build", "pdf"], ["check-links"], ["serve"]])
def test_outside_a_blog_each_command_says_so(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert cli.main(command) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"chapbook {command[0]}: no blog here: neither {tmp_path.resolve()} ")
    assert "chapbook new my-blog" in err and "Traceback" not in err


def test_a_conf_py_that_does_not_load_chapbook_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["chapbok"]\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    assert cli.main(["build"]) == 2
    assert capsys.readouterr().err == (
        f"chapbook build: {tmp_path.resolve() / 'conf.py'} does not load chapbook: its "
        'extensions must name it, spelt so (extensions = ["chapbook"])\n'
    )


# -- arguments ------------------------------------------------------------------------------


def parsed(*argv: str) -> argparse.Namespace:
    return cli.parser().parse_args(["build", *argv])


def test_previews_and_defines_become_sphinx_overrides() -> None:
    args = parsed("--drafts", "--future", "-D", "language=fr", "-D", "chapbook_show_future=0")
    assert build.overrides(args) == {
        "language": "fr", "chapbook_show_future": "1", "chapbook_show_drafts": "1",
    }  # fmt: skip


def test_a_define_without_a_value_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(starter_blog(tmp_path))
    assert cli.main(["build", "-D", "language"]) == 2
    assert capsys.readouterr().err == (
        "chapbook build: -D 'language': write it name=value, e.g. -D language=fr\n"
    )


def test_the_help_says_previews_are_not_for_publishing(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--drafts a preview, never for publishing: show posts marked draft: true" in text
    assert "--future a preview, never for publishing: show posts dated after today" in text


@pytest.mark.parametrize(
    ("target", "book", "builder", "outdir", "doctrees"),
    [
        ("html", None, "dirhtml", "html", "doctrees"),
        ("pdf", None, "latex", "book/all-posts/latex", "book/all-posts/doctrees"),
        ("epub", "docs/essays.book.md", "epub", "book/essays/epub", "book/essays/doctrees"),
        ("pdf", "essays", "latex", "book/essays/latex", "book/essays/doctrees"),
    ],
)
def test_each_target_builds_where_the_makefile_did(
    target: str, book: str | None, builder: str, outdir: str, doctrees: str
) -> None:
    blog = blogs.Blog(Path("/b"), Path("/b/docs"), Path("/b/_build"))
    made = build.job(blog, target, book, {})
    assert (made.builder, made.outdir, made.doctrees) == (
        builder, Path("/b/_build") / outdir, Path("/b/_build") / doctrees,
    )  # fmt: skip
    assert made.overrides == ({"chapbook_book": "essays"} if book else {})


def test_jobs_take_a_number_or_auto() -> None:
    assert parsed("-j", "3").jobs == 3
    assert parsed("-j", "auto").jobs == (os.cpu_count() or 1)
    with pytest.raises(SystemExit):
        parsed("-j", "0")


def test_the_version_names_chapbook_sphinx_and_python(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("chapbook ") and "(Sphinx 9." in out and ", Python 3." in out


def test_serve_passes_the_previews_and_runs_in_the_blog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = starter_blog(tmp_path)
    monkeypatch.chdir(folder / "docs")
    args = cli.parser().parse_args(["serve", "--future", "--drafts", "--port", "8123"])
    located, where = serve.located(args)
    assert where == folder.resolve()
    assert serve.command(located, where)[3:] == [
        *("--host", "127.0.0.1", "--port", "8123", "-b", "dirhtml", "-d", "_build/doctrees"),
        *("-c", ".", "-D", "chapbook_show_drafts=1", "-D", "chapbook_show_future=1"),
        *("docs", "_build/html"),
    ]


class Stream:
    def __init__(self, terminal: bool) -> None:
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize(
    ("environ", "terminals", "coloured"),
    [
        ({}, (True, True), True),
        ({}, (True, False), False),  # warnings into a file
        ({"CI": "true"}, (False, False), False),  # Sphinx alone colours here
        ({"FORCE_COLOR": "1"}, (False, False), True),
        ({"NO_COLOR": "", "FORCE_COLOR": "1"}, (True, True), False),
    ],
)
def test_colour_codes_only_for_a_terminal_or_when_asked(
    environ: dict[str, str], terminals: tuple[bool, bool], coloured: bool
) -> None:
    assert build.colours(environ, [Stream(each) for each in terminals]) is coloured


def test_a_pdf_without_tex_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(starter_blog(tmp_path))
    monkeypatch.setattr(shutil, "which", lambda tool, *a, **k: None)
    assert cli.main(["build", "pdf"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "chapbook build pdf: chapbook build pdf needs XeLaTeX and latexmk, and xelatex and "
        "latexmk is not on PATH.\n  Debian or Ubuntu: sudo apt-get install texlive-xetex "
    )
    assert "macOS: MacTeX" in err and "Traceback" not in err


def test_new_suggests_the_chapbook_command_not_make_venv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    starter_blog(tmp_path)
    out = capsys.readouterr().out
    assert "make venv" not in out
    assert out.splitlines()[-1] == (
        f"next: cd {tmp_path / 'my-blog'}, then chapbook serve (a preview), "
        "chapbook build (the site)"
    )


def test_the_starter_makefile_runs_the_chapbook_command(tmp_path: Path) -> None:
    makefile = (starter_blog(tmp_path) / "Makefile").read_text(encoding="utf-8")
    assert "sphinx-build" not in makefile and "SPHINXBUILD" not in makefile
    assert "\t$(BUILD) $@\n" in makefile
    assert "BUILD        = $(CHAPBOOK) build" in makefile
    assert "PREVIEW      = $(if $(DRAFTS),--drafts) $(if $(FUTURE),--future)" in makefile


def test_the_starter_makefile_passes_sphinxopts_and_urls_on(tmp_path: Path) -> None:
    """``make html SPHINXOPTS=-W`` fails on a warning, as the guide says; ``make
    check-links URLS=...`` checks the old addresses, not the site's own links."""
    folder = starter_blog(tmp_path)
    post = folder / "docs" / "hello-world" / "index.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n[broken](missing.md)\n", "utf-8")
    chapbook = f"CHAPBOOK={Path(sys.executable).parent / 'chapbook'}"
    run = lambda *args: subprocess.run([*MAKE, *args, chapbook], cwd=folder, text=True,  # noqa: E731
                                       capture_output=True, env=checkout_env(), check=False)  # fmt: skip
    strict = run("html", "SPHINXOPTS=-W")
    assert strict.returncode != 0 and "missing.md" in strict.stderr
    assert run("html", "SPHINXOPTS=--fresh").returncode == 0  # the warning alone fails nothing
    planned = run("-n", "check-links", "URLS=old-urls.txt").stdout.splitlines()
    # (Under ``make test`` the inner make also says which folder it enters.)
    assert next(line for line in planned if "check-links" in line).endswith(
        "check-links old-urls.txt"
    )


# -- the quiet log --------------------------------------------------------------------------


def test_a_new_blog_builds_in_two_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(starter_blog(tmp_path))
    capsys.readouterr()
    assert cli.main(["build"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 2, out
    assert lines[0].startswith("chapbook: 1 post, 1 tag, 8 pages, 0 warnings, ")
    assert lines[0].endswith(" s (dirhtml)")
    assert lines[1] == f"the site: {Path('_build/html/index.html')}"
    assert (tmp_path / "my-blog" / "_build" / "html" / "hello-world" / "index.html").is_file()


def test_what_the_build_leaves_out_is_said_under_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = starter_blog(tmp_path)
    (folder / "docs" / "hello-world" / "notes.md").write_text("Ideas.\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    capsys.readouterr()
    assert cli.main(["build"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("chapbook: 1 post, ")
    assert lines[1] == (
        "chapbook: not published, notes beside posts (chapbook_publish_notes = True "
        f"publishes them): {Path('hello-world/notes.md')}"
    )
    assert build.NOTICES == warnings_.NOTICES


def test_a_preview_says_it_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(starter_blog(tmp_path))
    capsys.readouterr()
    assert cli.main(["build", "--drafts", "--future"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(" s (dirhtml); a preview with drafts and scheduled posts: "
                          "not for publishing")  # fmt: skip
    assert cli.main(["build"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(" s (dirhtml)")


def test_verbose_gives_sphinx_s_whole_log_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(starter_blog(tmp_path))
    capsys.readouterr()
    assert cli.main(["build", "-v"]) == 0
    out = capsys.readouterr().out
    assert "myst v" in out and "MdParserConfig(" in out
    assert "Tags were not created" in out


def test_a_warning_is_printed_and_fails_the_build_under_w(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = starter_blog(tmp_path)
    post = folder / "docs" / "hello-world" / "index.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n[broken](missing.md)\n", "utf-8")
    monkeypatch.chdir(folder)
    capsys.readouterr()
    assert cli.main(["build", "-W"]) == 1
    err = capsys.readouterr().err
    assert "hello-world/index.md" in err and "missing.md" in err
    assert "chapbook build html: the dirhtml build failed (see the warnings above)" in err


def test_check_links_finds_a_link_to_no_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "_static").mkdir()
    (site / "index.html").write_text(
        '<a href="a/">A</a><a href="https://x.example/">X</a>', "utf-8"
    )
    (site / "a" / "index.html").write_text('<a href="../gone/">G</a><img src="/i.png">', "utf-8")
    (site / "_static" / "t.html").write_text("<a href=\"{{ pathto('x') }}\">", "utf-8")
    found = links.internal_links(site, "/")
    assert sorted(found) == ["/a/", "/gone/", "/i.png"]
    failed = [url for url, _ in deploycheck.check(site, found, base="/")]
    assert failed == ["/gone/", "/i.png"]


# -- a new user with only `chapbook` on PATH ------------------------------------------------

#: What ``build pdf`` runs besides Python: latexmk (a Perl script), the engine, its
#: PDF driver, the index, kpathsea and fontconfig's lookup (chapbook.book.fonts).
TEX_TOOLS = ("latexmk", "perl", "xelatex", "xdvipdfmx", "makeindex", "kpsewhich", "fc-match")


@dataclass(frozen=True)
class Pipx:
    """A fresh environment with the wheel, and an environment whose PATH has ``chapbook`` only."""

    env: dict[str, str]

    def run(self, *argv: str, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["chapbook", *argv], cwd=cwd, env=self.env, capture_output=True,
                              text=True, timeout=timeout, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def pipx(tmp_path_factory: pytest.TempPathFactory) -> Pipx:
    """The wheel built from the checkout, installed with its extras' dependencies by pip.

    pip takes them from its cache or the package index (about a minute the first
    time): a real install, not this environment's packages borrowed, so a missing
    dependency in pyproject.toml fails here.
    """
    require(*TEX_TOOLS)
    root = tmp_path_factory.mktemp("pipx")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    made = subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                           "-w", str(root / "wheel"), str(ROOT)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert made.returncode == 0, made.stderr
    (wheel,) = (root / "wheel").glob("chapbook-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    installed = subprocess.run([*pip, "--python", str(python), "install", f"{wheel}[book,serve]"],
                               capture_output=True, text=True, check=False)  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    exposed = root / "bin"
    exposed.mkdir()
    (exposed / "chapbook").symlink_to(python.parent / "chapbook")
    for tool in TEX_TOOLS:
        (exposed / tool).symlink_to(shutil.which(tool) or tool)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env = {**env, "PATH": str(exposed), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    for absent in ("make", "sphinx-build", "sphinx-autobuild", "python", "python3"):
        assert shutil.which(absent, path=env["PATH"]) is None, absent
    return Pipx(env)


@pytest.fixture(scope="module")
def fresh_blog(pipx: Pipx, tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("writer")
    made = pipx.run("new", "field-notes", "--title", "Field notes", cwd=where)
    assert made.returncode == 0, made.stderr
    blog = where / "field-notes"
    for argv in (["Second thoughts", "--tags", "notes"],
                 ["Next year", "--date", "2099-01-01"]):  # fmt: skip
        added = pipx.run("post", *argv, cwd=blog)
        assert added.returncode == 0, added.stderr
    return blog


def test_version_from_the_installed_wheel(pipx: Pipx, tmp_path: Path) -> None:
    done = pipx.run("--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("chapbook 0.") and "(Sphinx 9." in done.stdout


def test_build_html_prints_its_summary_and_where_the_site_is(pipx: Pipx, fresh_blog: Path) -> None:
    done = pipx.run("build", "html", cwd=fresh_blog / "docs")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[0].startswith("chapbook: 2 posts, 2 tags, ")
    assert done.stdout.splitlines()[1:] == [
        "chapbook: 1 scheduled post held back until their date, the next on 2099-01-01 "
        "(chapbook_show_future = True previews them)",
        f"the site: {fresh_blog.resolve() / '_build/html/index.html'}",
    ]
    html = fresh_blog / "_build" / "html"
    assert (html / "second-thoughts" / "index.html").is_file()


def test_build_pdf_and_epub(pipx: Pipx, fresh_blog: Path) -> None:
    pdf = pipx.run("build", "pdf", cwd=fresh_blog, timeout=900)
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    assert pdf.stdout.splitlines()[-1] == "the book: _build/pdf/field-notes.pdf"
    assert (fresh_blog / "_build" / "pdf" / "field-notes.pdf").read_bytes()[:5] == b"%PDF-"
    epub = pipx.run("build", "epub", cwd=fresh_blog)
    assert epub.returncode == 0, epub.stdout + epub.stderr
    assert epub.stdout.splitlines()[-1] == "the ePub: _build/epub/field-notes.epub"
    assert (fresh_blog / "_build" / "epub" / "field-notes.epub").read_bytes()[:2] == b"PK"


def test_check_links_requests_every_page_and_link(pipx: Pipx, fresh_blog: Path) -> None:
    done = pipx.run("check-links", cwd=fresh_blog)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].endswith(" pages and links answer")
    answered, total = done.stdout.splitlines()[-1].split()[0:3:2]
    assert answered == total and int(total) > 10


@pytest.fixture
def served(pipx: Pipx, fresh_blog: Path, tmp_path: Path) -> Iterator[int]:
    port = free_port()
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            ["chapbook", "serve", "--future", "--port", str(port)], cwd=fresh_blog / "docs",
            env=pipx.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            assert answers(f"http://127.0.0.1:{port}/", process, 120), (
                tmp_path / "serve.log"
            ).read_text(errors="replace")
            yield port
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def test_serve_future_shows_the_scheduled_post(served: int) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{served}/next-year/", timeout=10) as page:
        assert page.status == 200
        assert "Next year" in page.read().decode("utf-8")
