"""`make serve`: a live preview that rebuilds once per save, reloads the page, and settles.

The test starts the real `make serve` on a copy of the fixture blog, opens a
post in Chromium, edits the post's file, and waits for the open page to show
the edit by itself (the live-reload script).  A build that wrote into the
watched folder would set off another rebuild, and another, forever: the test
checks the cause (nothing in the folder changed but the file saved) and counts
rebuilds, one per save over two saves, rather than waiting some seconds.
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

from tests.helpers import BLOG, MAKE, ROOT, require

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

REBUILD = "Rebuilding after"  # chapbook serve, once per rebuild
IN_USE = "address already in use"  # uvicorn, when another process took the port first
POST = "first-light"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str, process: subprocess.Popen, seconds: float) -> bool:
    """Whether ``url`` answers 200 before the server exits (False) or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    if process.poll() is None:
        raise AssertionError(f"{url} did not answer within {seconds} s")
    return False


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``: its size and modification time."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path, Path]]:
    # Before the server starts: without Chromium there is nothing to test it with.
    require("chromium")
    docs = tmp_path / "docs"
    shutil.copytree(BLOG, docs)
    log_path = tmp_path / "serve.log"
    # The port is free when chosen but may be taken before the server binds it:
    # then the server exits saying so, and another port is tried.
    for _attempt in range(3):
        port = free_port()
        log = log_path.open("w")
        command = [*MAKE, "serve", f"PORT={port}", f"SOURCEDIR={docs}"]
        process = subprocess.Popen(
            [*command, f"BUILDDIR={tmp_path / 'build'}"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"},
        )
        try:
            if answers(f"http://127.0.0.1:{port}/{POST}/", process, 120):
                yield port, docs, log_path
                return
            assert IN_USE in log_path.read_text(errors="replace"), log_path.read_text()
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
            log.close()
    raise AssertionError("three free ports were each taken before the server bound them")


def rebuilds(log: Path) -> int:
    return log.read_text(errors="replace").count(REBUILD)


def save(post: Path, line: str) -> None:
    post.write_text(post.read_text() + f"\n{line}\n")


def test_an_edit_rebuilds_once_and_reloads_the_page(server) -> None:
    from playwright.sync_api import sync_playwright

    from tests.site.test_browser import CHROMIUM, CHROMIUM_ARGS

    port, docs, log = server
    post = docs / POST / "index.md"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/{POST}/")
        assert "Saved just now" not in page.content()
        before, folder = rebuilds(log), snapshot(docs)
        save(post, "Saved just now, and shown at once.")
        # No reload from the test: the page must pick the change up by itself.
        page.get_by_text("Saved just now, and shown at once.").wait_for(timeout=60_000)
        assert rebuilds(log) == before + 1
        # The build changed nothing in the watched folder but the saved file:
        # nothing there can set off a rebuild of its own.
        after = snapshot(docs)
        assert {name for name in after if after[name] != folder.get(name)} == {f"{POST}/index.md"}
        # A second save is a second rebuild, not more: none came in between.
        save(post, "Saved a second time.")
        page.get_by_text("Saved a second time.").wait_for(timeout=60_000)
        browser.close()
    assert rebuilds(log) == before + 2, log.read_text()[-2000:]
    assert sorted(p.name for p in (docs / POST).iterdir()) == ["harbour.png", "index.md"]
