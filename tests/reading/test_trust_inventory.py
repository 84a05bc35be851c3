"""Every directive and role of the finished Sphinx application is classified by the policy.

The site's own configuration loads the theme, sphinx-tags, Mermaid, the 404
page, the copy button and MyST: each registers directives and roles that a
post could write.  Each must be allowed (and then exercised by the
``test-trust-allowed`` root, which builds without a warning) or refused
(``trust.policy``): a dependency that adds one opens no door in silence,
because this test fails until someone classifies it.  Options too: an allowed
directive whose class gains an option fails here until the option is listed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.languages import en
from docutils.utils import new_document

from chapbook.reading import guard
from chapbook.trust import policy
from tests.helpers import article, page, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def registered(app: SphinxTestApp) -> dict[str, set[str]]:
    """Every name a post could write for a directive or a role: docutils' and Sphinx's
    registries, their English spellings, and every domain's, as ``domain:name``."""
    found = {
        "directive": set(directives._directives) | set(directives._directive_registry)
        | set(en.directives),
        "role": set(roles._roles) | set(roles._role_registry) | set(en.roles),
    }  # fmt: skip
    for domain in app.env.domains.sorted():
        found["directive"] |= {f"{domain.name}:{name}" for name in domain.directives}
        found["role"] |= {f"{domain.name}:{name}" for name in domain.roles}
    return found


def lookup(app: SphinxTestApp, kind: str, name: str) -> object:
    """What a post's ``name`` reaches, as the guard's table is keyed (outside a document)."""
    domain, colon, short = name.partition(":")
    if colon:
        found = app.env.domains[domain]
        return found.directive(short) if kind == "directive" else found.role(short)
    document = new_document("<inventory>")
    if kind == "directive":
        return directives.directive(name, en, document)[0]
    return roles.role(name, en, 0, document.reporter)[0]


def unclassified(app: SphinxTestApp) -> list[str]:
    """``kind name`` of everything registered that the policy neither allows nor refuses."""
    table = guard.table_of(app.env)
    allowed = {"directive": table.directives, "role": table.roles}
    missing = []
    for kind, names in registered(app).items():
        for name in sorted(names):
            found = lookup(app, kind, name)
            if found is None or found in allowed[kind]:
                continue
            if guard.refusal(name, role=kind == "role") is None:
                missing.append(f"{kind} {name}")
    return missing


#: The finished application with the site's own conf.py (the theme and every extension).
SITE = pytest.mark.sphinx("dirhtml", testroot="trust-inventory")


@SITE
def test_every_registered_directive_and_role_is_classified(app) -> None:
    assert unclassified(app) == []


@SITE
def test_every_allowed_name_is_registered_and_in_the_guards_table(app) -> None:
    table = guard.table_of(app.env)
    allowed = {"directive": (policy.DIRECTIVES, table.directives),
               "role": (policy.ROLES, table.roles)}  # fmt: skip
    for kind, (names, found) in allowed.items():
        reached = {name: lookup(app, kind, name) for name in names}
        assert [name for name, obj in reached.items() if obj is None or obj not in found] == []


@SITE
def test_a_new_directive_or_role_is_unclassified_until_listed(app) -> None:
    class Gadget(Directive):
        pass

    app.add_directive("gadget", Gadget)
    app.add_role("gizmo", roles.GenericRole("gizmo", directives.nodes.inline))
    assert unclassified(app) == ["directive gadget", "role gizmo"]


@SITE
def test_every_option_of_an_allowed_directive_is_allowed_or_refused(app) -> None:
    table = guard.table_of(app.env)
    for found, (name, rule) in table.directives.items():
        listed = rule.options | rule.refused | set(rule.reads) - {"argument"}
        assert set(found.option_spec or {}) == listed, name


@pytest.mark.sphinx("dirhtml", testroot="trust-allowed", freshenv=True)
def test_every_allowed_directive_and_role_runs_in_a_post(app) -> None:
    """The root uses each allowed name; each block's own word reaches the page."""
    app.build()
    assert warnings_of(app) == []
    folder = app.srcdir / "everything"
    source = "\n".join(p.read_text() for p in folder.iterdir() if p.suffix != ".png")
    written = str(article(page(app, "everything")))
    words = sorted(set(re.findall(r"word[a-z]+", source)))
    assert len(words) > 50
    assert [word for word in words if word not in written] == []
    posts = [app.srcdir / "everything" / "index.md", app.srcdir / "index.md"]
    used = set(re.findall(r"\{([a-z:-]+)\}", "".join(p.read_text() for p in posts)))
    short = {name.partition(":")[2] or name for name in (*policy.DIRECTIVES, *policy.ROLES)}
    assert short - used == set()
