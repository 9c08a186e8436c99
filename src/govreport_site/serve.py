"""Serve the built site on this machine, for a look before publishing.

With a `rebuild` function (build-site serve without --no-watch), the site's inputs are
watched (watch.py) and the site is built again in this process after each change, so
that imports, the tokenizer's dictionary and compiled templates are paid for once.
With live reload (without --no-reload), HTML responses carry a small script that polls
/__build, the number of the last good build, and reloads the page when it moves on. The
script is added to what is sent, never to the files: the output folder stays
byte-identical to `build-site build`'s.
"""

from __future__ import annotations

import gc
import io
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from govreport_site.watch import Snapshot, Watcher

BUILD_PATH = "/__build"

# Polls once a second; reloads when the build number differs from the one the page came
# with. A failed fetch (the server stopped) or an answer that is not ours does nothing.
RELOAD_SCRIPT = (
    "<script>/* build-site serve: reload after a rebuild */(function(){{var n='{n}';"
    "setInterval(function(){{fetch('" + BUILD_PATH + "',{{cache:'no-store'}})"
    ".then(function(r){{return r.ok?r.text():n}})"
    ".then(function(t){{if(t!==n)location.reload()}},function(){{}})}},1000)}})();</script>"
)


class Builds:
    """The number of the last good build, which served pages poll (thread-safe enough:
    one writer, the watcher; readers see the old number or the new one)."""

    def __init__(self) -> None:
        self.number = 0

    def bump(self) -> None:
        self.number += 1


def inject(html: bytes, number: int) -> bytes:
    """The page with the reload script before its last </body> (or at its end)."""
    script = RELOAD_SCRIPT.format(n=number).encode()
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the output folder, with the site's own 404 page like GitHub Pages.
    With `builds`, HTML gets the reload script and /__build answers the build number."""

    def __init__(self, *args, builds: Builds | None = None, **kwargs):
        self.builds = builds  # set before the base class handles the request
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.builds is not None and urlsplit(self.path).path == BUILD_PATH:
            self._send(HTTPStatus.OK, str(self.builds.number).encode(), "text/plain")
            return
        super().do_GET()

    def send_head(self):
        if self.builds is not None:
            page = self._html_file()
            if page is not None:
                try:
                    body = page.read_bytes()
                except OSError:  # replaced by a rebuild between the check and the read
                    return super().send_head()
                return self._send(HTTPStatus.OK, inject(body, self.builds.number), write=False)
        return super().send_head()

    def _html_file(self) -> Path | None:
        """The HTML file a GET of this path sends, when the base class would send one."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return None  # the base class redirects to the folder's URL with a slash
            path = path / "index.html"
        elif self.path.endswith("/"):
            return None
        if path.suffix.lower() in (".html", ".htm") and path.is_file():
            return path
        return None

    def _send(
        self, code: int, body: bytes, kind: str = "text/html", write: bool = True
    ) -> io.BytesIO | None:
        """Send the headers, then the body (write) or return it for the base class's
        do_GET/do_HEAD to send. Never cached: the page carries a build number."""
        self.send_response(code)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not write:
            return io.BytesIO(body)
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.is_file():
            body = page.read_bytes()
            if self.builds is not None:
                body = inject(body, self.builds.number)
            self._send(code, body)
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


def make_server(
    directory: Path, host: str = "127.0.0.1", port: int = 8000, builds: Builds | None = None
) -> ThreadingHTTPServer:
    """An HTTP server for `directory`, not yet started; port 0 picks a free port.
    With `builds`, pages reload after a rebuild (see SiteHandler)."""
    handler = partial(SiteHandler, directory=str(directory), builds=builds)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True  # Ctrl-C must not wait for open browser connections
    return server


def server_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


class LiveSite:
    """The server and, with `rebuild`, the watcher that rebuilds: start(), then run()
    until stop() (or Ctrl-C) in the thread that builds; the server runs in its own.

    rebuild() builds the site again and returns whether it succeeded; a failure keeps the
    last good site served (the build writes its output atomically)."""

    def __init__(
        self,
        directory: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        rebuild: Callable[[], bool] | None = None,
        watch: Iterable[Path] = (),
        skip: Iterable[Path] = (),
        reload: bool = True,
        interval: float = 0.5,
        quiet: float = 0.3,
        start: Snapshot | None = None,
    ):
        self.builds = Builds()
        self.rebuild = rebuild
        self.watcher = Watcher(watch, skip, interval, quiet) if rebuild else None
        self.server = make_server(directory, host, port, self.builds if reload else None)
        self.stopped = threading.Event()
        # What the first build saw (taken before it, so that edits made during it count).
        self.seen = start if start is not None or not self.watcher else self.watcher.scan()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return server_url(self.server)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def run(self) -> None:
        """Watch and rebuild until stop(); without a watcher, just wait."""
        if self.watcher is None:
            self.stopped.wait()
            return
        self.watcher.run(self._rebuild, self.stopped, self.seen)

    def _rebuild(self) -> None:
        assert self.rebuild is not None
        try:
            built = self.rebuild()
        except Exception:  # noqa: BLE001 - a bug in one rebuild must not stop the server
            traceback.print_exc()
            built = False
        if built:
            self.builds.bump()
        # A build leaves cycles (the plan's reports, regions and years point at each other)
        # that the collector reaches only when enough new objects pile up, and an idle
        # server makes none: without this, each edit of a 1,000-report site kept ~27 MB
        # more. Done after the bump, so that pages do not wait for it.
        gc.collect()

    def stop(self) -> None:
        self.stopped.set()
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join(timeout=10)
        self.server.server_close()

    def __enter__(self) -> LiveSite:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(
    directory: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    out=sys.stdout,
    rebuild: Callable[[], bool] | None = None,
    watch: Iterable[Path] = (),
    skip: Iterable[Path] = (),
    reload: bool = True,
    start: Snapshot | None = None,
) -> int:
    """Serve (and with `rebuild`, watch `watch` and rebuild) until Ctrl-C; return an exit
    code. Without `rebuild` pages do not reload either: nothing would change them."""
    try:
        live = LiveSite(
            directory,
            host,
            port,
            rebuild,
            watch,
            skip,
            reload=reload and rebuild is not None,
            start=start,
        )
    except OSError as exc:
        print(f"build-site: cannot serve on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        print("  try another port: build-site serve --port 8001", file=sys.stderr)
        return 1
    what = "watching for changes, " if rebuild else ""
    print(f"Serving {directory} at {live.url} ({what}Ctrl-C to stop)", file=out, flush=True)
    live.start()
    try:
        live.run()
    except KeyboardInterrupt:
        print("\nStopped.", file=out)
    finally:
        live.stop()
    return 0
