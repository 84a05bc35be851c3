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


SCREENS = {f"{page}-{width}.png": (width, height)
           for page in ("home", "post", "tag", "archive")
           for width, height in ((1280, 800), (375, 812))}  # fmt: skip


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_each_page_at_each_size_is_one_picture(tmp_path: Path) -> None:
    require("chromium")
    tool = load_tool()
    seen: dict[str, dict] = {}
    written = tool.shoot(tool.build(tmp_path / "site"), tmp_path / "shots", seen)
    sizes = {path.name: png_size(path) for path in written}
    # The post is shown whole (taller than a screen), the other pages' first screen.
    tall = {name: (width, max(height, sizes.get(name, (0, 0))[1]) if "post" in name else height)
            for name, (width, height) in SCREENS.items()}  # fmt: skip
    assert sizes == tall
    assert sizes["post-375.png"][1] > 812 and sizes["post-1280.png"][1] > 800
    # What the pictures show: every page fits the screen and names the blog.
    assert [name for name, page in seen.items() if page["overflow"] or not page["name"]] == []
    # The post's two notes beside its text on a laptop, at its end on a phone; a post
    # of two sections has no contents column, and no listing has one.
    assert (seen["post-1280.png"]["sidenotes"], seen["post-1280.png"]["footnotes"]) == (2, 0)
    assert (seen["post-375.png"]["sidenotes"], seen["post-375.png"]["footnotes"]) == (0, 2)
    assert [name for name, page in seen.items() if page["contents"]] == []
