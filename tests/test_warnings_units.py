"""Chapbook's own deprecated calls fail the suite (pyproject.toml's ``filterwarnings``).

Sphinx names the caller's module in its deprecation warnings (``stacklevel=3``),
so a deprecated call in ``chapbook.*`` is an error under the test run's filters,
whether Sphinx removes the API in its next major version (``DeprecationWarning``)
or the one after (``PendingDeprecationWarning``).  The same call from another
package stays a warning in the summary.
"""

from __future__ import annotations

import warnings

import pytest
from sphinx.deprecation import RemovedInSphinx10Warning, RemovedInSphinx11Warning
from sphinx.transforms import SphinxTransform


def _run_in(module: str, code: str, **names: object) -> None:
    """Run ``code`` as if it were a line of ``module``: warnings name that module."""
    exec(compile(code, f"<{module}>", "exec"), {"__name__": module, **names})


def test_a_deprecated_sphinx_attribute_read_by_chapbook_is_an_error() -> None:
    transform = SphinxTransform.__new__(SphinxTransform)
    with pytest.raises(RemovedInSphinx11Warning, match=r"SphinxTransform\.app' is deprecated"):
        _run_in("chapbook.reading.example", "transform.app", transform=transform)


def test_a_deprecated_sphinx_name_imported_by_chapbook_is_an_error() -> None:
    with pytest.raises(RemovedInSphinx10Warning, match=r"sphinx\.util\.DownloadFiles"):
        _run_in("chapbook.example", "from sphinx.util import DownloadFiles")


def test_the_same_call_from_another_package_stays_a_warning() -> None:
    # Recorded under the run's own filters (none added here): an over-wide module
    # pattern (``chapbook`` matching ``chapbookish``) would raise instead.
    with warnings.catch_warnings(record=True) as caught:
        _run_in("chapbookish", "from sphinx.util import DownloadFiles")
    assert {type(w.message) for w in caught} == {RemovedInSphinx10Warning}
