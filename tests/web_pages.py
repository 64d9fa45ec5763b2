"""A small web server on 127.0.0.1 for the tests, serving pages the tests register."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers for one path."""

    status: int = 200
    """The HTTP status."""
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers."""
    body: bytes | Callable[[], Iterable[bytes]] = b""
    """The body, or a function yielding it in chunks (sent without a Content-Length)."""


class PageServer:
    """Registered routes, and the request headers the server has seen."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        """The server's address."""
        self.routes: dict[str, Route] = {}
        """Path -> answer."""
        self.seen: list[dict[str, str]] = []
        """Headers of every request, in order."""

    def url(self, path: str) -> str:
        """The full address of `path`."""
        return self.base + path

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> str:
        """Serve `body` at `path` with a content type; return its address."""
        self.routes[path] = Route(200, {"Content-Type": content_type}, body)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        """Redirect `path` to `location`; return its address."""
        self.routes[path] = Route(status, {"Location": location}, b"")
        return self.url(path)


def _handler(server: PageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.seen.append(dict(self.headers.items()))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if isinstance(route.body, bytes):
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
                return
            self.end_headers()
            try:
                for chunk in route.body():
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading, as it should at its cap

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving() -> Iterator[PageServer]:
    """Run a server on a free port of 127.0.0.1 until the block ends."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    pages = PageServer(httpd.server_address[1])
    httpd.RequestHandlerClass = _handler(pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield pages
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
