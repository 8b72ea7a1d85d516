"""Helpers of the service worker tests: a host that can stop or be redeployed, and waits."""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from pathlib import Path

from serve import make_server


ROOT = Path(__file__).resolve().parents[2]


def rebuild_service_worker(site: Path) -> None:
    """Rewrite ``site``'s service worker and offline.json with the real build step
    (web/offline/sw-build.mjs), as a new deployment of an edited copy would have them."""
    subprocess.run(["node", str(ROOT / "web" / "offline" / "sw-build.mjs"), str(site)], cwd=ROOT,
                   check=True, capture_output=True)


class Host:
    """A course folder served by tools/serve.py's server on a fixed port until ``stop()``.

    ``responses`` logs every answer the server sent as ``(path, status)`` (query left out): a
    200 to a GET is a file's bytes crossing the network, a 304 is not.
    """

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root
        self.server = make_server(str(root), "127.0.0.1", port)
        self.responses: list[tuple[str, int]] = []
        self._log_responses()
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _log_responses(self) -> None:
        """Wrap the server's handler so each response it sends is appended to ``responses``."""
        handler = self.server.RequestHandlerClass  # functools.partial(CourseHandler, directory=...)
        responses = self.responses

        class Logged(handler.func):
            def send_response(self, code, message=None):
                responses.append((self.path.split("?", 1)[0], code))
                super().send_response(code, message)

        self.server.RequestHandlerClass = functools.partial(Logged, *handler.args, **handler.keywords)

    def transfers(self, path: str) -> int:
        """How many times the server sent the whole file at ``path`` (200 answers)."""
        return sum(1 for logged, status in self.responses if logged == path and status == 200)

    def deploy(self, site: Path) -> None:
        """Replace what is served with the files of ``site`` (a new deployment, same origin)."""
        assert self.root.resolve() != site.resolve() and (self.root / "sw.js").exists()
        shutil.rmtree(self.root)
        shutil.copytree(site, self.root, symlinks=False)

    def stop(self) -> None:
        """Stop serving: the network is gone for this origin (stopping twice is harmless)."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def precached_urls(page) -> list[str]:
    """Every URL in the service worker's precache (Workbox's cache) of ``page``'s origin."""
    return page.evaluate("""async () => {
        const name = (await caches.keys()).find((n) => n.startsWith('workbox-precache'));
        return (await (await caches.open(name)).keys()).map((r) => r.url);
    }""")


def wait_until_controlled(page, timeout: int = 180_000) -> None:
    """Wait until the service worker controls ``page`` (installed: everything precached)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=timeout)


def axe_blocking(page, context: str) -> list[str]:
    """axe-core's serious/critical violations inside the elements ``context`` selects."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [f"{v['impact']}: {v['id']} ({v['help']})" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]
