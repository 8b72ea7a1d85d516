"""`make serve LAN=1` and the bundle's start.py print the room's real address (issue 14 §1).

Each test runs the server inside a network namespace it creates (``unshare -n``, as root): a
dummy interface (or loopback, where the kernel lacks the dummy module) holds one
documentation-range address, 192.0.2.10/24, with the default route through it, and the hostname resolves to 127.0.1.1 as on a stock Debian/Ubuntu laptop (a private
/etc/hosts in a mount namespace, a private hostname in a UTS namespace). The printed URL must be
that address, a request to it from inside the namespace must be answered, and the first URL comes
with a QR code. No packet leaves the namespace.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import serve
import workshop

ADDRESS = "192.0.2.10"
PORT = 8000

# Runs inside the namespaces: builds the laptop's network, starts the server command given as
# arguments, reads its banner, fetches the first shared URL and reports as JSON.
DRIVER = r'''
import json, re, socket, subprocess, sys, urllib.request
def sh(*args): subprocess.run(args, check=True)
sh("ip", "link", "set", "lo", "up")
# A dummy interface where the kernel has the module; loopback otherwise (both stay inside).
if subprocess.run(["ip", "link", "add", "dummy0", "type", "dummy"], capture_output=True).returncode == 0:
    device = "dummy0"
    sh("ip", "link", "set", "dummy0", "up")
else:
    device = "lo"
sh("ip", "addr", "add", "ADDRESS/24", "dev", device)
sh("ip", "route", "add", "default", "dev", device, "src", "ADDRESS")
open(sys.argv[1], "w").write("127.0.0.1 localhost\n127.0.1.1 coldstart-laptop\n")
sh("mount", "--bind", sys.argv[1], "/etc/hosts")
sh("hostname", "coldstart-laptop")
server = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"})
banner = []
for line in server.stdout:
    banner.append(line)
    if "Ctrl+C" in line or len(banner) > 80:
        break
urls = re.findall(r"share on LAN:\s+(http://\S+)", "".join(banner))
report = {"banner": "".join(banner), "urls": urls, "resolves": socket.gethostbyname(socket.gethostname())}
try:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(urls[0], timeout=30) as response:
        report["status"] = response.status
        report["body"] = response.read().decode()
except Exception as exc:
    report["error"] = repr(exc)
server.terminate()
server.wait(timeout=30)
print("REPORT " + json.dumps(report))
'''.replace("ADDRESS", ADDRESS)


def in_laptop_namespace(tmp_path: Path, command: list[str]) -> dict:
    """Run ``command`` (a server) in fresh network/mount/UTS namespaces set up like a laptop."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        pytest.skip("needs root, unshare and ip (iproute2) to create a network namespace")
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    done = subprocess.run(["unshare", "--net", "--mount", "--uts", "--propagation", "private",
                           sys.executable, "-I", str(driver), str(tmp_path / "hosts"), *command],
                          capture_output=True, text=True, timeout=180)
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, f"exit {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return json.loads(lines[-1].removeprefix("REPORT "))


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    """A one-page site: these tests are about addresses, not about the course."""
    site = tmp_path_factory.mktemp("lan") / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>Cold Start</title><p>room test</p>")
    return site


def check_report(report: dict) -> None:
    """The hostname looked like a laptop's, the URL is the LAN address, it answered, QR shown."""
    expected = f"http://{ADDRESS}:{PORT}/"
    assert report["resolves"] == "127.0.1.1", report
    assert report["urls"] == [expected], report["banner"]
    assert report.get("status") == 200 and "room test" in report.get("body", ""), report
    assert f"scan to open {expected}" in report["banner"]
    drawing = serve.terminal_qr(expected)
    assert drawing and drawing in report["banner"], report["banner"]


def test_make_serve_lan_prints_the_room_address(tiny_site, tmp_path):
    """tools/serve.py --lan (what `make serve LAN=1` runs) in the course's venv."""
    report = in_laptop_namespace(tmp_path, [sys.executable, str(workshop.ROOT / "tools" / "serve.py"),
                                            str(tiny_site), "--lan", "--port", str(PORT)])
    check_report(report)


def test_bundle_start_py_prints_the_room_address_with_a_stock_python(tiny_site, tmp_path):
    """The learner bundle's start.py under Python in isolated mode without site-packages
    (-I -S: nothing installed) finds the address and draws the QR code with its vendored copy."""
    import zipfile

    archive = workshop.pack_site(tiny_site, "cold-start-workshop", "workshop bundle", dist=tmp_path)
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(tmp_path / "unpacked")
    start = tmp_path / "unpacked" / "cold-start-workshop" / "start.py"
    report = in_laptop_namespace(tmp_path, [sys.executable, "-I", "-S", str(start), "--port", str(PORT)])
    check_report(report)


def test_the_old_way_finds_nothing_here(tmp_path):
    """The namespace reproduces the bug: resolving the hostname gives only 127.0.1.1."""
    script = tmp_path / "resolve.py"
    script.write_text("import json, sys; sys.path.insert(0, sys.argv[1]); import serve\n"
                      "print(json.dumps({'hostname': serve.hostname_addresses(), 'lan': serve.lan_addresses()}))\n")
    host = tmp_path / "hosts-server"
    report = in_laptop_namespace(tmp_path, [sys.executable, "-I", "-c",
                                            "import subprocess, sys, http.server\n"
                                            f"out = subprocess.run([sys.executable, {str(script)!r}, {str(workshop.ROOT / 'tools')!r}], capture_output=True, text=True).stdout\n"
                                            f"open({str(host)!r}, 'w').write(out)\n"
                                            f"server = http.server.HTTPServer(('{ADDRESS}', {PORT}), http.server.SimpleHTTPRequestHandler)\n"
                                            f"print('  share on LAN:  http://{ADDRESS}:{PORT}/', flush=True)\n"
                                            "print('Press Ctrl+C', flush=True)\n"
                                            "server.serve_forever()\n"])
    found = json.loads(host.read_text())
    assert set(found["hostname"]) == {"127.0.1.1"} and found["lan"] == [ADDRESS], found
    assert report.get("status") == 200
