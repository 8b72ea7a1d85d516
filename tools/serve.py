"""Serve the built course: a plain static server that needs only a stock Python.

    python tools/serve.py site               # http://localhost:8000, this machine only
    python tools/serve.py site --lan         # every interface, prints the URLs to share

It sends the cross-origin isolation headers (COOP/COEP) so the browser runtime can interrupt
running code through a SharedArrayBuffer, and the right MIME types for WebAssembly and modules.
It reads nothing but the folder it is given and never reaches the network.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import os
import socket
import sys
import threading

EXTRA_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".ipynb": "application/x-ipynb+json",
    ".svg": "image/svg+xml",
    ".toml": "text/plain; charset=utf-8",
}


#: Text-like files worth compressing (archives and images are compressed already).
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt", ".map", ".wasm",
                ".ipynb", ".toml", ".py"}


class GzipCache:
    """Gzipped copies of files, made once per file version and shared by every request.

    A room of learners asks for the same few megabytes of Pyodide at once: compressing each file
    once (keyed by path, size and modification time) keeps the server's CPU free for serving.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[int, int, bytes]] = {}

    def get(self, path: str) -> bytes:
        """The gzipped bytes of the file at ``path`` as it is now."""
        stat = os.stat(path)
        key = (stat.st_size, stat.st_mtime_ns)
        entry = self._entries.get(path)
        if entry and entry[:2] == key:
            return entry[2]
        with open(path, "rb") as handle:
            # mtime=0: the same file always compresses to the same bytes.
            data = gzip.compress(handle.read(), compresslevel=6, mtime=0)
        with self._lock:
            self._entries[path] = (*key, data)
        return data


class CourseHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with isolation headers, gzip for text and WebAssembly, and quiet logs."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}
    gzip_cache = GzipCache()

    def send_head(self):
        """Send a gzipped copy when the browser accepts one; otherwise the plain file."""
        path = self._compressible_file()
        if path is None:
            return super().send_head()
        try:
            body = self.gzip_cache.get(path)
        except OSError:
            return super().send_head()  # vanished or unreadable: let the base class answer 404
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        # The base class copies whatever file-like object send_head returns.
        return io.BytesIO(body)

    def _compressible_file(self) -> str | None:
        """The file this request names, if it should go out gzipped to this client."""
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return None  # the base class redirects to the slash form
            path = os.path.join(path, "index.html")
        if os.path.splitext(path)[1].lower() not in COMPRESSIBLE or not os.path.isfile(path):
            return None
        return path

    def end_headers(self) -> None:
        # Cross-origin isolation enables SharedArrayBuffer (interrupting a runaway cell).
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature is the base class's
        if os.environ.get("COLD_START_SERVE_LOG"):
            super().log_message(format, *args)


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, best effort and without traffic."""
    addresses: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            addresses.add(info[4][0])
    except OSError:
        pass
    return sorted(a for a in addresses if not a.startswith("127."))


def make_server(root: str, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """A threaded server for ``root`` (threads: 30+ learners' browsers load in parallel)."""
    handler = functools.partial(CourseHandler, directory=root)
    http.server.ThreadingHTTPServer.daemon_threads = True
    http.server.ThreadingHTTPServer.request_queue_size = 128
    return http.server.ThreadingHTTPServer((host, port), handler)


@contextlib.contextmanager
def serving(root: str, host: str = "127.0.0.1"):
    """Serve ``root`` on a free port in a background thread; yields the base URL (tests use it)."""
    server = make_server(root, host, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, check the folder, serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="site", help="built site folder (default: site)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--lan", action="store_true", help="listen on every interface for the room's LAN")
    args = parser.parse_args(argv)
    if not os.path.isfile(os.path.join(args.root, "index.html")):
        print(f"error: {args.root}/index.html not found: build the course first (make serve does).",
              file=sys.stderr)
        return 2
    host = "0.0.0.0" if args.lan else "127.0.0.1"
    try:
        server = make_server(args.root, host, args.port)
    except OSError as exc:
        print(f"error: cannot listen on {host}:{args.port}: {exc.strerror}. Try --port N.", file=sys.stderr)
        return 2
    print(f"Cold Start is served from {os.path.abspath(args.root)}")
    print(f"  this machine:  http://localhost:{args.port}/")
    if args.lan:
        for address in lan_addresses() or ["<this machine's address>"]:
            print(f"  share on LAN:  http://{address}:{args.port}/")
    print("Press Ctrl+C to stop.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped.")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
