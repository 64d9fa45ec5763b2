"""`marginalia serve`: the reader in a web browser, one reader process for each visitor.

textual-serve runs a command for every browser that connects and draws its terminal output
with xterm.js. The command is this package's own reader, told that it is served (a hidden
`--served MODE` option), so the session keeps to the rules of `SessionPolicy`.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import shlex
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aiohttp import web
    from textual.driver import Driver

PAGE_TITLE = "Marginalia"
"""The browser tab's title."""
SERVED_FLAG = "--served"
"""The reader's hidden option for a session served to a visitor (`--served comments|read-only`)."""


def available() -> bool:
    """Whether textual-serve is installed (it is an extra: most readers never serve)."""
    return importlib.util.find_spec("textual_serve") is not None


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (a loopback address or localhost)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def page_url(host: str, port: int) -> str:
    """The address to open in a browser for a server listening on `host` and `port`."""
    name = host.strip("[]")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return f"http://{name}:{port}/"
    if address.is_unspecified:
        # Listening on every address: this machine's own name reaches it from here.
        return f"http://localhost:{port}/"
    return f"http://[{name}]:{port}/" if address.version == 6 else f"http://{name}:{port}/"


def reader_command(
    folder: Path, *, read_only: bool, lang: str | None, comments: Path | None
) -> str:
    """The shell command textual-serve runs for each visitor (every word quoted)."""
    words = [sys.executable, "-m", "tui", SERVED_FLAG, "read-only" if read_only else "comments"]
    if lang:
        words += ["--lang", lang]
    if comments is not None:
        words += ["--comments", str(comments.resolve())]
    # "--" keeps a folder whose name starts with "-" from being read as an option.
    words += ["--", str(folder)]
    return shlex.join(words)


def ending_with_server(driver_class: type[Driver]) -> type[Driver]:
    """textual-serve's driver for a visitor's reader, made to end the reader with the server.

    Textual's web driver stops reading when its input closes but leaves the app running: a
    server that died without saying "quit" would leave the reader, and its private folder,
    behind for good. Any other driver is returned as it is.
    """
    from textual import messages
    from textual.drivers.web_driver import WebDriver

    if driver_class is not WebDriver:
        return driver_class

    class ServedDriver(WebDriver):
        """The web driver, ending the app when the server's end of the pipe closes."""

        def run_input_thread(self) -> None:
            try:
                super().run_input_thread()
            finally:
                if not self.exit_event.is_set():  # set when the app itself is stopping
                    self.send_message(messages.ExitApp())

    return ServedDriver


def request_allowed(host: str, origin: str | None, *, loopback_only: bool) -> bool:
    """Whether a request with these Host and Origin headers may open a reader.

    Any web page a visitor has open may try to open the reader's websocket: only the page
    served here (same origin) may. A server on a loopback address also refuses host names
    that are not loopback names, so a name that someone points at 127.0.0.1 (DNS rebinding)
    does not make another site "same origin".
    """
    hostname = urlsplit(f"//{host}").hostname or ""
    if loopback_only and not is_loopback(hostname):
        return False
    if origin is None:
        return True  # not a browser page: a browser always sends Origin with a websocket
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def check_address(host: str, port: int) -> None:
    """Raise OSError now if the server could not listen on `host` and `port`."""
    for family, kind, proto, _name, address in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    ):
        with socket.socket(family, kind, proto) as probe:
            # As the server will: a port just left by an earlier server is free to use.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)


def serve(command: str, host: str, port: int) -> None:
    """Serve the reader until interrupted; raises OSError when the port cannot be used."""
    import asyncio

    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    loopback_only = is_loopback(host)

    class ReaderServer(Server):
        """textual-serve's server: quiet, answering its own pages only, ending readers on exit."""

        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=PAGE_TITLE)
            self.sockets: set[web.WebSocketResponse] = set()
            """The visitors' open websockets, closed when the server stops."""

        def initialize_logging(self) -> None:
            """Keep textual-serve's banner and request log out of the way."""

        async def on_startup(self, app: web.Application) -> None:
            """Nothing to print: the command line has said where to go."""

        async def on_shutdown(self, app: web.Application) -> None:
            # Closing a visitor's websocket ends their reader, which removes its private folder.
            await asyncio.gather(*(visitor.close() for visitor in list(self.sockets)))

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if not request_allowed(request.host, None, loopback_only=loopback_only):
                raise web.HTTPForbidden()
            # The page connects its websocket to the address the browser used to get here.
            self.public_url = f"{request.scheme}://{request.host}"
            response: web.StreamResponse = await super().handle_index(request)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's handler, for pages of this origin, remembering the socket."""
            origin = request.headers.get("Origin")
            if not request_allowed(request.host, origin, loopback_only=loopback_only):
                raise web.HTTPForbidden()
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            await websocket.prepare(request)
            self.sockets.add(websocket)

            async def close() -> None:
                await websocket.close()

            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            finally:
                self.sockets.discard(websocket)
                await service.stop()
            return websocket

    ReaderServer().serve()
