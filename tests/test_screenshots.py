"""``make screenshots``: the guide's pictures of the fixture blog, one per page and size.

Runs ``tools/screenshots.py``'s steps into the test's folder: eight PNGs of the
sizes the guide promises (docs/ is the writer's: no test but one reads it).
"""

from __future__ import annotations

import importlib.util
import struct
from typing import TYPE_CHECKING

from tests.helpers import ROOT, require

if TYPE_CHECKING:
    from pathlib import Path

TOOL = ROOT / "tools" / "screenshots.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("screenshots", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_each_page_at_each_size_is_one_picture(tmp_path: Path) -> None:
    require("chromium")
    tool = load_tool()
    written = tool.shoot(tool.build(tmp_path / "site"), tmp_path / "shots")
    sizes = {path.name: png_size(path) for path in written}
    assert sizes == {f"{page}-{width}.png": (width, height)
                     for page in ("home", "post", "tag", "archive")
                     for width, height in ((1280, 800), (375, 812))}  # fmt: skip
