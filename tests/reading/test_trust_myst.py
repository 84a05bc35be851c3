"""MyST's settings from a post's front-matter, and MyST's substitutions, under the policy.

A post's ``myst:`` mapping merges into MyST's configuration for that file: it
could turn on extensions, allow ``javascript:`` links, write ``<meta>``
redirects.  Only the settings of how a post's own text reads pass
(``trust.policy.MYST_KEYS``); substitutions need the ``substitutions`` power,
and even then each ``{{ ... }}`` must render in Jinja's sandbox from the
substitutions alone, never reaching the build's environment or Python.
"""

from __future__ import annotations

import pytest

from chapbook.trust import policy
from tests.helpers import article, page, warnings_of

IGNORED = "a post may not set it (only conf.py may); it is ignored [chapbook.trust]"
NEEDS_POWER = (
    "it needs chapbook_trust = ['substitutions'] in conf.py; it is ignored [chapbook.trust]"
)
SANDBOX = "jinja.md:{}: WARNING: substitution {!r} {}; it is left out [chapbook.trust]"


@pytest.mark.sphinx("dirhtml", testroot="trust-myst", freshenv=True)
def test_a_post_sets_only_how_its_own_text_reads(app) -> None:
    app.build()
    assert warnings_of(app) == [
        f"jinja.md:4: WARNING: front-matter 'substitutions': {NEEDS_POWER}",
        "not-a-mapping.md:4: WARNING: front-matter 'myst': it is not a mapping of MyST "
        "settings; it is ignored [chapbook.trust]",
        f"settings.md:4: WARNING: front-matter 'myst: enable_extensions': {IGNORED}",
        f"settings.md:4: WARNING: front-matter 'myst: url_schemes': {IGNORED}",
        f"settings.md:4: WARNING: front-matter 'myst: html_meta': {IGNORED}",
        f"settings.md:4: WARNING: front-matter 'myst: fence_as_directive': {IGNORED}",
        f"settings.md:10: WARNING: front-matter 'html_meta': {IGNORED}",
        f"settings.md:11: WARNING: front-matter 'substitutions': {NEEDS_POWER}",
        "settings.md:18: WARNING: link 'javascript:alert(1)': its scheme 'javascript:' is not "
        "one posts may use (http, https, mailto or a relative address); it is kept as text "
        "[chapbook.trust]",
    ]
    soup = page(app, "settings")
    assert soup.select("meta[http-equiv]") == []
    assert "Hello {{ name }} from {{ site }}." in article(soup).get_text()
    assert soup.select_one("#a-section") is not None  # heading_anchors: 2 is allowed


@pytest.mark.sphinx(
    "dirhtml", testroot="trust-myst", freshenv=True,
    confoverrides={"myst_enable_extensions": ["dollarmath", "substitution"]},
)  # fmt: skip
def test_substitutions_in_conf_py_need_the_power(app) -> None:
    app.build()
    assert warnings_of(app)[0] == (
        "WARNING: myst_enable_extensions: 'substitution' evaluates Jinja written in posts; "
        "it needs chapbook_trust = ['substitutions'] in conf.py, and is left out until then "
        "[chapbook.config]"
    )
    assert "{{ site }}" in article(page(app, "jinja")).get_text()


@pytest.mark.sphinx(
    "dirhtml", testroot="trust-myst", freshenv=True,
    confoverrides={"myst_enable_extensions": ["dollarmath", "substitution"],
                   "chapbook_trust": ["substitutions"]},
)  # fmt: skip
def test_with_the_power_substitutions_render_in_jinjas_sandbox(app, monkeypatch) -> None:
    monkeypatch.setenv("CHAPBOOK_TEST_SECRET", "SECRET-IN-THE-ENVIRONMENT")
    app.build()
    found = [w for w in warnings_of(app) if w.startswith("jinja.md")]
    assert found == [
        SANDBOX.format(9, "{{cycler.__init__.__globals__.os.environ}}",
                       "reaches outside Jinja's sandbox (access to attribute '__init__' of "
                       "'type' object is unsafe)"),
        SANDBOX.format(11, "{{env.config.project}}", "cannot be rendered from the "
                       "substitutions alone (UndefinedError)"),
        SANDBOX.format(13, "{{'a' * 100000000}}", "reaches outside Jinja's sandbox (the "
                       "operator '*' is limited in substitutions)"),
        SANDBOX.format(13, "{{9 ** 9999}}", "reaches outside Jinja's sandbox (the operator "
                       "'**' is limited in substitutions)"),
        SANDBOX.format(15, "{{cycler.__init__.__globals__.os.environ if (''.__class__ is "
                       "defined) else name}}", "reaches outside Jinja's sandbox (access to "
                       "attribute '__class__' of 'str' object is unsafe)"),
    ]  # fmt: skip
    text = article(page(app, "jinja")).get_text()
    assert "Hello World from the harbour, WORLD, 6." in text
    assert "SECRET-IN-THE-ENVIRONMENT" not in text
    assert "aaaa" not in text


def test_myst_settings_keeps_the_allowed_and_names_the_rest() -> None:
    data = {"title": "T", "myst": {"heading_anchors": 3, "url_schemes": ["x"]},
            "html_meta": {"a": "b"}, "substitutions": {"x": "y"}}  # fmt: skip
    kept, refused = policy.myst_settings(data, frozenset())
    assert kept == {"title": "T", "myst": {"heading_anchors": 3}}
    assert refused == [
        ("myst", "url_schemes", "a post may not set it (only conf.py may)"),
        ("html_meta", "html_meta", "a post may not set it (only conf.py may)"),
        (
            "substitutions",
            "substitutions",
            "it needs chapbook_trust = ['substitutions'] in conf.py",
        ),
    ]
    kept, refused = policy.myst_settings(data, frozenset({"substitutions"}))
    assert kept["myst"] == {"heading_anchors": 3, "substitutions": {"x": "y"}}
    assert [key for key, _, _ in refused] == ["myst", "html_meta"]


def test_front_matter_without_myst_settings_is_handed_on_as_it_is() -> None:
    data = {"title": "T", "tags": ["a"]}
    assert policy.myst_settings(data, frozenset()) == (data, [])
