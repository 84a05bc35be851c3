"""``chapbook serve``'s server: the site over HTTP, rebuilt on each save, reloaded once.

The folder of posts is watched (``watchfiles``, as sphinx-autobuild watches
it); each batch of saves is one build by :class:`chapbook.cli.warm.Rebuilder`.
Pages get a small script that listens on a WebSocket and names the page it
is on.  Each open page reloads once per build, after its own file is written:
the saved posts' pages as soon as the build has written them (it writes them
first and says so), every other page once the build is over.  A build that
fails reloads nothing more: the page keeps what it showed, and the error is
shown above it until a build succeeds. Served by Starlette and uvicorn, which
sphinx-autobuild (the ``serve`` extra) brings.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import urllib.parse
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn
import watchfiles
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from chapbook.cli.warm import Rebuilder, Result, Settings, Written

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Mapping

    from starlette.types import ASGIApp, Message, Receive, Scope, Send

SOCKET = "/_chapbook/reload"

#: Added to every HTML page served: reload on the word, show a failed build's error.
#: The error is set as text (``textContent``), never as HTML.
SCRIPT = """
<script>
(() => {
  const socket = new WebSocket(`ws://${location.host}SOCKET`);
  socket.onopen = () => socket.send(JSON.stringify({page: location.pathname}));
  socket.onmessage = (message) => {
    const word = JSON.parse(message.data);
    if (word.reload) { location.reload(); return; }
    let box = document.getElementById("chapbook-build-error");
    if (!word.error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "chapbook-build-error";
      box.style.cssText = "position:fixed;z-index:9999;inset:auto 0 0 0;max-height:50vh;" +
        "overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#600;" +
        "border-top:3px solid #c00;white-space:pre-wrap;font-size:14px";
      document.body.append(box);
    }
    box.textContent = "The last build failed; this page is the last good one.\\n\\n" + word.error;
  };
})();
</script>
""".replace("SOCKET", SOCKET)


class Injector:
    """Appends :data:`SCRIPT` to HTML responses (the files on disk stay as built)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.script = SCRIPT.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        html = False

        async def wrapped(message: Message) -> None:
            nonlocal html
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                html = headers.get("content-type", "").startswith("text/html")
                if html and "content-length" in headers:
                    headers["content-length"] = str(
                        int(headers["content-length"]) + len(self.script)
                    )
            elif message["type"] == "http.response.body" and html and not message.get("more_body"):
                message["body"] += self.script
            await send(message)

        await self.app(scope, receive, wrapped)


def address(path: str) -> str:
    """A page's address as the server compares them: ``/a%20b/index.html`` and the
    builder's ``a b/`` are both ``a b/``."""
    path = urllib.parse.unquote(path).lstrip("/")
    return path.removesuffix("index.html")


def same_origin(headers: Mapping[str, str]) -> bool:
    """Whether a socket was opened by a page of this server (browsers send ``Origin``
    on every WebSocket; a page of another site names that site)."""
    origin = urllib.parse.urlsplit(headers.get("origin", ""))
    return origin.scheme in ("http", "https") and origin.netloc == headers.get("host")


class Live:
    """The watcher, the builds and the pages listening for their reload."""

    def __init__(self, rebuilder: Rebuilder, url: str) -> None:
        self.rebuilder = rebuilder
        self.url = url
        self.settings = rebuilder.settings
        #: Each open page's socket -> the address it shows (None until it says).
        self.pages: dict[WebSocket, str | None] = {}
        self.error = ""
        #: The addresses the current build has written and reloaded already.
        self.early: set[str] = set()

    def build(self, changed: tuple[Path, ...] = (),
              written: Callable[[Written], None] | None = None) -> Result:  # fmt: skip
        """One build (blocking), its outcome remembered for the pages."""
        start = time.perf_counter()
        result = self.rebuilder.build(changed, written)
        took = f" (built in {time.perf_counter() - start:.2f} s)"
        self.error = result.error or (f"Sphinx stopped with status {result.status}"
                                      if result.status else "")  # fmt: skip
        print(f"Serving on {self.url}{took}" if not self.error else
              f"The build failed; still serving the last good pages on {self.url}",
              flush=True)  # fmt: skip
        return result

    def ignored(self, path: str) -> bool:
        here = Path(path)
        build = (self.settings.outdir, self.settings.doctreedir)
        return any(here.is_relative_to(folder) for folder in build)

    async def watch(self) -> None:
        watched = watchfiles.DefaultFilter()
        async for changes in watchfiles.awatch(
            self.settings.srcdir,
            watch_filter=lambda change, path: watched(change, path) and not self.ignored(path),
        ):
            changed = tuple(sorted(Path(path) for _, path in changes))
            print(f"Rebuilding after {', '.join(p.name for p in changed[:5])}", flush=True)
            self.early = set()
            written = self.from_thread(asyncio.get_running_loop())
            await asyncio.to_thread(self.build, changed, written)
            await self.tell(self.word())
            await asyncio.to_thread(self.rebuilder.prepare)

    def from_thread(self, loop: asyncio.AbstractEventLoop) -> Callable[[Written], None]:
        """What the build's thread calls when the saved posts' pages are written."""

        def written(word: Written) -> None:
            future = asyncio.run_coroutine_threadsafe(self.reload_written(word), loop)
            # Told before the build ends: its end reloads the other pages. A server
            # that is stopping never answers; the build goes on without it.
            with contextlib.suppress(Exception):
                future.result(timeout=10)

        return written

    async def reload_written(self, word: Written) -> None:
        """Reload now the open pages whose files the build has just written."""
        self.early.update(address(written) for written in word.addresses)
        await self.tell({"reload": True}, lambda shown: shown in self.early)

    def word(self) -> dict[str, Any]:
        """What open pages are told after a build: reload, or the error that stopped it."""
        return {"error": self.error} if self.error else {"reload": True}

    async def tell(self, word: dict[str, Any],
                   which: Callable[[str | None], bool] | None = None) -> None:  # fmt: skip
        """Tell the open pages (``which``: those whose address it accepts).

        After a build, a reload goes to the pages not reloaded during it: a page
        of an address written early shows the new text already, even one opened
        since.
        """
        if which is None:
            which = self.not_reloaded if "reload" in word else (lambda _shown: True)
        for page, shown in list(self.pages.items()):
            if which(shown):
                with contextlib.suppress(Exception):  # a page closed meanwhile
                    await page.send_text(json.dumps(word))

    def not_reloaded(self, shown: str | None) -> bool:
        return shown not in self.early

    async def listen(self, page: WebSocket) -> None:
        if not same_origin(page.headers):
            # Another site open in the writer's browser may not read the builds' errors.
            await page.close(code=1008)
            return
        await page.accept()
        self.pages[page] = None
        try:
            if self.error:
                await page.send_text(json.dumps({"error": self.error}))
            while True:
                said = await page.receive_text()
                with contextlib.suppress(ValueError, TypeError, KeyError):  # not a page's word
                    self.pages[page] = address(str(json.loads(said)["page"]))
        except WebSocketDisconnect:
            pass
        finally:
            self.pages.pop(page, None)

    @asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(self.watch())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        self.rebuilder.discard()

    def app(self) -> Starlette:
        files = StaticFiles(directory=self.settings.outdir, html=True)
        app = Starlette(
            routes=[WebSocketRoute(SOCKET, self.listen), Mount("/", app=files)],
            lifespan=self.lifespan,
        )
        return Injector(app)  # type: ignore[return-value]


def serve(settings: Settings, host: str, port: int) -> int:
    """Build, then serve and rebuild on each save until interrupted."""
    settings.outdir.mkdir(parents=True, exist_ok=True)
    live = Live(Rebuilder(settings), f"http://{host}:{port}")
    print("Building the site...", flush=True)
    live.build()
    live.rebuilder.prepare()
    try:
        uvicorn.run(live.app(), host=host, port=port, log_level="warning")
    except KeyboardInterrupt:
        pass
    finally:
        live.rebuilder.discard()
    return 0
