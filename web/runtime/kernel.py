"""The Python half of the browser runtime: runs learners' cells like a notebook does.

The worker (entry-worker.js) imports this module inside Pyodide and calls ``run_cell`` and
``eval_json``. It is plain CPython too, so tests/site/test_kernel.py checks it without a browser.

* Cells of one page share a namespace (keyed by the page path), as in a notebook.
* The value of a cell's last expression is displayed, like ``Out[n]``: SVG (``_repr_svg_``),
  then HTML (``_repr_html_``), then ``repr``. ``display(obj)`` shows more objects mid-cell.
* Errors become a short traceback of the learner's own lines (plus the library line that raised),
  with the line number in the cell, instead of Pyodide's internal frames.
"""

from __future__ import annotations

import ast
import json
import linecache
import re
import sys
import traceback

CELL_FILE = "<cell>"
_namespaces: dict[str, dict] = {}
_displays: list[dict] = []

# site-packages, CPython's lib/python3.N/ and Pyodide's zipped stdlib lib/python3NN.zip/.
LIBRARY_PATH = re.compile(r".*/(?:site-packages|lib/python3\.\d+|lib/python3\d*\.zip)/(.+)$")
RICH_METHODS = (("_repr_svg_", "image/svg+xml"), ("_repr_html_", "text/html"))


def rich_repr(obj) -> dict:
    """The best ``{"mime", "data"}`` form of ``obj``: SVG, then HTML, then plain ``repr``."""
    for method, mime in RICH_METHODS:
        render = getattr(obj, method, None)
        if callable(render):
            data = render()
            if data is not None:
                return {"mime": mime, "data": str(data)}
    return {"mime": "text/plain", "data": repr(obj)}


def display(*objects) -> None:
    """Show each object below the cell (available in every cell's namespace)."""
    for obj in objects:
        _displays.append(rich_repr(obj))


def namespace(name: str) -> dict:
    """The shared globals of one page's cells, created on first use."""
    if name not in _namespaces:
        _namespaces[name] = {"__name__": "__main__", "display": display}
    return _namespaces[name]


def reset_namespace(name: str) -> None:
    """Forget every variable the cells of ``name`` defined."""
    _namespaces.pop(name, None)


def _remember_source(code: str, filename: str) -> None:
    """Let tracebacks quote the learner's lines (the source is not on any file system)."""
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)


def friendly_error(exc: BaseException, code: str, filename: str = CELL_FILE) -> dict:
    """``{type, message, line, traceback}`` for an exception raised by a cell.

    ``line`` is the last line of the learner's cell in the traceback (None if the error is not
    tied to one). The traceback keeps the learner's frames and the frame that finally raised,
    and drops this module's and Pyodide's machinery.
    """
    name = type(exc).__name__
    message = str(exc)
    if isinstance(exc, KeyboardInterrupt):
        return {"type": name, "message": "Stopped.", "line": None,
                "traceback": "KeyboardInterrupt: the cell was stopped."}
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        line = exc.lineno
        text = (exc.text or "").rstrip("\n")
        caret = " " * max((exc.offset or 1) - 1 - (len(text) - len(text.lstrip())), 0) + "^"
        body = f"  Line {line}:\n    {text.strip()}\n    {caret}\n" if text else f"  Line {line}\n"
        return {"type": name, "message": exc.msg, "line": line,
                "traceback": f"{body}{name}: {exc.msg}"}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    learner = [f for f in frames if f.filename == filename]
    shown = [f for f in frames if f.filename == filename or f is frames[-1]]
    lines = ["Traceback (your code first, most recent call last):"]
    for frame in shown:
        where = f"Line {frame.lineno}" if frame.filename == filename else f"{_short(frame.filename)}, line {frame.lineno}"
        where += "" if frame.name == "<module>" else f", in {frame.name}"
        lines.append(f"  {where}")
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    lines.append(f"{name}: {message}" if message else name)
    return {"type": name, "message": message, "line": learner[-1].lineno if learner else None,
            "traceback": "\n".join(lines)}


def _short(path: str) -> str:
    """A library path shortened to its package-relative part (``sandbox/engine.py``)."""
    match = LIBRARY_PATH.match(path)
    return match.group(1) if match else path


def _split_last_expression(tree: ast.Module) -> ast.Expression | None:
    """Remove and return the module's final bare expression, if it ends with one."""
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = tree.body.pop()
        return ast.Expression(last.value)
    return None


def run_cell(code: str, page: str = "default") -> dict:
    """Run ``code`` in ``page``'s namespace: ``{ok, displays, error?}`` (JSON-friendly)."""
    _displays.clear()
    _remember_source(code, CELL_FILE)
    globals_ = namespace(page)
    try:
        tree = ast.parse(code, CELL_FILE, "exec")
        last = _split_last_expression(tree)
        exec(compile(tree, CELL_FILE, "exec"), globals_)
        if last is not None:
            value = eval(compile(last, CELL_FILE, "eval"), globals_)
            if value is not None:
                globals_["_"] = value
                display(value)
    except BaseException as exc:  # noqa: BLE001 - a learner's SystemExit or Ctrl-C must not kill the runtime
        return {"ok": False, "error": friendly_error(exc, code), "displays": list(_displays)}
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return {"ok": True, "displays": list(_displays)}


def eval_json(code: str) -> str:
    """Run ``code`` in a fresh namespace and return its last expression's value as JSON.

    Used by other features (quiz parametric questions): they must not see or change the
    learner's variables. Errors propagate with a friendly message.
    """
    filename = "<evalJSON>"
    _remember_source(code, filename)
    tree = ast.parse(code, filename, "exec")
    last = _split_last_expression(tree)
    globals_ = {"__name__": "__cs_eval__"}
    try:
        exec(compile(tree, filename, "exec"), globals_)
        value = eval(compile(last, filename, "eval"), globals_) if last is not None else None
    except Exception as exc:
        details = friendly_error(exc, code, filename)
        raise RuntimeError(details["traceback"]) from None
    return json.dumps(value)
