"""The generated ``_headers`` file (tools/hooks/offline.py) on a static server that reads it.

A host that applies the file serves the course cross-origin isolated from the very first load,
before any service worker, with the right types for WebAssembly and modules.
"""

from __future__ import annotations

import fnmatch
import functools
import http.server
import json
import subprocess
import threading
from pathlib import Path

import pytest

from serve import ISOLATION_HEADERS
from site_layout import pyodide_core_path

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """Netlify's format: a path pattern at the line start, indented `Name: value` lines under it."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    """Every rule whose pattern matches ``path`` applies, later ones winning."""
    out: dict[str, str] = {}
    for pattern, headers in rules:
        if fnmatch.fnmatchcase(path, pattern):
            out.update(headers)
    return out


def test_headers_file_isolates_every_path_and_types_wasm_and_modules(site_dir):
    """`/*` gets COOP/COEP/CORP; .wasm and .mjs their types; sw.js is never cached by HTTP,
    Pyodide's content-named folder for good."""
    rules = parse_headers_file((site_dir / "_headers").read_text())
    assert headers_for(rules, "/lessons/01-serverless-model/") == ISOLATION_HEADERS
    core = pyodide_core_path(site_dir)
    assert headers_for(rules, f"{core}pyodide.asm.wasm")["Content-Type"] == "application/wasm"
    assert headers_for(rules, f"{core}pyodide.mjs")["Content-Type"] == "text/javascript"
    assert headers_for(rules, "/sw.js")["Cache-Control"] == "no-cache"
    # Pyodide's content-named folder is kept for good; what keeps its name is not.
    assert "immutable" in headers_for(rules, f"{core}pyodide.asm.wasm")["Cache-Control"]
    assert "Cache-Control" not in headers_for(rules, "/assets/pyodide/pyodide-lock.json")


def test_service_worker_adds_the_same_headers_as_serve_py():
    """web/offline/headers.js and tools/serve.py name the same isolation headers."""
    script = "import('./web/offline/headers.js').then(m => console.log(JSON.stringify(m.ISOLATION_HEADERS)))"
    out = subprocess.run(["node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert json.loads(out) == ISOLATION_HEADERS


@pytest.fixture
def headers_file_host(site_dir):
    """A stock static server that adds exactly what site/_headers says, nothing else."""
    rules = parse_headers_file((site_dir / "_headers").read_text())

    class HeadersFile(http.server.SimpleHTTPRequestHandler):
        """Python's static server plus the rules of _headers."""

        def end_headers(self) -> None:
            for name, value in headers_for(rules, self.path.split("?")[0]).items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HeadersFile, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_host_applying_headers_file_is_isolated_on_first_load(sw_context, headers_file_host):
    """With _headers applied, the first load is isolated at once: no service worker reload."""
    page = sw_context.new_page()
    page.goto(headers_file_host + "/reference/try-it/")
    assert page.evaluate("crossOriginIsolated") is True
    assert page.evaluate("navigator.serviceWorker.controller") is None
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"
