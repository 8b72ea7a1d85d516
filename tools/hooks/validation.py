"""MkDocs hook: ``<!-- validation-report -->`` becomes the model's validation report.

The report is rendered from the recorded results in ``docs/reference/validation.json``
(written by ``python tools/model_checks.py --record``; CI fails when the record and the code
disagree), so the page never carries a hand-copied number.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "docs" / "reference" / "validation.json"
SHORTCODE = re.compile(r"<!--\s*validation-report\s*-->")


def _num(x: float) -> str:
    """A number as the report prints it: integers with separators, others to 4 significant."""
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:.4g}"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def curve_svg(chart: dict, title: str, key: str) -> str:
    """A small described SVG: the expected curve as a line, the model's values as points."""
    w, h, left, bottom, top, right = 420, 220, 52, 36, 12, 12
    pts = chart["points"]
    xs = [p[0] for p in pts]
    ys = [v for p in pts for v in p[1:]]
    x0, x1 = min(xs), max(xs)
    y1 = max(ys) * 1.1 or 1.0

    def sx(x):
        return left + (x - x0) / ((x1 - x0) or 1) * (w - left - right)

    def sy(y):
        return h - bottom - y / y1 * (h - top - bottom)
    line = " ".join(f"{sx(p[0]):.1f},{sy(p[1]):.1f}" for p in pts)
    dots = "".join(f'<circle cx="{sx(p[0]):.1f}" cy="{sy(p[2]):.1f}" r="4" '
                   f'style="fill: var(--md-accent-fg-color, #526cfe)"><title>{_num(p[0])}: '
                   f"model {p[2]:.4f}, expected {p[1]:.4f}</title></circle>" for p in pts)
    ticks = "".join(f'<text x="{sx(x):.1f}" y="{h - bottom + 16}" text-anchor="middle">{_num(x)}'
                    f"</text>" for x in xs)
    yt = "".join(f'<text x="{left - 6}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:.2f}</text>'
                 for v in (0, y1 / 2, y1))
    desc = "; ".join(f"{_num(p[0])}: expected {p[1]:.4f}, model {p[2]:.4f}" for p in pts)
    return (f'<figure class="cs-val-chart"><svg viewBox="0 0 {w} {h}" role="img" '
            f'aria-labelledby="v-{key}-t v-{key}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="v-{key}-t">{escape(title)}</title>'
            f'<desc id="v-{key}-d">{escape(chart["x"])} against {escape(chart["y"])}: '
            f"{escape(desc)}</desc>"
            f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" '
            f'stroke="currentColor"/><line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" '
            f'stroke="currentColor"/><g fill="currentColor" font-size="12">{ticks}{yt}</g>'
            f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="2"/>'
            f'{dots}</svg>'
            f"<figcaption>Line: expected ({escape(chart['y'])}); dots: the model. "
            f"x: {escape(chart['x'])}.</figcaption></figure>")


def render(data: dict) -> str:
    """The report's Markdown: one table per group of checks, charts, then SimFaaS."""
    out = []
    groups: dict[str, list[dict]] = {}
    for check in data["checks"]:
        groups.setdefault(check["group"], []).append(check)
    passed = sum(c["passed"] for c in data["checks"])
    out.append(f"**{passed} of {len(data['checks'])} checks pass** in the recorded run "
               f"(Python {data['python']}; refreshed with `{data['command']}`).\n")
    for group, checks in groups.items():
        out += [f"## {group}", "",
                "| Check | What is simulated | Expected (source) | Model | Tolerance | Result |",
                "|---|---|---|---|---|---|"]
        for c in checks:
            tol = f"±{c['tolerance'] * 100:g} %" if c["relative"] else f"±{_num(c['tolerance'])}"
            unit = f" {c['unit']}" if c["unit"] else ""
            out.append(f"| {_cell(c['title'])} | {_cell(c['simulated'])} | "
                       f"{_num(c['expected'])}{unit}: {_cell(c['source'])} "
                       f"([source]({c['url']})) | {_num(c['model'])}{unit} | {tol} | "
                       f"{'pass' if c['passed'] else '**FAIL**'} |")
        out.append("")
        for c in checks:
            if c.get("chart"):
                out += [curve_svg(c["chart"], c["title"], c["id"]), ""]
    s = data["simfaas"]
    w = s["workload"]
    out += ["## SimFaaS 0.2.2 side by side", "",
            f"SimFaaS's README workload — Poisson {w['arrival_rate']:g} req/s, warm "
            f"{w['warm_service']:g} s, cold {w['cold_service']:g} s, expiration "
            f"{w['expiration_threshold']:g} s — for {s['horizon']:.0e} simulated seconds, "
            f"seeds {', '.join(map(str, s['seeds']))} for both simulators (our "
            f"SimFaaS-compatible mode, `sandbox.simfaas_mode`). Welch's t-test compares the "
            f"per-seed values; a p value above 0.01 passes. In CPU time our mode ran "
            f"**{s['speed_ratio']:.1f}×** faster than SimFaaS in the recorded run (one run per "
            f"seed, summed; `python -m benchmarks simfaas` times seed 1 as the best of several "
            f"runs). SimFaaS "
            f"is a test and benchmark dependency only: [pacslab/simfaas]"
            f"(https://github.com/pacslab/simfaas).", "",
            "| Statistic | Cold Start (mean) | SimFaaS (mean) | Welch t | p | Result |",
            "|---|---|---|---|---|---|"]
    for r in s["rows"]:
        out.append(f"| {r['statistic']} | {r['ours']:.5g} | {r['simfaas']:.5g} | "
                   f"{r['welch_t']:.3f} | {r['p_value']:.3f} | "
                   f"{'pass' if r['passed'] else '**FAIL**'} |")
    out.append("")
    return "\n".join(out) + "\n"


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Replace ``<!-- validation-report -->`` with the report from the record."""
    from mkdocs.exceptions import PluginError
    if not SHORTCODE.search(markdown):
        return markdown
    try:
        data = json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PluginError(f"docs/{page.file.src_uri}: cannot read {RECORD.name}: {exc}; "
                          f"run python tools/model_checks.py --record") from None
    return SHORTCODE.sub(lambda _: "\n" + render(data) + "\n", markdown)
