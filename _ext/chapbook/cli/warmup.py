"""Imported by ``chapbook serve``'s fork server only: loads what every build imports.

Nothing else imports it; its import is its work (``multiprocessing`` preloads
modules by name).
"""

from __future__ import annotations

from chapbook.cli.warm import warm_up

warm_up()
