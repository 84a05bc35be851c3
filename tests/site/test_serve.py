"""`make serve`: a live preview that rebuilds once per save, reloads the page, and settles.

The test starts the real `make serve` on a copy of the sample blog, opens a
post in Chromium, edits the post's file, and waits for the open page to show
the edit by itself (the live-reload script).  Then it watches the server for
10 s: a build that wrote into the watched folder would set off another
rebuild, and another, forever.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT, require

if TYPE_CHECKING:
    from pathlib import Path

REBUILD = "Rebuilding..."  # sphinx-autobuild, once per rebuild


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def server(tmp_path: Path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        ["make", "serve", f"PORT={port}", f"SOURCEDIR={docs}", f"BUILDDIR={tmp_path / 'build'}"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"},
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/getting-started/", 120)
        yield port, docs, tmp_path / "serve.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()


def rebuilds(log: Path) -> int:
    return log.read_text(errors="replace").count(REBUILD)


def test_an_edit_rebuilds_once_and_reloads_the_page(server) -> None:
    require("chromium")
    from playwright.sync_api import sync_playwright

    from tests.site.test_browser import CHROMIUM, CHROMIUM_ARGS

    port, docs, log = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/getting-started/")
        assert "Saved just now" not in page.content()
        before = rebuilds(log)
        post = docs / "getting-started" / "index.md"
        post.write_text(post.read_text() + "\nSaved just now, and shown at once.\n")
        # No reload from the test: the page must pick the change up by itself.
        page.get_by_text("Saved just now, and shown at once.").wait_for(timeout=60_000)
        browser.close()
    assert rebuilds(log) == before + 1
    time.sleep(10)
    assert rebuilds(log) == before + 1, log.read_text()[-2000:]
    # Nothing but the writer's own files in the watched folder.
    assert sorted(p.name for p in (docs / "getting-started").iterdir()) == [
        "folder.png",
        "index.md",
        "preview.png",
    ]
