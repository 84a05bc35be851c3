"""The math allowlist (``chapbook.trust.tex``): what a post's formulas may say, and why not.

Pure functions, no Sphinx: each expression is read as TeX reads it, and the first word
not on the list refuses the whole formula with a reason a writer can act on.
"""

from __future__ import annotations

import pytest

from chapbook.trust.tex import (
    CONTROL_WORDS,
    DISPLAY_ENVIRONMENTS,
    ENVIRONMENTS,
    REFUSED,
    TEX_ENVIRONMENT,
    math_refusal,
)

#: Formulas real posts write (the blog's own pages and the test roots among them).
ACCEPTED = [
    "F = m g",
    r"\frac{a}{b}",
    r"\sum_{i=1}^n",
    r"\mathbb{R}",
    r"e^{i\pi} + 1 = 0",
    r"\int_0^1 x\,dx = \frac{1}{2}",
    r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}",
    "\\begin{aligned}\na &= b + c \\\\\nd &= \\left( e \\cdot f \\right)\n\\end{aligned}",
    r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}",
    r"\operatorname*{arg\,max}_{\theta} \mathcal{L}(\theta) \to \infty",
    r"\lVert x \rVert_2 \leq \sqrt[3]{\hat{y}} \; \text{for all } x \in \mathbf{X}",
    r"100\% \text{ of } \$5 \ne \#1 \& \{x\} \_",
    r"\left\langle \phi \middle| \psi \right\rangle \quad \overbrace{a+b}^{c}",
    r"\xrightarrow{f} \Longrightarrow \mapsto \hookrightarrow",
    "x \\\n y",
]

#: Formulas refused, and the exact reason each warning gives.
REFUSED_FORMULAS = [
    (r"\input{/etc/hostname}", r"\input reads a file"),
    (r"\IfFileExists{/etc/hostname}{\input{/etc/hostname}}{}", r"\IfFileExists reads a file"),
    (r"\openin1=/etc/hostname \read1 to\x \x", r"\openin reads a file"),
    (r"x \read16 to \x", r"\read reads a file"),
    (r"\include{x}", r"\include reads a file"),
    (r"\immediate\write18{env}", r"\immediate writes a file or runs a program"),
    (r"\write18{env}", r"\write writes a file or runs a program"),
    (r"\special{pdf:fstream @x (/etc/passwd)}", r"\special writes a file or runs a program"),
    (r"\catcode0=9 x", r"\catcode changes how TeX reads characters"),
    (r"\csname input\endcsname{/etc/hostname}", r"\csname makes a command from text"),
    (r"\def\x{y}\x", r"\def defines or changes commands"),
    (r"\let\x=\input", r"\let defines or changes commands"),
    (r"\newcommand{\x}{y}", r"\newcommand defines or changes commands"),
    (r"\expandafter\x\y", r"\expandafter defines or changes commands"),
    (r"x \href{javascript:alert(1)}{=} y", r"\href makes a link"),
    (r"\url{javascript:alert(1)}", r"\url makes a link"),
    (r"\require{html}", r"\require makes live markup in MathJax"),
    (r"\class{x}{y}", r"\class makes live markup in MathJax"),
    (r"\style{background:url(x)}{y}", r"\style makes live markup in MathJax"),
    (r"\cssId{x}{y}", r"\cssId makes live markup in MathJax"),
    (r"\data{x=1}{y}", r"\data makes live markup in MathJax"),
    (r"\unicode{x41}", r"\unicode makes live markup in MathJax"),
    (r"\color{red} x", r"\color is not a command posts' math may use"),
    (r"\mathscr{L}", r"\mathscr is not a command posts' math may use"),
    ("^^5cinput{/etc/hostname}", "^^ is TeX's notation for any character, a backslash among them"),
    ("x^^M", "^^ is TeX's notation for any character, a backslash among them"),
    (r"\begin{tabular}{l}x\end{tabular}", "the environment tabular is not one posts' math may use"),
    (r"\begin{align}x\end{align}", "the environment align is not one posts' math may use"),
    (r"\begin {verbatim}", "the environment verbatim is not one posts' math may use"),
    (r"\begin\csname x\endcsname", r"\begin is not followed by an environment's name in braces"),
    (r"\end{aligned}", r"\end{aligned} closes nothing"),
    (r"\begin{aligned}x\end{cases}", r"\end{cases} does not close \begin{aligned}"),
    (r"\begin{aligned} x", r"\begin{aligned} is not closed"),
    (r"\frac{a", "its braces do not balance"),
    (r"a} \input{x", "its braces do not balance"),
    ("a % comment", r"% starts a TeX comment (write \% for a percent sign)"),
    (r"a $ \input $", r"$ leaves TeX's math mode (write \$ for a dollar sign)"),
    ("#1", r"# is TeX's macro parameter (write \# for a hash sign)"),
    (r"a \\% b", r"% starts a TeX comment (write \% for a percent sign)"),
    (r"x\) \input{y} \(", r"\) is not a command posts' math may use"),
    ("\\\u00e9input", "\\\u00e9 is not a command posts' math may use"),
    ("x\\", "a lone backslash ends it"),
    ("\\\t", r"\\t is not a command posts' math may use"),
]


@pytest.mark.parametrize("source", ACCEPTED)
def test_typesetting_math_is_accepted(source: str) -> None:
    assert math_refusal(source) is None


@pytest.mark.parametrize(("source", "reason"), REFUSED_FORMULAS)
def test_anything_else_is_refused_with_its_reason(source: str, reason: str) -> None:
    assert math_refusal(source) == reason


def test_display_environments_only_where_math_is_written_as_it_is() -> None:
    source = "\\begin{align*}\nx &= 1 \\\\\ny &= 2\n\\end{align*}"
    assert math_refusal(source) == "the environment align* is not one posts' math may use"
    assert math_refusal(source, display=True) is None
    assert math_refusal(r"\begin{tabular}{l}x\end{tabular}", display=True) == (
        "the environment tabular is not one posts' math may use"
    )


def test_nesting_stops_before_tex_runs_out_of_groups() -> None:
    assert math_refusal("{" * 50 + "x" + "}" * 50) is None
    assert math_refusal("{" * 300 + "x" + "}" * 300) == (
        "it nests braces and environments more than 50 deep"
    )
    nested = "\\begin{aligned}" * 30 + "{" * 21 + "}" * 21 + "\\end{aligned}" * 30
    assert math_refusal(nested) == "it nests braces and environments more than 50 deep"


def test_the_first_refused_word_names_the_formula() -> None:
    assert math_refusal(r"\href{x}{y} \input{z}") == r"\href makes a link"


def test_every_refused_word_with_a_reason_is_off_the_list() -> None:
    assert CONTROL_WORDS.isdisjoint(REFUSED)
    assert DISPLAY_ENVIRONMENTS.isdisjoint(ENVIRONMENTS)
    assert {"begin", "end", "frac", "text", "operatorname", "left", "right"} <= CONTROL_WORDS


def test_tex_runs_in_kpathsea_paranoid_mode_without_shell_escape() -> None:
    assert TEX_ENVIRONMENT == {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
