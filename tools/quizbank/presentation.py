"""HTML pieces every export shares: the question as a learner reads it, and the reasons.

All text goes through :func:`safe_html.render`, so an export carries the same sanitised HTML as the
site. Orders that must not give the answer away (options, ordering items, matching right sides)
are shuffled by :func:`exportable.shuffled`, seeded with the item id: the same bank always gives
the same order.
"""

from __future__ import annotations

import html
import string
from functools import lru_cache

from .exportable import Item, choose_hint
from .grader import rights, tolerance
from .safe_html import render as _render

LETTERS = string.ascii_uppercase


@lru_cache(maxsize=None)
def render(text: str, inline: bool = False) -> str:
    """:func:`safe_html.render`, remembered: the same texts recur across decks and formats."""
    return _render(text, inline=inline)


def number(value: float) -> str:
    """A number as people write it: 60, 12.5, 0.25 (no trailing .0, no float noise)."""
    text = f"{value:.9g}" if isinstance(value, float) else str(value)
    return text[:-2] if text.endswith(".0") else text


def unit_hint(item: Item) -> str:
    """``Answer in GB-seconds.`` for numeric questions that give a unit."""
    unit = item.question.get("unit")
    return f"Answer in {unit}." if item.kind == "numeric" and unit else ""


def stem_html(item: Item) -> str:
    """Scenario text (for a set's sub-question), stem, and how many to choose / which unit."""
    q = item.question
    parts = []
    if item.scenario:
        parts.append(f'<div class="cs-scenario">{render(item.scenario)}</div>')
    parts.append(render(q["stem"]))
    hint = choose_hint(q) or unit_hint(item)
    if hint:
        parts.append(f"<p><em>{html.escape(hint)}</em></p>")
    return "".join(parts)


def inline(text: str) -> str:
    """A short Markdown text (option, item, reason) as inline HTML."""
    return render(text, inline=True)


def right_answer_text(item: Item) -> str:
    """The right answer in one line of plain text (for titles, summaries and tests)."""
    q = item.question
    kind = item.kind
    if kind in ("single", "multiple"):
        return ", ".join(LETTERS[i] for i, o in enumerate(q["options"]) if o.get("correct"))
    if kind == "numeric":
        text = number(q["answer"])
        tol = tolerance(q)
        if tol:
            text += f" (± {number(tol)})"
        return f"{text} {q['unit']}" if q.get("unit") else text
    if kind == "short":
        return " / ".join(q["answers"])
    if kind == "ordering":
        return " → ".join(i["text"] for i in q["items"])
    if kind == "matching":
        return "; ".join(f"{p['left']} → {p['right']}" for p in q["pairs"])
    raise ValueError(f"no export rendering for type {kind!r}")


def reasons_html(item: Item) -> str:
    """Why each option (item, pair, wrong answer) is right or wrong, as an HTML list."""
    q = item.question
    rows = []
    if item.kind in ("single", "multiple"):
        for i, o in enumerate(q["options"]):
            verdict = "Right" if o.get("correct") else "Wrong"
            rows.append(f"<li><strong>{LETTERS[i]}. {verdict}:</strong> {inline(o['why'])}</li>")
    elif item.kind == "ordering":
        rows = [f"<li>{inline(i['text'])}" + (f": {inline(i['why'])}" if "why" in i else "") + "</li>"
                for i in q["items"]]
        return f"<ol>{''.join(rows)}</ol>"
    elif item.kind == "matching":
        rows = [f"<li>{inline(p['left'])} → {html.escape(p['right'])}"
                + (f": {inline(p['why'])}" if "why" in p else "") + "</li>" for p in q["pairs"]]
        if q.get("distractors"):
            rows.append("<li>Not used: " + ", ".join(html.escape(d) for d in q["distractors"]) + "</li>")
    for wrong in q.get("wrong_answers", []):
        given = number(wrong["value"]) if "value" in wrong else html.escape(wrong["text"])
        rows.append(f"<li><strong>{given}:</strong> {inline(wrong['why'])}</li>")
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


def explanation_html(item: Item) -> str:
    """The question's explanation, and for instructors how a parametric answer is computed."""
    q = item.question
    parts = [render(q["explanation"])] if q.get("explanation") else []
    if item.compute:
        values = ", ".join(f"{k} = {v}" for k, v in item.params.items())
        parts.append(f"<p>Computed with the course's model for {html.escape(values)}:</p>"
                     f"<pre><code>{html.escape(item.compute.rstrip())}</code></pre>")
    return "".join(parts)


def sources_html(item: Item) -> str:
    """The AWS documentation links the question is checked against."""
    links = ", ".join(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'
                      for url in item.question["sources"])
    return f"<p>Source: {links}</p>"


def matching_rights(item: Item) -> list[str]:
    """Right-hand choices of a matching item: pair rights then distractors (grader order)."""
    return rights(item.question)
