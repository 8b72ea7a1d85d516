"""The lesson tests' imports: the repository root and the hook loader (tests/tool_hooks.py)."""

from __future__ import annotations

from tool_hooks import ROOT, load_hook

__all__ = ["ROOT", "load_hook"]
