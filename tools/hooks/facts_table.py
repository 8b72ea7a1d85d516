"""MkDocs hook: the tables of numbers the model uses, generated from the sandbox's source.

``<!-- facts-table -->`` (or ``<!-- facts-table: documented -->``) becomes a table of every
documented AWS number, with its source link; ``<!-- facts-table: assumptions -->`` becomes the
table of model assumptions (numbers AWS does not document). Both are read from the ``#:``
comments above each constant in ``sandbox/facts.py``, plus the constants of the extension
modules that cite a source, so the page can never drift from the code.

A constant without a comment of its own shares the comment of the constant above it (they are
written as a group). The URL is the last thing of a comment; the rest is the meaning.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = ROOT / "sandbox"
#: The "last checked" date of every documented constant (checked at build by fact_dates.py).
CHECKED_FILE = SANDBOX / "facts_checked.py"
SHORTCODE = re.compile(r"<!--\s*facts-table\s*(?::\s*(?P<arg>[a-z]+)\s*)?-->")
URL = re.compile(r"https?://[^\s)>\]]+")
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")
#: Modules whose cited constants join the table (facts.py first).
MODULES = ("facts", "async_invoke", "sqs", "streams", "apigw", "edge", "vpc", "aliases")
#: Constants that are modelling devices, not numbers AWS documents.
EXCLUDE = {"async_invoke.ALWAYS"}


@dataclass
class Fact:
    """One constant: where it lives, its value as text, what it means and where it comes from."""

    module: str
    name: str
    value: str
    meaning: str
    sources: list[str]


def format_value(value: object) -> str:
    """A readable rendering of a constant's value (thousands separators, no float noise)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isinf(value):
            return "∞"
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        if abs(value) < 1e-3:
            return f"{value:.12f}".rstrip("0")
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(format_value(v) for v in value) + ")"
    return repr(value)


def _comment_block(lines: list[str], lineno: int) -> list[str]:
    """The ``#:`` lines directly above line ``lineno`` (1-based), top to bottom."""
    block = []
    index = lineno - 2
    while index >= 0 and lines[index].lstrip().startswith("#:"):
        block.append(lines[index].lstrip()[2:].strip())
        index -= 1
    return list(reversed(block))


def collect(module: str, path: Path | None = None) -> list[Fact]:
    """Every upper-case module-level constant of ``sandbox/<module>.py`` with its comment.

    Constants with no source URL of their own take the module docstring's first URL when the
    module is not ``facts`` (an extension cites its AWS page once, at the top).
    """
    path = path or SANDBOX / f"{module}.py"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = text.splitlines()
    docstring_urls = [u.rstrip(".,;:") for u in URL.findall(ast.get_docstring(tree) or "")]
    namespace: dict[str, object] = {"inf": math.inf}
    facts: list[Fact] = []
    previous, previous_sources = "", []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value_node = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value_node = node.target, node.value
        else:
            continue
        try:
            # Constants are literals or arithmetic on earlier ones (0.20 / 1_000_000).
            value = eval(compile(ast.Expression(value_node), str(path), "eval"),  # noqa: S307
                         {"__builtins__": {"float": float}}, namespace)
        except Exception:
            continue
        if isinstance(target, ast.Name):
            pairs = [(target.id, value)]
        elif isinstance(target, ast.Tuple) and isinstance(value, tuple) \
                and len(value) == len(target.elts):
            pairs = [(elt.id, v) for elt, v in zip(target.elts, value)
                     if isinstance(elt, ast.Name)]
        else:
            continue
        block = " ".join(_comment_block(lines, node.lineno))
        sources, meaning = _split(block)
        if block and not meaning:
            meaning = previous  # a bare URL line: same meaning as the constant above
        elif not block:
            meaning, sources = previous, previous_sources
        previous, previous_sources = meaning, sources
        for name, item in pairs:
            namespace[name] = item
            if not CONSTANT.match(name) or f"{module}.{name}" in EXCLUDE:
                continue
            fact_sources = sources or (docstring_urls[:1] if module != "facts" else [])
            facts.append(Fact(module, name, format_value(item),
                              meaning or name.replace("_", " ").capitalize() + ".",
                              fact_sources))
    return facts


def _split(comment: str) -> tuple[list[str], str]:
    """(source URLs, meaning) of a comment.

    A single trailing URL is dropped from the meaning; otherwise each URL becomes a numbered
    reference such as [1], matching the numbered links in the Source column.
    """
    urls = [u.rstrip(".,;:") for u in URL.findall(comment)]
    text = comment
    for number, url in enumerate(urls, start=1):
        head, _, tail = text.partition(url)
        if len(urls) > 1 or tail.strip(" .,;:"):
            text = f"{head}[{number}]{tail}"
        else:
            text = head
    text = re.sub(r"\s+", " ", text).replace(" ;", ";").strip(" .;:")
    return urls, (text + "." if text else "")


def load_checked(path: Path = CHECKED_FILE) -> tuple[dict[str, str], int, dict[str, int]]:
    """(``CHECKED`` mapping, ``MAX_AGE_DAYS``, line of each key) from ``sandbox/facts_checked.py``,
    read as literals without importing the package."""
    if not path.exists():
        return {}, 180, {}
    text = path.read_text(encoding="utf-8")
    values: dict[str, object] = {}
    for node in ast.parse(text).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and getattr(node, "value", None) is not None:
            values[target.id] = ast.literal_eval(node.value)
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r'\s*"(?P<key>[^"]+)"\s*:', line)
        if match:
            lines[match.group("key")] = number
    return dict(values.get("CHECKED", {})), int(values.get("MAX_AGE_DAYS", 180)), lines


def all_facts() -> list[Fact]:
    """The facts of every module in :data:`MODULES` that exists."""
    return [fact for module in MODULES for fact in collect(module)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _link(url: str) -> str:
    """A short link label: the page's name (its last path segment), not the whole address."""
    path = re.sub(r"^https?://[^/]+/?", "", url).rstrip("/")
    name = re.sub(r"\.(html|md)$", "", path.rsplit("/", 1)[-1]) or url
    return f"[{_cell(name)}]({url})"


#: Headings of the documented-numbers table, one section per module.
MODULE_TITLES = {
    "facts": "Functions, concurrency and prices",
    "async_invoke": "Asynchronous invocation",
    "sqs": "SQS event source mapping",
    "streams": "Kinesis and DynamoDB Streams",
    "apigw": "API Gateway",
    "edge": "CloudFront and Lambda@Edge",
    "vpc": "VPC",
    "aliases": "Versions and aliases",
}


def render(kind: str = "documented") -> str:
    """The Markdown of documented numbers (a table per module, with sources) or of the model
    assumptions (one table)."""
    facts = all_facts()
    if kind == "assumptions":
        rows = [f for f in facts if f.module == "facts" and not f.sources]
        head = "| Constant | Default | What it stands for |\n|---|---|---|"
        body = [f"| `{f.name}` | {_cell(f.value)} | {_cell(f.meaning)} |" for f in rows]
        return "\n".join([head, *body])
    checked = load_checked()[0]
    out = []
    for module in MODULES:
        rows = [f for f in facts if f.sources and f.module == module]
        if not rows:
            continue
        out += ["", f"## {MODULE_TITLES.get(module, module)}", "",
                f"From `sandbox/{module}.py`.", "",
                "| Constant | Value | Meaning | Source | Checked |", "|---|---|---|---|---|"]
        for f in rows:
            links = [_link(u) for u in f.sources]
            if len(links) > 1:
                links = [f"[{n}] {link}" for n, link in enumerate(links, start=1)]
            out.append(f"| `{f.name}` | {_cell(f.value)} | {_cell(f.meaning)} | "
                       f"{'<br>'.join(links)} | {checked.get(f'{module}.{f.name}', '—')} |")
    return "\n".join(out).strip() + "\n"


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Replace each ``<!-- facts-table[: documented|assumptions] -->`` with its table."""
    from mkdocs.exceptions import PluginError

    def replace(match: re.Match) -> str:
        """The table for one shortcode occurrence."""
        kind = match.group("arg") or "documented"
        if kind not in ("documented", "assumptions"):
            raise PluginError(f"docs/{page.file.src_uri}: facts-table: expected 'documented' "
                              f"or 'assumptions', got {kind!r}")
        return "\n" + render(kind) + "\n"

    return SHORTCODE.sub(replace, markdown)
