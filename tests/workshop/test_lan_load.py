"""A bounded load run: a room of learners loading the course at once from tools/serve.py.

32 simulated learners (threads) each fetch the home page and the files the browser runtime
downloads (Pyodide's loader, wasm, standard library and lock file), all at the same moment, on
127.0.0.1 only. The run is bounded: 32 x 5 requests, each with a 120 s time-out, and the whole
run is abandoned after 300 s. Every request must succeed with the full file.
"""

from __future__ import annotations

import concurrent.futures
import threading
import urllib.request

from site_layout import pyodide_core_path

LEARNERS = 32


def runtime_files(site) -> tuple[str, ...]:
    """The home page and what the browser runtime downloads first, as site-relative paths."""
    core = pyodide_core_path(site).lstrip("/")
    return ("index.html", f"{core}pyodide.mjs", f"{core}pyodide.asm.wasm", f"{core}python_stdlib.zip",
            "assets/pyodide/pyodide-lock.json")


def test_thirty_two_learners_load_the_runtime_at_once(learner_site, learner_url):
    """All 32 learners get every file complete (status 200, exact size), none fails or hangs."""
    files = runtime_files(learner_site)
    sizes = {name: (learner_site / name).stat().st_size for name in files}
    start = threading.Barrier(LEARNERS, timeout=60)

    def learner(number: int) -> list[str]:
        problems = []
        start.wait()  # everyone starts together, like a room told "open the page now"
        for name in files:
            url = f"{learner_url}/{'' if name == 'index.html' else name}"
            try:
                with urllib.request.urlopen(url, timeout=120) as response:
                    body = response.read()
                    if response.status != 200 or len(body) != sizes[name]:
                        problems.append(f"learner {number}: {name}: {response.status}, {len(body)} bytes")
            except OSError as exc:
                problems.append(f"learner {number}: {name}: {exc}")
        return problems

    with concurrent.futures.ThreadPoolExecutor(LEARNERS) as pool:
        futures = [pool.submit(learner, n) for n in range(LEARNERS)]
        done, pending = concurrent.futures.wait(futures, timeout=300)
        assert not pending, f"{len(pending)} learners still loading after 300 s"
    problems = [p for future in done for p in future.result()]
    assert not problems, problems
