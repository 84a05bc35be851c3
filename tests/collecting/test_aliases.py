"""An old address two posts claim goes to one of them, the same one however the build runs."""

from __future__ import annotations

import pytest

from tests.helpers import page, warnings_of

CONTESTED = (
    "z-last.md:4: WARNING: old address '/old-name' is also an alias of 'a-first', where it "
    "goes; remove it from one of the two posts [chapbook.alias]"
)


@pytest.mark.parametrize(
    "parallel",
    [
        pytest.param(1, marks=pytest.mark.sphinx("dirhtml", testroot="aliases", freshenv=True)),
        pytest.param(
            2, marks=pytest.mark.sphinx("dirhtml", testroot="aliases", freshenv=True, parallel=2)
        ),
    ],
)
def test_contested_alias_goes_to_the_first_post_by_name(app, parallel) -> None:
    assert max(app.parallel, 1) == parallel
    # Every extension Chapbook loads is declared safe: -j 2 really reads in parallel.
    assert app.is_parallel_allowed("read") and app.is_parallel_allowed("write")
    app.build()
    assert warnings_of(app) == [CONTESTED]
    redirect = (app.outdir / "old-name" / "index.html").read_text()
    assert 'url=../a-first/"' in redirect
    link = page(app, "m-linker").select_one("a.reference.internal span.chapbook-link").parent
    assert link["href"] == "../a-first/"
    # The uncontested alias of the second post still goes to it.
    assert 'url=../z-last/"' in (app.outdir / "elsewhere" / "index.html").read_text()


@pytest.mark.sphinx("dirhtml", testroot="aliasclash", freshenv=True)
def test_an_alias_naming_a_page_does_not_take_its_links(app) -> None:
    """``moved.md`` claims ``/about`` as an old address: a link to ``/about/`` still goes
    to the About page, which owns the address, never to the post that claimed it."""
    app.build()
    links = {a.get_text(): a["href"] for a in page(app, "index").select("article a")}
    assert links["about this site"] == "about/"
