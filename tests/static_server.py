"""A plain static host for tests: Python's stock ``http.server``, which sends no special headers and
knows nothing of the course — what GitHub Pages or a university web server would be."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str, attempts: int) -> bool:
    """Poll ``url`` every 0.1 s, at most ``attempts`` times, until a server answers it."""
    for _ in range(attempts):
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


@contextlib.contextmanager
def stock_http_server(directory: Path, port: int, ready_url: str) -> Iterator[None]:
    """Serve ``directory`` on 127.0.0.1:``port`` with ``python -m http.server`` until the block ends.

    Returns once ``ready_url`` answers (or after ~10 s, so a test fails on its own request with a
    clear error rather than here).
    """
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        answers(ready_url, attempts=100)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)
