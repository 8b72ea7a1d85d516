"""Load a YAML question file and remember the line of every mapping key and list item.

PyYAML's composed node tree keeps start marks; we construct the data from it and, in the same
walk, record ``path -> line`` so a schema error at ``questions[3].options[1].why`` can be reported
at the line an author sees in the editor.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BankError, Problem

Path_ = tuple  # a JSON path: keys (str) and list indexes (int)


@dataclass
class LoadedFile:
    """A parsed question file: its data and the line (1-based) of each path inside it."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The file name as shown in messages: relative to the working directory if possible."""
        try:
            return str(self.path.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(self.path)

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _walk(node: yaml.Node, loader: yaml.SafeLoader, path: Path_, lines: dict, problems: list,
          name: str) -> Any:
    """Construct ``node`` into plain Python data, recording lines and duplicate keys."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                # PyYAML would silently keep the last one; authors deserve to know.
                problems.append(Problem(name, key_node.start_mark.line + 1, str(key),
                                        "duplicate key (the earlier value would be lost)"))
            lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _walk(value_node, loader, path + (key,), lines, problems, name)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, loader, path + (i,), lines, problems, name)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


#: Parsed files by (path, text): one build loads the bank in several hooks, and parsing with line
#: numbers is slow (pure-Python PyYAML). Keyed by the text, so an edited file is parsed again.
_parsed: dict[tuple[str, str], tuple[Any, dict]] = {}


def load_file(path: str | Path) -> LoadedFile:
    """Parse one question file; raise :class:`BankError` on YAML syntax errors or duplicate keys."""
    path = Path(path)
    loaded = LoadedFile(path, None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError([Problem(loaded.name, 1, "", f"cannot read file: {exc}")]) from None
    key = (str(path.resolve()), text)
    if key in _parsed:
        data, lines = _parsed[key]
        # A copy: callers own what they get, as if freshly parsed.
        return LoadedFile(path, copy.deepcopy(data), dict(lines))
    loader = yaml.SafeLoader(text)
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            loaded.data = _walk(node, loader, (), loaded.lines, problems, loaded.name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise BankError([Problem(loaded.name, line, "", f"YAML syntax error: {exc.problem}")]) from None
    finally:
        loader.dispose()
    if problems:
        raise BankError(problems)
    _parsed[key] = (copy.deepcopy(loaded.data), dict(loaded.lines))
    return loaded
