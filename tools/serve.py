"""Serve the built course: a plain static server that needs only a stock Python.

    python tools/serve.py site               # http://localhost:8000, this machine only
    python tools/serve.py site --lan         # every interface, prints the URLs to share

It sends the cross-origin isolation headers (COOP/COEP) so the browser runtime can interrupt
running code through a SharedArrayBuffer, and the right MIME types for WebAssembly and modules.
It reads nothing but the folder it is given and never reaches the network.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import socket
import sys

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


class CourseHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with isolation headers, quiet logs and sensible caching."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

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
