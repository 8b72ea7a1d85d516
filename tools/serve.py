"""Serve the built course: a plain static server that needs only a stock Python.

    python tools/serve.py site               # http://localhost:8000, this machine only
    python tools/serve.py site --lan         # every interface, prints the URLs to share and a QR code
    python tools/serve.py site --base-path /cold-start/   # the course under a sub-path

It sends the cross-origin isolation headers (COOP/COEP) so the browser runtime can interrupt
running code through a SharedArrayBuffer, and the right MIME types for WebAssembly and modules.
The only validator is an ETag derived from each file's content; no Last-Modified is sent, because
every bundle's archive carries the same fixed dates and a rebuild unpacked within the same second
looks unchanged by date: a browser must still get the files of a rebuilt bundle. Folders are
never listed.
``sitemap.xml`` is served rebased onto the address the browser used (host, port, sub-path):
mkdocs-material's instant navigation follows only links listed there, so a site built for
``http://localhost:8000/`` keeps one page (and one Python) alive on any port, LAN address or
sub-path.
It reads nothing but the folder it is given and never reaches the network.

The QR code needs the ``qrcode`` package (pure Python): the course's venv has it and the workshop
bundle carries a copy in ``vendor/``; without it the URLs are printed alone.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import hashlib
import http.server
import io
import os
import re
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


#: Cross-origin isolation: SharedArrayBuffer, so Stop can interrupt Python without a restart. The
#: same headers go into the generated ``_headers`` file and the service worker (web/offline/).
ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
}

#: How the folders named after their content start (Pyodide's ``assets/pyodide-<version>-<hash>/``,
#: tools/hooks/site.py; web/offline/sw-build.mjs precaches them by plain URL): a URL there always
#: means the same bytes, so browsers keep those files without asking again. Everything else is
#: ``no-cache`` (revalidated by ETag on every use).
IMMUTABLE_FOLDERS = "/assets/pyodide-"
IMMUTABLE_PATH = re.compile(re.escape(IMMUTABLE_FOLDERS) + r"[^/]+/[^/]+$")
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"

#: Text-like files worth compressing (archives and images are compressed already).
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt", ".map", ".wasm", ".bin",
                ".ipynb", ".toml", ".py"}


class FileVersions:
    """Per file version (inode, size, mtime, ctime): its ETag and gzipped bytes.

    A room of learners asks for the same few megabytes of Pyodide at once: hashing and compressing
    each file once keeps the server's CPU free for serving. ctime is part of the key because
    unpacking a bundle sets every mtime to the archive's fixed date but cannot set ctime.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tags: dict[str, tuple[tuple, str]] = {}
        self._gzipped: dict[str, tuple[tuple, bytes]] = {}

    @staticmethod
    def _key(path: str) -> tuple:
        stat = os.stat(path)
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)

    def etag(self, path: str) -> str:
        """The file's ETag: a hash of its bytes as they are now."""
        key = self._key(path)
        entry = self._tags.get(path)
        if entry and entry[0] == key:
            return entry[1]
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        entry = (key, f'"{digest.hexdigest()[:32]}"')
        with self._lock:
            self._tags[path] = entry
        return entry[1]

    def gzipped(self, path: str) -> bytes:
        """The gzipped bytes of the file at ``path`` as it is now."""
        key = self._key(path)
        entry = self._gzipped.get(path)
        if entry and entry[0] == key:
            return entry[1]
        with open(path, "rb") as handle:
            # mtime=0: the same file always compresses to the same bytes.
            data = gzip.compress(handle.read(), compresslevel=6, mtime=0)
        with self._lock:
            self._gzipped[path] = (key, data)
        return data


SITEMAP_LOC = re.compile(r"<loc>([^<]*)</loc>")


def rebase_sitemap(xml: str, base: str) -> str:
    """``xml`` (mkdocs' sitemap) with every page URL moved from the build's site_url to ``base``.

    The build's site_url is the longest folder URL every ``<loc>`` starts with (the home page is
    always listed), so no configuration has to be passed to the server.
    """
    locs = SITEMAP_LOC.findall(xml)
    if not locs:
        return xml
    built = os.path.commonprefix(locs)
    built = built[: built.rfind("/") + 1]
    return SITEMAP_LOC.sub(lambda m: f"<loc>{base}{m.group(1)[len(built):]}</loc>", xml)


def normal_prefix(prefix: str) -> str:
    """A URL sub-path as ``/name/`` (``/`` for the root); accepts ``name``, ``/name``, ``name/``."""
    parts = [part for part in prefix.split("/") if part]
    return "/" + "".join(f"{part}/" for part in parts)


class CourseHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with isolation headers, content validators, gzip for text and WebAssembly.

    ``prefix`` (set by make_server) is the URL sub-path the site is served under.
    """

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}
    versions = FileVersions()
    #: False serves without COOP/COEP, as a page on a LAN address effectively is (tests use it).
    isolate = True
    prefix = "/"

    def translate_path(self, path: str) -> str:
        """The file for ``path`` under the sub-path; a path outside it names no file (404)."""
        if self.prefix != "/":
            if not path.startswith(self.prefix):
                return os.path.join(self.directory, "__outside_the_base_path__")
            path = path[len(self.prefix) - 1:]
        return super().translate_path(path)

    def send_head(self):
        """Answer 304 when the browser's copy is current; else the file, gzipped if accepted.
        The sitemap is rebased onto this request's address; the bare sub-path redirects."""
        bare = self.path.split("?", 1)[0]
        if self.prefix != "/" and bare in ("/", self.prefix.rstrip("/")):
            self.send_response(301)  # the server's root or the sub-path without its slash
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if bare == f"{self.prefix}sitemap.xml":
            return self._send_sitemap()
        path = self._requested_file()
        if path is None:
            return super().send_head()  # redirects folders to their slash form, answers 404
        try:
            etag = self.versions.etag(path)
            compress = self._wants_gzip(path)
            body = self.versions.gzipped(path) if compress else None
            handle = None if compress else open(path, "rb")
        except OSError:
            return super().send_head()  # vanished or unreadable: let the base class answer 404
        if compress:
            etag = etag[:-1] + '-gz"'  # each encoding is its own representation
        # Only a file that exists is immutable: a 404 must not be kept.
        self._immutable = bool(IMMUTABLE_PATH.search(bare))
        if self._not_modified(etag):
            if handle:
                handle.close()
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body) if compress else os.fstat(handle.fileno()).st_size))
        self.send_header("ETag", etag)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        if os.path.splitext(path)[1].lower() in COMPRESSIBLE:
            self.send_header("Vary", "Accept-Encoding")
        if path.endswith(".whl"):
            # A downloaded notebook opened in JupyterLite (another origin) installs the wheel from here.
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        # The base class copies whatever file-like object send_head returns.
        return io.BytesIO(body) if compress else handle

    def _send_sitemap(self):
        """sitemap.xml with its URLs on the host, port and sub-path this request came in on."""
        try:
            with open(os.path.join(self.directory, "sitemap.xml"), encoding="utf-8") as handle:
                xml = handle.read()
        except OSError:
            self.send_error(404, "File not found")
            return None
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        body = rebase_sitemap(xml, f"http://{host}{self.prefix}").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _requested_file(self) -> str | None:
        """The regular file this request names (a folder's index.html), or None."""
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not url_path.endswith("/"):
                return None  # the base class redirects to the slash form
            path = os.path.join(path, "index.html")
        if url_path.endswith("/") and not path.endswith("index.html"):
            return None
        return path if os.path.isfile(path) else None

    def _wants_gzip(self, path: str) -> bool:
        """Whether ``path`` goes out gzipped to this client."""
        return ("gzip" in self.headers.get("Accept-Encoding", "")
                and os.path.splitext(path)[1].lower() in COMPRESSIBLE)

    def _not_modified(self, etag: str) -> bool:
        """Whether the browser's copy is current: its If-None-Match names this ETag.

        If-Modified-Since is not honoured: dates say nothing about an unpacked bundle's content.
        """
        match = self.headers.get("If-None-Match")
        if match is None:
            return False
        return etag in [tag.strip() for tag in match.split(",")] or match.strip() == "*"

    def list_directory(self, path):
        """Never list a folder (reference/ without an index.html once did): answer 404."""
        self.send_error(404, "No page here")
        return None

    def end_headers(self) -> None:
        # Cross-origin isolation enables SharedArrayBuffer (interrupting a runaway cell).
        if self.isolate:
            for name, value in ISOLATION_HEADERS.items():
                self.send_header(name, value)
        self.send_header("Cache-Control", IMMUTABLE_CACHE if getattr(self, "_immutable", False) else "no-cache")
        self._immutable = False  # the next request on this connection decides for itself
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature is the base class's
        if os.environ.get("COLD_START_SERVE_LOG"):
            super().log_message(format, *args)


#: Destinations whose route shows the address other machines reach us on. Connecting a UDP
#: socket sends nothing; it only asks the kernel which source address it would use.
ROUTE_PROBES = ("192.0.2.1", "10.255.255.254", "172.31.255.254", "192.168.255.254", "198.51.100.1")
SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address


def _usable(address: str) -> bool:
    """Whether another machine could reach ``address`` (not loopback, link-local or unset)."""
    return not address.startswith(("127.", "169.254.", "0."))


def route_addresses() -> list[str]:
    """Source addresses the kernel picks for outbound UDP to a few destinations (nothing is sent)."""
    found = []
    for destination in ROUTE_PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect((destination, 9))
                found.append(probe.getsockname()[0])
            except OSError:
                continue  # no route there
    return found


def interface_addresses() -> list[str]:
    """The IPv4 address of every network interface (Linux; elsewhere an empty list)."""
    try:
        import fcntl
        import struct

        interfaces = socket.if_nameindex()
    except (ImportError, OSError, AttributeError):
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in interfaces:
            try:
                request = struct.pack("256s", name.encode()[:15])
                found.append(socket.inet_ntoa(fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request)[20:24]))
            except OSError:
                continue  # an interface without an IPv4 address
    return found


def hostname_addresses() -> list[str]:
    """What this machine's name resolves to (on Debian/Ubuntu laptops only 127.0.1.1)."""
    try:
        return [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        return []


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that others on the LAN can reach, without sending traffic.

    The default route's source address comes first (the one to share), then every other
    interface address, then anything the hostname resolves to (macOS, Windows).
    """
    ordered: dict[str, None] = {}
    for address in [*route_addresses(), *interface_addresses(), *hostname_addresses()]:
        if _usable(address):
            ordered.setdefault(address, None)
    return list(ordered)


def terminal_qr(text: str) -> str | None:
    """``text`` as a QR code drawn with block characters, or None without the qrcode package."""
    try:
        import qrcode
    except ImportError:
        return None
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(text)
    code.make(fit=True)
    out = io.StringIO()
    # invert: dark modules print as spaces, so the code reads on a dark terminal as on paper.
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def print_qr(url: str) -> None:
    """Print the QR code of ``url`` where the terminal can show it; else say how to get one."""
    drawing = terminal_qr(url)
    if drawing is None:
        print("  (a QR code of this address needs the qrcode package: pip install qrcode)")
        return
    try:
        drawing.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        print("  (this terminal cannot draw the QR code: share the address above)")
        return
    print(f"  scan to open {url}")
    print(drawing, end="")


def make_server(root: str, host: str, port: int, isolate: bool = True,
                prefix: str = "/") -> http.server.ThreadingHTTPServer:
    """A threaded server for ``root`` (threads: 30+ learners' browsers load in parallel).

    ``isolate=False`` leaves out the cross-origin isolation headers (tests of the LAN case);
    ``prefix`` is the URL sub-path the site is served under (``/cold-start/``).
    """
    handler_class = type("CourseHandler", (CourseHandler,), {"isolate": isolate, "prefix": normal_prefix(prefix)})
    handler = functools.partial(handler_class, directory=root)
    http.server.ThreadingHTTPServer.daemon_threads = True
    http.server.ThreadingHTTPServer.request_queue_size = 128
    return http.server.ThreadingHTTPServer((host, port), handler)


@contextlib.contextmanager
def serving(root: str, host: str = "127.0.0.1", isolate: bool = True, prefix: str = "/"):
    """Serve ``root`` on a free port in a background thread; yields the base URL without a
    trailing slash, sub-path included (tests use it)."""
    server = make_server(root, host, 0, isolate, prefix)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}{normal_prefix(prefix).rstrip('/')}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, check the folder, serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="site", help="built site folder (default: site)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--lan", action="store_true", help="listen on every interface for the room's LAN")
    parser.add_argument("--base-path", default="/", metavar="PATH",
                        help="serve the course under this URL sub-path, e.g. /cold-start/")
    args = parser.parse_args(argv)
    if not os.path.isfile(os.path.join(args.root, "index.html")):
        print(f"error: {args.root}/index.html not found: build the course first (make serve does).",
              file=sys.stderr)
        return 2
    host = "0.0.0.0" if args.lan else "127.0.0.1"
    try:
        server = make_server(args.root, host, args.port, prefix=args.base_path)
    except OSError as exc:
        print(f"error: cannot listen on {host}:{args.port}: {exc.strerror}. Try --port N.", file=sys.stderr)
        return 2
    print(f"Cold Start is served from {os.path.abspath(args.root)}")
    path = normal_prefix(args.base_path)
    print(f"  this machine:  http://localhost:{args.port}{path}")
    if args.lan:
        urls = [f"http://{address}:{args.port}{path}" for address in lan_addresses()]
        for url in urls:
            print(f"  share on LAN:  {url}")
        if urls:
            print_qr(urls[0])
        else:
            print("  share on LAN:  no network address found: join the room's network, then restart.")
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
