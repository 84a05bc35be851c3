"""soupsieve loaded on first use, not with the theme (chapbook/site/lazy.py).

Each case runs in a fresh interpreter: the test process imported soupsieve long ago.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOTS, checkout_env

if TYPE_CHECKING:
    from pathlib import Path

PRELUDE = """
import sys
from chapbook.site import lazy
lazy.defer("soupsieve")
def state():
    return type(sys.modules["soupsieve"]).__name__, "soupsieve.css_parser" in sys.modules
"""


def run(code: str, *args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE + code, *args],
        capture_output=True, text=True, env=checkout_env(), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(
            "import bs4\nprint(state())\n"
            "print(bs4.BeautifulSoup('<p class=a>x</p><p>y</p>', 'html.parser').select('.a'))\n"
            "print(state())",
            ["('Deferred', False)", '[<p class="a">x</p>]', "('module', True)"],
            id="Beautiful Soup imports it; its first selector runs it",
        ),
        pytest.param(
            "import soupsieve\nprint(soupsieve.__version__ > '2')\nprint(state())",
            ["True", "('module', True)"],
            id="any name runs it, its own dunder names too",
        ),
        pytest.param(
            "import soupsieve.css_match as cm\nimport soupsieve\n"
            "print(cm.SoupSieve is soupsieve.SoupSieve)\nprint(state())",
            ["True", "('module', True)"],
            id="a submodule imported first",
        ),
        pytest.param(
            "lazy.defer('soupsieve')\nprint(state())\n"
            "lazy.defer('no_such_module_here')\nprint('no_such_module_here' in sys.modules)",
            ["('Deferred', False)", "False"],
            id="deferred once; a missing module is left missing",
        ),
    ],
)
def test_deferred_module_behaves_as_if_imported(code: str, expected: list[str]) -> None:
    assert run(code) == expected


def test_a_module_already_imported_is_left_alone() -> None:
    code = "import importlib\nprint(state())"
    prelude_first = "import soupsieve\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude_first + PRELUDE + code],
        capture_output=True, text=True, env=checkout_env(), check=False,
    )  # fmt: skip
    assert result.stdout.splitlines() == ["('module', True)"]


BUILD = """
import sys
from sphinx.cmd.build import build_main
print(build_main(["-q", "-b", "dirhtml", sys.argv[1], sys.argv[2]]))
print(type(sys.modules["soupsieve"]).__name__, "soupsieve.css_parser" in sys.modules)
"""


def test_a_site_build_with_plain_contents_never_runs_it(tmp_path: Path) -> None:
    """Chapbook defers it as it is set up; the book theme then imports Beautiful Soup,
    and no page needs a CSS selector."""
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-c", BUILD, str(ROOTS / "test-sections"), str(out)],
        capture_output=True, text=True, env=checkout_env(), check=False,
    )  # fmt: skip
    assert result.stdout.splitlines() == ["0", "Deferred False"], result.stderr
    assert (out / "index.html").is_file()
