"""``chapbook serve``'s server: the site over HTTP, rebuilt on each save, reloaded once.

The folder of posts is watched (``watchfiles``, as sphinx-autobuild watches
it); each batch of saves is one build by :class:`chapbook.cli.warm.Rebuilder`.
Pages get a small script that listens on a WebSocket: once the build is over
(every page it changed written), each open page reloads once. A build that
fails reloads nothing: the page keeps what it showed, and the error is shown
above it until a build succeeds. Served by Starlette and uvicorn, which
sphinx-autobuild (the ``serve`` extra) brings.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
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

from chapbook.cli.warm import Rebuilder, Result, Settings

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from starlette.types import ASGIApp, Message, Receive, Scope, Send

SOCKET = "/_chapbook/reload"

#: Added to every HTML page served: reload on the word, show a failed build's error.
#: The error is set as text (``textContent``), never as HTML.
SCRIPT = """
<script>
(() => {
  const socket = new WebSocket(`ws://${location.host}SOCKET`);
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


class Live:
    """The watcher, the builds and the pages listening for their reload."""

    def __init__(self, rebuilder: Rebuilder, url: str) -> None:
        self.rebuilder = rebuilder
        self.url = url
        self.settings = rebuilder.settings
        self.pages: set[WebSocket] = set()
        self.error = ""

    def build(self, changed: tuple[Path, ...] = ()) -> Result:
        """One build (blocking), its outcome remembered for the pages."""
        start = time.perf_counter()
        result = self.rebuilder.build(changed)
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
            await asyncio.to_thread(self.build, changed)
            await self.tell(self.word())
            await asyncio.to_thread(self.rebuilder.prepare)

    def word(self) -> dict[str, Any]:
        """What open pages are told after a build: reload, or the error that stopped it."""
        return {"error": self.error} if self.error else {"reload": True}

    async def tell(self, word: dict[str, Any]) -> None:
        for page in list(self.pages):
            with contextlib.suppress(Exception):  # a page closed meanwhile
                await page.send_text(json.dumps(word))

    async def listen(self, page: WebSocket) -> None:
        await page.accept()
        self.pages.add(page)
        try:
            if self.error:
                await page.send_text(json.dumps({"error": self.error}))
            while True:
                await page.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            self.pages.discard(page)

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
