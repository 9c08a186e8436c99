"""Serve the built site on this machine, for a look before publishing."""

from __future__ import annotations

import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the output folder, with the site's own 404 page like GitHub Pages."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.is_file():
            body = page.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_request(self, code="-", size="-") -> None:
        # Only failures: a line per request would bury the URL the user needs.
        try:
            failed = int(code) >= 400
        except (TypeError, ValueError):
            failed = False
        if failed:
            super().log_request(code, size)

    def log_error(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the failed request is logged once, by log_request

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        sys.stderr.write(f"  {format % args}\n")


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for `directory`, not yet started; port 0 picks a free port."""
    handler = partial(SiteHandler, directory=str(directory))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True  # Ctrl-C must not wait for open browser connections
    return server


def server_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def serve(directory: Path, host: str = "127.0.0.1", port: int = 8000, out=sys.stdout) -> int:
    """Serve until Ctrl-C; return an exit code."""
    try:
        server = make_server(directory, host, port)
    except OSError as exc:
        print(f"build-site: cannot serve on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        print("  try another port: build-site serve --port 8001", file=sys.stderr)
        return 1
    with server:
        print(f"Serving {directory} at {server_url(server)} (Ctrl-C to stop)", file=out, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nStopped.", file=out)
    return 0
