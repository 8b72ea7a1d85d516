"""Quiz/exam JavaScript size against its 40 KB (gzipped) budget, Pyodide excluded.

Bundles web/quiz/main.js the way web/build.mjs does (esbuild, minified IIFE) into a temporary
folder, then reports gzipped sizes. Ratio = measured / budget: at most 1.00 is within budget.
The shipped question bank is reported too (data, not code: outside the budget).
"""

from __future__ import annotations

import gzip
import subprocess
import tempfile
from pathlib import Path

from benchmarks.common import Measure

ROOT = Path(__file__).resolve().parent.parent
BUDGET_KB = 40.0


def gzipped_kb(data: bytes) -> float:
    """Size in KB (1,024 bytes) after gzip at the default level servers use (6)."""
    return len(gzip.compress(data, compresslevel=6)) / 1024


def run(quick: bool = False) -> list[Measure]:
    """Bundle the quiz engine and measure it."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([str(ROOT / "node_modules" / ".bin" / "esbuild"), "web/quiz/main.js", "--bundle",
                        "--minify", "--format=iife", "--target=es2020", f"--outdir={out}", "--log-level=warning"],
                       cwd=ROOT, check=True)
        js = (Path(out) / "main.js").read_bytes()
        css = (Path(out) / "main.css").read_bytes() if (Path(out) / "main.css").exists() else b""
    measures = [
        Measure("quiz engine JS, gzipped (budget 40 KB)", gzipped_kb(js), BUDGET_KB, "KB",
                f"{len(js) / 1024:.1f} KB minified; includes ts-fsrs"),
        Measure("quiz engine JS + CSS, gzipped", gzipped_kb(js + css), BUDGET_KB, "KB", ""),
    ]
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from quizbank.package import build, obfuscate

    import json

    document = build()
    plain = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    shipped = obfuscate(document)
    measures.append(Measure("question bank (data) gzipped vs plain JSON", gzipped_kb(shipped), gzipped_kb(plain), "KB",
                            f"{len(shipped) / 1024:.0f} KB raw; data, outside the JS budget"))
    return measures
