"""Stop keeps the learner's work on a LAN page, which cannot be cross-origin isolated (issue 14 §2).

The journey runs in Chromium inside a network namespace the test creates (``unshare -n``): the
site is served on the documentation address 192.0.2.10 over plain HTTP without COOP/COEP, as in a
workshop room. See lan_stop_journey.py for the steps.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parents[1] / "build" / "test-artifacts" / "workshop"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def journey(learner_site) -> dict:
    """The report of lan_stop_journey.py run in a fresh network namespace."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare to create a network namespace")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["unshare", "--net", sys.executable, str(HERE / "lan_stop_journey.py"),
                           str(learner_site), str(ARTIFACTS)], capture_output=True, text=True, timeout=900)
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, f"exit {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    report = json.loads(lines[-1].removeprefix("REPORT "))
    assert "error" not in report, json.dumps({k: v for k, v in report.items() if k != "requests"}, indent=1)
    return report


def test_stop_restores_the_variables_of_earlier_cells(journey):
    """Without isolation Stop restarts Python; cells 1-3 are re-run (not the stopped cell 4), the
    notice names them and the time it took, and cell 5 then uses their variables."""
    assert journey["isolated"] is False and journey["can_interrupt"] is False
    assert journey["first_runs"] == ["done", "done", "done"]
    assert "Stopped by restarting Python" in journey["loop_output"]
    assert journey["restore_state"] == "done", journey["restore_text"]
    assert re.search(r"re-running cells 1, 2 and 3 in \d+\.\d\d s", journey["restore_text"]), journey["restore_text"]
    assert journey["cell5_state"] == "done" and journey["cell5_output"].strip() == "6 7 13", journey


def test_restore_can_be_cancelled(journey):
    """Cancel during the re-run of the slow cell 2 stops the restore after it: cell 3's variable
    is then missing, and the notice says how far it got."""
    assert journey["cancel_state"] == "cancelled", journey["cancel_text"]
    assert "cancelled after 2 of 4 cells" in journey["cancel_text"], journey["cancel_text"]
    assert journey["after_cancel_state"] == "error"
    assert "NameError" in journey["after_cancel_output"] and "'c'" in journey["after_cancel_output"]


def test_no_request_leaves_the_room_server(journey):
    """Everything the page loaded came from the LAN address it was opened on."""
    outside = [u for u in journey["requests"] if urlparse(u).scheme in ("http", "https")
               and urlparse(u).hostname != "192.0.2.10"]
    assert not outside, outside
