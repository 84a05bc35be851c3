"""Imported only if a post could make docutils import a module: it leaves a mark."""

from pathlib import Path

(Path(__file__).parent.parent / "IMPORTED").write_text("the canary was imported\n")
