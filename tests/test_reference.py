"""The guide's reference pages are the code's own words, and the README stays a front page.

``docs/settings.md`` and ``docs/warnings.md`` are written by ``tools/reference.py``
from ``chapbook.config.OPTIONS`` and ``chapbook.warnings_.Warn``: a setting or a
warning kind added without ``make reference`` fails here.
"""

from __future__ import annotations

import importlib.util
import re

from chapbook.config import OPTIONS
from chapbook.warnings_ import Warn
from tests.helpers import ROOT

TOOL = ROOT / "tools" / "reference.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("reference", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_pages_are_written_from_the_code() -> None:
    for path, text in load_tool().pages().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run make reference"


def test_every_setting_and_every_warning_kind_has_its_row() -> None:
    tool = load_tool()
    rows = re.findall(r"^\| `(chapbook_[a-z_]+)` \|", tool.settings_page(), re.MULTILINE)
    assert rows == [option.name for option in OPTIONS]
    kinds = re.findall(r"^\| `chapbook\.([a-z]+)` \|", tool.warnings_page(), re.MULTILINE)
    assert sorted(kinds) == sorted(str(kind) for kind in Warn)
    assert all(doc for _, doc in tool.warning_kinds())  # each kind says what it reports


def test_the_readme_is_a_front_page() -> None:
    readme = ROOT / "README.md"
    assert readme.stat().st_size <= 10 * 1024
    text = readme.read_text(encoding="utf-8")
    # Results and internals live elsewhere; the guide is linked.
    for elsewhere in ("make bench", "mutmut", "survivors", "_ext/chapbook/"):
        assert elsewhere not in text, elsewhere
    for link in re.findall(r"\]\(((?:docs/|CONTRIBUTING)[^)]*)\)", text):
        assert (ROOT / link).is_file(), link
