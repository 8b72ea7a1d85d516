"""Which lines are fenced code (tools/markdown_fences.py), the rule both lesson hooks share."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from markdown_fences import CODE, OPEN, TEXT, classify  # noqa: E402

PAGE = """Intro
```python
x = 1
```python
still code: a line with an info string does not close a fence
~~~
still code: the other fence character does not close it
````
After: a longer fence of the same character closed it
    ~~~~ mermaid
    graph LR
    ```
    ~~~~
Tail
"""


def test_fences_open_close_by_commonmark_rules_even_when_indented():
    """A closing line is the opening character, at least as long, with nothing else on it."""
    kinds = [(kind, lang) for _, kind, lang in classify(PAGE.splitlines())]
    assert kinds == [(TEXT, ""), (OPEN, "python"), (CODE, ""), (CODE, ""), (CODE, ""), (CODE, ""),
                     (CODE, ""), (CODE, ""), (TEXT, ""), (OPEN, "mermaid"), (CODE, ""), (CODE, ""),
                     (CODE, ""), (TEXT, "")]


def test_a_fence_left_open_runs_to_the_end_and_start_skips_lines():
    """Everything after an unclosed fence is code; ``start`` begins the walk part-way."""
    lines = ["front", "```", "a", "b"]
    assert [(i, kind) for i, kind, _ in classify(lines, 1)] == [(1, OPEN), (2, CODE), (3, CODE)]
