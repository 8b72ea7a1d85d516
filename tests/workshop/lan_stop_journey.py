"""A learner on the room's LAN presses Stop (run by test_lan_stop.py inside ``unshare -n``).

    python lan_stop_journey.py SITE_DIR ARTIFACT_DIR

Gives loopback the documentation address 192.0.2.10, serves SITE_DIR there without the
cross-origin isolation headers (a page on a LAN address is not isolated anyway: plain HTTP is not
a secure context), and drives Debian's Chromium through lab 01: cells 1-3 define variables (cell
2 takes a few seconds), cell 4 loops forever, Stop, then cell 5 uses the variables of cells 1-3.
A second Stop is cancelled during the restore. Prints one line ``REPORT {json}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# The shared page helpers (tests/navigation.py); this script runs on its own inside the namespace.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from navigation import cell, start_endless_loop  # noqa: E402

ADDRESS = "192.0.2.10"
LOAD_MS = 180_000
CELLS = [
    "a = 6",
    "import time; t0 = time.time(); b = 7 + 0 * sum(1 for _ in iter(lambda: time.time() - t0 < 4, False))",
    "c = a + b",
    "while True: pass",
    "print(a, b, c)",
]


def network() -> None:
    """Loopback up, with the room address on it and the default route through it."""
    for command in (["ip", "link", "set", "lo", "up"], ["ip", "addr", "add", f"{ADDRESS}/24", "dev", "lo"],
                    ["ip", "route", "add", "default", "dev", "lo", "src", ADDRESS]):
        subprocess.run(command, check=True)


def main(site: str, artifacts: str) -> dict:
    """Run the journey; returns what the test asserts on."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    from playwright.sync_api import sync_playwright
    from serve import make_server
    import threading

    network()
    server = make_server(site, ADDRESS, 8000, isolate=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://{ADDRESS}:8000"
    report: dict = {"requests": []}
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=flags)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: report["requests"].append(request.url))
        try:
            journey(page, base, report)
        except Exception as exc:  # the test prints the report, including how far it got
            report["error"] = repr(exc)[:2000]
            page.screenshot(path=str(Path(artifacts) / "lan-stop-failure.png"), full_page=True)
        browser.close()
    server.shutdown()
    return report


def type_code(page, index: int, code: str) -> None:
    """Replace a cell's code the way a learner does: select all in the editor, type."""
    editor = cell(page, index).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(code)


def run(page, index: int, timeout: int = LOAD_MS) -> str:
    """Click Run on a cell, wait for it to finish; returns its run state."""
    cell(page, index).locator("button.cs-run").click()
    page.wait_for_function("i => document.querySelectorAll('.cs-cell')[i].dataset.runState"
                           " && document.querySelectorAll('.cs-cell')[i].dataset.runState !== 'running'",
                           arg=index, timeout=timeout)
    return cell(page, index).get_attribute("data-run-state")


def stop_loop(page) -> None:
    """Run cell 4 (the endless loop), wait until it runs, press its Stop."""
    start_endless_loop(page).locator("button.cs-stop").click()


def journey(page, base: str, report: dict) -> None:
    """Cells 1-3, loop, Stop (restore), cell 5; then Stop again and cancel the restore."""
    page.goto(base + "/labs/01-cold-vs-warm/")
    report["isolated"] = page.evaluate("crossOriginIsolated")
    for index, code in enumerate(CELLS):
        type_code(page, index, code)
    report["codes"] = [cell(page, i).locator(".cm-content").inner_text() for i in range(5)]
    page.wait_for_function("window.coldStart.runtime.status === 'ready'", timeout=LOAD_MS)
    report["can_interrupt"] = page.evaluate("window.coldStart.runtime.canInterrupt")
    report["first_runs"] = [run(page, i) for i in range(3)]
    stop_loop(page)
    notice = cell(page, 3).locator(".cs-restore")
    notice.wait_for(timeout=LOAD_MS)
    report["during"] = notice.inner_text()
    page.wait_for_function("document.querySelector('.cs-restore')?.dataset.state", timeout=LOAD_MS)
    report["restore_state"] = notice.get_attribute("data-state")
    report["restore_text"] = notice.inner_text()
    report["loop_output"] = cell(page, 3).locator(".cs-output").inner_text()
    report["cell5_state"] = run(page, 4)
    report["cell5_output"] = cell(page, 4).locator(".cs-output").inner_text()
    # Second Stop: cancel while the slow cell 2 is re-run; cell 3's c is then missing.
    stop_loop(page)
    cancel = cell(page, 3).locator(".cs-restore-cancel")
    cancel.wait_for(timeout=LOAD_MS)
    page.wait_for_function("document.querySelector('.cs-restore-text').textContent.includes('cell 2')",
                           timeout=LOAD_MS)
    cancel.click()
    page.wait_for_function("document.querySelector('.cs-restore')?.dataset.state", timeout=LOAD_MS)
    report["cancel_state"] = cell(page, 3).locator(".cs-restore").get_attribute("data-state")
    report["cancel_text"] = cell(page, 3).locator(".cs-restore").inner_text()
    report["after_cancel_state"] = run(page, 4)
    report["after_cancel_output"] = cell(page, 4).locator(".cs-output").inner_text()


if __name__ == "__main__":
    print("REPORT " + json.dumps(main(sys.argv[1], sys.argv[2])), flush=True)
