"""Walk the course over a LAN address, inside a private network namespace (run as root).

    unshare -n python tests/site/lan_walk.py SITE_DIR

Brings up loopback, gives it the documentation address 192.0.2.10, serves SITE_DIR with
``tools/serve.py --lan`` (every interface, port 8000: what ``make serve LAN=1`` runs), opens
http://192.0.2.10:8000/ in Chromium and follows three links. Prints one JSON line: whether the
tab stayed one window (instant navigation), and every host the page requested.
tests/site/test_instant_navigation.py runs it; nothing here can reach a real network.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from navigation import follow, open_site, same_window  # noqa: E402
from static_server import answers  # noqa: E402

# The suite's browser set-up (tests/conftest.py), loaded by path: `import conftest` could find
# another folder's conftest.
_spec = importlib.util.spec_from_file_location("suite_conftest", ROOT / "tests" / "conftest.py")
suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(suite)

ADDRESS = "192.0.2.10"
BASE = f"http://{ADDRESS}:8000"
WALK = ("lessons/", "lessons/04-concurrency/", "labs/03-concurrency-throttling/")


def wait_until_served(url: str) -> None:
    """Poll ``url`` until the server answers (at most 30 s)."""
    if not answers(url, attempts=300):
        raise SystemExit(f"lan_walk: {url} never answered")


def main(site: str) -> int:
    """Set up the namespace's network, serve, walk, print the JSON summary."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["ip", "addr", "add", f"{ADDRESS}/24", "dev", "lo"], check=True)
    server = subprocess.Popen([sys.executable, str(ROOT / "tools" / "serve.py"), site, "--lan", "--port", "8000"],
                              stdout=subprocess.DEVNULL)
    try:
        wait_until_served(BASE + "/")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=suite.CHROMIUM, args=suite.CHROMIUM_FLAGS)
            page = browser.new_page()
            hosts = set()
            page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
            open_site(page, BASE + "/")
            for path in WALK:
                follow(page, f"{BASE}/{path}")
            print(json.dumps({"one_window": same_window(page), "hosts": sorted(hosts), "url": page.url}))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
