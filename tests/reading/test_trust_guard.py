"""The guard on directive and role lookup: what a post may not use is named and left out.

Each refused block gives one warning with its file and line and leaves nothing
in the page, the text around it stays; a refused role keeps its text.  What is
refused is decided by what the lookup reaches, so a French spelling, a
reStructuredText post and an option docutils would act on before the directive
runs (``:parser:`` imports a module) are held to the same rules.
"""

from __future__ import annotations

import pytest

from tests.helpers import article, page, warnings_of

NEEDS = "it needs chapbook_trust = [{!r}] in conf.py"
FURNITURE = "documentation furniture, not part of an essay"
CODE_DOCS = "code documentation, not part of an essay"
KEPT = "its text is kept as it is [chapbook.trust]"


def left_out(line: int, name: str, why: str) -> str:
    return (
        f"directives.md:{line}: WARNING: directive {name!r} {why}; it is left out [chapbook.trust]"
    )


DIRECTIVE_WARNINGS = [
    left_out(8, "meta", "is not allowed in posts: it writes <meta> elements (a redirect, a "
             "referrer policy) into the page's head"),
    left_out(12, "class", "is not allowed in posts: it gives the next element classes of the "
             "theme's"),
    left_out(15, "py:function", f"is not allowed in posts: {CODE_DOCS}"),
    left_out(19, "include", f"is not allowed in posts: {NEEDS.format('include')}"),
    left_out(22, "raw", f"\b: the format 'latex': {NEEDS.format('raw-latex')}"),
    left_out(26, "raw", "\b: the format 'xml' is not one posts may write (html)"),
    left_out(30, "csv-table", "\b: its option ':url:' is not allowed in posts"),
    left_out(34, "image", "\b: its option ':loading:' is not allowed in posts"),
    left_out(39, "mermaid", "\b: its option ':config:' is not allowed in posts"),
    left_out(45, "autoclasstree", "is not allowed in posts: it imports Python modules by name "
             "to draw them"),
    left_out(48, "eval-rst", f"is not allowed in posts: {NEEDS.format('eval-rst')}"),
]  # fmt: skip
ROLE_WARNINGS = [
    f"roles.md:6: WARNING: role 'raw' is not allowed in posts: it writes raw markup; {KEPT}",
    f"roles.md:6: WARNING: role 'pep' is not allowed in posts: {FURNITURE}; {KEPT}",
    f"roles.md:6: WARNING: role 'index' is not allowed in posts: {FURNITURE}; {KEPT}",
    f"roles.md:6: WARNING: role 'py:func' is not allowed in posts: {CODE_DOCS}; {KEPT}",
]


def _fixed(lines: list[str]) -> list[str]:
    """``directive 'raw' \\b: ...`` reads ``directive 'raw': ...`` (no "is not allowed")."""
    return [line.replace(" \b", "") for line in lines]


@pytest.mark.sphinx("dirhtml", testroot="trust-refused", freshenv=True)
def test_each_refused_directive_is_one_warning_and_left_out(app) -> None:
    app.build()
    found = [w for w in warnings_of(app) if w.startswith("directives.md")]
    assert found == _fixed(DIRECTIVE_WARNINGS)
    body = article(page(app, "directives"))
    text = body.get_text()
    assert "Before the refused blocks." in text
    assert "After the refused blocks." in text
    assert "Documented." not in text
    assert body.select("img, .mermaid, table") == []
    assert "evil.example" not in str(page(app, "directives"))


@pytest.mark.sphinx("dirhtml", testroot="trust-refused", freshenv=True)
def test_a_refused_role_keeps_its_text_as_code(app) -> None:
    app.build()
    assert [w for w in warnings_of(app) if w.startswith("roles.md")] == ROLE_WARNINGS
    body = article(page(app, "roles"))
    assert [code.get_text() for code in body.select("code")] == ["<b>raw</b>", "8", "entry",
                                                                 "steal"]  # fmt: skip
    assert body.select("b") == []


@pytest.mark.sphinx("dirhtml", testroot="trust-refused", freshenv=True)
def test_a_restructuredtext_post_is_held_to_the_same_rules(app) -> None:
    app.build()
    assert [w for w in warnings_of(app) if w.startswith("post.rst")] == [
        f"post.rst:6: WARNING: directive 'include' is not allowed in posts: "
        f"{NEEDS.format('include')}; it is left out [chapbook.trust]",
        "post.rst:8: WARNING: directive 'meta' is not allowed in posts: it writes <meta> "
        "elements (a redirect, a referrer policy) into the page's head; it is left out "
        "[chapbook.trust]",
    ]
    soup = page(app, "post")
    assert soup.select("meta[http-equiv]") == []
    assert "raw in rst" in article(soup).get_text()
    assert "A plain file beside the posts." not in str(soup)


@pytest.mark.sphinx(
    "dirhtml", testroot="trust-refused", freshenv=True,
    confoverrides={"chapbook_trust": ["include"]},
)  # fmt: skip
def test_an_option_docutils_acts_on_before_the_directive_runs_is_refused(app) -> None:
    """``:parser:`` is converted by importing the module it names: never from a post."""
    app.build()
    assert [w for w in warnings_of(app) if w.startswith("parser.md")] == [
        "parser.md:6: WARNING: directive 'include': its option ':parser:' is not allowed in "
        "posts; it is left out [chapbook.trust]"
    ]
    assert not (app.srcdir / "IMPORTED").exists()
    assert "A plain file beside the posts." in article(page(app, "directives")).get_text()
    assert [w for w in warnings_of(app) if "'include'" in w and "directives.md" in w] == []


@pytest.mark.sphinx("dirhtml", testroot="trust-french", freshenv=True)
def test_a_spelling_in_another_language_reaches_the_same_rule(app) -> None:
    app.build()
    assert warnings_of(app) == [
        "french.md:6: WARNING: directive 'inclure' is not allowed in posts: it is not on the "
        "list of what posts may use; it is left out [chapbook.trust]",
        f"french.md:9: WARNING: directive 'brut': the format 'latex': "
        f"{NEEDS.format('raw-latex')}; it is left out [chapbook.trust]",
        "french.md:13: WARNING: directive 'méta' is not allowed in posts: it writes <meta> "
        "elements (a redirect, a referrer policy) into the page's head; it is left out "
        "[chapbook.trust]",
    ]
    assert "A plain file" not in str(page(app, "french"))


@pytest.mark.sphinx("dirhtml", testroot="trust-refused", freshenv=True, parallel=2)
def test_the_guard_holds_in_a_parallel_build(app) -> None:
    app.build()
    warnings = warnings_of(app)
    assert [w for w in warnings if w.startswith("directives.md")] == _fixed(DIRECTIVE_WARNINGS)
    assert [w for w in warnings if w.startswith("roles.md")] == ROLE_WARNINGS
