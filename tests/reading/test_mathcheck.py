"""Math outside the allowlist is shown as its source, with one warning each, in every output.

The root's post writes typesetting math (kept) and formulas that would read files,
make a ``javascript:`` link or spell a backslash as ``^^5c`` (each refused), as
``$...$``, ``$$...$$``, the ``{math}`` directive (``:nowrap:`` too) and the role.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import article, page, warnings_of

NEEDS = "(it needs chapbook_trust = ['raw-latex'] in conf.py); it is shown as its source"
WARNINGS = [
    f"formulas.md:19: WARNING: math is not allowed in posts: {reason} {NEEDS} [chapbook.trust]"
    for reason in (r"\input reads a file", r"\href makes a link")
] + [
    f"formulas.md:{line}: WARNING: math is not allowed in posts: {reason} {NEEDS} [chapbook.trust]"
    for line, reason in (
        (21, r"\openin reads a file"),
        (25, "^^ is TeX's notation for any character, a backslash among them"),
        (35, r"\csname makes a command from text"),
    )
]
KEPT = [
    r"\(F = m g\)",
    r"\(\frac{a}{b}\)",
    r"\(\mathbb{R}\)",
    r"\[\sum_{i=1}^n i = \frac{n(n+1)}{2}\]",
    r"\(\alpha + \beta\)",
]
REFUSED = [
    r"\input{/etc/hostname}",
    r"x \href{javascript:pwn(1)}{=} y",
    r"\openin1=/etc/hostname \read1 to \x \x",
    "^^5cinput{/etc/hostname}",
    r"\csname input\endcsname{/etc/hostname}",
]


@pytest.mark.sphinx("dirhtml", testroot="mathcheck", freshenv=True)
def test_refused_math_is_code_with_one_warning_each(app) -> None:
    app.build()
    assert warnings_of(app) == WARNINGS
    body = article(page(app, "formulas"))
    shown = [" ".join(code.get_text().split()) for code in body.select(".chapbook-refused-math")]
    assert shown == REFUSED
    assert all(code.name in {"code", "div"} for code in body.select(".chapbook-refused-math"))
    math = [" ".join(node.get_text().split()) for node in body.select(".math")]
    for formula in KEPT:
        assert formula in math
    assert r"\begin{align*} x &= 1 \end{align*}" in math  # nowrap: a display of its own
    assert not [text for text in math if "hostname" in text or "javascript" in text]


@pytest.mark.sphinx("dirhtml", testroot="mathcheck", freshenv=True)
def test_a_refused_equation_keeps_its_anchor(app) -> None:
    app.build()
    block = article(page(app, "formulas")).select_one("#equation-spelled")
    assert "chapbook-refused-math" in block["class"]


@pytest.mark.sphinx("latex", testroot="mathcheck", freshenv=True)
def test_the_book_gets_the_source_as_text_never_as_tex(app) -> None:
    app.build()
    assert warnings_of(app) == WARNINGS
    source = (Path(app.outdir) / "project-name-not-set.tex").read_text(encoding="utf-8")
    for refused in (r"\input{/etc", r"\openin1", "^^5c", r"\csname input", r"\href{java"):
        assert refused not in source, refused
    assert r"\sphinxcode{\sphinxupquote{\textbackslash{}input\{/etc/hostname\}}}" in source
    assert r"\sum_{i=1}^n i = \frac{n(n+1)}{2}" in source
    assert r"\begin{align*} x &= 1 \end{align*}" in source


@pytest.mark.sphinx(
    "dirhtml", testroot="mathcheck", freshenv=True, confoverrides={"chapbook_trust": ["raw-latex"]}
)
def test_raw_latex_trusts_every_formula(app) -> None:
    app.build()
    assert warnings_of(app) == []
    body = article(page(app, "formulas"))
    assert body.select(".chapbook-refused-math") == []
    assert r"\(\input{/etc/hostname}\)" in [node.get_text() for node in body.select(".math")]


# -- MathJax on the site -----------------------------------------------------------------------


def mathjax_config(app) -> dict:
    """The ``window.MathJax = {...}`` a page with math sets before MathJax loads."""
    scripts = [s.get_text() for s in page(app, "formulas").select("script")]
    (config,) = [s for s in scripts if s.startswith("window.MathJax = ")]
    return json.loads(config.removeprefix("window.MathJax = "))


@pytest.mark.sphinx("dirhtml", testroot="mathcheck", freshenv=True)
def test_mathjax_typesets_only_math_elements_and_filters_links(app) -> None:
    app.build()
    assert mathjax_config(app) == {
        "loader": {"load": ["ui/safe"]},
        "options": {
            "ignoreHtmlClass": ".*",
            "processHtmlClass": "tex2jax_process|mathjax_process|math|output_area",
        },
    }
    assert not [w for w in warnings_of(app) if "mathjax" in w]  # MyST agrees with the classes


@pytest.mark.sphinx(
    "dirhtml", testroot="mathcheck", freshenv=True,
    confoverrides={"mathjax4_config": {"tex": {"tags": "ams"}}},
)  # fmt: skip
def test_a_site_that_configures_mathjax_keeps_its_configuration(app) -> None:
    app.build()
    config = mathjax_config(app)
    assert "loader" not in config
    assert config["tex"] == {"tags": "ams"}


def test_amsmath_environments_are_displays_of_their_own(make_app, tmp_path: Path) -> None:
    """MyST's ``amsmath`` writes ``align`` and the like out as they are: allowed there."""
    (tmp_path / "conf.py").write_text(
        'extensions = ["chapbook"]\nexclude_patterns = ["_build"]\n'
        'myst_enable_extensions = ["dollarmath", "amsmath"]\n'
    )
    (tmp_path / "index.md").write_text("# Home\n\nHome.\n")
    body = "\\begin{align}\na &= b\n\\end{align}\n\n\\begin{gather*}\n\\input{/etc/hostname}\n\\end{gather*}\n"
    (tmp_path / "post.md").write_text(f"---\ntitle: Ams\ndate: '2024-05-01'\n---\n\n{body}")
    app = make_app("dirhtml", srcdir=tmp_path, freshenv=True)
    app.build()
    assert [w for w in warnings_of(app) if "[chapbook.trust]" in w] == [
        f"post.md:10: WARNING: math is not allowed in posts: \\input reads a file {NEEDS} "
        "[chapbook.trust]"
    ]
    body = article(page(app, "post"))
    (shown,) = [" ".join(n.get_text().split()) for n in body.select(".math")]
    assert r"\[\begin{align} a &= b \end{align}\]" in shown
