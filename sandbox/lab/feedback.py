"""What ``check``, ``hint`` and ``solution`` return: objects that show themselves.

Each has a plain-text ``repr`` (nbclient outputs, terminals, the golden transcript) and an
``_repr_html_`` that Jupyter and the course's browser runtime both display. The HTML carries
inline colours so it reads well in JupyterLab without the site's stylesheet.
"""

from __future__ import annotations

import html
import re

ICONS = {"correct": "✔", "incorrect": "✘", "invalid": "✘", "todo": "…", "hint": "💡",
         "solution": "🔑"}
LABELS = {"correct": "Correct", "incorrect": "Not yet", "invalid": "Check the type",
          "todo": "To do", "hint": "Hint", "solution": "Solution"}
COLOURS = {"correct": "#2e7d32", "incorrect": "#c62828", "invalid": "#c62828", "todo": "#6d6d6d",
           "hint": "#b26a00", "solution": "#3949ab"}
CODE = re.compile(r"`([^`]+)`")


def inline_html(text: str) -> str:
    """Escape ``text`` and turn `backticks` into <code> elements."""
    return CODE.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=False))


class Message:
    """Feedback on one exercise: a ``kind`` (see ICONS), a title line, a message, optional code."""

    def __init__(self, kind: str, exercise: str, message: str, code: str | None = None,
                 misconception: str | None = None) -> None:
        self.kind = kind
        self.exercise = exercise
        self.message = message
        self.code = code
        self.misconception = misconception

    @property
    def ok(self) -> bool:
        """True when the answer was correct."""
        return self.kind == "correct"

    def __repr__(self) -> str:
        text = f"{ICONS[self.kind]} {LABELS[self.kind]} ({self.exercise}): {self.message}"
        if self.code:
            text += "\n\n" + self.code
        return text

    __str__ = __repr__

    def _repr_html_(self) -> str:
        colour = COLOURS[self.kind]
        code = ""
        if self.code:
            code = (f'<pre style="margin:.5em 0 0;white-space:pre-wrap"><code>'
                    f"{html.escape(self.code)}</code></pre>")
        return (f'<div class="cs-feedback cs-feedback--{self.kind}" role="status" '
                f'data-exercise="{html.escape(self.exercise)}" data-kind="{self.kind}" '
                f'style="border-left:4px solid {colour};padding:.5em .8em;margin:.3em 0">'
                f'<strong style="color:{colour}">{ICONS[self.kind]} {LABELS[self.kind]}</strong> '
                f'<span class="cs-feedback__exercise">({html.escape(self.exercise)})</span>: '
                f"{inline_html(self.message)}{code}</div>")
