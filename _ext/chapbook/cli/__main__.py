"""``python -m chapbook.cli``: the ``chapbook`` command without its console script."""

from __future__ import annotations

import sys

from chapbook.cli import console

sys.exit(console())
